// Transport benchmark: calls/s and client CPU per call for sequential and concurrent
// ExecuteStatement calls against a loopback server in a child process, and the number
// of TCP connections the server accepted.
//
//   swift run -c release TransportBenchmark [--calls 2000] [--concurrency 8] [--runs 5]
import DataAPIClient
import DataAPITestServer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else {
        return fallback
    }
    return v
}

if arguments.dropFirst().first == "serve" {
    let response = Array(#"{"numberOfRecordsUpdated":0,"records":[[{"longValue":1}]]}"#.utf8)
    let holder = ServerHolder()
    let server = try LoopbackHTTPServer { req in
        if req.path == "/__stats" {
            let s = holder.server!
            return .json(#"{"connections":\#(s.connectionsAccepted),"requests":\#(s.requestsServed)}"#)
        }
        return LoopbackHTTPServer.Reply(
            status: 200, headers: [("Content-Type", "application/json"), ("x-amzn-RequestId", "bench")], body: response)
    }
    holder.server = server
    FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))
    while readLine() != nil {}
    exit(0)
}

final class ServerHolder: @unchecked Sendable { var server: LoopbackHTTPServer? }

let calls = option("--calls", 2000)
let concurrency = option("--concurrency", 8)
let runs = option("--runs", 5)

// Start the server as a child process so its CPU time is not counted as the client's.
let child = Process()
child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
child.arguments = ["serve"]
let toChild = Pipe(), fromChild = Pipe()
child.standardInput = toChild; child.standardOutput = fromChild
try child.run()
var portLine = Data()
while let b = try fromChild.fileHandleForReading.read(upToCount: 1), !b.isEmpty, b != Data("\n".utf8) { portLine += b }
let base = "http://127.0.0.1:\(String(decoding: portLine, as: UTF8.self))"

let transport = CurlTransport()
let client = DataAPIClient(
    configuration: .init(region: "us-east-1", endpoint: base, retryPolicy: .none, environment: [:]),
    credentialProvider: StaticCredentialProvider(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    transport: transport)
let request = ExecuteStatementRequest(resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:dummy",
    secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:dummy", sql: "SELECT 1")

func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(
        u.ru_stime.tv_usec) / 1e6
}

struct Sample { var callsPerSecond: Double; var cpuMicrosPerCall: Double }

func measure(callers: Int, raw: Bool = false) async throws -> Sample {
    let perCaller = calls / callers
    let cpu0 = cpuSeconds(), t0 = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<callers {
            group.addTask {
                for _ in 0..<perCaller {
                    if raw {
                        let r = try await transport.send(
                            HTTPRequest(method: "POST", url: base + "/Execute", body: rawBody))
                        precondition(r.status == 200)
                    } else {
                        let r = try await client.executeStatement(request)
                        precondition(r.records?.first?.first == .longValue(1))
                    }
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = ContinuousClock.now - t0
    let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let total = perCaller * callers
    return Sample(callsPerSecond: Double(total) / secs, cpuMicrosPerCall: (cpuSeconds() - cpu0) / Double(total) * 1e6)
}

let rawBody = Array(try WireJSON.encoder.encode(request))

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

for _ in 0..<100 { _ = try await client.executeStatement(request) }  // warm up
var report: [(String, [Sample])] = []
for (label, callers, raw) in [
    ("sequential (1 caller)", 1, false), ("\(concurrency) concurrent callers", concurrency, false),
    ("transport only, 1 caller", 1, true), ("transport only, \(concurrency) callers", concurrency, true),
] {
    var samples: [Sample] = []
    for _ in 0..<runs { samples.append(try await measure(callers: callers, raw: raw)) }
    report.append((label, samples))
}
let statsResponse = try await transport.send(HTTPRequest(method: "GET", url: base + "/__stats"))
let stats = try JSONSerialization.jsonObject(with: Data(statsResponse.body)) as! [String: Int]

print(
    "transport benchmark: \(calls) ExecuteStatement calls per run, \(runs) runs, loopback HTTP/1.1 server in a child process"
)
print("mode                      calls/s (median)   client CPU µs/call (median)   runs calls/s")
for (label, samples) in report {
    let cps = samples.map(\.callsPerSecond), cpu = samples.map(\.cpuMicrosPerCall)
    print(label.padding(toLength: 26, withPad: " ", startingAt: 0)
          + String(format: "%15.0f   %27.1f   ", median(cps), median(cpu))
          + cps.map { String(format: "%.0f", $0) }.joined(separator: " "))
}
let ratio = median(report[1].1.map(\.callsPerSecond)) / median(report[0].1.map(\.callsPerSecond))
print(String(format: "concurrent / sequential throughput: %.2fx", ratio))
print(
    "requests served (all modes): \(stats["requests"]!), TCP connections accepted by the server: \(stats["connections"]!), opened by libcurl: \(transport.statistics.connectionsOpened)"
)
try toChild.fileHandleForWriting.close()
child.waitUntilExit()
print("client CPU per step (median ns per operation):")
for (name, ns) in try ComponentTimings.measure() {
    print("  " + name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%10.0f", ns))
}
