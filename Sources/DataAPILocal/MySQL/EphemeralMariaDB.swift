import DataAPIClient
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway MariaDB server: `mariadb-install-db` into a temporary directory, `mariadbd`
/// on a free loopback port, everything removed on `stop()`, and also when this process dies
/// (a watchdog shell stops the server and deletes the directory once its parent is gone).
///
/// Run as root, the server runs as the unprivileged user `nobody`. A user with every
/// privilege and a database are created for the Data API to use.
public final class EphemeralMariaDB: Sendable {
    /// The loopback port the server listens on.
    public let port: Int
    /// The Data API's user (Aurora's master user).
    public let user: String
    /// That user's password.
    public let password: String
    /// The database created for callers (`test`).
    public let database: String
    /// The temporary directory holding the data, removed on ``stop()``.
    public let directory: String
    private let watchdog: Watchdog

    /// The error when no server binaries are installed; it names the package to install.
    public static let binariesNotFound = LocalServerStartupError.binariesNotFound(
        "MariaDB server binaries (mariadb-install-db, mariadbd) were not found on PATH, /usr/sbin or /usr/bin. "
            + "Install them with `apt-get install mariadb-server` (Debian/Ubuntu) or pass --mysql-url.")

    /// Where `mariadb-install-db` and `mariadbd` are (or the older `mysql_install_db`/`mysqld`).
    public static func findBinaries(
        searchPath: String? = ProcessInfo.processInfo.environment["PATH"]
    ) -> (installDB: String, server: String)? {
        let fm = FileManager.default
        let dirs =
            (searchPath ?? "").split(separator: ":").map(String.init) + [
                "/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin",
            ]
        func find(_ names: [String]) -> String? {
            for name in names {
                for d in dirs where fm.isExecutableFile(atPath: d + "/" + name) { return d + "/" + name }
            }
            return nil
        }
        guard let install = find(["mariadb-install-db", "mysql_install_db"]), let server = find(["mariadbd", "mysqld"])
        else { return nil }
        return (install, server)
    }

    /// Creates and starts the server; returns once it accepts connections and the user exists.
    ///
    /// `user` has the privileges of Aurora MySQL's master user, not `ALL`: no `FILE` (no
    /// server files through `INTO OUTFILE` or `LOAD_FILE`) and no `SUPER`. The password is
    /// random for each server unless given.
    public static func start(
        user: String = "admin", password: String? = nil, database: String = "test",
        logger: Logger = Logger(label: "data-api-local.ephemeral-mariadb")
    ) async throws -> EphemeralMariaDB {
        // A server that passed the readiness check can still be gone a moment later: another
        // process took the free port it was given between the check and its bind, say, and
        // the check reached that process. A fresh directory and port get two more tries.
        var attempt = 1
        while true {
            do {
                return try await startOnce(user: user, password: password, database: database, logger: logger)
            } catch let e as LocalServerStartupError where e == .databaseSetupFailed && attempt < 3 {
                logger.warning(
                    "ephemeral MariaDB could not be set up; starting another", metadata: ["error": "\(e.message)"])
                attempt += 1
            }
        }
    }

    private static func startOnce(
        user: String, password: String?, database: String, logger: Logger
    ) async throws -> EphemeralMariaDB {
        let password = password ?? ThrowawayServer.randomPassword()
        guard let binaries = findBinaries() else { throw binariesNotFound }
        let (dir, port, watchdog) = try await BlockingIO.run(name: "data-api-local.ephemeral-mariadb") {
            try startBlocking(binaries, logger: logger)
        }
        let server = EphemeralMariaDB(
            port: port, user: user, password: password, database: database, directory: dir, watchdog: watchdog)
        do {
            // root may log in over the socket without a password; it creates the Data API's user.
            let root = try await MySQLConnection.connect(
                host: "localhost", port: 0, user: "root", password: "", database: nil,
                unixSocket: dir + "/mysql.sock")
            let quoted = password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''")
            try await root.run([
                "CREATE USER '\(user)'@'%' IDENTIFIED BY '\(quoted)'",
                "GRANT \(masterPrivileges) ON *.* TO '\(user)'@'%' WITH GRANT OPTION",
                "CREATE DATABASE `\(database)`",
            ])
            await root.close()
        } catch {
            await server.stop()
            throw LocalServerStartupError.databaseSetupFailed("MariaDB started but could not be set up: \(error)")
        }
        logger.debug(
            "ephemeral MariaDB ready",
            metadata: [
                "port": "\(port)", "directory": "\(dir)", "user": "\(user)",
                "password": "\(password)",
            ])
        return server
    }

    /// What Aurora MySQL grants its master user.
    static let masterPrivileges = """
        SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, REFERENCES, INDEX, ALTER, SHOW DATABASES, \
        CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT, CREATE VIEW, SHOW VIEW, \
        CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER
        """

    private static func startBlocking(
        _ binaries: (installDB: String, server: String), logger: Logger
    ) throws -> (String, Int, Watchdog) {
        let fm = FileManager.default
        let dir = try ThrowawayServer.makeTemporaryDirectory(prefix: "data-api-local-mariadb")
        let data = dir + "/data"
        // Temporary tables in a directory of its own: servers bootstrapping side by side in a
        // shared /tmp have removed each other's temporary files.
        let tmp = dir + "/tmp"
        try fm.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        var userOption: [String] = []
        if geteuid() == 0 {
            guard let nobody = getpwnam("nobody") else {
                throw LocalServerStartupError.hostEnvironment("running as root needs the user 'nobody' to run MariaDB")
            }
            chown(dir, nobody.pointee.pw_uid, nobody.pointee.pw_gid)
            chown(tmp, nobody.pointee.pw_uid, nobody.pointee.pw_gid)
            userOption = ["--user=nobody"]
        }
        let install = try ThrowawayServer.runTool(
            binaries.installDB,
            [
                "--no-defaults", "--datadir=" + data, "--tmpdir=" + tmp,
                "--auth-root-authentication-method=normal",
                "--skip-test-db", "--skip-name-resolve",
            ] + userOption)
        guard install.status == 0 else {
            try? fm.removeItem(atPath: dir)
            throw LocalServerStartupError.databaseDidNotStart(
                "mariadb-install-db failed (\(install.status)): \(install.output.suffix(2000))")
        }
        let q = ThrowawayServer.shellQuote
        // SIGTERM is mariadbd's clean shutdown.
        let (watchdog, port) = try Watchdog.startServer(
            name: "MariaDB", directory: dir, stopSignal: "TERM", graceSeconds: 15, timeout: 60,
            command: { port in
                ([
                    binaries.server, "--no-defaults", "--datadir=" + data, "--tmpdir=" + tmp, "--port=\(port)",
                    "--bind-address=127.0.0.1",
                    "--socket=" + dir + "/mysql.sock", "--pid-file=" + dir + "/mariadbd.pid",
                    "--skip-name-resolve", "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0",
                    "--innodb-doublewrite=0",
                    "--innodb-buffer-pool-size=64M", "--max-connections=300", "--character-set-server=utf8mb4",
                    "--collation-server=utf8mb4_general_ci",
                ] + userOption).map(q).joined(separator: " ")
            }, ready: { port in ThrowawayServer.canConnect(port: port) && fm.fileExists(atPath: dir + "/mysql.sock") })
        return (dir, port, watchdog)
    }

    private init(port: Int, user: String, password: String, database: String, directory: String, watchdog: Watchdog) {
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.directory = directory
        self.watchdog = watchdog
    }

    /// Stops the server and removes its directory (also begun when this object goes away).
    public func stop() async { await watchdog.stop() }

    /// A `mysql://` URL for this server.
    public var url: String { "mysql://\(user):\(password)@127.0.0.1:\(port)/\(database)" }
}
