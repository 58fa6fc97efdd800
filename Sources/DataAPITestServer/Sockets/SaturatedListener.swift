#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A loopback listener whose accept queue is full, so a new connection to it hangs in the
/// TCP handshake: the way to exercise connect timeouts without leaving the machine.
public final class SaturatedListener: Sendable {
    public let port: Int
    private let fds: [Int32]

    public init() throws {
        let (listener, port) = try LoopbackSocket.bound()
        guard listen(listener, 0) == 0 else { close(listener); throw POSIXError(.EADDRNOTAVAIL) }
        self.port = port
        // Fill the accept queue (backlog 0 holds one) with connections nobody accepts.
        fds = [listener] + (0..<3).compactMap { _ in LoopbackSocket.connect(port: port, nonBlocking: true) }
        Thread.sleep(forTimeInterval: 0.05)
    }

    deinit { for fd in fds { close(fd) } }

    public var baseURL: String { "http://127.0.0.1:\(port)" }
}
