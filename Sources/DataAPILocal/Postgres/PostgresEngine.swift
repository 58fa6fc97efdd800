import DataAPIClient
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The PostgreSQL engine, through vapor/postgres-nio: per (database, user), a pool for
/// autocommit calls and one for transactions, each of which holds a connection of its own
/// from begin to end. A transaction's connection is reset (`DISCARD ALL`) before it serves
/// another transaction.
public final class PostgresEngine: LocalDatabaseEngine {
    /// The server's host name or address.
    public let host: String
    /// The server's TCP port.
    public let port: Int
    /// The database used when a request names none.
    public let defaultDatabase: String
    /// The engine's statement timeout, applied by PostgreSQL itself (`statement_timeout`).
    public let statementTimeout: Duration
    /// `postgresql`.
    public var name: String { "postgresql" }
    /// PostgreSQL's quoting rules, `$n` placeholders.
    public let scanner = NamedParameterScanner(rules: .postgreSQL, style: .numbered)
    let logger: Logger

    private let pools = Mutex<[SessionTarget: PostgresPool]>([:])
    private let transactionPools = Mutex<[SessionTarget: PostgresPool]>([:])
    /// Transactions' connections kept idle for the next `BeginTransaction`, per (database, user).
    static let idleTransactionConnections = 16
    private let types = Mutex<[String: [UInt32: PostgresTypeInfo]]>([:])
    private let nextConnectionID = Atomic<Int>(1)
    /// Backend PIDs of pooled connections, by target and postgres-nio connection id (unique
    /// within the engine): looked up once per connection, not once per call or transaction,
    /// and forgotten when the pool drops the connection.
    let backendPIDs = Mutex<[SessionTarget: [Int: Int64]]>([:])

    /// An engine for the server at `host:port`; no connection opens until the first call.
    public init(
        host: String, port: Int, defaultDatabase: String = "postgres", statementTimeout: Duration = .seconds(45),
        logger: Logger = Logger(label: "data-api-local.postgres")
    ) {
        self.host = host
        self.port = port
        self.defaultDatabase = defaultDatabase
        self.statementTimeout = statementTimeout
        self.logger = logger
        var background = logger
        if background.logLevel > .debug { background.logLevel = .error }
        self.backgroundLogger = background
    }
    /// postgres-nio's pool logs every failed reconnect at info; keep that quiet unless debugging.
    let backgroundLogger: Logger

    func configuration(_ target: SessionTarget) -> PostgresConnection.Configuration {
        var c = PostgresConnection.Configuration(
            host: host, port: port, username: target.user, password: target.password,
            database: target.database ?? defaultDatabase, tls: .disable)
        c.options.additionalStartupParameters = [
            ("statement_timeout", "\(statementTimeout.wholeMilliseconds)"),
            ("TimeZone", "UTC"), ("application_name", "data-api-local"),
        ]
        return c
    }

    /// The autocommit pool for `target`, made on first use.
    private func pool(_ target: SessionTarget) -> PostgresPool {
        pools.withLock { pools in
            if let p = pools[target] { return p }
            let pool = makePool(target, maxConnections: 16, logger: backgroundLogger)
            pools[target] = pool
            return pool
        }
    }

    /// The transactions' pool for `target`, made on first use. It has no bound of its own:
    /// the server's limit on open transactions (`maxOpenTransactions`) is the bound.
    func transactionPool(_ target: SessionTarget) -> PostgresPool {
        transactionPools.withLock { pools in
            if let p = pools[target] { return p }
            let pool = makePool(target, maxConnections: .max, maxIdle: Self.idleTransactionConnections,
                                borrowsBeforeConnecting: true, logger: logger)
            pools[target] = pool
            return pool
        }
    }

    private func makePool(_ target: SessionTarget, maxConnections: Int, maxIdle: Int = .max,
                          borrowsBeforeConnecting: Bool = false, logger: Logger) -> PostgresPool {
        let configuration = configuration(target)
        return PostgresPool(
            maxConnections: maxConnections, maxIdle: maxIdle, borrowsBeforeConnecting: borrowsBeforeConnecting,
            onDrop: { [weak self] id in self?.backendPIDs.withLock { _ = $0[target]?.removeValue(forKey: id) } }
        ) { [weak self] loop in
            guard let self else { throw PostgresPool.PoolClosed() }
            return try await PostgresConnection.connect(
                on: loop, configuration: configuration, id: nextConnectionID.add(1, ordering: .relaxed).newValue,
                logger: logger
            ).get()
        }
    }

    /// Runs `body` on a pooled connection in autocommit mode; a call whose statement may have
    /// changed the session resets the connection (`DISCARD ALL`) before another call gets it.
    public func withSession<T: Sendable>(
        _ target: SessionTarget, _ body: @Sendable (any DatabaseSession) async throws -> T
    ) async throws -> T {
        do {
            var session: PostgresSession?
            return try await pool(target).withConnection({ connection in
                let s = PostgresSession(connection: connection, engine: self, target: target)
                session = s
                do {
                    let result = try await body(s)
                    await s.resetIfChanged()
                    return result
                } catch {
                    await s.resetIfChanged()
                    throw error
                }
            }, reusable: { _ in
                // A call that passed its deadline is closing the connection, and one a cancel
                // request is on its way to must not serve another.
                session?.mayServeAgain == true
            })
        } catch let e as PSQLError {
            throw PostgresErrors.map(e, engine: self)
        } catch is PostgresPool.PoolClosed {
            throw DataAPIError.service(.serviceUnavailable, "The server is shutting down.")
        }
    }

    /// A connection of its own, for a transaction: an idle one a finished transaction left (on
    /// the caller's loop first), else a new one on the loop of the request that begins the
    /// transaction (its later calls usually come on the same HTTP connection).
    public func openSession(_ target: SessionTarget) async throws -> any DatabaseSession {
        let pool = transactionPool(target)
        do {
            let (connection, reused) = try await pool.leaseReporting()
            return PostgresSession(connection: connection, engine: self, target: target,
                                   transactionPool: pool, reused: reused)
        } catch let e as PSQLError {
            throw PostgresErrors.map(e, engine: self)
        } catch is PostgresPool.PoolClosed {
            throw DataAPIError.service(.serviceUnavailable, "The server is shutting down.")
        }
    }

    /// Cancels through a connection of its own (the pool may be exhausted by the very
    /// statements being cancelled), within a few seconds at most.
    public func cancel(connectionId: Int64, target: SessionTarget) async {
        let (configuration, id, logger) = (
            configuration(target), nextConnectionID.add(1, ordering: .relaxed).newValue, logger
        )
        _ = try? await Deadline.run(.seconds(5), expired: { CancellationError() }) {
            let c = try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
            var binds = PostgresBindings()
            binds.append(connectionId)
            _ = try? await c.query(
                PostgresQuery(unsafeSQL: "SELECT pg_cancel_backend(CAST($1 AS int))", binds: binds), logger: logger
            ).collect()
            try? await c.close()
        }
    }

    /// Closes every pool (a transaction's connection still leased closes when it is given back).
    public func shutdown() async {
        let all = pools.withLock { p -> [PostgresPool] in
            defer { p.removeAll() }; return Array(p.values)
        } + transactionPools.withLock { p -> [PostgresPool] in
            defer { p.removeAll() }; return Array(p.values)
        }
        for p in all { await p.close() }
    }

    // MARK: Types

    func typeInfo(
        _ oids: Set<UInt32>, database: String, connection: PostgresConnection
    ) async throws -> [UInt32: PostgresTypeInfo] {
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
            let sql = "SELECT oid::int8, typname::text, typtype::text, typelem::int8, typbasetype::int8 "
                + "FROM pg_type WHERE oid = ANY(string_to_array($1, ',')::oid[])"
            var next: [UInt32] = []
            let answer = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
            for try await row in answer {
                let (oid, name, type, elem, base) = try row.decode((Int64, String, String, Int64, Int64).self)
                let r = PostgresTypeCatalog.CatalogRow(
                    oid: UInt32(oid), name: name, type: type, element: UInt32(elem), baseType: UInt32(base))
                rows[r.oid] = r
                for dep in [r.element, r.baseType]
                where dep != 0 && PostgresTypeCatalog.builtin[dep] == nil && cached[dep] == nil && rows[dep] == nil {
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
