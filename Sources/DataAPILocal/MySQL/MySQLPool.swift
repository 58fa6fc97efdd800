import Synchronization

/// A bounded set of connections; callers wait when all are in use.
final class MySQLPool: Sendable {
    private struct State {
        var idle: [MySQLConnection] = []
        var open = 0
        /// Resumed with a connection to use, or nil: "a slot is free, open one".
        var waiters: [CheckedContinuation<MySQLConnection?, Never>] = []
    }
    private let state: Mutex<State>
    let maximum: Int

    init(maximum: Int, first: MySQLConnection) {
        self.maximum = maximum
        state = Mutex(State(idle: [first], open: 1))
    }

    func acquire(open: @Sendable () async throws -> MySQLConnection) async throws -> MySQLConnection {
        enum Next { case use(MySQLConnection), create, wait }
        let next: Next = state.withLock { s in
            if let c = s.idle.popLast() { return .use(c) }
            if s.open < maximum { s.open += 1; return .create }
            return .wait
        }
        switch next {
        case .use(let c): return c
        case .create: return try await create(open)
        case .wait:
            let handed = await withCheckedContinuation { (cont: CheckedContinuation<MySQLConnection?, Never>) in
                state.withLock { $0.waiters.append(cont) }
            }
            if let handed { return handed }
            return try await create(open)
        }
    }

    /// Opens a connection in a slot already counted in `open`.
    private func create(_ open: @Sendable () async throws -> MySQLConnection) async throws -> MySQLConnection {
        do { return try await open() } catch {
            freeSlot()
            throw error
        }
    }

    private func freeSlot() {
        let waiter = state.withLock { s -> CheckedContinuation<MySQLConnection?, Never>? in
            if !s.waiters.isEmpty { return s.waiters.removeFirst() }
            s.open -= 1
            return nil
        }
        waiter?.resume(returning: nil)
    }

    func release(_ connection: MySQLConnection) async {
        if connection.isBroken {
            await connection.close()
            freeSlot()
            return
        }
        let waiter = state.withLock { s -> CheckedContinuation<MySQLConnection?, Never>? in
            if !s.waiters.isEmpty { return s.waiters.removeFirst() }
            s.idle.append(connection)
            return nil
        }
        waiter?.resume(returning: connection)
    }

    func closeAll() async {
        let idle = state.withLock { s -> [MySQLConnection] in
            defer { s.idle.removeAll() }
            return s.idle
        }
        for c in idle { await c.close() }
    }
}
