import DataAPIClient
import Foundation

/// Decoding a request body and checking its members as the service does, and resolving
/// the cluster and secret it names.
extension LocalDataAPI {
    func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        guard body.first(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }) == UInt8(ascii: "{") else {
            throw DataAPIError.service(.badRequest, "The request body is not a JSON object.")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw DataAPIError.service(
                .badRequest, "The request body is not a JSON object: \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) where context.codingPath.isEmpty {
            throw validation("Value null at '\(key.stringValue)' failed to satisfy constraint: Member must not be null")
        } catch let DecodingError.keyNotFound(key, context) {
            throw DataAPIError.service(
                .badRequest, "Missing member '\(key.stringValue)' at '\(Self.path(context.codingPath))'.")
        } catch let DecodingError.typeMismatch(type, context) {
            throw DataAPIError.service(
                .badRequest, "Member '\(Self.path(context.codingPath))' has the wrong type; expected \(type).")
        } catch let DecodingError.dataCorrupted(context) {
            throw DataAPIError.service(
                .badRequest, "Invalid member '\(Self.path(context.codingPath))': \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw DataAPIError.service(.badRequest, "Member '\(Self.path(context.codingPath))' must not be null.")
        } catch {
            throw DataAPIError.service(.badRequest, "Invalid request: \(error)")
        }
    }

    static func path(_ p: [CodingKey]) -> String {
        p.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().trimmingCharacters(
            in: CharacterSet(charactersIn: "."))
    }

    func validation(_ message: String) -> DataAPIError {
        .service(.validation, "1 validation error detected: \(message)")
    }

    func checkLength(_ value: String?, _ member: String, min: Int = 0, max: Int) throws {
        guard let value else { return }
        if value.utf8.contains(0) {
            throw validation("Value at '\(member)' must not contain a NUL character (U+0000).")
        }
        // The service counts characters as Java does: UTF-16 code units ("\r\n" is two).
        let n = value.utf16.count
        if n > max {
            throw validation("Value at '\(member)' failed to satisfy constraint: "
                             + "Member must have length less than or equal to \(max)")
        }
        if n < min {
            throw validation("Value at '\(member)' failed to satisfy constraint: "
                             + "Member must have length greater than or equal to \(min)")
        }
    }

    func checkCommon(
        resourceArn: String, secretArn: String, database: String?, schema: String?, transactionId: String?
    ) throws {
        try checkLength(resourceArn, "resourceArn", min: 11, max: 100)
        try checkLength(secretArn, "secretArn", min: 11, max: 100)
        try checkLength(database, "database", max: 64)
        try checkLength(schema, "schema", max: 64)
        try checkLength(transactionId, "transactionId", max: 192)
        if schema != nil { throw DataAPIError.service(.validation, "The schema parameter isn't supported") }
    }

    func checkSQL(_ sql: String) throws {
        if sql.utf8.contains(0) { throw validation("Value at 'sql' must not contain a NUL character (U+0000).") }
        // UTF-16 code units, as the service counts a Java string's length.
        if sql.utf16.count > configuration.limits.maxSQLCharacters {
            throw validation("Value at 'sql' failed to satisfy constraint: "
                             + "Member must have length less than or equal to \(configuration.limits.maxSQLCharacters)")
        }
    }

    /// The cluster's engine and what the secret resolves to.
    func resolve(
        resourceArn: String, secretArn: String, database: String?
    ) throws -> (any LocalDatabaseEngine, SessionTarget) {
        guard let cluster = configuration.clusters[resourceArn] else {
            let id = resourceArn.split(separator: ":").last.map(String.init) ?? resourceArn
            throw DataAPIError.service(.httpEndpointNotEnabled, "HttpEndpoint isn't enabled for cluster \(id)")
        }
        guard let secret = configuration.secrets[secretArn] else {
            throw DataAPIError.service(
                .secretsError, "Error fetching secret \(secretArn) : Secrets Manager can't find the specified secret.")
        }
        return (
            cluster.engine,
            SessionTarget(
                database: database ?? cluster.defaultDatabase, user: secret.username, password: secret.password)
        )
    }
}
