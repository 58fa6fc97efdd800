import CMariaDB
import Foundation
import Synchronization

/// A connector handle handed to the worker thread that owns it.
private struct Handle: @unchecked Sendable { let pointer: UnsafeMutablePointer<MYSQL> }

/// One MariaDB Connector/C connection. Every connector call runs on the connection's own
/// `BlockingWorker` thread, never on the cooperative pool. This is the only Swift file that
/// calls into `CMariaDB`.
final class MySQLConnection: @unchecked Sendable {
    private let handle: UnsafeMutablePointer<MYSQL>
    private let worker: BlockingWorker
    /// The server's connection id (`CONNECTION_ID()`), for `KILL QUERY`.
    let threadId: Int64
    private let brokenFlag = Atomic<Bool>(false)
    /// The last statement without a result set, kept prepared; read and written on the worker thread only.
    private struct CachedStatement { let sql: String; let statement: UnsafeMutablePointer<MYSQL_STMT> }
    private var cachedStatement: CachedStatement?
    private let closed = Atomic<Bool>(false)
    /// How to reach the server again, for `KILL QUERY` from a second connection.
    private let address: Address
    struct Address: Sendable {
        var host: String; var port: Int; var user: String; var password: String; var unixSocket: String?
    }
    /// Whether the connection failed at the network level and must not be reused.
    var isBroken: Bool { brokenFlag.load(ordering: .relaxed) }

    private static let libraryReady: Bool = { mysql_server_init(0, nil, nil) == 0 }()

    private init(handle: UnsafeMutablePointer<MYSQL>, worker: BlockingWorker, threadId: Int64, address: Address) {
        self.handle = handle
        self.worker = worker
        self.threadId = threadId
        self.address = address
    }

    /// Connects over TCP, or over `unixSocket` when given, then runs `setup` statements.
    static func connect(
        host: String, port: Int, user: String, password: String, database: String?, unixSocket: String? = nil,
        connectTimeoutSeconds: UInt32 = 10, setup: [String] = []
    ) async throws -> MySQLConnection {
        _ = libraryReady
        let worker = BlockingWorker(name: "data-api-local.mysql")
        do {
            return try await worker.run {
                guard let m = mysql_init(nil) else {
                    throw MySQLServerError(code: 2008, sqlState: "HY000", message: "out of memory")
                }
                _ = cmdb_option_uint(m, MYSQL_OPT_CONNECT_TIMEOUT, connectTimeoutSeconds)
                _ = cmdb_option_string(m, MYSQL_SET_CHARSET_NAME, "utf8mb4")
                // Update counts are rows matched, not rows changed, as MySQL Connector/J reports them.
                let flags = UInt(CLIENT_FOUND_ROWS)
                guard mysql_real_connect(m, host, user, password, database, UInt32(port), unixSocket, flags) != nil
                else {
                    let e = Self.error(m)
                    mysql_close(m)
                    throw e
                }
                for sql in setup where mysql_real_query(m, sql, UInt(sql.utf8.count)) != 0 {
                    let e = Self.error(m)
                    mysql_close(m)
                    throw e
                }
                let address = Address(host: host, port: port, user: user, password: password, unixSocket: unixSocket)
                return MySQLConnection(handle: m, worker: worker, threadId: Int64(mysql_thread_id(m)), address: address)
            }
        } catch {
            worker.finish()
            throw error
        }
    }

    private static func error(_ m: UnsafeMutablePointer<MYSQL>) -> MySQLServerError {
        MySQLServerError(
            code: mysql_errno(m), sqlState: String(cString: mysql_sqlstate(m)), message: String(cString: mysql_error(m))
        )
    }

    private func failed(_ e: MySQLServerError) -> MySQLServerError {
        if e.isClientError { brokenFlag.store(true, ordering: .relaxed) }
        return e
    }

    /// Runs statements through the text protocol, discarding any rows (session settings,
    /// COMMIT, ROLLBACK, KILL).
    func run(_ statements: [String]) async throws {
        try await worker.run { [self] in
            let m = handle
            for sql in statements {
                if mysql_real_query(m, sql, UInt(sql.utf8.count)) != 0 { throw failed(Self.error(m)) }
                if let r = mysql_store_result(m) { mysql_free_result(r) }
            }
        }
    }

    /// Resets the session as the service resets a pooled connection (`COM_RESET_CONNECTION`:
    /// settings back to the server's, user variables, temporary tables, prepared statements,
    /// table and `GET_LOCK` locks, an open transaction, `LAST_INSERT_ID()`), selects
    /// `database` again (the reset keeps what a `USE` chose), then runs `setup` (the session's
    /// own settings again). False, and the connection marked broken, when any of it failed or
    /// when there is no database to go back to.
    func reset(setup: String, database: String?) async -> Bool {
        let ok = (try? await worker.run { [self] () -> Bool in
            // The server drops its prepared statements: so does the cache.
            if let cached = cachedStatement { mysql_stmt_close(cached.statement) }
            cachedStatement = nil
            // A connection made without a database cannot leave the one a `USE` chose.
            guard let database,
                  mysql_reset_connection(handle) == 0,
                  mysql_select_db(handle, database) == 0,
                  mysql_real_query(handle, setup, UInt(setup.utf8.count)) == 0
            else { return false }
            if let r = mysql_store_result(handle) { mysql_free_result(r) }
            return true
        }) ?? false
        if !ok { brokenFlag.store(true, ordering: .relaxed) }
        return ok
    }

    /// Prepares and executes `sql` with `binds` (one per `?`), reading rows until they pass
    /// `maxBytes`.
    func execute(_ sql: String, binds: [BoundValue], maxBytes: Int) async throws -> MySQLRawResult {
        return try await worker.run { [self] in
            let m = handle
            // A statement without a result set is kept for the next execution of the same SQL
            // (a batch runs one INSERT once per parameter set): prepared once, not per row.
            var reused: UnsafeMutablePointer<MYSQL_STMT>?
            if let cached = cachedStatement {
                cachedStatement = nil
                if cached.sql == sql { reused = cached.statement } else { mysql_stmt_close(cached.statement) }
            }
            guard let stmt = reused ?? mysql_stmt_init(m) else { throw failed(Self.error(m)) }
            var keep = false
            defer {
                if keep { cachedStatement = CachedStatement(sql: sql, statement: stmt) } else { mysql_stmt_close(stmt) }
            }
            func stmtError() -> MySQLServerError {
                // Errors while reading rows may be recorded on the connection rather than the statement.
                if mysql_stmt_errno(stmt) == 0 && mysql_errno(m) != 0 { return failed(Self.error(m)) }
                return failed(
                    MySQLServerError(
                        code: mysql_stmt_errno(stmt), sqlState: String(cString: mysql_stmt_sqlstate(stmt)),
                        message: String(cString: mysql_stmt_error(stmt))))
            }
            if reused == nil, mysql_stmt_prepare(stmt, sql, UInt(sql.utf8.count)) != 0 { throw stmtError() }
            let paramCount = Int(mysql_stmt_param_count(stmt))
            guard paramCount == binds.count else {
                throw MySQLServerError(
                    code: 2034, sqlState: "HY000",
                    message: "The statement has \(paramCount) placeholders but \(binds.count) values.")
            }
            var allocations: [UnsafeMutableRawPointer] = []
            defer { allocations.forEach { $0.deallocate() } }
            func copy(_ bytes: some Collection<UInt8>) -> UnsafeMutableRawPointer {
                let p = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
                p.copyMemory(from: Array(bytes), byteCount: bytes.count)
                allocations.append(p)
                return p
            }
            if paramCount > 0 {
                let params = UnsafeMutablePointer<MYSQL_BIND>.allocate(capacity: paramCount)
                allocations.append(UnsafeMutableRawPointer(params))
                for (i, value) in binds.enumerated() {
                    let b = params + i
                    cmdb_bind_clear(b)
                    switch value {
                    case .null:
                        b.pointee.buffer_type = MYSQL_TYPE_NULL
                    case .bool(let v):
                        b.pointee.buffer_type = MYSQL_TYPE_TINY
                        b.pointee.buffer = copy([v ? 1 : 0])
                    case .long(let v):
                        b.pointee.buffer_type = MYSQL_TYPE_LONGLONG
                        b.pointee.buffer = withUnsafeBytes(of: v) { copy($0) }
                    case .double(let v):
                        b.pointee.buffer_type = MYSQL_TYPE_DOUBLE
                        b.pointee.buffer = withUnsafeBytes(of: v) { copy($0) }
                    case .string(let v), .typed(_, let v):
                        b.pointee.buffer_type = MYSQL_TYPE_STRING
                        b.pointee.buffer = copy(v.utf8)
                        b.pointee.buffer_length = UInt(v.utf8.count)
                    case .blob(let v):
                        b.pointee.buffer_type = MYSQL_TYPE_BLOB
                        b.pointee.buffer = copy(v)
                        b.pointee.buffer_length = UInt(v.count)
                    }
                }
                if mysql_stmt_bind_param(stmt, params) != 0 { throw stmtError() }
            }
            if mysql_stmt_execute(stmt) != 0 { throw stmtError() }
            guard let meta = mysql_stmt_result_metadata(stmt) else {
                keep = true
                let affected = mysql_stmt_affected_rows(stmt)
                return MySQLRawResult(
                    columns: nil, affectedRows: affected == UInt64.max ? 0 : Int64(affected),
                    insertId: mysql_stmt_insert_id(stmt))
            }
            defer { mysql_free_result(meta) }
            let count = Int(mysql_num_fields(meta))
            let fields = mysql_fetch_fields(meta)!
            var columns: [MySQLColumn] = []
            for i in 0..<count {
                let f = fields[i]
                var formatLength = 0
                let format = cmdb_field_format(fields + i, &formatLength)
                columns.append(
                    MySQLColumn(
                        name: String(cString: f.name), originalName: f.org_name.map { String(cString: $0) } ?? "",
                        table: f.table.map { String(cString: $0) } ?? "",
                        originalTable: f.org_table.map { String(cString: $0) } ?? "",
                        type: f.type.rawValue, flags: f.flags, length: f.length, decimals: f.decimals,
                        charset: f.charsetnr,
                        maxBytesPerChar: cmdb_charset_maxlen(f.charsetnr),
                        collation: String(cString: cmdb_collation_name(f.charsetnr)),
                        format: String(
                            decoding: UnsafeRawBufferPointer(start: format, count: formatLength), as: UTF8.self)))
            }
            // One bind per column: integers as 64-bit, floats as they are, temporal values as
            // MYSQL_TIME, everything else as bytes (grown with fetch_column when truncated).
            enum Slot { case integer, float, double, temporal, bytes }
            let results = UnsafeMutablePointer<MYSQL_BIND>.allocate(capacity: max(count, 1))
            allocations.append(UnsafeMutableRawPointer(results))
            let lengths = UnsafeMutablePointer<UInt>.allocate(capacity: max(count, 1))
            let nulls = UnsafeMutablePointer<my_bool>.allocate(capacity: max(count, 1))
            let errors = UnsafeMutablePointer<my_bool>.allocate(capacity: max(count, 1))
            allocations += [
                UnsafeMutableRawPointer(lengths), UnsafeMutableRawPointer(nulls), UnsafeMutableRawPointer(errors),
            ]
            var slots: [Slot] = []
            let initialBytes = 256
            for i in 0..<count {
                let b = results + i
                cmdb_bind_clear(b)
                b.pointee.length = lengths + i
                b.pointee.is_null = nulls + i
                b.pointee.error = errors + i
                let type = fields[i].type
                let slot: Slot
                switch type {
                case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_INT24, MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG,
                    MYSQL_TYPE_YEAR:
                    slot = .integer
                    b.pointee.buffer_type = MYSQL_TYPE_LONGLONG
                    b.pointee.is_unsigned = fields[i].flags & UInt32(UNSIGNED_FLAG) != 0 ? 1 : 0
                    b.pointee.buffer = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
                case MYSQL_TYPE_FLOAT:
                    slot = .float
                    b.pointee.buffer_type = MYSQL_TYPE_FLOAT
                    b.pointee.buffer = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
                case MYSQL_TYPE_DOUBLE:
                    slot = .double
                    b.pointee.buffer_type = MYSQL_TYPE_DOUBLE
                    b.pointee.buffer = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
                case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE, MYSQL_TYPE_TIME, MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP:
                    slot = .temporal
                    b.pointee.buffer_type = type
                    b.pointee.buffer = UnsafeMutableRawPointer.allocate(
                        byteCount: MemoryLayout<MYSQL_TIME>.size, alignment: 8)
                    b.pointee.buffer_length = UInt(MemoryLayout<MYSQL_TIME>.size)
                default:
                    slot = .bytes
                    b.pointee.buffer_type = MYSQL_TYPE_BLOB
                    b.pointee.buffer = UnsafeMutableRawPointer.allocate(byteCount: initialBytes, alignment: 8)
                    b.pointee.buffer_length = UInt(initialBytes)
                }
                allocations.append(b.pointee.buffer)
                slots.append(slot)
            }
            if mysql_stmt_bind_result(stmt, results) != 0 { throw stmtError() }
            var out = MySQLRawResult(columns: columns)
            var total = 0
            while true {
                let rc = mysql_stmt_fetch(stmt)
                if rc == MYSQL_NO_DATA { break }
                if rc == 1 { throw stmtError() }
                var row: [MySQLCell] = []
                row.reserveCapacity(count)
                for i in 0..<count {
                    let b = results + i
                    if nulls[i] != 0 { row.append(.null); continue }
                    switch slots[i] {
                    case .integer:
                        let raw = b.pointee.buffer.load(as: UInt64.self)
                        row.append(b.pointee.is_unsigned != 0 ? .unsigned(raw) : .signed(Int64(bitPattern: raw)))
                    case .float: row.append(.float(b.pointee.buffer.load(as: Float.self)))
                    case .double: row.append(.double(b.pointee.buffer.load(as: Double.self)))
                    case .temporal:
                        let t = b.pointee.buffer.load(as: MYSQL_TIME.self)
                        row.append(
                            .temporal(
                                MySQLTemporal(
                                    year: Int(t.year), month: Int(t.month), day: Int(t.day), hour: Int(t.hour),
                                    minute: Int(t.minute), second: Int(t.second), microsecond: Int(t.second_part),
                                    negative: t.neg != 0)))
                    case .bytes:
                        let length = Int(lengths[i])
                        if length <= Int(b.pointee.buffer_length) {
                            row.append(.bytes(Array(UnsafeRawBufferPointer(start: b.pointee.buffer, count: length))))
                        } else {
                            var whole = [UInt8](repeating: 0, count: length)
                            let status = whole.withUnsafeMutableBytes { buffer -> Int32 in
                                var one = MYSQL_BIND()
                                cmdb_bind_clear(&one)
                                one.buffer_type = MYSQL_TYPE_BLOB
                                one.buffer = buffer.baseAddress
                                one.buffer_length = UInt(length)
                                var got: UInt = 0
                                return withUnsafeMutablePointer(to: &got) { g in
                                    one.length = g
                                    return mysql_stmt_fetch_column(stmt, &one, UInt32(i), 0)
                                }
                            }
                            if status != 0 { throw stmtError() }
                            row.append(.bytes(whole))
                        }
                    }
                }
                let bytes = row.reduce(0) { $0 + $1.byteCount }
                total += bytes
                out.rows.append(row)
                out.rowBytes.append(bytes)
                if total > maxBytes {
                    // Stop the statement before the statement handle is closed, which would
                    // otherwise read every remaining row.
                    out.exceededLimit = true
                    killRunningQuery()
                    break
                }
            }
            return out
        }
    }

    /// `KILL QUERY` for this connection's statement, from a short-lived second connection;
    /// blocking, so only for the worker thread. Failures are ignored (the statement may have ended).
    private func killRunningQuery() {
        guard let k = mysql_init(nil) else { return }
        defer { mysql_close(k) }
        _ = cmdb_option_uint(k, MYSQL_OPT_CONNECT_TIMEOUT, 5)
        let a = address
        guard mysql_real_connect(k, a.host, a.user, a.password, nil, UInt32(a.port), a.unixSocket, 0) != nil else {
            return
        }
        let sql = "KILL QUERY \(threadId)"
        _ = mysql_real_query(k, sql, UInt(sql.utf8.count))
    }

    /// Gives up on a call that does not answer: the connection is marked broken (the pool
    /// discards it) and its socket shut down, so the worker thread's blocked call returns.
    func abort() {
        brokenFlag.store(true, ordering: .relaxed)
        let socket = mysql_get_socket(handle)
        if socket >= 0 { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    /// Closes the connection and ends its thread.
    func close() async {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        _ = try? await worker.run { [self] in
            if let cached = cachedStatement { mysql_stmt_close(cached.statement) }
            cachedStatement = nil
            mysql_close(handle)
        }
        worker.finish()
    }

    deinit {
        if !closed.load(ordering: .relaxed) {
            let m = Handle(pointer: handle)
            let w = worker
            Task {
                _ = try? await w.run { mysql_close(m.pointer) }; w.finish()
            }
        }
    }
}
