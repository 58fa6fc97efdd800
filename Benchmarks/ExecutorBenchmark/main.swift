// Executor benchmark: what the model layer adds on top of the client, measured from the same
// response bytes in one run.
//
//   swift run -c release ExecutorBenchmark [--pages 8] [--calls 2000] [--runs 5]
//
// For profilers: `--in-process raw|executor N` runs N small calls of one path over the
// in-process transport (`perf stat -e task-clock …`); `--only raw|executor|pages N` the same over
// HTTP; `--endpoint URL` uses a server already running (`ExecutorBenchmark serve`).
//
// 1. 1 MiB result pages of an 8-column model (bigint, text, double, bool, numeric(12,2),
//    timestamp, date, bytea): rows per CPU-second decoded into models by `db.fetchAll`, next to
//    the client's own decode of the same bytes into [[Field]] (`executeStatement`), both over
//    loopback HTTP, and the client's JSON decode alone (no HTTP).
// 2. CPU per small call: `db.fetchOne(Row.select().where(Row.id.eq(1)))` next to the raw
//    `client.executeStatement` of the same SQL and parameter, answered with the same one-row body.
//
// The server is a loopback HTTP/1.1 server in a child process, so its CPU is not counted.
import BenchmarkModels
import DataAPI
import DataAPITestServer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One row as the service sends it.
func record(_ i: Int) -> String {
    let blob = Data((0..<24).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i) }).base64EncodedString()
    return
        #"[{"longValue":\#(i)},{"stringValue":"customer name \#(i) with a few more words"},{"doubleValue":\#(Double(i) * 1.25)},"#
        + #"{"booleanValue":\#(i % 2 == 0)},{"stringValue":"\#(1000 + i % 9000).\#(10 + i % 90)"},"#
        + #"{"stringValue":"2024-0\#(1 + i % 9)-1\#(i % 10) 0\#(i % 10):3\#(i % 10):15.\#(100_000 + i % 900_000)"},"#
        + #"{"stringValue":"2023-1\#(i % 3)-2\#(i % 9)"},{"blobValue":"\#(blob)"}]"#
}

/// A response body of whole rows just under 1 MiB, and its row count.
func page() -> (body: [UInt8], rows: Int) {
    var rows: [String] = []
    var size = 40
    while true {
        let r = record(rows.count + 1)
        if size + r.utf8.count + 1 > 1_040_000 { break }
        rows.append(r)
        size += r.utf8.count + 1
    }
    return (Array(#"{"numberOfRecordsUpdated":0,"records":[\#(rows.joined(separator: ","))]}"#.utf8), rows.count)
}

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else {
        return fallback
    }
    return v
}

if arguments.dropFirst().first == "serve" {
    let big = page().body
    let small = Array(#"{"numberOfRecordsUpdated":0,"records":[\#(record(1))]}"#.utf8)
    let server = try LoopbackHTTPServer { req in
        // Requests with a parameter get the one-row answer; the rest the 1 MiB page.
        let body = req.bodyText.contains(#""parameters""#) ? small : big
        return LoopbackHTTPServer.Reply(
            status: 200, headers: [("Content-Type", "application/json"), ("x-amzn-RequestId", "bench")], body: body)
    }
    FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))
    while readLine() != nil {}
    exit(0)
}

let pages = option("--pages", 8)
let calls = option("--calls", 2000)
let runs = option("--runs", 5)

// The server: a child process, or one already running (`--endpoint URL`, for profilers).
let child = Process()
let toChild = Pipe(), fromChild = Pipe()
let base: String
if let i = arguments.firstIndex(of: "--endpoint") {
    base = arguments[i + 1]
} else {
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = ["serve"]
    child.standardInput = toChild
    child.standardOutput = fromChild
    try child.run()
    var portLine = Data()
    while let b = try fromChild.fileHandleForReading.read(upToCount: 1), !b.isEmpty, b != Data("\n".utf8) {
        portLine += b
    }
    base = "http://127.0.0.1:\(String(decoding: portLine, as: UTF8.self))"
}
func stopServer() throws {
    guard child.isRunning else { return }
    try toChild.fileHandleForWriting.close()
    child.waitUntilExit()
}

let client = DataAPIClient(
    configuration: .init(region: "us-east-1", endpoint: base, retryPolicy: .none, environment: [:]),
    credentialProvider: StaticCredentialProvider(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
let cluster = "arn:aws:rds:us-east-1:123456789012:cluster:bench"
let secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:bench"
let db = Database(resourceArn: cluster, secretArn: secret, engine: .postgreSQL, client: client)

func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(
        u.ru_stime.tv_usec) / 1e6
}
func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
func spread(_ xs: [Double]) -> String { String(format: "%.0f–%.0f", xs.min()!, xs.max()!) }
func cpu(_ work: () async throws -> Void) async rethrows -> Double {
    let c0 = cpuSeconds()
    try await work()
    return cpuSeconds() - c0
}

// The same SQL, parameter and bytes for both small-call paths.
let small = BenchRow.select().where(BenchRow.id.eq(1)).limit(1)
let smallQuery = try small.render(.postgreSQL)
let rawRequest = ExecuteStatementRequest(resourceArn: cluster, secretArn: secret, sql: smallQuery.sql,
                                         parameters: [SqlParameter(name: "p1", value: .longValue(1))])
let pageRequest = ExecuteStatementRequest(
    resourceArn: cluster, secretArn: secret, sql: try BenchRow.select().render(.postgreSQL).sql)
let (pageBytes, rowsPerPage) = page()

// `--decode-pages N`: decode N pages of [[Field]] into models in process, for profilers.
if let i = arguments.firstIndex(of: "--decode-pages") {
    let records = try WireJSON.decoder.decode(ExecuteStatementResponse.self, from: Data(page().body)).records!
    for _ in 0..<Int(arguments[i + 1])! { _ = try db.decode(records, of: BenchRow.select()) }
    try stopServer()
    exit(0)
}

// `--decode-fields N`: N pages of response bytes into [[Field]] by the client's decoder, in process.
if let i = arguments.firstIndex(of: "--decode-fields") {
    for _ in 0..<Int(arguments[i + 1])! { _ = try ResponseJSON.decode(pageBytes) as ExecuteStatementResponse }
    try stopServer()
    exit(0)
}

// `--only raw|executor|pages N`: just N small calls of one path (or N 1 MiB pages into
// [[Field]]) over HTTP, for profilers.
if let i = arguments.firstIndex(of: "--only") {
    let n = Int(arguments[i + 2])!
    for _ in 0..<n {
        switch arguments[i + 1] {
        case "raw": _ = try await client.executeStatement(rawRequest)
        case "pages": _ = try await client.executeStatement(pageRequest)
        default: _ = try await db.fetchOne(small)
        }
    }
    try stopServer()
    exit(0)
}

// The same two small-call paths over an in-process transport that answers the same bytes at
// once: the library's own CPU per call, without the network and the curl thread.
struct CannedTransport: HTTPTransport {
    let body: [UInt8]
    func send(_ request: HTTPRequest) async throws -> HTTPResponse { HTTPResponse(status: 200, body: body) }
}
let canned = DataAPIClient(
    configuration: .init(region: "us-east-1", endpoint: "http://127.0.0.1:1", retryPolicy: .none, environment: [:]),
    credentialProvider: StaticCredentialProvider(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    transport: CannedTransport(body: Array(#"{"numberOfRecordsUpdated":0,"records":[\#(record(1))]}"#.utf8)))
let cannedDB = Database(resourceArn: cluster, secretArn: secret, engine: .postgreSQL, client: canned)
let rawOptionsRequest = ExecuteStatementRequest(resourceArn: cluster, secretArn: secret, sql: smallQuery.sql,
                                                parameters: [SqlParameter(name: "p1", value: .longValue(1))],
                                                resultSetOptions: ResultSetOptions(decimalReturnType: .string))
// `--in-process raw|executor N`: N calls of one path over the in-process transport, for `perf stat`.
if let i = arguments.firstIndex(of: "--in-process") {
    let n = Int(arguments[i + 2])!
    for _ in 0..<n {
        switch arguments[i + 1] {
        case "raw": _ = try await canned.executeStatement(rawRequest)
        case "raw-options": _ = try await canned.executeStatement(rawOptionsRequest)
        case "render": _ = try small.render(.postgreSQL)
        default: _ = try await cannedDB.fetchOne(small)
        }
    }
    exit(0)
}

// Warm up both paths.
for _ in 0..<200 {
    _ = try await client.executeStatement(rawRequest)
    _ = try await db.fetchOne(small)
}
for _ in 0..<2 {
    let fieldRows = try await client.executeStatement(pageRequest).records?.count
    let modelRows = try await db.fetchAll(BenchRow.select()).count
    precondition(fieldRows == rowsPerPage && modelRows == rowsPerPage)
}

var jsonOnly: [Double] = [], fields: [Double] = [], models: [Double] = [], modelLayer: [Double] = []
let pageRecords = try WireJSON.decoder.decode(ExecuteStatementResponse.self, from: Data(pageBytes)).records!
var rawCall: [Double] = [], executorCall: [Double] = [], callRatios: [Double] = []
let pageData = Data(pageBytes)
for _ in 0..<runs {
    let rows = Double(rowsPerPage * pages)
    jsonOnly.append(
        rows
            / (try await cpu {
                for _ in 0..<pages { _ = try ResponseJSON.decode(pageBytes) as ExecuteStatementResponse }
            }))
    fields.append(rows / (try await cpu { for _ in 0..<pages { _ = try await client.executeStatement(pageRequest) } }))
    models.append(rows / (try await cpu { for _ in 0..<pages { _ = try await db.fetchAll(BenchRow.select()) } }))
    modelLayer.append(
        rows / (try await cpu { for _ in 0..<pages { _ = try db.decode(pageRecords, of: BenchRow.select()) } }))
    // Small batches of each path in turn, so drift in the machine's load hits both alike.
    var rawCPU = 0.0, executorCPU = 0.0
    let batch = 100
    for _ in 0..<(calls / batch) {
        rawCPU += try await cpu { for _ in 0..<batch { _ = try await client.executeStatement(rawRequest) } }
        executorCPU += try await cpu { for _ in 0..<batch { _ = try await db.fetchOne(small) } }
    }
    rawCall.append(rawCPU / Double(calls / batch * batch) * 1e6)
    executorCall.append(executorCPU / Double(calls / batch * batch) * 1e6)
    callRatios.append(executorCPU / rawCPU)
}
try stopServer()

print(
    "executor benchmark: \(runs) runs; pages of \(rowsPerPage) rows × 8 columns (\(pageBytes.count) bytes), \(pages) pages per run; \(calls) small calls per run"
)
print("1 MiB pages                                   rows per CPU-second (median)   spread")
print(
    "  client JSON decode only (bytes → [[Field]])  " + String(format: "%28.0f", median(jsonOnly)) + "   "
        + spread(jsonOnly))
print(
    "  client over HTTP (executeStatement)          " + String(format: "%28.0f", median(fields)) + "   "
        + spread(fields))
print(
    "  executor over HTTP (fetchAll → [BenchRow])   " + String(format: "%28.0f", median(models)) + "   "
        + spread(models))
print(
    "  model layer alone ([[Field]] → [BenchRow])   " + String(format: "%28.0f", median(modelLayer)) + "   "
        + spread(modelLayer))
print(String(format: "  models / Fields over HTTP: %.2f (target ≥ 0.5)", median(models) / median(fields)))
print("small calls                                   client CPU µs per call (median)  spread")
print(
    "  raw client executeStatement                  " + String(format: "%28.1f", median(rawCall)) + "   "
        + spread(rawCall))
print(
    "  executor fetchOne(select … where id = 1)     " + String(format: "%28.1f", median(executorCall)) + "   "
        + spread(executorCall))
print(String(format: "  executor / client, median of the runs' ratios: %.2f (target ≤ 1.2); runs: ", median(callRatios))
      + callRatios.map { String(format: "%.2f", $0) }.joined(separator: " "))

var inProcessRaw: [Double] = [], inProcessExecutor: [Double] = []
for _ in 0..<runs {
    inProcessRaw.append(
        try await cpu { for _ in 0..<calls { _ = try await canned.executeStatement(rawRequest) } } / Double(calls) * 1e6
    )
    inProcessExecutor.append(
        try await cpu { for _ in 0..<calls { _ = try await cannedDB.fetchOne(small) } } / Double(calls) * 1e6)
}
print("small calls, in-process transport           library CPU µs per call (median)  spread")
print(
    "  raw client executeStatement                  " + String(format: "%28.1f", median(inProcessRaw)) + "   "
        + spread(inProcessRaw))
print(
    "  executor fetchOne(select … where id = 1)     " + String(format: "%28.1f", median(inProcessExecutor)) + "   "
        + spread(inProcessExecutor))
print(String(format: "  the executor adds %.1f µs per call", median(inProcessExecutor) - median(inProcessRaw)))

// Where the executor's time per small call goes, step by step (median ns of 5 rounds).
func nanoseconds(_ iterations: Int = 20_000, _ work: () throws -> Void) rethrows -> Double {
    var rounds: [Double] = []
    for _ in 0..<5 {
        let t0 = ContinuousClock.now
        for _ in 0..<iterations { try work() }
        let d = ContinuousClock.now - t0
        rounds.append(
            (Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9) / Double(iterations))
    }
    return median(rounds)
}
let oneRow = try WireJSON.decoder.decode(
    ExecuteStatementResponse.self, from: Data(#"{"numberOfRecordsUpdated":0,"records":[\#(record(1))]}"#.utf8))
print("executor steps per small call (median ns)")
print(
    "  build the select (where id = 1)   "
        + String(format: "%10.0f", nanoseconds { _ = BenchRow.select().where(BenchRow.id.eq(1)).limit(1) }))
print(
    "  render it                          "
        + String(format: "%10.0f", try nanoseconds { _ = try small.render(.postgreSQL) }))
print(
    "  decode one row into a model        "
        + String(format: "%10.0f", try nanoseconds { _ = try db.decode(oneRow.records!, of: small) }))
