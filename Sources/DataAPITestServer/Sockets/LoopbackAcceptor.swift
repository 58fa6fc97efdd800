#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A listening socket on 127.0.0.1 whose accepted connections each get a thread of their
/// own. It counts them, and `stop()` shuts down the listener and every socket it tracks, under
/// one lock, so that no descriptor is shut down after its owner closed it (a closed number may
/// already belong to another socket in the process).
final class LoopbackAcceptor: Sendable {
    let port: Int
    private let listenFD: Int32
    private struct State { var connections = 0; var open: Set<Int32> = []; var stopped = false }
    private let state = Mutex(State())

    /// Listens on a free port and calls `serve(self, fd, n)` for the n-th connection (from 1) on
    /// a thread named `name`; the connection is closed when `serve` returns.
    init(backlog: Int32, name: String, serve: @escaping @Sendable (LoopbackAcceptor, Int32, Int) -> Void) throws {
        let (fd, port) = try LoopbackSocket.bound()
        guard listen(fd, backlog) == 0 else { close(fd); throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        self.port = port
        listenFD = fd
        let t = Thread { [self] in acceptLoop(name: name, serve: serve) }
        t.name = name + ".accept"
        t.start()
    }

    var connectionsAccepted: Int { state.withLock { $0.connections } }

    /// Tracks a further socket (a proxy's upstream connection) until `release`; false, and
    /// nothing tracked, once stopped.
    func track(_ fd: Int32) -> Bool {
        state.withLock { s in
            if s.stopped { return false }
            s.open.insert(fd)
            return true
        }
    }

    /// Stops tracking `fd` and closes it.
    func release(_ fd: Int32) {
        state.withLock { s in
            s.open.remove(fd)
            close(fd)
        }
    }

    /// Stops accepting and shuts down every tracked connection.
    func stop() {
        state.withLock { s in
            if s.stopped { return }
            s.stopped = true
            shutdown(listenFD, Int32(SHUT_RDWR))
            for fd in s.open { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop(name: String, serve: @escaping @Sendable (LoopbackAcceptor, Int32, Int) -> Void) {
        while true {
            let c = accept(listenFD, nil, nil)
            if c < 0 {
                if errno == EINTR { continue }
                break
            }
            let n: Int? = state.withLock { s in
                if s.stopped { return nil }
                s.connections += 1
                s.open.insert(c)
                return s.connections
            }
            guard let n else { close(c); break }
            var one: Int32 = 1
            setsockopt(c, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let t = Thread { [self] in
                serve(self, c, n)
                release(c)
            }
            t.name = name + ".conn"
            t.start()
        }
        state.withLock { s in
            if !s.stopped {
                s.stopped = true
                for fd in s.open { shutdown(fd, Int32(SHUT_RDWR)) }
            }
            close(listenFD)
        }
    }
}
