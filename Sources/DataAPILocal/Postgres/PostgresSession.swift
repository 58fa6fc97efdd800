import DataAPIClient
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// One PostgreSQL connection serving Data API calls.
final class PostgresSession: DatabaseSession, @unchecked Sendable {
    let connection: PostgresConnection
    let engine: PostgresEngine
    let target: SessionTarget
    /// The pool a transaction's connection goes back to; nil for an autocommit call's
    /// connection, which its caller gives back.
    let transactionPool: PostgresPool?
    /// Whether the connection served an earlier transaction.
    let reused: Bool
    private let pid = Mutex<Int64?>(nil)
    /// Whether the engine's statement timeout is off (for a `continueAfterTimeout` statement).
    private let timeoutOff = Mutex(false)
    /// Set the moment a call passes its deadline: the connection is being closed, and every
    /// later call (the rollback that ends the transaction, say) fails at once rather than
    /// wait out a deadline of its own on a connection that is going away.
    private let gaveUp = Mutex(false)
    /// Cleared when the connection must not serve anyone after this session: a cancel request
    /// is on its way to it, or its reset failed.
    private let keepable = Mutex(true)
    /// Set when an autocommit call's statement may have changed the session (``resetIfChanged()``).
    private let sessionChanged = Mutex(false)

    init(connection: PostgresConnection, engine: PostgresEngine, target: SessionTarget,
         transactionPool: PostgresPool? = nil, reused: Bool = false) {
        self.connection = connection
        self.engine = engine
        self.target = target
        self.transactionPool = transactionPool
        self.reused = reused
    }

    /// A reused connection the database closed while it sat idle (not one this session closed
    /// because a call passed its deadline): the call that failed on it may be tried again on another.
    var wasStale: Bool { reused && connection.isClosed && !hasGivenUp }

    /// Whether the connection may serve another call or transaction after this session.
    var mayServeAgain: Bool { keepable.withLock { $0 } && !hasGivenUp }

    func willBeCancelled() { keepable.withLock { $0 = false } }

    /// Whether `sql` may leave state on the session that outlives its call
    /// (``SessionStateText/postgreSQL``).
    static func mayChangeSessionState(_ sql: String) -> Bool { SessionStateText.postgreSQL.mayChange(sql) }

    /// After an autocommit call whose statement may have changed the session
    /// (``mayChangeSessionState(_:)``), resets the connection before the pool hands it to
    /// another call, as the service resets its pooled connections.
    func resetIfChanged() async {
        if sessionChanged.withLock({ $0 }) { await resetOrRetire() }
    }

    /// `DISCARD ALL`, within 5 s. A connection that cannot be reset (closed, or the reset failed
    /// or took longer) serves no one afterwards; one that may not serve again is left as it is.
    private func resetOrRetire() async {
        guard mayServeAgain else { return }
        let (connection, logger) = (self.connection, engine.logger)
        var reset = false
        if !connection.isClosed {
            reset = (try? await Deadline.run(.seconds(5), expired: { CancellationError() }) {
                _ = try await connection.query("DISCARD ALL", logger: logger).collect()
            }) != nil
        }
        if !reset { keepable.withLock { $0 = false } }
    }

    var connectionId: Int64 { pid.withLock { $0 } ?? 0 }
    /// Whether a call passed its deadline and the connection is being closed.
    var hasGivenUp: Bool { gaveUp.withLock { $0 } }
    var database: String { target.database ?? engine.defaultDatabase }

    func loadConnectionId() async throws {
        if pid.withLock({ $0 }) != nil { return }
        if let known = engine.backendPIDs.withLock({ $0[target]?[connection.id] }) {
            pid.withLock { $0 = known }; return
        }
        let rows = try await connection.query("SELECT pg_backend_pid()::int8", logger: engine.logger)
        for try await row in rows {
            let v = try row.decode(Int64.self)
            pid.withLock { $0 = v }
            engine.backendPIDs.withLock { $0[target, default: [:]][connection.id] = v }
        }
    }

    func run(_ sql: String) async throws {
        let (connection, logger) = (self.connection, engine.logger)
        try await guarded {
            do {
                _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
            } catch let e as PSQLError {
                throw PostgresErrors.map(e, engine: self.engine)
            }
        }
    }

    /// Runs one call on the connection: at once a `DatabaseUnavailableException` if the
    /// database already closed it (a terminated backend; postgres-nio would never answer a
    /// query written to it), and the same after the statement timeout and a grace if no
    /// answer came, closing the connection. No deadline while the timeout is off.
    private func guarded<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        if connection.isClosed || gaveUp.withLock({ $0 }) { throw DataAPIError.service(.databaseUnavailable, "") }
        let limit = Deadline.forStatement(timeout: engine.statementTimeout, timeoutOff: timeoutOff.withLock { $0 })
        let connection = self.connection
        return try await Deadline.run(
            limit,
            expired: { [self] in
                gaveUp.withLock { $0 = true }
                Task { try? await connection.close() }
                return DataAPIError.service(.databaseUnavailable, "The database did not answer in time.")
            }, operation)
    }

    func begin() async throws { try await run("BEGIN") }
    func commit() async throws { try await run("COMMIT") }
    func rollback() async throws { try await run("ROLLBACK") }

    func setStatementTimeout(_ timeout: Duration?) async throws {
        try await run("SET statement_timeout = \((timeout ?? engine.statementTimeout).wholeMilliseconds)")
        timeoutOff.withLock { $0 = timeout == .zero }
    }

    /// A transaction's connection goes back to its pool, reset by `DISCARD ALL` as the service
    /// resets its pooled connections (settings, temporary tables, prepared statements, advisory
    /// locks, `LISTEN`s, sequence state; a custom setting such as `app.tenant` stays defined,
    /// reading `''`), unless a call gave up on it, a cancel request is on its way to it, the
    /// database closed it, or the reset failed or took over 5 s (the reset fails inside a
    /// transaction block too); then it is closed.
    func close() async {
        guard let pool = transactionPool else { return }
        await resetOrRetire()
        // Read after the reset: a cancel request sent meanwhile (a shutdown) must not reach the
        // next transaction either.
        pool.release(connection, reusable: mayServeAgain)
    }

    func execute(_ statement: EngineStatement, options: ResultOptions) async throws -> StatementResult {
        // Once a statement may have changed the session, later ones (a batch runs its text once
        // per parameter set) are not read.
        if transactionPool == nil && !sessionChanged.withLock({ $0 }) && Self.mayChangeSessionState(statement.sql) {
            sessionChanged.withLock { $0 = true }
        }
        return try await guarded { try await self.executeUnguarded(statement, options: options) }
    }

    private func executeUnguarded(
        _ statement: EngineStatement, options: ResultOptions
    ) async throws -> StatementResult {
        try await loadConnectionId()
        var binds = PostgresBindings(capacity: statement.binds.count)
        for b in statement.binds {
            switch b {
            case .null: binds.appendNull()
            case .bool(let v): binds.append(v)
            case .long(let v): binds.append(v)
            case .double(let v): binds.append(v)
            case .string(let v): binds.append(TextParameter(psqlType: .varchar, text: v))
            case .blob(let v): binds.append(ByteBuffer(bytes: v))
            case .typed(let hint, let v):
                binds.append(TextParameter(psqlType: PostgresParameters.type(for: hint), text: v))
            }
        }
        let query = PostgresQuery(unsafeSQL: statement.sql, binds: binds)
        do {
            if statement.looksLikeQuery {
                let sequence = try await connection.query(query, logger: engine.logger)
                let columns = Array(sequence.columns).map(PostgresColumnInfo.init)
                // Keep rows only up to the response limit. Past it, cancel the statement rather
                // than read the rest (millions of rows would take longer than the statement
                // timeout), and fail on the rows kept: `result` names the first limit passed.
                var rows: [PostgresRow] = []
                var bytes = 0
                for try await row in sequence {
                    for cell in row { bytes += cell.bytes?.readableBytes ?? 0 }
                    rows.append(row)
                    if bytes > options.maxResultBytes {
                        willBeCancelled()
                        await engine.cancel(connectionId: connectionId, target: target)
                        break
                    }
                }
                return try await result(columns: columns, rows: rows, updateCount: 0, options: options)
            } else {
                let result = try await connection.query(query, logger: engine.logger).get()
                let count = Int64(result.metadata.rows ?? 0)
                guard let first = result.rows.first else {
                    return StatementResult(columns: [], rows: nil, updateCount: count, generatedFields: [])
                }
                let columns = PostgresColumnInfo.columns(of: first)
                var r = try await self.result(columns: columns, rows: result.rows, updateCount: 0, options: options)
                r.updateCount = count
                return r
            }
        } catch let e as PSQLError {
            throw PostgresErrors.map(e, engine: engine, connectionId: connectionId)
        }
    }

    private func result(
        columns: [PostgresColumnInfo], rows: [PostgresRow], updateCount: Int64, options: ResultOptions
    ) async throws -> StatementResult {
        let infos = try await engine.typeInfo(Set(columns.map(\.typeOID)), database: database, connection: connection)
        let kinds = columns.map { infos[$0.typeOID]!.kind }
        // Unsupported column types fail even on empty results, as the service checks the type.
        for kind in kinds {
            if let name = kind.unsupportedName {
                throw DataAPIError.service(.unsupportedResult, "The result contains the unsupported data type \(name).")
            }
        }
        let renderOptions = PostgresValueRenderer.Options(
            decimalAsNumber: options.decimalAsNumber, longAsString: options.longAsString)
        var out: [[Field]] = []
        out.reserveCapacity(rows.count)
        var total = 0
        for row in rows {
            var fields: [Field] = []
            fields.reserveCapacity(kinds.count)
            var rowBytes = 0
            for (i, cell) in row.enumerated() {
                rowBytes += cell.bytes?.readableBytes ?? 0
                do {
                    fields.append(try PostgresValueRenderer.field(cell.bytes, kind: kinds[i], options: renderOptions))
                } catch let e as PostgresValueRenderer.RenderError {
                    throw DataAPIError.service(
                        .unsupportedResult, "The result contains the unsupported data type \(e.unsupported).")
                }
            }
            if rowBytes > options.maxRowBytes {
                throw DataAPIError.service(.unsupportedResult, "Packet for query is too large: a result row is "
                                           + "\(rowBytes) bytes, the limit is \(options.maxRowBytes).")
            }
            total += rowBytes
            if total > options.maxResultBytes {
                throw DataAPIError.service(
                    .unsupportedResult, "Database response exceeded size limit of \(options.maxResultBytes) bytes.")
            }
            out.append(fields)
        }
        let metadata = options.includeMetadata ? try await columnMetadata(columns, infos: infos) : []
        return StatementResult(
            columns: metadata.isEmpty ? columns.map { ColumnMetadata(name: $0.name, label: $0.name) } : metadata,
            rows: out, updateCount: updateCount, generatedFields: [])
    }

    /// pgjdbc-style metadata: types from the catalog, nullability, table and serial-ness
    /// from `pg_attribute` for columns that come from a table.
    private func columnMetadata(
        _ columns: [PostgresColumnInfo], infos: [UInt32: PostgresTypeInfo]
    ) async throws -> [ColumnMetadata] {
        let tableColumns = columns.filter { $0.tableOID != 0 }
        var attributes: [String: (table: String, notNull: Bool, serial: Bool)] = [:]
        if !tableColumns.isEmpty {
            let keys = tableColumns.map { "\($0.tableOID):\($0.attribute)" }.joined(separator: ",")
            var binds = PostgresBindings()
            binds.append(keys)
            let sql = """
                SELECT a.attrelid::int8, a.attnum::int8, c.relname::text, a.attnotnull,
                       (a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%')
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE (a.attrelid::text || ':' || a.attnum::text) = ANY(string_to_array($1, ','))
                """
            for try await row in try await connection.query(
                PostgresQuery(unsafeSQL: sql, binds: binds), logger: engine.logger)
            {
                let (rel, num, name, notNull, serial) = try row.decode((Int64, Int64, String, Bool, Bool).self)
                attributes["\(rel):\(num)"] = (name, notNull, serial)
            }
        }
        return columns.map { c in
            let info = infos[c.typeOID]!
            let attr = attributes["\(c.tableOID):\(c.attribute)"]
            let (precision, scale) = PostgresTypeCatalog.precisionAndScale(info, typmod: c.typmod)
            var typeName = info.typeName
            if attr?.serial == true {
                typeName =
                    typeName == "int8"
                    ? "bigserial" : typeName == "int2" ? "smallserial" : typeName == "int4" ? "serial" : typeName
            }
            return ColumnMetadata(
                name: c.name, type: info.jdbcType, typeName: typeName, label: c.name, schemaName: "",
                tableName: attr?.table ?? "",
                isAutoIncrement: attr?.serial ?? false, isSigned: info.isSigned, isCurrency: false,
                isCaseSensitive: info.isCaseSensitive,
                nullable: attr.map { $0.notNull ? 0 : 1 } ?? 2, precision: precision, scale: scale,
                arrayBaseColumnType: 0)
        }
    }
}
