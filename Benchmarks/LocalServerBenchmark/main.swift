// Local Data API benchmark: autocommit `SELECT 1` calls/s through data-api-local (a child
// process, signed requests from DataAPIClient) with 1 and 8 concurrent callers, beside pgbench
// on the same PostgreSQL as the limit; and the server's resident memory after 10,000 calls and
// after 100 abandoned transactions have timed out. With `--engine mysql` the same against an
// ephemeral MariaDB, beside mysqlslap.
//
//   for p in data-api-local LocalServerBenchmark; do swift build -c release --product $p; done
//   .build/release/LocalServerBenchmark [--seconds 5] [--runs 3] [--engine mysql]
import DataAPIClient
import DataAPILocal
import Foundation

let args = CommandLine.arguments
func option(_ name: String, _ fallback: Double) -> Double {
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Double(args[i + 1]) else { return fallback }
    return v
}
let seconds = option("--seconds", 5)
let runs = Int(option("--runs", 3))

// `--front-door N`: what the server does with a request before it runs it, in process and N
// times: the front door's check of the head (host, method, length, signature headers, content
// type), the signature recomputed over the body, and the region check (on the ARN the
// operation's decoded request gives, since 2026-12-01); CPU per request.
if let i = args.firstIndex(of: "--front-door"), i + 1 < args.count, let n = Int(args[i + 1]) {
    let configuration = DataAPILocalConfiguration()
    let policy = FrontDoorPolicy(configuration: configuration)
    let verifier = policy.verifier!
    let body = Array(("{\"resourceArn\":\"\(DataAPILocalConfiguration.defaultClusterArn)\",\"secretArn\":"
        + "\"\(DataAPILocalConfiguration.defaultSecretArn)\",\"sql\":\"SELECT 1\"}").utf8)
    let signed = try SigV4.sign(
        SigningRequest(method: "POST", url: "http://127.0.0.1:8080/Execute",
                       headers: [("Content-Type", "application/json")], body: body),
        credentials: AWSCredentials(accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                                    secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey),
        region: "us-east-1", service: "rds-data", date: Date())
    var headers: [(name: String, value: String)] = [
        ("Host", "127.0.0.1:8080"), ("Accept", "*/*"), ("Content-Type", "application/json"),
        ("User-Agent", "swift-data-api/bench"), ("Content-Length", "\(body.count)"),
    ]
    for (name, value) in signed.added.sorted(by: { $0.key < $1.key }) { headers.append((name, value)) }
    func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }
    // What the responder passes: HTTPTypes' lowercase names, the authority as `host`.
    let forVerify = headers.filter { $0.name != "Host" }.map { (name: $0.name.lowercased(), value: $0.value) }
    var samples: [Double] = []
    for _ in 0..<5 {
        let c0 = cpuSeconds()
        for _ in 0..<n {
            guard policy.check(method: "POST", uri: "/Execute", headers: headers) == nil else { fatalError("refused") }
            var withHost = forVerify
            withHost.append(("host", "127.0.0.1:8080"))
            let claim = try verifier.verify(method: "POST", uri: "/Execute", headers: withHost, body: body)
            // The ARN comes from the request the operation decodes (not timed here).
            guard SigV4Verifier.checkRegion(arn: DataAPILocalConfiguration.defaultClusterArn, region: claim.region) == nil
            else { fatalError("region") }
        }
        samples.append((cpuSeconds() - c0) / Double(n) * 1e6)
    }
    samples.sort()
    print(String(format: "front door + signature + region, CPU per request: median %.2f µs [%.2f–%.2f]",
                 samples[2], samples[0], samples[4]))
    exit(0)
}

let mysql = args.firstIndex(of: "--engine").map { $0 + 1 < args.count && args[$0 + 1] == "mysql" } ?? false
nonisolated(unsafe) var pgServer: EphemeralPostgres?
nonisolated(unsafe) var mariaDB: EphemeralMariaDB?
if mysql { mariaDB = try await EphemeralMariaDB.start() } else { pgServer = try await EphemeralPostgres.start() }
let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
    "data-api-local"
).path
let server = Process()
server.executableURL = URL(fileURLWithPath: bin)
server.arguments = ["--port", "0", mysql ? "--mysql-url" : "--postgres-url", mariaDB?.url ?? pgServer!.url,
                    "--transaction-idle-timeout", "2", "--max-transactions", "256", "--log-level", "warning"]
let out = Pipe()
server.standardOutput = out
try server.run()
var line = Data()
while let b = try out.fileHandleForReading.read(upToCount: 1), !b.isEmpty, b != Data("\n".utf8) { line += b }
let endpoint = String(decoding: line, as: UTF8.self).replacingOccurrences(of: "listening on ", with: "")

let client = DataAPIClient(
    configuration: .init(region: "us-east-1", endpoint: endpoint, retryPolicy: .none, environment: [:]),
    credentialProvider: StaticCredentialProvider(accessKeyId: DataAPILocalConfiguration.defaultAccessKeyId,
                                                 secretAccessKey: DataAPILocalConfiguration.defaultSecretAccessKey))
let cluster = DataAPILocalConfiguration.defaultClusterArn, secret = DataAPILocalConfiguration.defaultSecretArn
let select1 = ExecuteStatementRequest(resourceArn: cluster, secretArn: secret, sql: "SELECT 1")

func rssKiB(_ pid: Int32) -> Int {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

/// Calls/s for `callers` tasks calling in a loop for `seconds`.
func dataAPIRate(callers: Int) async throws -> Double {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    let start = ContinuousClock.now
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<callers {
            group.addTask {
                var n = 0
                while ContinuousClock.now < deadline {
                    let r = try await client.executeStatement(select1)
                    precondition(r.records?.first?.first == .longValue(1))
                    n += 1
                }
                return n
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = ContinuousClock.now - start
    return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

nonisolated(unsafe) var transactionsPerClient = 10_000
/// Queries/s of `SELECT 1` over direct connections, from mysqlslap's average wall time.
func mysqlslap(clients: Int) throws -> Double {
    let db = mariaDB!
    let queries = transactionsPerClient * clients
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [
        "mysqlslap", "-h", "127.0.0.1", "-P", "\(db.port)", "-u", db.user, "-p\(db.password)", "--query=SELECT 1",
        "--concurrency=\(clients)", "--iterations=1", "--number-of-queries=\(queries)",
        "--create-schema=\(db.database)",
    ]
    let o = Pipe()
    p.standardOutput = o; p.standardError = FileHandle.nullDevice
    try p.run()
    let text = String(decoding: o.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    let line = text.split(separator: "\n").first { $0.contains("Average number of seconds") } ?? ""
    let secs = Double(line.split(separator: " ").compactMap { Double($0) }.first ?? 0)
    return secs > 0 ? Double(queries) / secs : 0
}

func pgbench(_ extra: [String]) throws -> Double {
    let pg = pgServer!
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    // A transaction count, not -T: a child of this process inherits a signal mask under which
    // pgbench's -T timer never fires.
    p.arguments =
        ["pgbench", "-n", "-h", "127.0.0.1", "-p", "\(pg.port)", "-U", pg.user, "-t", "\(transactionsPerClient)"]
        + extra + ["postgres"]
    var env = ProcessInfo.processInfo.environment
    env["PGPASSWORD"] = pg.password
    p.environment = env
    let o = Pipe()
    p.standardOutput = o; p.standardError = FileHandle.nullDevice
    try p.run()
    let text = String(decoding: o.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    let tps = text.split(separator: "\n").first { $0.hasPrefix("tps =") }?.split(separator: " ")[2] ?? "0"
    return Double(tps) ?? 0
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
func progress(_ s: String) { FileHandle.standardError.write(Data("[bench] \(s)\n".utf8)) }
progress("server at \(endpoint)")

// Warm up, then memory after 10,000 calls.
for _ in 0..<200 { _ = try await client.executeStatement(select1) }
let rssStart = rssKiB(server.processIdentifier)
try await withThrowingTaskGroup(of: Void.self) { group in
    for _ in 0..<8 { group.addTask { for _ in 0..<1250 { _ = try await client.executeStatement(select1) } } }
    try await group.waitForAll()
}
let rssAfterCalls = rssKiB(server.processIdentifier)
progress("10,000 calls done")

// Throughput.
var rows: [(String, Double, Double)] = []
if let pg = pgServer {
let init_ = Process()
init_.executableURL = URL(fileURLWithPath: "/usr/bin/env")
init_.arguments = ["pgbench", "-i", "-q", "-h", "127.0.0.1", "-p", "\(pg.port)", "-U", pg.user, "postgres"]
init_.environment = ProcessInfo.processInfo.environment.merging(["PGPASSWORD": pg.password]) { $1 }
init_.standardOutput = FileHandle.nullDevice; init_.standardError = FileHandle.nullDevice
try init_.run(); init_.waitUntilExit()
progress("pgbench initialised")
}
let script = NSTemporaryDirectory() + "select1.sql"
try "SELECT 1;\n".write(toFile: script, atomically: true, encoding: .utf8)
for clients in [1, 8] {
    var api: [Double] = [], bench: [Double] = [], bench1: [Double] = []
    transactionsPerClient = Int(seconds * 15_000) / clients
    for _ in 0..<runs {
        api.append(try await dataAPIRate(callers: clients))
        progress("data api \(clients): \(api.last!)")
        if mysql {
            bench.append(try mysqlslap(clients: clients))
            progress("mysqlslap \(clients): \(bench.last!)")
            continue
        }
        bench.append(try pgbench(["-S", "-c", "\(clients)", "-j", "\(min(clients, 2))"]))
        progress("pgbench -S \(clients): \(bench.last!)")
        bench1.append(try pgbench(["-f", script, "-M", "extended", "-c", "\(clients)", "-j", "\(min(clients, 2))"]))
    }
    rows.append(("\(clients) client\(clients > 1 ? "s" : "")", median(api), median(bench)))
    if !mysql { rows.append(("  pgbench SELECT 1 extended", median(api), median(bench1))) }
}

// 100 abandoned transactions, then wait past the 2 s idle timeout.
for _ in 0..<100 {
    let tx = try await client.beginTransaction(.init(resourceArn: cluster, secretArn: secret)).transactionId!
    _ = try await client.executeStatement(
        .init(resourceArn: cluster, secretArn: secret, sql: "SELECT 1", transactionId: tx))
}
let rssWithTransactions = rssKiB(server.processIdentifier)
try await Task.sleep(for: .seconds(4))
let rssAfterExpiry = rssKiB(server.processIdentifier)
// A second round: if memory were leaked per transaction, RSS would grow again.
for _ in 0..<100 {
    let tx = try await client.beginTransaction(.init(resourceArn: cluster, secretArn: secret)).transactionId!
    _ = try await client.executeStatement(
        .init(resourceArn: cluster, secretArn: secret, sql: "SELECT 1", transactionId: tx))
}
try await Task.sleep(for: .seconds(4))
let rssAfterSecondRound = rssKiB(server.processIdentifier)
let left = try await client.executeStatement(.init(resourceArn: cluster, secretArn: secret,
    sql: mysql ? "SELECT count(*) FROM information_schema.innodb_trx"
        : "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction'")).records?.first?.first
let database = mysql ? "MariaDB" : "PostgreSQL", direct = mysql ? "mysqlslap qps" : "pgbench tps  "

print(
    "local Data API benchmark: autocommit SELECT 1, \(Int(seconds)) s per run, median of \(runs) runs, 2 cores shared by client, server and \(database)"
)
print("callers                         data-api-local calls/s   \(direct)   ratio")
for (label, api, bench) in rows {
    print(
        label.padding(toLength: 32, withPad: " ", startingAt: 0)
            + String(format: "%22.0f   %11.0f   %5.2f", api, bench, api / bench))
}
if !mysql {
    print(
        "(pgbench rows: '-S' is pgbench's select-only script on the simple protocol; 'SELECT 1 extended' is the same statement as the Data API calls, on the extended protocol)"
    )
}
print(
    "server RSS: after warm-up \(rssStart / 1024) MiB, after 10,000 more calls \(rssAfterCalls / 1024) MiB, with 100 open transactions \(rssWithTransactions / 1024) MiB, after they timed out \(rssAfterExpiry / 1024) MiB, after 100 more opened and timed out \(rssAfterSecondRound / 1024) MiB; transactions left open in \(database): \(left.map { "\($0)" } ?? "?")"
)
server.terminate()
server.waitUntilExit()
await pgServer?.stop()
await mariaDB?.stop()
