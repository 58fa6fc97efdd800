import DataAPIClient
import Foundation
import Logging
import PostgresNIO
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server: `initdb` into a temporary directory, `postgres` on a free
/// loopback port, everything removed on `stop()`, and also when this process dies (a
/// watchdog shell stops the server and deletes the directory once its parent is gone).
///
/// Run as root, the server runs as the unprivileged user `nobody`, since PostgreSQL
/// refuses to run as root.
public final class EphemeralPostgres: Sendable {
    /// The loopback port the server listens on.
    public let port: Int
    /// The Data API's user (Aurora's master user).
    public let user: String
    /// That user's password.
    public let password: String
    /// The temporary directory holding the data, removed on ``stop()``.
    public let directory: String
    private let watchdog: Watchdog

    /// Where the server binaries are: `PATH`, Debian/Ubuntu's `/usr/lib/postgresql/<version>/bin`
    /// (newest first), then `pg_config --bindir`.
    public static func findBinaries(
        searchPath: String? = ProcessInfo.processInfo.environment["PATH"],
        versionedRoot: String = "/usr/lib/postgresql", usePgConfig: Bool = true
    ) -> String? {
        let fm = FileManager.default
        for dir in (searchPath ?? "").split(separator: ":").map(String.init)
        where fm.isExecutableFile(atPath: dir + "/initdb") && fm.isExecutableFile(atPath: dir + "/postgres") {
            return dir
        }
        let versions = ((try? fm.contentsOfDirectory(atPath: versionedRoot)) ?? [])
            .compactMap { v -> (Int, String)? in Int(v).map { ($0, "\(versionedRoot)/\(v)/bin") } }
            .sorted { $0.0 > $1.0 }
        for (_, dir) in versions where fm.isExecutableFile(atPath: dir + "/initdb") { return dir }
        if usePgConfig,
            let out = try? ThrowawayServer.runTool("/bin/sh", ["-c", "pg_config --bindir 2>/dev/null"]).output
                .trimmingCharacters(in: .whitespacesAndNewlines),
            !out.isEmpty, fm.isExecutableFile(atPath: out + "/initdb")
        {
            return out
        }
        return nil
    }

    /// Creates and starts the server; returns once it accepts connections and `user` exists.
    ///
    /// `user` is what Aurora's master user is: it may create databases, roles and objects,
    /// owns the `postgres` database and its `public` schema, and may signal and monitor other
    /// sessions, but it is not a superuser (no `COPY … TO PROGRAM`, no server files). The
    /// superuser the server is created with, `rdsadmin`, gets a random password and is used
    /// only for this setup. The password is random for each server unless given.
    /// - Parameters:
    ///   - user: the master user's name.
    ///   - password: the master user's password; random when nil.
    ///   - binDirectory: where `initdb` and `postgres` are; found with
    ///     ``findBinaries(searchPath:versionedRoot:usePgConfig:)`` when nil.
    ///   - logger: where the server's start and stop are logged.
    public static func start(
        user: String = "postgres", password: String? = nil, binDirectory: String? = nil,
        logger: Logger = Logger(label: "data-api-local.ephemeral-postgres")
    ) async throws -> EphemeralPostgres {
        let password = password ?? ThrowawayServer.randomPassword()
        let bin = try binDirectory ?? findBinaries() ?? { throw binariesNotFound }()
        let admin = (user: "rdsadmin", password: ThrowawayServer.randomPassword())
        let server = try await BlockingIO.run(name: "data-api-local.ephemeral-postgres") {
            try startBlocking(bin: bin, user: admin.user, password: admin.password, logger: logger)
        }
        do {
            try await createMasterUser(user, password: password, port: server.port, admin: admin, logger: logger)
        } catch {
            await server.stop()
            throw LocalServerStartupError.databaseSetupFailed(
                "PostgreSQL started but could not be set up: \(String(reflecting: error))")
        }
        logger.debug("ephemeral PostgreSQL user", metadata: ["user": "\(user)", "password": "\(password)"])
        return EphemeralPostgres(
            port: server.port, user: user, password: password, directory: server.directory,
            watchdog: server.watchdog)
    }

    private static func createMasterUser(
        _ user: String, password: String, port: Int, admin: (user: String, password: String),
        logger: Logger
    ) async throws {
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: port, username: admin.user,
            password: admin.password, database: "postgres", tls: .disable)
        // The port accepts connections a moment before the server takes them ("the database
        // system is starting up"): try for a few seconds.
        var attempt = 0
        let connection: PostgresConnection
        while true {
            do {
                connection = try await PostgresConnection.connect(
                    configuration: configuration, id: attempt, logger: logger)
                break
            } catch {
                attempt += 1
                if attempt >= 100 {
                    throw LocalServerStartupError.databaseSetupFailed(
                        "cannot connect as \(admin.user): \(String(reflecting: error))")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        defer { Task { try? await connection.close() } }
        let role = "\"" + user.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let secret = "'" + password.replacingOccurrences(of: "'", with: "''") + "'"
        for sql in [
            "CREATE ROLE \(role) LOGIN PASSWORD \(secret) CREATEDB CREATEROLE",
            "GRANT pg_signal_backend, pg_monitor TO \(role) WITH ADMIN OPTION",
            "ALTER DATABASE postgres OWNER TO \(role)",
            "ALTER SCHEMA public OWNER TO \(role)",
        ] {
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
        }
    }

    /// The error when no server binaries are installed; it names the package to install.
    public static let binariesNotFound = LocalServerStartupError.binariesNotFound(
        "PostgreSQL server binaries (initdb, postgres) were not found on PATH, in /usr/lib/postgresql/*/bin "
            + "or through pg_config. Install them with `apt-get install postgresql` (Debian/Ubuntu) "
            + "or pass --postgres-url.")

    private static func startBlocking(
        bin: String, user: String, password: String, logger: Logger
    ) throws -> EphemeralPostgres {
        guard FileManager.default.isExecutableFile(atPath: bin + "/initdb"),
            FileManager.default.isExecutableFile(atPath: bin + "/postgres")
        else {
            throw binariesNotFound
        }
        let fm = FileManager.default
        let dir = try ThrowawayServer.makeTemporaryDirectory(prefix: "data-api-local")
        let data = dir + "/data"
        let asRoot = geteuid() == 0
        var runAs: [String] = []
        if asRoot {
            guard let nobody = getpwnam("nobody") else {
                throw LocalServerStartupError.hostEnvironment(
                    "running as root needs the user 'nobody' to run PostgreSQL")
            }
            chown(dir, nobody.pointee.pw_uid, nobody.pointee.pw_gid)
            // setpriv execs the program itself (no wrapper process), so signals reach postgres.
            runAs = [
                "/usr/bin/setpriv", "--reuid=\(nobody.pointee.pw_uid)", "--regid=\(nobody.pointee.pw_gid)",
                "--clear-groups", "--",
            ]
        }
        do {
            let pwfile = dir + "/pw"
            try password.write(toFile: pwfile, atomically: false, encoding: .utf8)
            if asRoot, let nobody = getpwnam("nobody") { chown(pwfile, nobody.pointee.pw_uid, nobody.pointee.pw_gid) }
            let initdb = try ThrowawayServer.runTool(
                runAs.first ?? bin + "/initdb",
                Array(runAs.dropFirst()) + (runAs.isEmpty ? [] : [bin + "/initdb"]) + [
                    "-D", data, "-U", user, "--pwfile=" + pwfile, "--auth-host=scram-sha-256", "--auth-local=trust",
                    "-E", "UTF8", "--locale=C", "--no-sync",
                ])
            try? fm.removeItem(atPath: pwfile)
            guard initdb.status == 0 else {
                throw LocalServerStartupError.databaseDidNotStart(
                    "initdb failed (\(initdb.status)): \(initdb.output.suffix(2000))")
            }
        } catch {
            try? fm.removeItem(atPath: dir)
            throw error
        }
        let q = ThrowawayServer.shellQuote
        // Fast shutdown on SIGINT.
        let (watchdog, port) = try Watchdog.startServer(
            name: "PostgreSQL", directory: dir, stopSignal: "INT", graceSeconds: 10, timeout: 30,
            command: { port in
                (runAs + [bin + "/postgres"]).map(q).joined(separator: " ")
                    + " -D \(q(data)) -p \(port) -h 127.0.0.1 -k \(q(data)) -c fsync=off -c synchronous_commit=off"
                    + " -c full_page_writes=off -c max_connections=300 -c log_min_messages=warning"
            },
            ready: { port in ThrowawayServer.canConnect(port: port) && fm.fileExists(atPath: data + "/postmaster.pid") }
        )
        logger.debug("ephemeral PostgreSQL ready", metadata: ["port": "\(port)", "directory": "\(dir)"])
        return EphemeralPostgres(port: port, user: user, password: password, directory: dir, watchdog: watchdog)
    }

    private init(port: Int, user: String, password: String, directory: String, watchdog: Watchdog) {
        self.port = port
        self.user = user
        self.password = password
        self.directory = directory;
        self.watchdog = watchdog
    }

    /// Stops the server and removes its directory (also begun when this object goes away).
    public func stop() async { await watchdog.stop() }

    /// A `postgres://` URL for this server.
    public var url: String { "postgres://\(user):\(password)@127.0.0.1:\(port)/postgres" }
}
