import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Progress of an import or export on standard error: on a terminal one line redrawn in
/// place (a carriage return, no newline until the end) with rows, MiB, rows/s and, when the
/// total is known, a bar, the percentage and the ETA; plain lines at most every 5 s
/// otherwise; and a summary at the end.
final class Progress: @unchecked Sendable {
    private let verb: String
    private let totalBytes: Int?
    private let started = ContinuousClock.now
    private var last = ContinuousClock.now
    private let terminal: Bool
    private let quiet: Bool
    private var drawn = false

    init(verb: String, totalBytes: Int? = nil, quiet: Bool, terminal: Bool = isatty(2) == 1) {
        self.verb = verb
        self.totalBytes = totalBytes
        self.quiet = quiet
        self.terminal = terminal
    }

    /// Reports `rows` and `bytes` so far, if it is time to.
    func update(rows: Int, bytes: Int) {
        guard !quiet else { return }
        let now = ContinuousClock.now
        guard now - last >= (terminal ? .milliseconds(200) : .seconds(5)) else { return }
        last = now
        let line = ProgressLine(verb: verb, rows: rows, bytes: bytes, totalBytes: totalBytes, elapsed: now - started)
        if terminal {
            drawn = true
            StandardError.write("\r" + line.bar + "\u{1B}[K")
        } else {
            StandardError.write(line.plain + "\n")
        }
    }

    /// The final line (on a terminal, it replaces the bar and ends it with a newline).
    func finish(rows: Int, bytes: Int) {
        guard !quiet else { return }
        let line = ProgressLine(
            verb: verb, rows: rows, bytes: bytes, totalBytes: totalBytes, elapsed: ContinuousClock.now - started)
        StandardError.write((drawn ? "\r" : "") + line.summary + (drawn ? "\u{1B}[K\n" : "\n"))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// The text of one progress report, a pure function of the counts and the time elapsed.
///
/// ```
/// plain:   imported 250000 rows, 16.0 MiB, 10000 rows/s, 25%, ETA 75 s
/// bar:     imported 250000 rows, 16.0 MiB, 10000 rows/s [#####---------------]  25% ETA 1m15s
/// summary: imported 1000000 rows, 64.0 MiB, 10000 rows/s, 100.0 s
/// ```
struct ProgressLine: Equatable {
    var verb: String
    var rows: Int
    var bytes: Int
    var totalBytes: Int?
    var elapsed: Duration

    /// Cells in the drawn bar.
    static let width = 20

    private var seconds: Double { max(0.001, Progress.seconds(elapsed)) }

    /// Rows, MiB, rows/s.
    var counts: String {
        let mib = String(format: "%.1f", Double(bytes) / 1_048_576)
        return "\(verb) \(rows) rows, \(mib) MiB, \(Int(Double(rows) / seconds)) rows/s"
    }

    /// The share of the total done, when the total is known and something was done.
    var share: Double? {
        guard let totalBytes, totalBytes > 0, bytes > 0 else { return nil }
        return min(1, Double(bytes) / Double(totalBytes))
    }

    /// The seconds left at the pace so far.
    var eta: Double? { share.map { seconds / $0 - seconds } }

    /// The line printed off a terminal: counts, then percent and ETA when the total is known.
    var plain: String {
        guard let share, let eta else { return counts }
        return counts + String(format: ", %.0f%%, ETA %.0f s", share * 100, eta)
    }

    /// The line drawn on a terminal: counts, then a bar, the percent and the ETA when the total is known.
    var bar: String {
        guard let share, let eta else { return counts }
        let filled = Int((share * Double(Self.width)).rounded(.down))
        let cells = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.width - filled)
        return counts + " [" + cells + "] " + String(format: "%3.0f%%", share * 100) + " ETA " + Self.clock(eta)
    }

    /// The last line: counts and the time taken.
    var summary: String { counts + String(format: ", %.1f s", seconds) }

    /// `42s`, `3m05s`, `1h02m`.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, s % 3600 / 60)
    }
}
