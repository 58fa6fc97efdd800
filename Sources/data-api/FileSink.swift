import Dispatch
import Foundation

/// A file written in chunks on a serial queue of its own: `write` gathers bytes, and every
/// 1 MiB waits for the previous chunk to reach the file, so at most two chunks are in
/// memory however long the output grows, and no thread of the cooperative pool blocks on disk.
final class FileSink: @unchecked Sendable {
    private let handle: FileHandle
    private let queue = DispatchQueue(label: "data-api.file")
    private var buffer: [UInt8] = []
    private var pending: Task<Void, Error>?
    /// Bytes written or gathered so far.
    private(set) var bytes = 0
    static let chunk = 1 << 20

    /// Creates (or truncates) `path`; `-` is standard output.
    init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardOutput
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw FileSinkError(message: "cannot create \(path)")
            }
            guard let h = FileHandle(forWritingAtPath: path) else {
                throw FileSinkError(message: "cannot open \(path)")
            }
            handle = h
        }
        buffer.reserveCapacity(Self.chunk + 64 << 10)
    }

    func write(_ text: String) async throws {
        buffer.append(contentsOf: text.utf8)
        bytes += text.utf8.count
        if buffer.count >= Self.chunk { try await send() }
    }

    private func send() async throws {
        try await pending?.value
        let data = Data(buffer)
        buffer.removeAll(keepingCapacity: true)
        let handle = self.handle, queue = self.queue
        pending = Task {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, Error>) in
                queue.async {
                    do { try handle.write(contentsOf: data); c.resume() } catch { c.resume(throwing: error) }
                }
            }
        }
    }

    /// Writes what is left and waits until the file has it all.
    func finish() async throws {
        try await send()
        try await pending?.value
        if handle !== FileHandle.standardOutput { try handle.close() }
    }
}

struct FileSinkError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
