import DataAPIClient
import Dispatch
import Foundation

/// Standard input, read on a thread of its own (never on Swift's cooperative pool).
enum StandardInput {
    static func readAll() async throws -> Data {
        await BlockingIO.run(name: "data-api.stdin") { () throws(Never) -> Data in
            FileHandle.standardInput.readDataToEndOfFile()
        }
    }
}

/// Standard output, buffered and written on a serial queue of its own so that a slow reader
/// at the other end of a pipe never blocks a thread of the cooperative pool.
final class StandardOutput: @unchecked Sendable {
    private let queue = DispatchQueue(label: "data-api.stdout")
    private var buffer = Data()

    /// Appends `text`; writes when 64 KiB have gathered.
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 64 << 10 { send() }
    }

    private func send() {
        let chunk = buffer
        buffer = Data()
        queue.async { FileHandle.standardOutput.write(chunk) }
    }

    /// Writes what is buffered and waits until everything was written.
    func flush() async {
        send()
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in queue.async { c.resume() } }
    }
}

/// Standard error, for diagnostics: short lines written at once.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
