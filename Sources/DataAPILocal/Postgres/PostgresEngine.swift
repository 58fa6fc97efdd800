import DataAPIClient
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// A text-format parameter of a given type: how plain strings (as `varchar`) and
/// type-hinted strings (`date`, `uuid`, …) reach PostgreSQL, so it parses them itself.
struct TextParameter: PostgresDynamicTypeEncodable {
    var psqlType: PostgresDataType
    var text: String
    var psqlFormat: PostgresFormat { .text }
    func encode<E: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<E>) {
        byteBuffer.writeString(text)
    }
}

/// The PostgreSQL engine: a pool per (database, user) for autocommit calls, and a
/// connection of its own for each transaction, through vapor/postgres-nio.
public final class PostgresEngine: LocalDatabaseEngine {
    public let host: String
    public let port: Int
    /// The database used when a request names none.
    public let defaultDatabase: String
    /// The engine's statement timeout, applied by PostgreSQL itself (`statement_timeout`).
    public let statementTimeout: Duration
    public var name: String { "postgresql" }
    public let scanner = NamedParameterScanner(rules: .postgreSQL, style: .numbered)
    let logger: Logger

    private struct Pool { var client: PostgresClient; var task: Task<Void, Never> }
    private let pools = Mutex<[SessionTarget: Pool]>([:])
    private let types = Mutex<[String: [UInt32: PostgresTypeInfo]]>([:])
    private let nextConnectionID = Atomic<Int>(1)
    /// Backend PIDs of pooled connections, by pool and postgres-nio connection id (unique
    /// within one pool): looked up once per connection, not once per call.
    let backendPIDs = Mutex<[SessionTarget: [Int: Int64]]>([:])

    public init(host: String, port: Int, defaultDatabase: String = "postgres", statementTimeout: Duration = .seconds(45),
                logger: Logger = Logger(label: "data-api-local.postgres")) {
        self.host = host; self.port = port; self.defaultDatabase = defaultDatabase
        self.statementTimeout = statementTimeout; self.logger = logger
        var background = logger
        if background.logLevel > .debug { background.logLevel = .error }
        self.backgroundLogger = background
    }
    /// postgres-nio's pool logs every failed reconnect at info; keep that quiet unless debugging.
    let backgroundLogger: Logger

    func configuration(_ target: SessionTarget) -> PostgresConnection.Configuration {
        var c = PostgresConnection.Configuration(host: host, port: port, username: target.user, password: target.password,
                                                 database: target.database ?? defaultDatabase, tls: .disable)
        c.options.additionalStartupParameters = [("statement_timeout", "\(statementTimeout.wholeMilliseconds)"),
                                                 ("TimeZone", "UTC"), ("application_name", "data-api-local")]
        return c
    }

    /// The pool for `target`. A new target is first checked with one direct connection, so
    /// that a wrong database or password fails at once instead of the pool retrying forever.
    private func pool(_ target: SessionTarget) async throws -> PostgresClient {
        if let existing = pools.withLock({ $0[target]?.client }) { return existing }
        do {
            let probe = try await PostgresConnection.connect(configuration: configuration(target), id: nextConnectionID.add(1, ordering: .relaxed).newValue, logger: logger)
            try await probe.close()
        } catch let e as PSQLError {
            throw PostgresErrors.map(e, engine: self)
        }
        return pools.withLock { pools in
            if let p = pools[target] { return p.client }
            var config = PostgresClient.Configuration(host: host, port: port, username: target.user, password: target.password,
                                                      database: target.database ?? defaultDatabase, tls: .disable)
            config.options.additionalStartupParameters = configuration(target).options.additionalStartupParameters
            config.options.maximumConnections = 16
            config.options.minimumConnections = 0
            let client = PostgresClient(configuration: config, backgroundLogger: backgroundLogger)
            let task = Task { await client.run() }
            pools[target] = Pool(client: client, task: task)
            return client
        }
    }

    public func withSession<T: Sendable>(_ target: SessionTarget, _ body: @Sendable (any DatabaseSession) async throws -> T) async throws -> T {
        do {
            return try await pool(target).withConnection { connection in
                try await body(PostgresSession(connection: connection, engine: self, target: target, owned: false))
            }
        } catch let e as PSQLError {
            throw PostgresErrors.map(e, engine: self)
        }
    }

    public func openSession(_ target: SessionTarget) async throws -> any DatabaseSession {
        do {
            let id = nextConnectionID.add(1, ordering: .relaxed).newValue
            let connection = try await PostgresConnection.connect(configuration: configuration(target), id: id, logger: logger)
            return PostgresSession(connection: connection, engine: self, target: target, owned: true)
        } catch let e as PSQLError {
            throw PostgresErrors.map(e, engine: self)
        }
    }

    /// Cancels through a connection of its own (the pool may be exhausted by the very
    /// statements being cancelled), within a few seconds at most.
    public func cancel(connectionId: Int64, target: SessionTarget) async {
        let (configuration, id, logger) = (configuration(target), nextConnectionID.add(1, ordering: .relaxed).newValue, logger)
        _ = try? await Deadline.run(.seconds(5), expired: { CancellationError() }) {
            let c = try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
            var binds = PostgresBindings()
            binds.append(connectionId)
            _ = try? await c.query(PostgresQuery(unsafeSQL: "SELECT pg_cancel_backend(CAST($1 AS int))", binds: binds), logger: logger).collect()
            try? await c.close()
        }
    }

    public func shutdown() async {
        let all = pools.withLock { p -> [Pool] in defer { p.removeAll() }; return Array(p.values) }
        for p in all { p.task.cancel(); _ = await p.task.value }
    }

    // MARK: Types

    func typeInfo(_ oids: Set<UInt32>, database: String, connection: PostgresConnection) async throws -> [UInt32: PostgresTypeInfo] {
        var known: [UInt32: PostgresTypeInfo] = [:]
        var missing: [UInt32] = []
        let cached = types.withLock { $0[database] ?? [:] }
        for oid in oids {
            if let t = PostgresTypeCatalog.builtin[oid] ?? cached[oid] { known[oid] = t } else { missing.append(oid) }
        }
        guard !missing.isEmpty else { return known }
        // Look the others up, with their element and base types.
        var rows: [UInt32: PostgresTypeCatalog.CatalogRow] = [:]
        var pending = missing
        while !pending.isEmpty {
            var binds = PostgresBindings()
            binds.append(pending.map { Int64($0) }.map(String.init).joined(separator: ","))
            let sql = "SELECT oid::int8, typname::text, typtype::text, typelem::int8, typbasetype::int8 FROM pg_type WHERE oid = ANY(string_to_array($1, ',')::oid[])"
            var next: [UInt32] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
                let (oid, name, type, elem, base) = try row.decode((Int64, String, String, Int64, Int64).self)
                let r = PostgresTypeCatalog.CatalogRow(oid: UInt32(oid), name: name, type: type, element: UInt32(elem), baseType: UInt32(base))
                rows[r.oid] = r
                for dep in [r.element, r.baseType] where dep != 0 && PostgresTypeCatalog.builtin[dep] == nil && cached[dep] == nil && rows[dep] == nil {
                    next.append(dep)
                }
            }
            pending = next
        }
        var resolved = cached
        func resolve(_ oid: UInt32) -> PostgresTypeInfo? {
            if let t = PostgresTypeCatalog.builtin[oid] ?? resolved[oid] { return t }
            guard let row = rows[oid] else { return nil }
            let t = PostgresTypeCatalog.resolve(row, lookup: resolve)
            resolved[oid] = t
            return t
        }
        for oid in missing { known[oid] = resolve(oid) ?? PostgresTypeCatalog.unsupported("oid \(oid)") }
        let snapshot = resolved
        types.withLock { $0[database, default: [:]].merge(snapshot) { _, new in new } }
        return known
    }
}

/// One PostgreSQL connection serving Data API calls.
final class PostgresSession: DatabaseSession, @unchecked Sendable {
    let connection: PostgresConnection
    let engine: PostgresEngine
    let target: SessionTarget
    let owned: Bool
    private let pid = Mutex<Int64?>(nil)
    /// Whether the engine's statement timeout is off (for a `continueAfterTimeout` statement).
    private let timeoutOff = Mutex(false)
    /// Set the moment a call passes its deadline: the connection is being closed, and every
    /// later call (the rollback that ends the transaction, say) fails at once rather than
    /// wait out a deadline of its own on a connection that is going away.
    private let gaveUp = Mutex(false)

    init(connection: PostgresConnection, engine: PostgresEngine, target: SessionTarget, owned: Bool) {
        self.connection = connection; self.engine = engine; self.target = target; self.owned = owned
    }

    var connectionId: Int64 { pid.withLock { $0 } ?? 0 }
    var database: String { target.database ?? engine.defaultDatabase }

    func loadConnectionId() async throws {
        if pid.withLock({ $0 }) != nil { return }
        if !owned, let known = engine.backendPIDs.withLock({ $0[target]?[connection.id] }) { pid.withLock { $0 = known }; return }
        let rows = try await connection.query("SELECT pg_backend_pid()::int8", logger: engine.logger)
        for try await row in rows {
            let v = try row.decode(Int64.self)
            pid.withLock { $0 = v }
            if !owned { engine.backendPIDs.withLock { $0[target, default: [:]][connection.id] = v } }
        }
    }

    func run(_ sql: String) async throws {
        let (connection, logger) = (self.connection, engine.logger)
        try await guarded {
            do { _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect() } catch let e as PSQLError {
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
        return try await Deadline.run(limit, expired: { [self] in
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

    func close() async {
        guard owned else { return }
        let connection = self.connection
        _ = try? await Deadline.run(.seconds(5), expired: { CancellationError() }) { try await connection.close() }
    }

    func execute(_ statement: EngineStatement, options: ResultOptions) async throws -> StatementResult {
        try await guarded { try await self.executeUnguarded(statement, options: options) }
    }

    private func executeUnguarded(_ statement: EngineStatement, options: ResultOptions) async throws -> StatementResult {
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
            case .typed(let hint, let v): binds.append(TextParameter(psqlType: PostgresParameters.type(for: hint), text: v))
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

    private func result(columns: [PostgresColumnInfo], rows: [PostgresRow], updateCount: Int64, options: ResultOptions) async throws -> StatementResult {
        let infos = try await engine.typeInfo(Set(columns.map(\.typeOID)), database: database, connection: connection)
        let kinds = columns.map { infos[$0.typeOID]!.kind }
        // Unsupported column types fail even on empty results, as the service checks the type.
        for kind in kinds {
            if let name = kind.unsupportedName { throw DataAPIError.service(.unsupportedResult, "The result contains the unsupported data type \(name).") }
        }
        let renderOptions = PostgresValueRenderer.Options(decimalAsNumber: options.decimalAsNumber, longAsString: options.longAsString)
        var out: [[Field]] = []
        out.reserveCapacity(rows.count)
        var total = 0
        for row in rows {
            var fields: [Field] = []
            fields.reserveCapacity(kinds.count)
            var rowBytes = 0
            for (i, cell) in row.enumerated() {
                rowBytes += cell.bytes?.readableBytes ?? 0
                do { fields.append(try PostgresValueRenderer.field(cell.bytes, kind: kinds[i], options: renderOptions)) } catch let e as PostgresValueRenderer.RenderError {
                    throw DataAPIError.service(.unsupportedResult, "The result contains the unsupported data type \(e.unsupported).")
                }
            }
            if rowBytes > options.maxRowBytes {
                throw DataAPIError.service(.unsupportedResult, "Packet for query is too large: a result row is \(rowBytes) bytes, the limit is \(options.maxRowBytes).")
            }
            total += rowBytes
            if total > options.maxResultBytes {
                throw DataAPIError.service(.unsupportedResult, "Database response exceeded size limit of \(options.maxResultBytes) bytes.")
            }
            out.append(fields)
        }
        let metadata = options.includeMetadata ? try await columnMetadata(columns, infos: infos) : []
        return StatementResult(columns: metadata.isEmpty ? columns.map { ColumnMetadata(name: $0.name, label: $0.name) } : metadata,
                               rows: out, updateCount: updateCount, generatedFields: [])
    }

    /// pgjdbc-style metadata: types from the catalog, nullability, table and serial-ness
    /// from `pg_attribute` for columns that come from a table.
    private func columnMetadata(_ columns: [PostgresColumnInfo], infos: [UInt32: PostgresTypeInfo]) async throws -> [ColumnMetadata] {
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
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: engine.logger) {
                let (rel, num, name, notNull, serial) = try row.decode((Int64, Int64, String, Bool, Bool).self)
                attributes["\(rel):\(num)"] = (name, notNull, serial)
            }
        }
        return columns.map { c in
            let info = infos[c.typeOID]!
            let attr = attributes["\(c.tableOID):\(c.attribute)"]
            let (precision, scale) = PostgresTypeCatalog.precisionAndScale(info, typmod: c.typmod)
            var typeName = info.typeName
            if attr?.serial == true { typeName = typeName == "int8" ? "bigserial" : typeName == "int2" ? "smallserial" : typeName == "int4" ? "serial" : typeName }
            return ColumnMetadata(
                name: c.name, type: info.jdbcType, typeName: typeName, label: c.name, schemaName: "", tableName: attr?.table ?? "",
                isAutoIncrement: attr?.serial ?? false, isSigned: info.isSigned, isCurrency: false, isCaseSensitive: info.isCaseSensitive,
                nullable: attr.map { $0.notNull ? 0 : 1 } ?? 2, precision: precision, scale: scale, arrayBaseColumnType: 0)
        }
    }
}

/// The parts of a RowDescription column the server uses.
struct PostgresColumnInfo: Sendable {
    var name: String
    var tableOID: UInt32
    var attribute: Int16
    var typeOID: UInt32
    var typmod: Int32

    init(_ c: PostgresColumn) {
        name = c.name; tableOID = UInt32(bitPattern: c.tableOID); attribute = c.columnAttributeNumber
        typeOID = c.dataType.rawValue; typmod = c.dataTypeModifier
    }

    @available(*, deprecated, message: "reads postgres-nio's deprecated rowDescription; the only public source of column details on this path")
    static func _columns(of row: PostgresRow) -> [PostgresColumnInfo] {
        row.rowDescription.fields.map {
            PostgresColumnInfo(name: $0.name, tableOID: $0.tableOID, attribute: $0.columnAttributeNumber, typeOID: $0.dataType.rawValue, typmod: $0.dataTypeModifier)
        }
    }

    static func columns(of row: PostgresRow) -> [PostgresColumnInfo] { (RowDescriptionReader.self as any RowDescriptionSource.Type).columns(row) }

    init(name: String, tableOID: UInt32, attribute: Int16, typeOID: UInt32, typmod: Int32) {
        self.name = name; self.tableOID = tableOID; self.attribute = attribute; self.typeOID = typeOID; self.typmod = typmod
    }
}

/// Calls the deprecated accessor through a protocol so the call site compiles without a warning.
private protocol RowDescriptionSource { static func columns(_ row: PostgresRow) -> [PostgresColumnInfo] }
private enum RowDescriptionReader: RowDescriptionSource {
    @available(*, deprecated)
    static func columns(_ row: PostgresRow) -> [PostgresColumnInfo] { PostgresColumnInfo._columns(of: row) }
}
