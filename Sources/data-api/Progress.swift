import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Progress of an import or export on standard error: one line redrawn in place on a
/// terminal (rows, MiB, rows/s and, when the total is known, percent and ETA), plain lines
/// at most every 5 s otherwise, and a summary at the end.
final class Progress: @unchecked Sendable {
    private let verb: String
    private let totalBytes: Int?
    private let started = ContinuousClock.now
    private var last = ContinuousClock.now
    private let terminal = isatty(2) == 1
    private let quiet: Bool

    init(verb: String, totalBytes: Int? = nil, quiet: Bool) {
        self.verb = verb
        self.totalBytes = totalBytes
        self.quiet = quiet
    }

    /// Reports `rows` and `bytes` so far, if it is time to.
    func update(rows: Int, bytes: Int) {
        guard !quiet else { return }
        let now = ContinuousClock.now
        guard now - last >= (terminal ? .milliseconds(200) : .seconds(5)) else { return }
        last = now
        StandardError.write(terminal ? "\r" + line(rows: rows, bytes: bytes) + "\u{1B}[K" : line(rows: rows, bytes: bytes) + "\n")
    }

    /// The final line.
    func finish(rows: Int, bytes: Int) {
        guard !quiet else { return }
        StandardError.write((terminal ? "\r" : "") + line(rows: rows, bytes: bytes, done: true) + (terminal ? "\u{1B}[K\n" : "\n"))
    }

    func line(rows: Int, bytes: Int, done: Bool = false) -> String {
        let seconds = max(0.001, Self.seconds(ContinuousClock.now - started))
        let mib = Double(bytes) / 1_048_576
        var s = "\(verb) \(rows) rows, \(String(format: "%.1f", mib)) MiB, \(Int(Double(rows) / seconds)) rows/s"
        if done {
            s += ", \(String(format: "%.1f", seconds)) s"
        } else if let total = totalBytes, total > 0, bytes > 0 {
            let share = min(1, Double(bytes) / Double(total))
            let eta = seconds / share - seconds
            s += String(format: ", %.0f%%, ETA %.0f s", share * 100, eta)
        }
        return s
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
