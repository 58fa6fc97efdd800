import DataAPI
import Foundation

extension ShellSession {
    /// A backslash command: `\q`, `\x`, `\timing`, `\dt`, `\d NAME`, `\begin`, `\commit`,
    /// `\rollback`, `\i FILE`, `\?`.
    func meta(_ line: String) async {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        let c = connection.configuration
        switch parts[0] {
        case "\\q":
            quit = true
        case "\\x":
            expanded.toggle()
            output.write("Expanded display is \(expanded ? "on" : "off").\n")
        case "\\timing":
            timing.toggle()
            output.write("Timing is \(timing ? "on" : "off").\n")
        case "\\dt":
            let schema = engine == .postgreSQL ? "current_schema()" : "DATABASE()"
            await execute(
                "SELECT table_name AS name, table_type AS type FROM information_schema.tables "
                    + "WHERE table_schema = \(schema) ORDER BY table_name")
        case "\\d" where !argument.isEmpty:
            await execute(
                Self.describeTable(engine: engine), parameters: [.init(name: "t", value: .stringValue(argument))])
        case "\\begin":
            guard transactionId == nil else { return error("a transaction is already open") }
            do {
                transactionId = try await connection.client.beginTransaction(
                    .init(
                        resourceArn: c.resourceArn, secretArn: c.secretArn,
                        database: c.database)
                ).transactionId
                lastCall = ContinuousClock.now
                output.write("BEGIN\n")
            } catch { self.error(SQLCommand.describe(error)) }
        case "\\commit", "\\rollback":
            guard let id = transactionId else { return error("no transaction is open") }
            transactionId = nil
            do {
                if parts[0] == "\\commit" {
                    _ = try await connection.client.commitTransaction(
                        .init(resourceArn: c.resourceArn, secretArn: c.secretArn, transactionId: id))
                    output.write("COMMIT\n")
                } else {
                    _ = try await connection.client.rollbackTransaction(
                        .init(resourceArn: c.resourceArn, secretArn: c.secretArn, transactionId: id))
                    output.write("ROLLBACK\n")
                }
            } catch { self.error(SQLCommand.describe(error)) }
        case "\\i" where !argument.isEmpty:
            do { await runScript(String(decoding: try await ImportFile.readAll(argument), as: UTF8.self)) } catch {
                self.error("\(error)")
            }
        case "\\?":
            output.write("""
                \\dt            tables            \\d NAME        a table's columns
                \\x             one column a line \\timing        time each call
                \\begin \\commit \\rollback         a Data API transaction (idle for 3 minutes, it ends)
                \\i FILE        run a file        \\q             quit

                """)
        default:
            error("unknown command \(parts[0]); \\? lists them")
        }
    }

    func error(_ message: String) {
        StandardError.write("ERROR: \(message)\n")
    }

    /// A table's columns with types, nullability, defaults and keys, from information_schema.
    static func describeTable(engine: DatabaseEngine) -> String {
        switch engine {
        case .postgreSQL:
            return """
                SELECT c.column_name AS "column", c.data_type AS type, c.is_nullable AS nullable,
                  c.column_default AS "default",
                  (SELECT string_agg(tc.constraint_type, ', ') FROM information_schema.key_column_usage k
                   JOIN information_schema.table_constraints tc
                     ON tc.constraint_name = k.constraint_name AND tc.table_schema = k.table_schema
                   WHERE k.table_schema = c.table_schema AND k.table_name = c.table_name
                     AND k.column_name = c.column_name) AS "key"
                FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = :t
                ORDER BY c.ordinal_position
                """
        case .mySQL:
            return """
                SELECT column_name AS `column`, column_type AS type, is_nullable AS nullable,
                  column_default AS `default`, column_key AS `key` FROM information_schema.columns
                WHERE table_schema = DATABASE() AND table_name = :t ORDER BY ordinal_position
                """
        }
    }
}
