@testable import data_api
import Testing

/// The progress line as text: a pure function of counts and elapsed time.
@Suite struct ProgressLineTests {
    static let quarter = ProgressLine(
        verb: "imported", rows: 250_000, bytes: 16 << 20, totalBytes: 64 << 20, elapsed: .seconds(25))

    @Test func offATerminalALineWithPercentAndETA() {
        #expect(Self.quarter.plain == "imported 250000 rows, 16.0 MiB, 10000 rows/s, 25%, ETA 75 s")
    }

    @Test func onATerminalABarWithPercentAndETA() {
        #expect(
            Self.quarter.bar == "imported 250000 rows, 16.0 MiB, 10000 rows/s [#####---------------]  25% ETA 1m15s")
        var done = Self.quarter
        done.bytes = 64 << 20
        #expect(done.bar == "imported 250000 rows, 64.0 MiB, 10000 rows/s [####################] 100% ETA 0s")
        var little = Self.quarter
        little.bytes = 1 << 20
        little.elapsed = .seconds(2)
        #expect(little.bar == "imported 250000 rows, 1.0 MiB, 125000 rows/s [--------------------]   2% ETA 2m06s")
        #expect(ProgressLine.clock(3_725) == "1h02m")
    }

    @Test func withoutATotalOnlyTheCounts() {
        let export = ProgressLine(
            verb: "exported", rows: 3_000, bytes: 3 << 19, totalBytes: nil, elapsed: .milliseconds(1_500))
        #expect(export.bar == "exported 3000 rows, 1.5 MiB, 2000 rows/s")
        #expect(export.plain == "exported 3000 rows, 1.5 MiB, 2000 rows/s")
        #expect(export.summary == "exported 3000 rows, 1.5 MiB, 2000 rows/s, 1.5 s")
        var nothingYet = Self.quarter
        nothingYet.bytes = 0
        #expect(nothingYet.bar == "imported 250000 rows, 0.0 MiB, 10000 rows/s")
    }
}
