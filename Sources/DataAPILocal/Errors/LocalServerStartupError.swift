/// Why the local Data API server, or a throwaway database server behind it, did not start.
///
/// Errors of the Data API itself, which a running server answers requests with, stay
/// `DataAPIError`; this is what ``DataAPILocalServer/start(configuration:logger:cleanup:)``,
/// ``EphemeralPostgres/start(user:password:binDirectory:logger:)`` and
/// ``EphemeralMariaDB/start(user:password:database:logger:)`` throw before anything serves.
/// Errors compare by kind only:
///
/// ```swift
/// do { _ = try await DataAPILocalServer.start(configuration: configuration) } catch let e as LocalServerStartupError
///     where e == .cannotBind {
///     print(e)  // could not bind 127.0.0.1:8080: Address already in use (errno 98)
/// }
/// ```
///
/// A `catch LocalServerStartupError.Code.cannotBind { … }` clause matches the same errors.
public struct LocalServerStartupError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, by kind; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// The code's name (`cannotBind`).
        public var description: String { name }

        /// The listening socket could not be bound.
        public static let cannotBind = Code(name: "cannotBind")
        /// A throwaway database server's binaries are not installed.
        public static let binariesNotFound = Code(name: "binariesNotFound")
        /// A throwaway database server did not start or accept connections in time.
        public static let databaseDidNotStart = Code(name: "databaseDidNotStart")
        /// A throwaway database server started, but creating its user or database failed.
        public static let databaseSetupFailed = Code(name: "databaseSetupFailed")
        /// The machine lacks something a throwaway server needs.
        public static let hostEnvironment = Code(name: "hostEnvironment")

        /// Whether `error` is a ``LocalServerStartupError`` with this code:
        /// `catch LocalServerStartupError.Code.cannotBind { … }`.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? LocalServerStartupError)?.code == pattern
        }
    }

    /// What went wrong, by kind; errors with the same code are equal.
    public let code: Code
    /// What went wrong, in words: the address and the operating system's error, the package to
    /// install, the tail of a server's log.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// The listening socket could not be bound (the port is taken, the address is not this
    /// machine's, the port needs privileges).
    public static let cannotBind = Self(.cannotBind, "could not bind the server's address")
    /// A throwaway database server's binaries are not installed.
    public static let binariesNotFound = Self(.binariesNotFound, "the database server's binaries were not found")
    /// A throwaway database server did not start or accept connections in time.
    public static let databaseDidNotStart = Self(.databaseDidNotStart, "the database server did not start")
    /// A throwaway database server started, but creating its user or database failed (it was
    /// stopped again).
    public static let databaseSetupFailed = Self(.databaseSetupFailed, "the database server could not be set up")
    /// The machine lacks something a throwaway server needs: a free port, a temporary
    /// directory, the user `nobody` when running as root.
    public static let hostEnvironment = Self(.hostEnvironment, "the machine cannot run the database server")

    /// `host:port` could not be bound; `reason` is the operating system's error.
    static func cannotBind(host: String, port: Int, reason: String) -> Self {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return Self(.cannotBind, "could not bind \(address): \(reason)")
    }

    static func binariesNotFound(_ message: String) -> Self { Self(.binariesNotFound, message) }
    static func databaseDidNotStart(_ message: String) -> Self { Self(.databaseDidNotStart, message) }
    static func databaseSetupFailed(_ message: String) -> Self { Self(.databaseSetupFailed, message) }
    static func hostEnvironment(_ message: String) -> Self { Self(.hostEnvironment, message) }
}
