// Bulk benchmark: how close `db.insert(contentsOf:)` and `db.stream(_:)` come to the fewest
// Data API calls the service's size limits allow, and what they cost the client, against
// `data-api-local` on an ephemeral PostgreSQL and MariaDB.
//
//   swift build -c release --product data-api-local
//   swift build -c release --product BulkBenchmark
//   .build/release/BulkBenchmark [--engine postgresql|mysql|both] [--runs 3] [--rows 100000]
//                                [--stream-rows 1000000] [--latency-ms 20] [--server PATH]
//   .build/release/BulkBenchmark --compare-strategies [--rows 100000] [--latency-ms 20]
//
// The server is `data-api-local` in a child process (`--server`, by default next to this
// executable), started with `--port 0` (it binds a free port and prints
// `listening on http://…`), so the CPU and RSS measured here are the client's alone. Each
// phase runs in a fresh process of this executable (`--phase insert|stream`, which the
// benchmark passes itself), and the stream's rows are loaded by another (`--phase load`), so
// that no phase's memory or CPU shows in another's figures. Per engine:
//
// 1. Insert: `--rows` 8-column `BenchRow` models (about 100 bytes of name and payload each,
//    the same every run) with `db.insert(contentsOf:)` against a server started with
//    `--latency-ms 20`. Write calls (Execute + BatchExecute) against the minimum
//    ⌈Σ write request body bytes / 4 MiB⌉ (target ≤ 1.1×), wall time, client CPU µs per row
//    (getrusage RUSAGE_SELF user + sys around the insert; target ≤ 5) and the largest request
//    body. `--runs` runs, medians; the table is truncated before each run.
// 2. Stream: `--stream-rows` rows loaded with `insert(contentsOf:)` (not measured) into a
//    second server process started with `--latency-ms 0`, then read back with
//    `for try await row in db.stream(BenchRow.select())`. Page calls (Execute calls during
//    the stream) against ⌈result bytes / 1 MiB⌉ (target ≤ 1.1×), where result bytes is what
//    the local server counts against its 1 MiB limit, the database's binary values (rules
//    printed next to the figure, computed here from the generated data); the client's peak
//    RSS during the stream (VmHWM after writing 5 to /proc/self/clear_refs; target ≤ 64 MiB);
//    rows per second.
// 3. The machine and the commands used.
//
// `--compare-strategies` runs neither phase but a comparison of PostgreSQL's candidate ways
// to send `--rows` models (`--phase compare`, in a child process, server at `--latency-ms`):
// one JSON parameter per request (`insert(contentsOf:)`, what the library does), parameter
// sets (`BatchExecuteStatement`, where the library sends a several-row upsert) and multi-row
// `INSERT … VALUES … RETURNING "id"` chunks (one `ExecuteStatement` each, the largest chunk
// the service's SQL, parameter and request limits allow, all in one transaction). Each runs
// once on an emptied table after a 1,000-row warm-up, first with `BenchRow` (keys set by the
// caller), then with `KeyedBenchRow` (a `bigserial` key) to see whether generated keys come
// back and in input order. Per strategy: calls by operation, Σ request body bytes, wall time,
// client CPU µs per row, keys.
import BenchmarkModels
import DataAPI
import DataAPIClient
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// MARK: The model (`BenchRow` is in BenchmarkModels)

/// The benchmark's rows: row `i` is the same in every run and on both engines.
enum Sample {
    /// Row `i`'s amount in cents: 0.00 to 999,999.99, about one in a hundred a whole number.
    static func cents(_ i: Int) -> Int { (i &* 7_919) % 100_000_000 }

    static func row(_ i: Int) -> BenchRow {
        let payloadBytes = 56 + i % 5
        var payload = Data(count: payloadBytes)
        for k in 0..<payloadBytes { payload[k] = UInt8(truncatingIfNeeded: k &* 31 &+ i &* 7) }
        return BenchRow(
            id: Int64(i),
            name: "customer name \(i) with a few more words",
            score: Double(i) * 0.25 + 0.125,
            active: i % 3 != 0,
            amount: Decimal(sign: .plus, exponent: -2, significand: Decimal(cents(i))),
            createdAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(i) * 17 + Double(i % 1_000) / 1_000),
            day: Date(timeIntervalSince1970: Double(19_000 + i % 4_000) * 86_400),
            payload: payload)
    }

    /// The bytes of a row's name and payload.
    static func variableBytes(_ row: BenchRow) -> Int { row.name.utf8.count + row.payload.count }
}

// MARK: What the database sends

/// The bytes `data-api-local` counts for a row against its 1 MiB response limit: the
/// database's binary values.
enum ResultBytes {
    static func postgreSQL(_ i: Int, _ row: BenchRow) -> Int {
        8 + row.name.utf8.count + 8 + 1 + numeric(cents: Sample.cents(i)) + 8 + 4 + row.payload.count
    }

    static func mySQL(_ i: Int, _ row: BenchRow) -> Int {
        8 + row.name.utf8.count + 8 + 8 + decimalText(cents: Sample.cents(i)).utf8.count + 12 + 12 + row.payload.count
    }

    static let postgreSQLRule = "int8 8, text UTF-8 bytes, float8 8, bool 1, numeric 8 + 2 × base-10000 groups "
        + "(leading and trailing zero groups dropped), timestamp 8, date 4, bytea bytes"
    static let mySQLRule = "BIGINT 8, TEXT bytes, DOUBLE 8, BOOLEAN (TINYINT) 8, DECIMAL its text (1234.50), "
        + "DATETIME 12, DATE 12, LONGBLOB bytes"

    /// PostgreSQL's binary numeric for a numeric(12,2) of `cents`: an 8-byte header and 2
    /// bytes per base-10000 digit, zero digits at either end not stored.
    static func numeric(cents: Int) -> Int {
        var groups: [Int] = []
        var whole = cents / 100
        while whole > 0 {
            groups.insert(whole % 10_000, at: 0)
            whole /= 10_000
        }
        groups.append(cents % 100 * 100)
        while groups.last == 0 { groups.removeLast() }
        while groups.first == 0 { groups.removeFirst() }
        return 8 + 2 * groups.count
    }

    /// DECIMAL(12,2) as MySQL sends it: `1234.50`, `0.05`.
    static func decimalText(cents: Int) -> String {
        let fraction = cents % 100
        return "\(cents / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}

// MARK: Options

let usage = """
    usage: BulkBenchmark [--engine postgresql|mysql|both] [--runs N] [--rows N] [--stream-rows N] \
    [--latency-ms MS] [--server PATH] [--compare-strategies]
    """

/// The command line, checked.
struct Options {
    var engines: [DatabaseEngine] = [.postgreSQL, .mySQL]
    var runs = 3
    var rows = 100_000
    var streamRows = 1_000_000
    var latencyMs = 20
    var server: String
    /// `--compare-strategies`: PostgreSQL's bulk insert strategies side by side, instead of
    /// the insert and stream phases.
    var compareStrategies = false
    /// Set in the child processes the benchmark runs itself as: `insert`, `stream`, `load` or
    /// `compare`.
    var phase: String?
    /// The server a `load` child fills.
    var endpoint: String?

    init(_ arguments: [String]) throws {
        let me = URL(fileURLWithPath: arguments.first ?? "BulkBenchmark")
        server = me.deletingLastPathComponent().appendingPathComponent("data-api-local").path
        var rest = arguments.dropFirst()
        func count(_ name: String, _ text: String?, minimum: Int) throws -> Int {
            guard let text, let n = Int(text), n >= minimum else {
                throw UsageError("\(name) takes a number ≥ \(minimum)")
            }
            return n
        }
        while let name = rest.popFirst() {
            if name == "--compare-strategies" {
                compareStrategies = true
                continue
            }
            let value = rest.popFirst()
            switch name {
            case "--engine":
                switch value {
                case "postgresql": engines = [.postgreSQL]
                case "mysql": engines = [.mySQL]
                case "both": engines = [.postgreSQL, .mySQL]
                default: throw UsageError("--engine takes postgresql, mysql or both")
                }
            case "--runs": runs = try count(name, value, minimum: 1)
            case "--rows": rows = try count(name, value, minimum: 1)
            case "--stream-rows": streamRows = try count(name, value, minimum: 0)
            case "--latency-ms": latencyMs = try count(name, value, minimum: 0)
            case "--server":
                guard let value else { throw UsageError("--server takes a path") }
                server = value
            case "--phase":
                guard let value, ["insert", "stream", "load", "compare"].contains(value) else {
                    throw UsageError("--phase takes insert, stream, load or compare")
                }
                phase = value
            case "--endpoint":
                guard let value else { throw UsageError("--endpoint takes a URL") }
                endpoint = value
            default: throw UsageError("unknown option \(name)")
            }
        }
        if compareStrategies || phase == "compare" {
            guard engines.contains(.postgreSQL) else {
                throw UsageError("--compare-strategies compares PostgreSQL's strategies only")
            }
            engines = [.postgreSQL]
        }
        if phase != nil && engines.count != 1 { throw UsageError("--phase runs one engine") }
        if phase == "load" && endpoint == nil { throw UsageError("--phase load needs --endpoint") }
    }

    /// The command line of a child process that runs `phase` for `engine`.
    func child(_ phase: String, _ engine: DatabaseEngine, endpoint: String? = nil) -> [String] {
        ["--phase", phase, "--engine", engine == .mySQL ? "mysql" : "postgresql", "--runs", "\(runs)",
         "--rows", "\(rows)", "--stream-rows", "\(streamRows)", "--latency-ms", "\(latencyMs)", "--server", server]
            + (endpoint.map { ["--endpoint", $0] } ?? [])
    }
}

/// Runs this executable again with `arguments`, its output going to ours, and waits for it:
/// each phase in a process of its own, so that its CPU and RSS are its own.
func runSelf(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Bundle.main.executablePath ?? "/proc/self/exe")
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
        let status = process.terminationStatus
        throw UsageError("BulkBenchmark \(arguments.joined(separator: " ")) failed (status \(status))")
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

// MARK: The server

/// `data-api-local` in a child process, stopped with SIGTERM (it removes its ephemeral database).
final class LocalServer {
    let process: Process
    let endpoint: String
    let command: String
    let logPath: String

    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }

    init(executable: String, engine: DatabaseEngine, latencyMs: Int) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw StartFailure(description: "no data-api-local at \(executable): build it with "
                + "`swift build -c release --product data-api-local` or pass --server PATH")
        }
        let arguments = ["--engine", engine == .mySQL ? "mysql" : "postgresql", "--port", "0",
                         "--latency-ms", "\(latencyMs)", "--log-level", "warning"]
        command = ([executable] + arguments).joined(separator: " ")
        logPath = NSTemporaryDirectory() + "bulk-benchmark-\(engine.rawValue)-\(UUID().uuidString).log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
              let log = FileHandle(forWritingAtPath: logPath) else {
            throw StartFailure(description: "cannot write the server log \(logPath)")
        }
        let process = Process()
        self.process = process
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Lines until `listening on http://127.0.0.1:port`; end of output means it failed.
        let reader = output.fileHandleForReading
        var line: [UInt8] = []
        var found: String?
        while found == nil {
            guard let chunk = try reader.read(upToCount: 1), let byte = chunk.first else { break }
            if byte != UInt8(ascii: "\n") {
                line.append(byte)
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            line = []
            if text.hasPrefix("listening on ") { found = String(text.dropFirst("listening on ".count)) }
        }
        guard let found else {
            process.waitUntilExit()
            let tail = (try? String(contentsOfFile: logPath, encoding: .utf8)).map { String($0.suffix(2_000)) } ?? ""
            let status = process.terminationStatus
            throw StartFailure(description: "\(command) exited (\(status)) before listening:\n\(tail)")
        }
        endpoint = found
        // Whatever else it writes goes nowhere, so that it never blocks on a full pipe.
        Thread { _ = reader.readDataToEndOfFile() }.start()
    }

    /// SIGTERM, then SIGKILL after 60 s.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: logPath)
    }
}

/// Runs `body` with a server, stopped afterwards whatever happens.
func withServer<T>(_ options: Options, _ engine: DatabaseEngine, latencyMs: Int,
                   _ body: (LocalServer) async throws -> T) async throws -> T {
    let server = try LocalServer(executable: options.server, engine: engine, latencyMs: latencyMs)
    do {
        let result = try await body(server)
        server.stop()
        return result
    } catch {
        server.stop()
        throw error
    }
}

// MARK: Counting calls

/// Sends through libcurl and counts calls per operation, write request bodies and failures.
final class CountingTransport: HTTPTransport {
    struct Tally: Sendable {
        /// Calls per operation (`Execute`, `BatchExecute`, `BeginTransaction`, …).
        var calls: [String: Int] = [:]
        /// Σ and largest request body of Execute and BatchExecute calls.
        var writeBodyBytes = 0
        var maxWriteBody = 0
        /// Σ request body of every call (BeginTransaction, CommitTransaction, … too).
        var bodyBytes = 0
        /// The bodies of Execute and BatchExecute answers, while `keepAnswers` is on.
        var answers: [(op: String, body: [UInt8])] = []
        /// Execute calls that declare a cursor.
        var declares = 0
        /// Answers with an HTTP status of 400 or more (a page over the limit, …).
        var failures = 0
        /// The first such answer's body, cut to 200 bytes.
        var firstFailure: String?
        func count(_ op: String) -> Int { calls[op] ?? 0 }
        var writes: Int { count("Execute") + count("BatchExecute") }
    }

    private let inner = CurlTransport()
    private let tally = Mutex(Tally())
    private let keeping = Atomic(false)

    /// Whether the bodies of Execute and BatchExecute answers are kept in the tally (they
    /// hold the generated keys the library's return value does not show).
    func keepAnswers(_ on: Bool) { keeping.store(on, ordering: .relaxed) }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let op = request.url.split(separator: "/").last.map(String.init) ?? request.url
        let bytes = request.body.count
        let write = op == "Execute" || op == "BatchExecute"
        let declare = op == "Execute" && bytes < 65_536 && Self.contains(request.body, Self.declareBytes)
        let response = try await inner.send(request)
        let keep = write && keeping.load(ordering: .relaxed)
        tally.withLock { t in
            t.calls[op, default: 0] += 1
            t.bodyBytes += bytes
            if write {
                t.writeBodyBytes += bytes
                t.maxWriteBody = max(t.maxWriteBody, bytes)
            }
            if keep { t.answers.append((op, response.body)) }
            if declare { t.declares += 1 }
            if response.status >= 400 {
                t.failures += 1
                if t.firstFailure == nil { t.firstFailure = String(decoding: response.body.prefix(200), as: UTF8.self) }
            }
        }
        return response
    }

    /// What was counted since the last call; counting starts again.
    func take() -> Tally { tally.withLock { t in defer { t = Tally() }; return t } }

    private static let declareBytes = Array("DECLARE ".utf8)
    private static func contains(_ body: [UInt8], _ needle: [UInt8]) -> Bool {
        guard body.count >= needle.count else { return false }
        for start in 0...(body.count - needle.count) where body[start] == needle[0] {
            if body[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

/// The local server's default cluster, secret and keys (AWS's documented example values).
enum LocalDefaults {
    static let clusterArn = "arn:aws:rds:us-east-1:123456789012:cluster:dummy"
    static let secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy"
    static let accessKeyId = "AKIAIOSFODNN7EXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

func database(_ engine: DatabaseEngine, _ server: LocalServer, transport: CountingTransport) -> Database {
    let client = DataAPIClient(
        configuration: .init(region: "us-east-1", endpoint: server.endpoint, retryPolicy: .none, environment: [:]),
        credentialProvider: StaticCredentialProvider(accessKeyId: LocalDefaults.accessKeyId,
                                                     secretAccessKey: LocalDefaults.secretAccessKey),
        transport: transport)
    let configuration = DatabaseConfiguration(resourceArn: LocalDefaults.clusterArn, secretArn: LocalDefaults.secretArn,
                                              engine: engine)
    return Database(configuration: configuration, client: client)
}

// MARK: Measuring

/// User + system CPU of this process, in seconds.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6
        + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// A field of /proc/self/status in bytes (`VmHWM`, `VmRSS`), nil where there is none.
func procStatus(_ field: String) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        let number = line.dropFirst(field.count + 1).filter(\.isNumber)
        return Int(number).map { $0 * 1_024 }
    }
    return nil
}

/// Resets VmHWM to the current RSS; false where the kernel does not allow it.
func resetPeakRSS() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
    return true
}

/// Hands freed heap back to the system (glibc's malloc_trim), so that RSS starts from what
/// is in use. Looked up at run time: the Glibc module does not declare it.
func trimHeap() {
    #if canImport(Glibc)
    typealias Trim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
    #endif
}

// MARK: Printing

/// Writes a line at once (unbuffered), so that progress shows when the output is piped.
func emit(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

/// One figure a line: `engine  phase  figure  value  detail`.
func report(_ engine: DatabaseEngine, _ phase: String, _ figure: String, _ value: String, _ detail: String = "") {
    func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
    }
    emit(pad(engine.rawValue, 11) + pad(phase, 7) + pad(figure, 26) + pad(value, 14) + detail)
}

/// The measuring process: its pid and RSS when it started.
func reportProcess(_ engine: DatabaseEngine, _ phase: String, startRSS: Int?) {
    report(engine, phase, "client process", "pid \(ProcessInfo.processInfo.processIdentifier)",
           "VmRSS at start " + (startRSS.map { fixed(Double($0) / Double(1 << 20), 1) } ?? "n/a") + " MiB")
}

func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (k, c) in digits.enumerated() {
        if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + out
}

func fixed(_ x: Double, _ places: Int) -> String { String(format: "%.\(places)f", x) }
func verdict(_ ok: Bool) -> String { ok ? "ok" : "ABOVE TARGET" }
func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

// MARK: 1. Insert

func insertBenchmark(_ options: Options, _ engine: DatabaseEngine) async throws {
    let startRSS = procStatus("VmRSS")
    try await withServer(options, engine, latencyMs: options.latencyMs) { server in
        reportProcess(engine, "insert", startRSS: startRSS)
        report(engine, "insert", "server", "pid \(server.process.processIdentifier)", server.command
            + "  → " + server.endpoint)
        let transport = CountingTransport()
        let db = database(engine, server, transport: transport)
        try await db.drop(BenchRow.self, ifExists: true)
        try await db.create(BenchRow.self)
        let models = (0..<options.rows).map(Sample.row)
        let variable = models.reduce(0) { $0 + Sample.variableBytes($1) }
        var calls: [Double] = [], minimums: [Double] = [], ratios: [Double] = [], walls: [Double] = []
        var cpuPerRow: [Double] = [], maxBodies: [Double] = [], bodyTotals: [Double] = []
        var others = CountingTransport.Tally()
        for _ in 0..<options.runs {
            try await db.execute("TRUNCATE TABLE bench_rows")
            _ = transport.take()
            let cpu0 = cpuSeconds()
            let t0 = ContinuousClock.now
            let inserted = try await db.insert(contentsOf: models)
            let wall = seconds(ContinuousClock.now - t0)
            let cpu = cpuSeconds() - cpu0
            let tally = transport.take()
            guard inserted == models.count else {
                throw UsageError("insert(contentsOf:) reported \(inserted) rows for \(models.count)")
            }
            let minimum = ceilDiv(tally.writeBodyBytes, 4 << 20)
            calls.append(Double(tally.writes))
            minimums.append(Double(minimum))
            ratios.append(Double(tally.writes) / Double(max(1, minimum)))
            walls.append(wall)
            cpuPerRow.append(cpu / Double(models.count) * 1e6)
            maxBodies.append(Double(tally.maxWriteBody))
            bodyTotals.append(Double(tally.writeBodyBytes))
            others = tally
        }
        let stored: Int64 = try await db.fetchValue(BenchRow.select(countAll()))
        let runs = { (xs: [Double], places: Int) in xs.map { fixed($0, places) }.joined(separator: " ") }
        report(engine, "insert", "rows", grouped(models.count), "8 columns, name+payload "
            + fixed(Double(variable) / Double(models.count), 1) + " B/row; \(options.runs) runs, medians; "
            + "table truncated before each run; \(grouped(Int(stored))) rows in the table after the last")
        report(engine, "insert", "write calls", fixed(median(calls), 0), "Execute \(others.count("Execute")), "
            + "BatchExecute \(others.count("BatchExecute")) in the last run; runs: " + runs(calls, 0))
        report(engine, "insert", "minimum write calls", fixed(median(minimums), 0),
               "⌈Σ write request body \(grouped(Int(median(bodyTotals)))) B / 4 MiB⌉")
        report(engine, "insert", "calls / minimum", fixed(median(ratios), 2),
               "target ≤ 1.10 " + verdict(median(ratios) <= 1.1) + "; runs: " + runs(ratios, 2))
        report(engine, "insert", "other calls", "\(others.calls.values.reduce(0, +) - others.writes)",
               others.calls.filter { $0.key != "Execute" && $0.key != "BatchExecute" }.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "; failed answers \(others.failures)"
                + (others.firstFailure.map { ", the first: " + $0 } ?? ""))
        report(engine, "insert", "wall s", fixed(median(walls), 3),
               "server latency \(options.latencyMs) ms per call; runs: " + runs(walls, 3))
        report(engine, "insert", "client CPU µs/row", fixed(median(cpuPerRow), 2),
               "user+sys; target ≤ 5 " + verdict(median(cpuPerRow) <= 5) + "; runs: " + runs(cpuPerRow, 2))
        report(engine, "insert", "max request body B", grouped(Int(maxBodies.max() ?? 0)),
               "limit 4,194,304 with headers (the library keeps 8 KiB for them)")
    }
}

// MARK: 2. Stream

func streamBenchmark(_ options: Options, _ engine: DatabaseEngine) async throws {
    let n = options.streamRows
    let startRSS = procStatus("VmRSS")
    try await withServer(options, engine, latencyMs: 0) { server in
        reportProcess(engine, "stream", startRSS: startRSS)
        report(engine, "stream", "server", "pid \(server.process.processIdentifier)", server.command
            + "  → " + server.endpoint + " (a second server process, no latency, loaded afresh)")
        // Loaded by a child process, so that none of the rows' memory stays in this one.
        let load0 = ContinuousClock.now
        try runSelf(options.child("load", engine, endpoint: server.endpoint))
        let loadSeconds = seconds(ContinuousClock.now - load0)
        // The bytes the server counts, from the same rows, one at a time.
        var resultBytes = 0
        var variableBytes = 0
        for i in 0..<n {
            let row = Sample.row(i)
            resultBytes += engine == .mySQL ? ResultBytes.mySQL(i, row) : ResultBytes.postgreSQL(i, row)
            variableBytes += Sample.variableBytes(row)
        }
        let transport = CountingTransport()
        let db = database(engine, server, transport: transport)
        trimHeap()
        let rssBefore = procStatus("VmRSS")
        let resetOK = resetPeakRSS()
        var rssSamples: [Int] = []
        let sampleEvery = max(1, n / 10)

        var count = 0
        var nextID: Int64 = 0
        var inOrder = true
        var seenVariable = 0
        let cpu0 = cpuSeconds()
        let t0 = ContinuousClock.now
        for try await row in db.stream(BenchRow.select()) {
            if row.id != nextID { inOrder = false }
            nextID = row.id + 1
            seenVariable += Sample.variableBytes(row)
            count += 1
            if count % sampleEvery == 0, let rss = procStatus("VmRSS") { rssSamples.append(rss) }
        }
        let wall = seconds(ContinuousClock.now - t0)
        let cpu = cpuSeconds() - cpu0
        let peak = procStatus("VmHWM")
        let tally = transport.take()

        let mib = Double(1 << 20)
        let minimum = max(1, ceilDiv(resultBytes, 1 << 20))
        let pages = tally.count("Execute")
        let ratio = Double(pages) / Double(minimum)
        let rule = engine == .mySQL ? ResultBytes.mySQLRule : ResultBytes.postgreSQLRule
        report(engine, "stream", "rows", grouped(count), "expected \(grouped(n)); ids in key order: \(inOrder); "
            + "name+payload bytes match: \(seenVariable == variableBytes); loaded in " + fixed(loadSeconds, 1) + " s")
        report(engine, "stream", "result bytes", grouped(resultBytes),
               fixed(Double(resultBytes) / Double(max(1, n)), 1) + " B/row; " + rule)
        report(engine, "stream", "page calls", "\(pages)", engine == .mySQL
            ? "Execute calls during the stream (keyset pages)"
            : "Execute calls during the stream: \(tally.declares) DECLARE + \(pages - tally.declares) FETCH")
        report(engine, "stream", "minimum page calls", "\(minimum)",
               "⌈result bytes / 1 MiB⌉ = ⌈" + fixed(Double(resultBytes) / mib, 2) + "⌉")
        report(engine, "stream", "calls / minimum", fixed(ratio, 2), "target ≤ 1.10 " + verdict(ratio <= 1.1))
        report(engine, "stream", "other calls", "\(tally.calls.values.reduce(0, +) - pages)",
               tally.calls.filter { $0.key != "Execute" }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", ") + "; failed answers (pages over the limit, …) \(tally.failures)"
                + (tally.firstFailure.map { ", the first: " + $0 } ?? ""))
        let peakText = peak.map { fixed(Double($0) / mib, 1) } ?? "n/a"
        report(engine, "stream", "client peak RSS MiB", peakText,
               (resetOK ? "VmHWM, reset before the stream"
                        : "VmHWM NOT reset (clear_refs refused): peak of the process")
                + "; VmRSS before " + (rssBefore.map { fixed(Double($0) / mib, 1) } ?? "n/a") + " MiB; target ≤ 64 "
                + verdict((peak ?? Int.max) <= 64 << 20))
        let tenths = rssSamples.map { fixed(Double($0) / mib, 1) }
        report(engine, "stream", "client RSS MiB by tenths", tenths.last ?? "n/a",
               "VmRSS after each tenth of the rows: " + tenths.joined(separator: " "))
        report(engine, "stream", "rows/s", grouped(Int(Double(count) / max(wall, 1e-9))),
               "wall " + fixed(wall, 2) + " s")
        report(engine, "stream", "client CPU µs/row", fixed(cpu / Double(max(1, count)) * 1e6, 2),
               "user+sys, models decoded and read")
    }
}

/// Fills the table at `--endpoint` with the stream's rows, 50,000 models a call.
func load(_ options: Options, _ engine: DatabaseEngine, endpoint: String) async throws {
    let client = DataAPIClient(
        configuration: .init(region: "us-east-1", endpoint: endpoint, retryPolicy: .none, environment: [:]),
        credentialProvider: StaticCredentialProvider(accessKeyId: LocalDefaults.accessKeyId,
                                                     secretAccessKey: LocalDefaults.secretAccessKey))
    let db = Database(configuration: DatabaseConfiguration(resourceArn: LocalDefaults.clusterArn,
                                                           secretArn: LocalDefaults.secretArn, engine: engine),
                      client: client)
    try await db.drop(BenchRow.self, ifExists: true)
    try await db.create(BenchRow.self)
    var start = 0
    while start < options.streamRows {
        let end = min(options.streamRows, start + 50_000)
        try await db.insert(contentsOf: (start..<end).map(Sample.row))
        start = end
    }
}

// MARK: PostgreSQL insert strategies (--compare-strategies)

/// What the strategy comparison needs of a model: its key column, its key and the name that
/// tells its rows apart.
protocol BenchModel: Table {
    associatedtype Key: SQLBindable
    static var id: Column<Self, Key> { get }
    /// The key as stored; nil while the database has not filled it in.
    var key: Int64? { get }
    var name: String { get }
}

extension BenchRow: BenchModel {
    var key: Int64? { id }
}

/// `BenchRow` with a key the database generates (`bigserial`), for the key check: the same
/// columns and values, `id` left nil (so 7 columns are sent).
struct KeyedBenchRow: BenchModel {
    var id: Int64?
    var name: String
    var score: Double
    var active: Bool
    var amount: Decimal
    var createdAt: Date
    var day: Date
    var payload: Data

    static let tableName = "bench_keyed_rows"
    enum CodingKeys: String, CodingKey { case id, name, score, active, amount, createdAt = "created_at", day, payload }
    static let id = Column<KeyedBenchRow, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
    static let name = Column<KeyedBenchRow, String>(CodingKeys.name)
    static let score = Column<KeyedBenchRow, Double>(CodingKeys.score)
    static let active = Column<KeyedBenchRow, Bool>(CodingKeys.active)
    static let amount = Column<KeyedBenchRow, Decimal>(CodingKeys.amount, type: .decimal(precision: 12, scale: 2))
    static let createdAt = Column<KeyedBenchRow, Date>(CodingKeys.createdAt, type: .timestamp)
    static let day = Column<KeyedBenchRow, Date>(CodingKeys.day, type: .date)
    static let payload = Column<KeyedBenchRow, Data>(CodingKeys.payload)
    static let columns = [
        id.schema, name.schema, score.schema, active.schema, amount.schema, createdAt.schema, day.schema,
        payload.schema,
    ]

    var key: Int64? { id }

    /// `row`'s values, its key left to the database.
    init(_ row: BenchRow) {
        id = nil
        name = row.name
        score = row.score
        active = row.active
        amount = row.amount
        createdAt = row.createdAt
        day = row.day
        payload = row.payload
    }
}

/// The candidate ways of sending many rows to PostgreSQL.
enum InsertStrategy: CaseIterable {
    /// `insert(contentsOf:)` (`insertReturning(contentsOf:)` for a generated key): one
    /// `INSERT … SELECT … FROM json_array_elements(CAST(:p1 AS json))` per request, what the
    /// library does.
    case jsonRows
    /// An upsert of every row (`ON CONFLICT ("id") DO NOTHING`), which the library sends as
    /// `BatchExecuteStatement` parameter sets.
    case parameterSets
    /// Multi-row `INSERT … VALUES (…), (…) RETURNING "id"`, one `ExecuteStatement` per chunk,
    /// the chunks in one transaction.
    case values

    /// The phase column of its lines.
    var phase: String {
        switch self {
        case .jsonRows: "json"
        case .parameterSets: "batch"
        case .values: "values"
        }
    }

    /// What it runs.
    func call(keyed: Bool) -> String {
        switch self {
        case .jsonRows:
            keyed ? "try await db.insertReturning(contentsOf: rows)" : "try await db.insert(contentsOf: rows)"
        case .parameterSets:
            "try await db.execute(M.insert(rows).onConflict(M.id).doNothing())"
        case .values:
            "try await db.transaction { tx in for chunk … { try await tx.execute(M.insert(chunk).returning(M.id)) } }"
        }
    }
}

/// The largest chunk of a multi-row `INSERT … VALUES … RETURNING "id"` and its figures.
struct ValuesChunk {
    /// Rows per statement.
    var rows: Int
    /// The figures of the first `rows` rows and of one row more.
    var at: ChunkFigures
    var above: ChunkFigures?
    /// The largest request body of all the chunks the rows make.
    var largestBody: Int
}

/// One candidate chunk's SQL characters, bind parameters and request body bytes.
struct ChunkFigures {
    var sqlCharacters: Int
    var parameters: Int
    var bodyBytes: Int
}

/// PostgreSQL's limit on the bind parameters of one statement.
let postgreSQLParameterLimit = 65_535
/// The longest transaction id the service issues: room kept for it in each chunk's request.
let transactionIdRoom = 192

/// The most rows one `M.insert(chunk).returning(M.id)` may carry: its SQL within the service's
/// 65,536 characters, its bind parameters within PostgreSQL's 65,535, its `ExecuteStatement`
/// body within 4 MiB less the library's 8 KiB header allowance (with a 192-character
/// transaction id). Each candidate is rendered and its request encoded as the library would
/// send it, on the first rows; bisection, since all three grow with the rows. The SQL and the
/// parameters are the same for any k rows, the body is not: every chunk's body is checked
/// after, and k made smaller while one is over.
func valuesChunk<M: BenchModel>(_ models: [M], configuration: DatabaseConfiguration) throws -> ValuesChunk {
    let limits = DataAPILimits()
    let temporal = TemporalCoding(timeZone: configuration.timeZone)
    let transactionId = String(repeating: "t", count: transactionIdRoom)
    func figures(_ k: Int, from start: Int = 0) throws -> ChunkFigures {
        let rows = Array(models[start..<min(models.count, start + k)])
        let query = try M.insert(rows).returning(M.id).render(.postgreSQL)
        let request = ExecuteStatementRequest(
            resourceArn: configuration.resourceArn, secretArn: configuration.secretArn, sql: query.sql,
            database: configuration.database, parameters: FieldMapping.parameters(query, temporal: temporal),
            transactionId: transactionId)
        return ChunkFigures(sqlCharacters: query.sql.count, parameters: query.values.count,
                            bodyBytes: try RequestJSON.encode(request).count)
    }
    func fits(_ f: ChunkFigures) -> Bool {
        f.sqlCharacters <= limits.sqlCharacters && f.parameters <= postgreSQLParameterLimit
            && f.bodyBytes <= limits.requestBytes - limits.headerAllowance
    }
    let one = try figures(1)
    guard fits(one) else { throw UsageError("one row alone is over a limit of a VALUES statement") }
    // fits(lo) holds and fits(hi) does not (or hi is every row), the parameter limit bounding hi.
    var lo = 1
    var hi = min(models.count, postgreSQLParameterLimit / max(1, one.parameters) + 1)
    var atLo = one
    let atHi = try figures(hi)
    if fits(atHi) && hi == models.count {
        return ValuesChunk(rows: hi, at: atHi, above: nil, largestBody: atHi.bodyBytes)
    }
    var above = atHi
    while hi - lo > 1 {
        let mid = (lo + hi) / 2
        let f = try figures(mid)
        if fits(f) { (lo, atLo) = (mid, f) } else { (hi, above) = (mid, f) }
    }
    while true {
        let bodies = try stride(from: 0, to: models.count, by: lo).map { try figures(lo, from: $0).bodyBytes }
        let largest = bodies.max() ?? 0
        if largest <= limits.requestBytes - limits.headerAllowance || lo == 1 {
            return ValuesChunk(rows: lo, at: atLo, above: above, largestBody: largest)
        }
        (lo, above) = (lo - 1, atLo)
        atLo = try figures(lo)
    }
}

/// One strategy's run: what it sent, what it cost, what it stored and the keys it got back.
struct StrategyRun {
    var tally: CountingTransport.Tally
    var wall: Double
    /// Client CPU (getrusage self, user + sys) per row, µs.
    var cpuPerRow: Double
    var stored: Int64
    /// The generated keys in the order they came back (none for caller-set keys).
    var keys: [Int64]
}

/// Empties `M`'s table (its key sequence too), then sends `models` with `strategy`, timed.
/// For a model with a generated key, the keys come from `insertReturning(contentsOf:)`, from
/// the `RETURNING` rows of the VALUES chunks' answers, or from the batch answers'
/// `generatedFields`, read after the clock stops.
func runStrategy<M: BenchModel>(_ strategy: InsertStrategy, _ models: [M], chunk: Int, db: Database,
                                transport: CountingTransport) async throws -> StrategyRun {
    try await db.execute(SQL(unsafeRaw: "TRUNCATE TABLE \"\(M.tableName)\" RESTART IDENTITY"))
    let generated = M.columns.contains(where: \.isAutoIncrement)
    _ = transport.take()
    transport.keepAnswers(generated && strategy != .jsonRows)
    var returned: [M] = []
    let cpu0 = cpuSeconds()
    let t0 = ContinuousClock.now
    switch strategy {
    case .jsonRows:
        if generated {
            returned = try await db.insertReturning(contentsOf: models)
        } else {
            try await db.insert(contentsOf: models)
        }
    case .parameterSets:
        try await db.execute(M.insert(models).onConflict(M.id).doNothing())
    case .values:
        try await db.transaction { tx in
            var start = 0
            while start < models.count {
                let end = min(models.count, start + chunk)
                try await tx.execute(M.insert(Array(models[start..<end])).returning(M.id))
                start = end
            }
        }
    }
    let wall = seconds(ContinuousClock.now - t0)
    let cpu = cpuSeconds() - cpu0
    transport.keepAnswers(false)
    let tally = transport.take()
    var keys: [Int64] = []
    if generated {
        switch strategy {
        case .jsonRows:
            keys = returned.compactMap(\.key)
        case .parameterSets:
            for answer in tally.answers where answer.op == "BatchExecute" {
                let response = try WireJSON.decoder.decode(BatchExecuteStatementResponse.self, from: Data(answer.body))
                for result in response.updateResults ?? [] {
                    for case .longValue(let key) in result.generatedFields ?? [] { keys.append(key) }
                }
            }
        case .values:
            for answer in tally.answers where answer.op == "Execute" {
                let response = try WireJSON.decoder.decode(ExecuteStatementResponse.self, from: Data(answer.body))
                for record in response.records ?? [] {
                    if case .longValue(let key)? = record.first { keys.append(key) }
                }
            }
        }
    }
    let stored: Int64 = try await db.fetchValue(M.select(countAll()))
    return StrategyRun(tally: tally, wall: wall, cpuPerRow: cpu / Double(max(1, models.count)) * 1e6,
                       stored: stored, keys: keys)
}

/// Whether `keys[i]` is the key of the row stored from `models[i]` for every row: the table
/// read back, each key's stored name compared with its model's.
func keysMatchRows<M: BenchModel>(_ keys: [Int64], _ models: [M], db: Database) async throws -> Bool {
    guard keys.count == models.count else { return false }
    var names: [Int64: String] = [:]
    names.reserveCapacity(models.count)
    for try await row in db.stream(M.select()) {
        if let key = row.key { names[key] = row.name }
    }
    for (i, key) in keys.enumerated() where names[key] != models[i].name { return false }
    return true
}

/// A strategy's figures in the summary table.
struct SummaryLine {
    var strategy: String
    var run: StrategyRun
    var keys: String
}

func compareStrategies(_ options: Options) async throws {
    let engine = DatabaseEngine.postgreSQL
    let startRSS = procStatus("VmRSS")
    try await withServer(options, engine, latencyMs: options.latencyMs) { server in
        reportProcess(engine, "compare", startRSS: startRSS)
        report(engine, "compare", "server", "pid \(server.process.processIdentifier)", server.command
            + "  → " + server.endpoint)
        let transport = CountingTransport()
        let db = database(engine, server, transport: transport)
        try await db.drop(BenchRow.self, ifExists: true)
        try await db.create(BenchRow.self)
        try await db.drop(KeyedBenchRow.self, ifExists: true)
        try await db.create(KeyedBenchRow.self)
        let plain = (0..<options.rows).map(Sample.row)
        let keyed = plain.map(KeyedBenchRow.init)
        let variable = plain.reduce(0) { $0 + Sample.variableBytes($1) }
        let warmUp = min(1_000, options.rows)
        report(engine, "compare", "rows", grouped(plain.count), "name+payload "
            + fixed(Double(variable) / Double(plain.count), 1) + " B/row; each strategy once, after a "
            + "\(grouped(warmUp))-row warm-up of the same strategy, on a table emptied before each "
            + "(TRUNCATE … RESTART IDENTITY)")
        var summary: [SummaryLine] = []

        func chunkFor<M: BenchModel>(_ models: [M]) throws -> Int {
            let chunk = try valuesChunk(models, configuration: db.configuration)
            let limits = DataAPILimits()
            let budget = limits.requestBytes - limits.headerAllowance
            var bound = "every row fits one statement"
            if let above = chunk.above {
                bound = "\(grouped(chunk.rows + 1)) rows: SQL \(grouped(above.sqlCharacters)) chars, "
                    + "\(grouped(above.parameters)) parameters, body \(grouped(above.bodyBytes)) B"
            }
            report(engine, "values", "chunk k (\(M.self))", grouped(chunk.rows),
                   "rendered: SQL \(grouped(chunk.at.sqlCharacters)) chars ≤ \(grouped(limits.sqlCharacters)); "
                    + "\(grouped(chunk.at.parameters)) parameters ≤ \(grouped(postgreSQLParameterLimit)); "
                    + "body \(grouped(chunk.at.bodyBytes)) B ≤ \(grouped(budget)) (with a \(transactionIdRoom)-char "
                    + "transaction id); one more, \(bound); "
                    + "\(ceilDiv(models.count, chunk.rows)) chunks, the largest body of any "
                    + "\(grouped(chunk.largestBody)) B")
            return chunk.rows
        }

        /// Runs every strategy on `models` and prints its figures, the generated keys checked
        /// where the model has one.
        func measure<M: BenchModel>(_ models: [M], chunk: Int, note: String) async throws {
            let generated = M.columns.contains(where: \.isAutoIncrement)
            report(engine, "compare", "model", "\(M.self)", note)
            for strategy in InsertStrategy.allCases {
                _ = try await runStrategy(strategy, Array(models.prefix(warmUp)), chunk: chunk, db: db,
                                          transport: transport)
                let run = try await runStrategy(strategy, models, chunk: chunk, db: db, transport: transport)
                let t = run.tally
                let phase = strategy.phase
                let transactions = t.calls.filter { $0.key != "Execute" && $0.key != "BatchExecute" }
                    .sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                report(engine, phase, "call", "", strategy.call(keyed: generated))
                report(engine, phase, "calls", "\(t.calls.values.reduce(0, +))",
                       "Execute \(t.count("Execute")), BatchExecute \(t.count("BatchExecute")); "
                        + (transactions.isEmpty ? "no transaction calls" : transactions.joined(separator: ", "))
                        + "; failed answers \(t.failures)" + (t.firstFailure.map { ", the first: " + $0 } ?? "")
                        + "; rows stored \(grouped(Int(run.stored)))")
                report(engine, phase, "Σ request body B", grouped(t.writeBodyBytes),
                       "Execute + BatchExecute; all calls \(grouped(t.bodyBytes)) B; largest "
                        + "\(grouped(t.maxWriteBody)) B; ⌈Σ / 4 MiB⌉ = \(ceilDiv(t.writeBodyBytes, 4 << 20))")
                report(engine, phase, "wall s", fixed(run.wall, 3), "server latency \(options.latencyMs) ms per call")
                report(engine, phase, "client CPU µs/row", fixed(run.cpuPerRow, 2), "getrusage self, user+sys")
                var keys = "n/a"
                if generated {
                    if run.keys.isEmpty {
                        keys = "none"
                        let why = strategy == .parameterSets
                            ? " (PostgreSQL reports no generatedFields for a batch)" : ""
                        report(engine, phase, "generated keys", keys, "no key came back" + why)
                    } else {
                        let ascending = zip(run.keys, run.keys.dropFirst()).allSatisfy { $0 < $1 }
                        let match = try await keysMatchRows(run.keys, models, db: db)
                        keys = match ? "in order" : "NOT in order"
                        report(engine, phase, "generated keys", keys, "\(grouped(run.keys.count)) keys back for "
                            + "\(grouped(models.count)) rows; key i is row i's (table read back): \(match); "
                            + "ascending: \(ascending)")
                    }
                } else {
                    report(engine, phase, "generated keys", keys, "ids set by the caller")
                }
                summary.append(SummaryLine(strategy: "\(M.self) \(strategy.phase)", run: run, keys: keys))
            }
        }

        try await measure(plain, chunk: try chunkFor(plain),
                          note: "caller-set bigint id, 8 columns sent; keys not applicable")
        try await measure(keyed, chunk: try chunkFor(keyed),
                          note: "bigserial id left to the database, 7 columns sent; generated keys checked")
        try await db.drop(KeyedBenchRow.self, ifExists: true)

        func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, n - s.count))
            return right ? fill + s : s + fill
        }
        emit("")
        emit(pad("summary", 22) + pad("calls", 7, right: true) + pad("writes", 8, right: true)
             + pad("tx calls", 10, right: true) + pad("Σ write body B", 16, right: true) + pad("wall s", 9, right: true)
             + pad("CPU µs/row", 12, right: true) + "  keys")
        for line in summary {
            let t = line.run.tally
            let all = t.calls.values.reduce(0, +)
            emit(pad(line.strategy, 22) + pad("\(all)", 7, right: true) + pad("\(t.writes)", 8, right: true)
                 + pad("\(all - t.writes)", 10, right: true) + pad(grouped(t.writeBodyBytes), 16, right: true)
                 + pad(fixed(line.run.wall, 3), 9, right: true) + pad(fixed(line.run.cpuPerRow, 2), 12, right: true)
                 + "  " + line.keys)
        }
    }
}

// MARK: Main

let options: Options
do { options = try Options(CommandLine.arguments) } catch {
    FileHandle.standardError.write(Data("\(error)\n\(usage)\n".utf8))
    exit(2)
}

do {
    switch options.phase {
    case "insert":
        for engine in options.engines { try await insertBenchmark(options, engine) }
    case "stream":
        for engine in options.engines { try await streamBenchmark(options, engine) }
    case "load":
        for engine in options.engines { try await load(options, engine, endpoint: options.endpoint ?? "") }
    case "compare":
        try await compareStrategies(options)
    default:
        let cpuModel = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
            .first { $0.hasPrefix("model name") }.flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown cpu"
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30)
        emit("bulk benchmark")
        emit("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores (\(cpuModel)), " + fixed(memory, 1)
             + " GiB, " + ProcessInfo.processInfo.operatingSystemVersionString)
        emit("command: " + CommandLine.arguments.joined(separator: " "))
        if options.compareStrategies {
            emit("sizes: \(grouped(options.rows)) rows per strategy at --latency-ms \(options.latencyMs)")
            emit("the comparison runs in a child process of its own (BulkBenchmark --phase compare …)")
            emit("columns: engine strategy figure value detail")
            try runSelf(options.child("compare", .postgreSQL))
        } else {
            emit("sizes: insert \(grouped(options.rows)) rows × \(options.runs) runs at --latency-ms "
                 + "\(options.latencyMs); stream \(grouped(options.streamRows)) rows at --latency-ms 0")
            emit("each phase runs in a child process of its own (BulkBenchmark --phase insert|stream …); "
                 + "the stream's rows are loaded by another (--phase load)")
            emit("columns: engine phase figure value detail")
            for engine in options.engines {
                try runSelf(options.child("insert", engine))
                if options.streamRows > 0 { try runSelf(options.child("stream", engine)) }
            }
        }
    }
} catch {
    FileHandle.standardError.write(Data("bulk benchmark failed: \(error)\n".utf8))
    exit(1)
}
