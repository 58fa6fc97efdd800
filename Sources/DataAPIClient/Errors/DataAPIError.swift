#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An error the Data API answered with: one of the exceptions in the `rds-data` model,
/// `ValidationException`, `ThrottlingException`, or an unknown one by name.
///
/// Compare with the static members: `catch let e as DataAPIError where e.code == .databaseError`.
/// The description never includes credentials or parameter values.
public struct DataAPIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The exception, by name.
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// The exception's name (`DatabaseErrorException`).
        public let rawValue: String
        /// A code for the named exception.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A code for the named exception.
        public init(stringLiteral value: String) { self.rawValue = value }
        /// The exception's name.
        public var description: String { rawValue }

        /// `AccessDeniedException` (HTTP 403).
        public static let accessDenied: Code = "AccessDeniedException"
        /// `BadRequestException` (HTTP 400).
        public static let badRequest: Code = "BadRequestException"
        /// `DatabaseErrorException` (HTTP 400): the database refused the statement; see ``DataAPIError/sqlState``.
        public static let databaseError: Code = "DatabaseErrorException"
        /// `DatabaseNotFoundException` (HTTP 404).
        public static let databaseNotFound: Code = "DatabaseNotFoundException"
        /// `DatabaseResumingException` (HTTP 400): a paused cluster is resuming; retried on ``RetryPolicy/resuming``.
        public static let databaseResuming: Code = "DatabaseResumingException"
        /// `DatabaseUnavailableException` (HTTP 504).
        public static let databaseUnavailable: Code = "DatabaseUnavailableException"
        /// `ForbiddenException` (HTTP 403).
        public static let forbidden: Code = "ForbiddenException"
        /// `HttpEndpointNotEnabledException` (HTTP 400): the cluster's Data API is off.
        public static let httpEndpointNotEnabled: Code = "HttpEndpointNotEnabledException"
        /// `InternalServerErrorException` (HTTP 500).
        public static let internalServerError: Code = "InternalServerErrorException"
        /// `InvalidResourceStateException` (HTTP 400).
        public static let invalidResourceState: Code = "InvalidResourceStateException"
        /// `InvalidSecretException` (HTTP 400).
        public static let invalidSecret: Code = "InvalidSecretException"
        /// `NotFoundException` (HTTP 404).
        public static let notFound: Code = "NotFoundException"
        /// `SecretsErrorException` (HTTP 400).
        public static let secretsError: Code = "SecretsErrorException"
        /// `ServiceUnavailableError` (HTTP 503): always retried.
        public static let serviceUnavailable: Code = "ServiceUnavailableError"
        /// `StatementTimeoutException` (HTTP 400): the statement ran past 45 s; never retried.
        public static let statementTimeout: Code = "StatementTimeoutException"
        /// `TransactionNotFoundException` (HTTP 404): the transaction ended or timed out.
        public static let transactionNotFound: Code = "TransactionNotFoundException"
        /// `UnsupportedResultException` (HTTP 400).
        public static let unsupportedResult: Code = "UnsupportedResultException"
        /// Not in the model; the service sends it for multi-statement SQL and the `schema` parameter.
        public static let validation: Code = "ValidationException"
        /// Not in the model; sent when the request rate is too high.
        public static let throttling: Code = "ThrottlingException"

        /// Every exception the `rds-data` 2018-08-01 model declares, with its HTTP status.
        public static let modeled: [(code: Code, status: Int)] = [
            (.accessDenied, 403), (.badRequest, 400), (.databaseError, 400), (.databaseNotFound, 404),
            (.databaseResuming, 400), (.databaseUnavailable, 504), (.forbidden, 403),
            (.httpEndpointNotEnabled, 400), (.internalServerError, 500), (.invalidResourceState, 400),
            (.invalidSecret, 400), (.notFound, 404), (.secretsError, 400), (.serviceUnavailable, 503),
            (.statementTimeout, 400), (.transactionNotFound, 404), (.unsupportedResult, 400),
        ]

        /// Whether the error means the request was throttled.
        public var isThrottling: Bool {
            ["ThrottlingException", "Throttling", "TooManyRequestsException", "ThrottledException",
             "RequestThrottled", "RequestLimitExceeded", "RequestThrottledException"].contains(rawValue)
        }

        /// Whether `error` is a ``DataAPIError`` with this code:
        /// `catch DataAPIError.Code.databaseError { … }`.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? DataAPIError)?.code == pattern
        }
    }

    /// The exception's name; compare with the static members of ``Code``.
    public var code: Code
    /// The service's message (empty for exceptions that carry none).
    public var message: String
    /// The response's HTTP status.
    public var httpStatus: Int
    /// `x-amzn-RequestId` of the response.
    public var requestId: String?
    /// For ``Code/statementTimeout``: the database connection that ran the statement.
    public var dbConnectionId: Int64?
    /// For ``Code/databaseError``: the five-character SQLSTATE in the message (`23505`).
    public var sqlState: String?
    /// For ``Code/databaseError`` on MySQL: the server's error number in the message
    /// (`Error code: 1062`).
    public var databaseErrorCode: Int? { Self.parseErrorCode(message) }
    /// The operation that failed (`ExecuteStatement`).
    public var operation: String?

    /// Creates an error; `sqlState` defaults to the one found in `message`.
    public init(code: Code, message: String, httpStatus: Int, requestId: String? = nil,
                dbConnectionId: Int64? = nil, sqlState: String? = nil, operation: String? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestId = requestId
        self.dbConnectionId = dbConnectionId
        self.sqlState = sqlState ?? Self.parseSQLState(message)
        self.operation = operation
    }

    /// The exception, status, operation, message and SQLState; never parameter values.
    public var description: String {
        var s = "\(code.rawValue) (HTTP \(httpStatus))"
        if let operation { s += " from \(operation)" }
        if !message.isEmpty { s += ": \(message)" }
        if let sqlState { s += " [SQLState \(sqlState)]" }
        if let dbConnectionId { s += " [dbConnectionId \(dbConnectionId)]" }
        if let requestId { s += " [request \(requestId)]" }
        return s
    }

    /// Reads `Error code: N` out of a database error message.
    static func parseErrorCode(_ message: String) -> Int? {
        guard let r = message.ranges(of: "Error code:").last else { return nil }
        return Int(message[r.upperBound...].drop { $0 == " " }.prefix { $0.isNumber })
    }

    /// Reads `SQLState: NNNNN` out of a database error message.
    static func parseSQLState(_ message: String) -> String? {
        guard let r = message.ranges(of: "SQLState:").last else { return nil }
        let rest = message[r.upperBound...].drop { $0 == " " }
        let state = rest.prefix(5)
        guard state.count == 5, state.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }) else { return nil }
        return String(state)
    }

    /// Builds the typed error from an HTTP error response, the way botocore's rest-json
    /// parser does: the type from `x-amzn-ErrorType` (decoration after `:` or `#`
    /// stripped), else body `code`/`Code`, else `__type`, else the status code; the
    /// message from `message`, else `Message`. Empty, HTML or other non-JSON bodies still
    /// yield an error, named by the status code.
    public static func from(response: HTTPResponse, operation: String? = nil) -> DataAPIError {
        let body = (try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body))) ?? ErrorBody()
        var name: String?
        if let header = response.header("x-amzn-ErrorType"), !header.isEmpty { name = header }
        else if let c = body.code { name = c }
        else if let t = body.type { name = t }
        var code = name.map(strip) ?? ""
        if code.isEmpty { code = String(response.status) }
        var message = body.message ?? ""
        if message.isEmpty && body.isEmpty && response.status >= 500 {
            message = HTTPStatus.reasonPhrase(response.status)
        }
        let connection = body.dbConnectionId
        return DataAPIError(code: Code(rawValue: code), message: message, httpStatus: response.status,
                            requestId: response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id"),
                            dbConnectionId: connection, operation: operation)
    }

    /// `Name:http://…` → `Name`; `com.amazon.rdsdataservice#Name` → `Name`.
    static func strip(_ raw: String) -> String {
        var s = Substring(raw.trimmingWhitespace())
        if let colon = s.firstIndex(of: ":") { s = s[..<colon] }
        if let hash = s.lastIndex(of: "#") { s = s[s.index(after: hash)...] }
        return String(s)
    }
}

enum HTTPStatus {
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "HTTP \(status)"
        }
    }
}

/// The members of an error response's JSON body that name the error; a member of another
/// type than expected counts as absent, as does a body that is not a JSON object.
private struct ErrorBody: Decodable {
    var code: String?
    var type: String?
    var message: String?
    var dbConnectionId: Int64?
    /// Whether the body had no members at all (or was not an object).
    var isEmpty = true

    init() {}

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func string(_ name: String) -> String? { try? c.decode(String.self, forKey: Key(stringValue: name)) }
        isEmpty = c.allKeys.isEmpty
        code = string("code") ?? string("Code")
        type = string("__type")
        message = string("message") ?? string("Message")
        let id = Key(stringValue: "dbConnectionId")
        dbConnectionId = (try? c.decode(Int64.self, forKey: id)) ?? (try? c.decode(Double.self, forKey: id)).flatMap {
            Int64(exactly: $0.rounded(.towardZero))
        }
    }
}
