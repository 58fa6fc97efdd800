#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback port that refuses connections: bound but never listening, so no other socket
/// can take it while this value lives (a stopped server's port could be reused at once).
public final class RefusingPort: Sendable {
    public let port: Int
    private let fd: Int32

    public init() throws {
        (fd, port) = try LoopbackSocket.bound()
    }

    deinit { close(fd) }

    public var baseURL: String { "http://127.0.0.1:\(port)" }
}
