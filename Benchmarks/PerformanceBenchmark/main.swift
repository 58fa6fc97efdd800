// Performance benchmark: this client next to boto3 against the same data-api-local, and the
// local server next to pgbench on the same PostgreSQL, in one run.
//
//   for p in data-api-local ColdStartProbe PerformanceBenchmark; do swift build -c release --product $p; done
//   .build/release/PerformanceBenchmark [--rounds 5] [--calls 1000] [--pages 6] [--insert-rows 20000]
//                                       [--cold 5] [--seconds 3]
//   .build/release/PerformanceBenchmark --metrics-overhead 2000 [--rounds 7]
//
// It starts an ephemeral PostgreSQL (in this process), the release `data-api-local` against it
// (a child process, SigV4 verified with the example keys), loads 3,500 rows of the 8-column
// `BenchRow` (a page of about 1 MiB of response JSON), and then, in each round:
// - this client: CPU per autocommit `SELECT 1` from a task off the main actor (as a server's
//   handler calls), and for comparison from the main actor, on libcurl's transfer thread
//   (the transport's other path) and from a task on `DataAPIClient.ioExecutor`; rows per CPU-second of the page decoded into
//   `[[Field]]` (`executeStatement`) and into models (`db.fetchAll`); CPU per row of
//   `insert(contentsOf:)` of 6-column models (4 MiB requests in one transaction);
// - boto3: the same three workloads in a Python child process (`boto3_side.py rounds`), its own
//   CPU from `getrusage`, the insert as a careful boto3 user writes it (parameter sets packed
//   by size under 4 MiB, in one transaction);
// - cold start: wall time from spawning a fresh process to its exit after printing the first
//   row of `SELECT 1` (`ColdStartProbe` for this client, `boto3_side.py cold` for boto3), both
//   configured from the environment alone;
// - the local server: autocommit `SELECT 1` calls/s from 1 and 8 concurrent callers, next to
//   `pgbench -S` with as many clients on the same PostgreSQL; and transactions/s of one caller
//   (`BeginTransaction`, `SELECT 1` in it, `CommitTransaction`) next to pgbench running
//   `BEGIN; SELECT 1; COMMIT;` from one client.
// Client CPU is `getrusage(RUSAGE_SELF)` (user + system, all threads) of the client process;
// the server and PostgreSQL are other processes. Medians of the rounds, with their range.
import BenchmarkModels
import DataAPI
import DataAPIClient
import DataAPILocal
import DataAPISQL
import Foundation
import InMemoryTracing
import Tracing
#if canImport(Glibc)
import Glibc
#endif

// MARK: Options

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else {
        return fallback
    }
    return v
}
let rounds = max(1, option("--rounds", 5))
let calls = option("--calls", 1000)
let pages = option("--pages", 6)
let insertRows = option("--insert-rows", 20_000)
let coldSpawns = max(1, option("--cold", 5))
let seconds = option("--seconds", 3)
let pageRows = 3500
let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

func progress(_ s: String) { FileHandle.standardError.write(Data("[bench] \(s)\n".utf8)) }

/// User + system CPU of this process (all threads), in seconds.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6
        + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
}

func cpu(_ work: () async throws -> Void) async rethrows -> Double {
    let c0 = cpuSeconds()
    try await work()
    return cpuSeconds() - c0
}

func elapsedSeconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

struct Failure: Error, CustomStringConvertible { let description: String }

/// Runs a command to its end; its standard output.
@discardableResult
func run(_ executable: String, _ args: [String], environment: [String: String]? = nil) throws -> String {
    let outcome = try ChildProcess.run(executable, args, environment: environment)
    guard outcome.status == 0 else {
        throw Failure(description: "\(executable) \(args.joined(separator: " ")) exited \(outcome.status): "
                      + "\(outcome.errorOutput.suffix(2000))")
    }
    return outcome.output
}

// MARK: The 6-column insert model

struct InsertRow: Table {
    var id: Int64
    var name: String
    var score: Double
    var active: Bool
    var amount: Decimal
    var createdAt: Date

    static let tableName = "insert_rows"
    enum CodingKeys: String, CodingKey { case id, name, score, active, amount, createdAt = "created_at" }
    static let id = Column<InsertRow, Int64>(CodingKeys.id).primaryKey()
    static let name = Column<InsertRow, String>(CodingKeys.name)
    static let score = Column<InsertRow, Double>(CodingKeys.score)
    static let active = Column<InsertRow, Bool>(CodingKeys.active)
    static let amount = Column<InsertRow, Decimal>(CodingKeys.amount, type: .decimal(precision: 12, scale: 2))
    static let createdAt = Column<InsertRow, Date>(CodingKeys.createdAt, type: .timestamp)
    static let columns = [id.schema, name.schema, score.schema, active.schema, amount.schema, createdAt.schema]

    /// Row `i`, the same values boto3_side.py writes.
    static func sample(_ i: Int) -> InsertRow {
        var c = DateComponents()
        c.year = 2024; c.month = 1 + i % 9; c.day = 10 + i % 10
        c.hour = i % 10; c.minute = 30 + i % 10; c.second = 15; c.nanosecond = (100_000 + i % 900_000) * 1000
        return InsertRow(id: Int64(i), name: "customer name \(i) with a few more words", score: Double(i) * 1.25,
                         active: i % 2 == 0,
                         amount: Decimal(string: "\(1000 + i % 9000).\(i % 100 < 10 ? "0" : "")\(i % 100)")!,
                         createdAt: utcCalendar.date(from: c)!)
    }
}

let utcCalendar: Calendar = {
    var c = Calendar(identifier: .gregorian)
    c.timeZone = TimeZone(identifier: "UTC")!
    return c
}()

func benchRow(_ i: Int) -> BenchRow {
    var c = DateComponents()
    c.year = 2024; c.month = 1 + i % 9; c.day = 10 + i % 10; c.hour = i % 10; c.minute = 30 + i % 10; c.second = 15
    var d = DateComponents()
    d.year = 2023; d.month = 10 + i % 3; d.day = 20 + i % 9
    return BenchRow(id: Int64(i), name: "customer name \(i) with a few more words", score: Double(i) * 1.25,
                    active: i % 2 == 0, amount: Decimal(string: "\(1000 + i % 9000).\(10 + i % 90)")!,
                    createdAt: utcCalendar.date(from: c)!, day: utcCalendar.date(from: d)!,
                    payload: Data((0..<24).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i) }))
}

// MARK: The servers

progress("starting PostgreSQL and data-api-local")
let postgres = try await EphemeralPostgres.start()
let server = Process()
server.executableURL = directory.appendingPathComponent("data-api-local")
server.arguments = ["--port", "0", "--postgres-url", postgres.url, "--log-level", "warning"]
let serverOut = Pipe()
server.standardOutput = serverOut
try server.run()
var firstLine = Data()
while let b = try serverOut.fileHandleForReading.read(upToCount: 1), !b.isEmpty, b != Data("\n".utf8) { firstLine += b }
let endpoint = String(decoding: firstLine, as: UTF8.self).replacingOccurrences(of: "listening on ", with: "")
guard endpoint.hasPrefix("http://") else { throw Failure(description: "data-api-local did not start: \(endpoint)") }
let cluster = DataAPILocalConfiguration.defaultClusterArn, secret = DataAPILocalConfiguration.defaultSecretArn
let accessKey = DataAPILocalConfiguration.defaultAccessKeyId
let secretKey = DataAPILocalConfiguration.defaultSecretAccessKey

let client = DataAPIClient(
    configuration: .init(region: "us-east-1", endpoint: endpoint, retryPolicy: .none, environment: [:]),
    credentialProvider: StaticCredentialProvider(accessKeyId: accessKey, secretAccessKey: secretKey))
let db = Database(configuration: DatabaseConfiguration(resourceArn: cluster, secretArn: secret, engine: .postgreSQL),
                  client: client)
let select1 = ExecuteStatementRequest(resourceArn: cluster, secretArn: secret, sql: "SELECT 1")
/// Stops data-api-local and PostgreSQL and ends the process (the end of each single-purpose mode).
func stopServersAndExit() async -> Never {
    server.terminate()
    server.waitUntilExit()
    await postgres.stop()
    exit(0)
}
/// The same client on libcurl's transfer thread instead of the direct path.
let curlPathClient: DataAPIClient = {
    var transport = TransportConfiguration()
    transport.directExchange = false
    return DataAPIClient(
        configuration: .init(region: "us-east-1", endpoint: endpoint, transport: transport, retryPolicy: .none,
                             environment: [:]),
        credentialProvider: StaticCredentialProvider(accessKeyId: accessKey, secretAccessKey: secretKey))
}()
/// CPU per `SELECT 1` of `n` calls by `client` from a task off the main actor (on
/// `DataAPIClient.ioExecutor` when `ioExecutor`).
func select1CPU(_ client: DataAPIClient, _ n: Int, ioExecutor: Bool = false) async throws -> Double {
    try await Task(executorPreference: ioExecutor ? DataAPIClient.ioExecutor : globalConcurrentExecutor) {
        try await cpu { for _ in 0..<n { _ = try await client.executeStatement(select1) } } / Double(n)
    }.value
}
let pageRequest = ExecuteStatementRequest(resourceArn: cluster, secretArn: secret, sql: "SELECT * FROM bench_rows")

// `--select1-only N`: N autocommit `SELECT 1` calls and nothing else, 3 s after the server is
// up, for a profiler attached to this process (`perf record -g -p PID`).
if let i = arguments.firstIndex(of: "--select1-only"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    for _ in 0..<200 { _ = try await client.executeStatement(select1) }
    progress("pid \(getpid()): \(n) calls in 3 s")
    try await Task.sleep(for: .seconds(3))
    let used = try await cpu { for _ in 0..<n { _ = try await client.executeStatement(select1) } }
    print(String(format: "CPU per SELECT 1 call: %.1f µs", used / Double(n) * 1e6))
    let offMain = try await Task.detached {
        try await cpu { for _ in 0..<n { _ = try await client.executeStatement(select1) } }
    }.value
    print(String(format: "CPU per SELECT 1 call from a task off the main actor: %.1f µs", offMain / Double(n) * 1e6))
    let io = try await select1CPU(client, n, ioExecutor: true)
    print(String(format: "CPU per SELECT 1 call on DataAPIClient.ioExecutor: %.1f µs", io * 1e6))
    await stopServersAndExit()
}

// `--metrics-overhead N`: client CPU per autocommit `SELECT 1` with no backend (nothing
// bootstrapped: NOOP metrics and `NoOpTracer`, the default), with an in-process metrics backend
// (`CountingMetrics`: an atomic count and sum per handle), and with that backend plus
// swift-distributed-tracing's `InMemoryTracer`. N calls per variant and round, the variants
// interleaved (their order rotated each round), `--rounds` rounds (at least 5); medians printed.
if let i = arguments.firstIndex(of: "--metrics-overhead"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    func observedClient(_ observability: DataAPIObservability) -> DataAPIClient {
        DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: endpoint, retryPolicy: .none, environment: [:],
                                 observability: observability),
            credentialProvider: StaticCredentialProvider(accessKeyId: accessKey, secretAccessKey: secretKey))
    }
    let counting = CountingMetrics()
    let tracer = InMemoryTracer()
    let variants: [(name: String, client: DataAPIClient)] = [
        ("no backend", client),
        ("metrics", observedClient(.init(metricsFactory: counting, tracer: NoOpTracer()))),
        ("metrics + tracing", observedClient(.init(metricsFactory: counting, tracer: tracer))),
    ]
    for v in variants { for _ in 0..<300 { _ = try await v.client.executeStatement(select1) } }
    var perCall: [String: [Double]] = [:]
    let overheadRounds = max(5, rounds)
    for round in 0..<overheadRounds {
        for k in 0..<variants.count {
            let v = variants[(k + round) % variants.count]
            let used = try await cpu { for _ in 0..<n { _ = try await v.client.executeStatement(select1) } }
            perCall[v.name, default: []].append(used / Double(n))
        }
        tracer.clearAll()
        progress("round \(round + 1) of \(overheadRounds)")
    }
    func middle(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    let base = middle(perCall["no backend"]!)
    print("Client CPU per SELECT 1 call, \(n) calls per variant and round, \(overheadRounds) rounds interleaved:")
    for v in variants {
        let xs = perCall[v.name]!
        let name = v.name.padding(toLength: 18, withPad: " ", startingAt: 0)
        print("  " + name + String(format: "median %.1f µs (%.1f–%.1f), ratio to no backend %.3f",
                                   middle(xs) * 1e6, xs.min()! * 1e6, xs.max()! * 1e6, middle(xs) / base))
    }
    print("  metric handles made: \(counting.handleCount)")
    await stopServersAndExit()
}

// MARK: Data

try await db.drop(BenchRow.self, ifExists: true)
try await db.create(BenchRow.self)
_ = try await db.insert(contentsOf: (1...pageRows).map(benchRow))
try await db.drop(InsertRow.self, ifExists: true)
try await db.create(InsertRow.self)
let insertModels = (1...insertRows).map(InsertRow.sample)

// `--pages-only N`: N pages read as `[[Field]]`, then N read as models (`db.fetchAll`), 3 s apart
// and after the server is up, for a profiler attached to this process (`perf record -g -p PID`
// once "reading pages as …" is printed).
if let i = arguments.firstIndex(of: "--pages-only"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    for _ in 0..<3 { _ = try await client.executeStatement(pageRequest); _ = try await db.fetchAll(BenchRow.select()) }
    progress("pid \(getpid()): \(n) pages as Fields in 3 s, then \(n) as models 3 s later")
    try await Task.sleep(for: .seconds(3))
    progress("reading pages as Fields")
    var rows = 0
    let fieldsCPU = try await cpu {
        for _ in 0..<n { rows += try await client.executeStatement(pageRequest).records?.count ?? 0 }
    }
    print(String(format: "Fields: %.0f rows per CPU-s (%d rows)", Double(rows) / fieldsCPU, rows))
    try await Task.sleep(for: .seconds(3))
    progress("reading pages as models")
    rows = 0
    let modelsCPU = try await cpu { for _ in 0..<n { rows += try await db.fetchAll(BenchRow.select()).count } }
    print(String(format: "models: %.0f rows per CPU-s (%d rows)", Double(rows) / modelsCPU, rows))
    await stopServersAndExit()
}

// `--decode-only N`: one page's response body (as data-api-local writes it) read N times in
// this process, with no call: as `[[Field]]` (the fast reader alone), and as models (the fast
// reader, then `db.decode`, the decoding `fetchAll` does); and the same page N times over HTTP
// (`executeStatement`). CPU per round, the three interleaved in each of `--rounds` rounds;
// medians and ranges, and the share of reading in the models' CPU and in the call's.
if let i = arguments.firstIndex(of: "--decode-only"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) {
    let body = try ResponseJSON.encode(try await client.executeStatement(pageRequest))
    let select = BenchRow.select()
    var fields: [Double] = [], models: [Double] = [], shares: [Double] = [], overHTTP: [Double] = []
    var callShares: [Double] = []
    for _ in 0..<rounds {
        var rows = 0
        let f = try await cpu {
            for _ in 0..<n { rows += (try ResponseJSON.decode(body) as ExecuteStatementResponse).records!.count }
        }
        fields.append(Double(rows) / f)
        rows = 0
        let m = try await cpu {
            for _ in 0..<n {
                let records = (try ResponseJSON.decode(body) as ExecuteStatementResponse).records!
                rows += try db.decode(records, of: select).count
            }
        }
        models.append(Double(rows) / m)
        shares.append(f / m)
        rows = 0
        let h = try await cpu { for _ in 0..<n { rows += try await client.executeStatement(pageRequest).records!.count } }
        overHTTP.append(Double(rows) / h)
        callShares.append(f / h)
    }
    func med(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
    func range(_ xs: [Double], _ format: String) -> String {
        String(format: "\(format)–\(format)", xs.min()!, xs.max()!)
    }
    print("in process, one page of \(body.count) bytes read \(n) times a round, \(rounds) rounds:")
    print(String(format: "  [[Field]]:          %8.0f rows per CPU-s [%@]", med(fields), range(fields, "%.0f")))
    print(String(format: "  models:             %8.0f rows per CPU-s [%@]; reading's share %.2f [%@]",
                 med(models), range(models, "%.0f"), med(shares), range(shares, "%.2f")))
    print(String(format: "  [[Field]] over HTTP: %7.0f rows per CPU-s [%@]; reading's share %.2f [%@]",
                 med(overHTTP), range(overHTTP, "%.0f"), med(callShares), range(callShares, "%.2f")))
    await stopServersAndExit()
}

let pythonEnvironment = ProcessInfo.processInfo.environment
let boto3Script = sourceDirectory.appendingPathComponent("boto3_side.py").path
/// The environment both cold-start probes configure themselves from, and nothing else
/// (no shared config or credentials files).
let coldEnvironment: [String: String] = [
    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
    "HOME": NSTemporaryDirectory(),
    "AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secretKey,
    "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ENDPOINT_URL_RDS_DATA": endpoint,
    "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
]
/// The interpreter itself, not a version manager's shim script in front of it.
let python = try run("/usr/bin/env", ["python3", "-c", "import sys; print(sys.executable)"])
    .trimmingCharacters(in: .whitespacesAndNewlines)

/// Wall seconds from spawning `executable` to its exit; its output must be "1". Spawned with
/// `posix_spawn` and reaped with `waitpid`, its output to a file: Foundation's `Process` polls
/// for the child's exit every 50 ms, which would be most of what is measured.
func coldStart(_ executable: String, _ args: [String]) throws -> Double {
    let outPath = NSTemporaryDirectory() + "cold-start-\(getpid()).out"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + args).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = coldEnvironment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in argv + envp { free(p) } }
    var pid: pid_t = 0
    let start = ContinuousClock.now
    let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    guard rc == 0 else { throw Failure(description: "posix_spawn \(executable): \(rc)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let wall = elapsedSeconds(since: start)
    let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(atPath: outPath)
    guard out.trimmingCharacters(in: .whitespacesAndNewlines) == "1" else {
        throw Failure(description: "\(executable) \(args.joined(separator: " ")) printed \(out) (status \(status))")
    }
    return wall
}

/// CPU seconds the server process has used (user + system, from /proc).
func serverCPUSeconds() -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(server.processIdentifier)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return 0 }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the command: state is field 3 of stat(5), utime 14 and stime 15.
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Calls/s of autocommit `SELECT 1` from `callers` tasks for `seconds`, and the server's CPU
/// seconds per call.
func dataAPIRate(callers: Int) async throws -> (rate: Double, serverCPU: Double) {
    let serverCPU0 = serverCPUSeconds()
    let start = ContinuousClock.now
    let deadline = start + .seconds(seconds)
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<callers {
            group.addTask {
                var n = 0
                while ContinuousClock.now < deadline {
                    let r = try await client.executeStatement(select1)
                    guard r.records?.first?.first == .longValue(1) else {
                        throw Failure(description: "SELECT 1 answered \(r)")
                    }
                    n += 1
                }
                return n
            }
        }
        return try await group.reduce(0, +)
    }
    return (Double(total) / elapsedSeconds(since: start), (serverCPUSeconds() - serverCPU0) / Double(total))
}

/// pgbench `-S` tps with `clients` clients, for about as many transactions as the Data API
/// callers made in `seconds` at pgbench's speed (a count, not -T: a child of this process may
/// inherit a signal mask under which pgbench's timer never fires).
func pgbench(clients: Int) throws -> Double {
    var env = ProcessInfo.processInfo.environment
    env["PGPASSWORD"] = postgres.password
    let text = try run("/usr/bin/env", ["pgbench", "-n", "-S", "-h", "127.0.0.1", "-p", "\(postgres.port)",
                                        "-U", postgres.user, "-c", "\(clients)", "-j", "\(min(clients, 2))",
                                        "-t", "\(seconds * 12_000 / clients)", "postgres"], environment: env)
    let tps = text.split(separator: "\n").first { $0.hasPrefix("tps =") }?.split(separator: " ")[2] ?? "0"
    return Double(tps) ?? 0
}

/// Transactions/s of one caller running `BeginTransaction`, `SELECT 1` in it and
/// `CommitTransaction` for `seconds`, and the server's CPU seconds per transaction.
func transactionRate() async throws -> (rate: Double, serverCPU: Double) {
    let serverCPU0 = serverCPUSeconds()
    let start = ContinuousClock.now
    let deadline = start + .seconds(seconds)
    var n = 0
    while ContinuousClock.now < deadline {
        guard let id = try await client.beginTransaction(
            BeginTransactionRequest(resourceArn: cluster, secretArn: secret)).transactionId else {
            throw Failure(description: "BeginTransaction answered no transaction id")
        }
        var inside = select1
        inside.transactionId = id
        guard try await client.executeStatement(inside).records?.first?.first == .longValue(1) else {
            throw Failure(description: "SELECT 1 in a transaction answered otherwise")
        }
        _ = try await client.commitTransaction(
            CommitTransactionRequest(resourceArn: cluster, secretArn: secret, transactionId: id))
        n += 1
    }
    return (Double(n) / elapsedSeconds(since: start), (serverCPUSeconds() - serverCPU0) / Double(n))
}

/// pgbench's tps for `BEGIN; SELECT 1; COMMIT;` from one client (the same three round trips
/// on one connection that a Data API transaction of one statement makes).
func pgbenchTransactions() throws -> Double {
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("bench-tx-\(getpid()).sql")
    try Data("BEGIN;\nSELECT 1;\nCOMMIT;\n".utf8).write(to: script)
    defer { try? FileManager.default.removeItem(at: script) }
    var env = ProcessInfo.processInfo.environment
    env["PGPASSWORD"] = postgres.password
    let text = try run("/usr/bin/env", ["pgbench", "-n", "-f", script.path, "-h", "127.0.0.1", "-p", "\(postgres.port)",
                                        "-U", postgres.user, "-c", "1", "-t", "\(seconds * 3_000)", "postgres"],
                       environment: env)
    let tps = text.split(separator: "\n").first { $0.hasPrefix("tps =") }?.split(separator: " ")[2] ?? "0"
    return Double(tps) ?? 0
}

var pgEnvironment = ProcessInfo.processInfo.environment
pgEnvironment["PGPASSWORD"] = postgres.password
try run("/usr/bin/env", ["pgbench", "-i", "-q", "-h", "127.0.0.1", "-p", "\(postgres.port)", "-U", postgres.user,
                         "postgres"], environment: pgEnvironment)

/// Context switches of every server thread so far (voluntary + involuntary, from /proc).
func serverContextSwitches() -> Int {
    let tasks = "/proc/\(server.processIdentifier)/task"
    var total = 0
    for t in (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? [] {
        guard let status = try? String(contentsOfFile: "\(tasks)/\(t)/status", encoding: .utf8) else { continue }
        for line in status.split(separator: "\n") where line.contains("ctxt_switches:") {
            total += Int(line.split(separator: "\t").last.map(String.init) ?? "") ?? 0
        }
    }
    return total
}

// `--server-only`: the local server rows alone, each round printed with the server's CPU and
// context switches per call (`--rounds`, `--seconds`), for profiling the server.
if arguments.contains("--server-only") {
    for _ in 0..<200 { _ = try await client.executeStatement(select1) }
    progress("server pid \(server.processIdentifier)")
    for round in 0..<rounds {
        for callers in [1, 8] {
            let switches0 = serverContextSwitches()
            let (rate, cpu) = try await dataAPIRate(callers: callers)
            let calls = rate * Double(seconds)
            let switches = Double(serverContextSwitches() - switches0) / calls
            let tps = try pgbench(clients: callers)
            print(String(format: "round %d, %d caller(s): %.0f calls/s, pgbench %.0f tps (ratio %.3f), "
                         + "server CPU %.1f µs and %.1f context switches per call",
                         round + 1, callers, rate, tps, rate / tps, cpu * 1e6, switches))
        }
        let (txRate, txCPU) = try await transactionRate()
        let txTps = try pgbenchTransactions()
        print(String(format: "round %d, transactions (begin, SELECT 1, commit), 1 caller: %.0f/s, pgbench %.0f tps "
                     + "(ratio %.3f), server CPU %.1f µs per transaction",
                     round + 1, txRate, txTps, txRate / txTps, txCPU * 1e6))
    }
    await stopServersAndExit()
}

// MARK: Rounds

nonisolated(unsafe) var figures: [String: [Double]] = [:]
func record(_ key: String, _ value: Double) { figures[key, default: []].append(value) }

// Warm-up: connections, the server's type catalog, code paths.
for _ in 0..<50 { _ = try await client.executeStatement(select1) }
for _ in 0..<50 { _ = try await curlPathClient.executeStatement(select1) }
_ = try await client.executeStatement(pageRequest)
_ = try await db.fetchAll(BenchRow.select())
_ = try coldStart(directory.appendingPathComponent("ColdStartProbe").path, [cluster, secret])
_ = try coldStart(python, [boto3Script, "cold", cluster, secret])

for round in 1...rounds {
    progress("round \(round) of \(rounds)")
    // This client.
    record("select1.ours", try await select1CPU(client, calls))
    record("select1.curl", try await select1CPU(curlPathClient, calls))
    record("select1.io", try await select1CPU(client, calls, ioExecutor: true))
    let onMain = try await cpu { for _ in 0..<calls { _ = try await client.executeStatement(select1) } }
    record("select1.main", onMain / Double(calls))
    var rows = 0
    let fieldsCPU = try await cpu {
        for _ in 0..<pages { rows += try await client.executeStatement(pageRequest).records?.count ?? 0 }
    }
    guard rows == pageRows * pages else { throw Failure(description: "pages returned \(rows) rows") }
    record("fields.ours", Double(rows) / fieldsCPU)
    rows = 0
    let modelsCPU = try await cpu { for _ in 0..<pages { rows += try await db.fetchAll(BenchRow.select()).count } }
    guard rows == pageRows * pages else { throw Failure(description: "fetchAll returned \(rows) rows") }
    record("models.ours", Double(rows) / modelsCPU)
    try await db.execute("TRUNCATE TABLE insert_rows")
    let insertCPU = try await cpu {
        let n = try await db.insert(contentsOf: insertModels)
        guard n == insertRows else { throw Failure(description: "insert(contentsOf:) reported \(n) rows") }
    }
    record("insert.ours", insertCPU / Double(insertRows))

    // boto3, the same workloads.
    let line = try run(python, [boto3Script, "rounds", endpoint, cluster, secret, "\(calls)", "\(pages)",
                                "\(insertRows)"], environment: pythonEnvironment)
    guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Double] else {
        throw Failure(description: "boto3_side.py printed \(line)")
    }
    record("select1.boto3", object["select1_cpu_s"]!)
    record("fields.boto3", object["page_rows_per_cpu_s"]!)
    record("insert.boto3", object["insert_cpu_s_per_row"]!)
    record("pageBytes", object["page_bytes"]!)
    record("insertCalls.boto3", object["insert_calls"]!)

    // Cold starts, alternating; the round's median of each.
    var ours: [Double] = [], boto3: [Double] = []
    for _ in 0..<coldSpawns {
        ours.append(try coldStart(directory.appendingPathComponent("ColdStartProbe").path, [cluster, secret]))
        boto3.append(try coldStart(python, [boto3Script, "cold", cluster, secret]))
    }
    record("cold.ours", ours.sorted()[ours.count / 2])
    record("cold.boto3", boto3.sorted()[boto3.count / 2])

    // The local server next to pgbench.
    for callers in [1, 8] {
        let (rate, serverCPU) = try await dataAPIRate(callers: callers)
        record("server\(callers).ours", rate)
        record("server\(callers).cpu", serverCPU)
        record("server\(callers).pgbench", try pgbench(clients: callers))
    }
    let (txRate, txCPU) = try await transactionRate()
    record("tx.ours", txRate)
    record("tx.cpu", txCPU)
    record("tx.pgbench", try pgbenchTransactions())
}

server.terminate()
server.waitUntilExit()
await postgres.stop()

// MARK: Report

func median(_ key: String) -> Double { let xs = figures[key]!.sorted(); return xs[xs.count / 2] }
func spread(_ key: String, _ format: (Double) -> String) -> String {
    let xs = figures[key]!
    return "\(format(xs.min()!))–\(format(xs.max()!))"
}
func micro(_ x: Double) -> String { String(format: "%.1f µs", x * 1e6) }
func milli(_ x: Double) -> String { String(format: "%.1f ms", x * 1e3) }
func rate(_ x: Double) -> String { String(format: "%.0f", x) }
func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

print("performance benchmark: medians of \(rounds) rounds (range in brackets); "
      + "client CPU is user + system of the client process")
print("page: \(pageRows) rows × 8 columns, \(Int(median("pageBytes"))) bytes of JSON; "
      + "insert: \(insertRows) rows × 6 columns per round; \(calls) SELECT 1 calls per round")
print(pad("workload", 46) + pad("boto3", 34) + pad("this client", 34) + pad("ratio", 8) + "target")
func row(_ label: String, _ key: String, _ format: @escaping (Double) -> String, lowerIsBetter: Bool, target: String) {
    let b = median(key + ".boto3"), o = median(key + ".ours")
    print(pad(label, 46) + pad("\(format(b)) [\(spread(key + ".boto3", format))]", 34)
          + pad("\(format(o)) [\(spread(key + ".ours", format))]", 34)
          + pad(String(format: "%.3f", lowerIsBetter ? o / b : b / o), 8) + target)
}
row("CPU per SELECT 1 call", "select1", micro, lowerIsBetter: true, target: "ratio ≤ 0.05")
for (label, key) in [("  the same from the main actor", "select1.main"),
                     ("  the same on libcurl's transfer thread", "select1.curl"),
                     ("  the same on DataAPIClient.ioExecutor", "select1.io")] {
    let o = median(key), b = median("select1.boto3")
    print(pad(label, 46) + pad("", 34) + pad("\(micro(o)) [\(spread(key, micro))]", 34)
          + pad(String(format: "%.3f", o / b), 8))
}
row("1 MiB page → [[Field]], rows per CPU-s", "fields", rate, lowerIsBetter: false, target: "≥ 1,000,000 rows/CPU-s")
print(pad("1 MiB page → models (db.fetchAll), rows/CPU-s", 46) + pad("", 34)
      + pad("\(rate(median("models.ours"))) [\(spread("models.ours", rate))]", 34) + pad("", 8)
      + "≥ 500,000 rows/CPU-s")
row("batch insert, CPU per row (6 columns)", "insert", micro, lowerIsBetter: true, target: "≤ 5 µs")
row("fresh process to first decoded row (wall)", "cold", milli, lowerIsBetter: true, target: "ratio ≤ 0.05")
print("(ratio: this client's cost / boto3's; for rows per CPU-s, boto3's rate / this client's)")
print("")
print(pad("local server, autocommit SELECT 1", 46) + pad("pgbench -S tps", 34) + pad("data-api-local calls/s", 34)
      + pad("ratio", 8) + "target")
for callers in [1, 8] {
    let s = median("server\(callers).ours"), p = median("server\(callers).pgbench")
    print(pad("\(callers) caller\(callers > 1 ? "s" : "")", 46)
          + pad("\(rate(p)) [\(spread("server\(callers).pgbench", rate))]", 34)
          + pad("\(rate(s)) [\(spread("server\(callers).ours", rate))]", 34)
          + pad(String(format: "%.3f", s / p), 8) + "≥ 0.5")
}
for callers in [1, 8] {
    print(pad("  server CPU per call, \(callers) caller\(callers > 1 ? "s" : "")", 46) + pad("", 34)
          + "\(micro(median("server\(callers).cpu"))) [\(spread("server\(callers).cpu", micro))]")
}
print(pad("transactions: begin, SELECT 1, commit", 46) + pad("pgbench BEGIN; SELECT 1; COMMIT", 34)
      + pad("data-api-local transactions/s", 34))
print(pad("1 caller", 46) + pad("\(rate(median("tx.pgbench"))) [\(spread("tx.pgbench", rate))]", 34)
      + pad("\(rate(median("tx.ours"))) [\(spread("tx.ours", rate))]", 34)
      + String(format: "%.3f", median("tx.ours") / median("tx.pgbench")))
print(pad("  server CPU per transaction", 46) + pad("", 34)
      + "\(micro(median("tx.cpu"))) [\(spread("tx.cpu", micro))]")
