#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ResponseJSON {
    /// `r` as JSON, the same members and values as `WireJSON.encoder` writes (sorted keys), with
    /// the records, nearly all of a large response, written by the request writer's `Field`
    /// writer instead of `JSONEncoder`. For the local server's side of the wire; pinned by
    /// `ResponseJSONTests` (every random response decodes to itself, as `JSONEncoder`'s does).
    package static func encode(_ r: ExecuteStatementResponse) throws -> [UInt8] {
        guard let records = r.records else { return Array(try WireJSON.encoder.encode(r)) }
        var rest = r
        rest.records = nil
        // With sorted keys `records` is the last member: the rest's object, then the records.
        let head = try WireJSON.encoder.encode(rest)
        var sink = ByteSink(capacity: head.count + 16 + records.count * (records.first?.count ?? 0) * 24)
        defer { sink.deallocate() }
        head.withUnsafeBytes { bytes in
            let b = bytes.bindMemory(to: UInt8.self)
            // `{}` or `{…}`: everything but the closing brace, then a comma if a member came before.
            sink.rawBytes(UnsafeBufferPointer(rebasing: b[..<(b.count - 1)]))
            if b.count > 2 { sink.byte(UInt8(ascii: ",")) }
        }
        sink.raw(#""records":["#)
        for (i, row) in records.enumerated() {
            if i > 0 { sink.byte(UInt8(ascii: ",")) }
            sink.byte(UInt8(ascii: "["))
            for (j, field) in row.enumerated() {
                if j > 0 { sink.byte(UInt8(ascii: ",")) }
                try RequestJSON.write(field, to: &sink)
            }
            sink.byte(UInt8(ascii: "]"))
        }
        sink.raw("]}")
        return sink.bytes
    }
}
