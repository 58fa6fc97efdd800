import Dispatch
import Foundation

/// A file read in chunks of 1 MiB on a serial queue of its own, one chunk read ahead, so
/// that `import` holds at most two chunks of the file and no thread of the cooperative pool
/// blocks on the disk.
final class ImportFile: @unchecked Sendable {
    let path: String
    /// The file's size in bytes, when the file system knows it (not for a pipe).
    let size: Int?
    private let handle: FileHandle
    private let queue = DispatchQueue(label: "data-api.import-file")
    private var ahead: Task<[UInt8], Error>?
    private var ended = false
    /// Bytes read at a time.
    let chunk: Int

    /// Opens `path` for reading, `chunk` bytes at a time (1 MiB unless a test asks otherwise).
    init(path: String, chunk: Int = 1 << 20) throws {
        precondition(chunk > 0)
        self.chunk = chunk
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportFileError(
                path: path,
                reason: FileManager.default.fileExists(atPath: path) ? "it cannot be opened" : "there is no such file")
        }
        self.path = path
        self.handle = handle
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        size =
            (attributes?[.type] as? FileAttributeType) == .typeRegular
            ? (attributes?[.size] as? NSNumber)?.intValue : nil
    }

    /// Closed on the reading queue, after any read still queued there: closing from here
    /// could race it, and the descriptor's number could by then belong to something else.
    deinit { queue.async { [handle] in try? handle.close() } }

    /// The next chunk of the file; empty at its end.
    func next() async throws -> [UInt8] {
        guard !ended else { return [] }
        let current = ahead ?? read()
        let bytes = try await current.value
        ended = bytes.isEmpty
        ahead = ended ? nil : read()
        return bytes
    }

    /// The whole file at `path` (a script for the shell's `\\i`), read off the cooperative pool.
    static func readAll(_ path: String) async throws -> [UInt8] {
        let file = try ImportFile(path: path)
        var bytes: [UInt8] = []
        while case let chunk = try await file.next(), !chunk.isEmpty { bytes += chunk }
        return bytes
    }

    private func read() -> Task<[UInt8], Error> {
        let handle = handle, queue = queue, path = path, chunk = chunk
        return Task {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<[UInt8], Error>) in
                queue.async {
                    do { c.resume(returning: [UInt8](try handle.read(upToCount: chunk) ?? Data())) } catch {
                        c.resume(throwing: ImportFileError(path: path, reason: error.localizedDescription))
                    }
                }
            }
        }
    }
}

/// A file `import` cannot read.
struct ImportFileError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "cannot read \(path): \(reason)" }
}
