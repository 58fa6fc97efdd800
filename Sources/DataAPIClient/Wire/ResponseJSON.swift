#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A hand-written JSON reader for the two hot response shapes, `ExecuteStatement` and
/// `BatchExecuteStatement`, that builds exactly the values `WireJSON.decoder` (Foundation's
/// `JSONDecoder`) and the Codable implementations of the shapes build, in one pass over the bytes.
///
/// It reads only what it models and declines the rest: for anything else it throws ``NotFast``
/// and the caller decodes the same bytes with `JSONDecoder`, so every unusual input keeps today's
/// result or error. What it reads, pinned by `ResponseJSONTests` against `JSONDecoder`:
///
/// - One top-level object with the members of the shape, in any order, with JSON whitespace
///   (space, tab, LF, CR) anywhere between tokens. A `null` member is an absent optional.
/// - `Field` and `ArrayValue` objects with exactly one non-null member of the model (`null`
///   members are skipped, as `UnionDecoding` does). Every other member name, an unknown key at
///   any level, a repeated key (`JSONDecoder` keeps the first), an escaped key, an empty union,
///   or a union with two members is declined.
/// - Strings with every JSON escape: the short ones and `\uXXXX`, surrogate pairs combined.
///   A lone surrogate, an unescaped control character or invalid UTF-8 is declined.
/// - Integers (`longValue`, `numberOfRecordsUpdated`, the `Int32` column metadata) only as plain
///   digits in range: `JSONDecoder` also accepts `1E3` or `1.0` for an integer, which is declined.
/// - Doubles in strict JSON grammar. Where the digits make an integer of at most 2^53 and the
///   power of ten is at most 22 either way, both are exact doubles and one multiplication or
///   division rounds correctly (Clinger's fast path); the rest go to the C library's `strtod`, the
///   function `JSONDecoder` calls. Results that overflow, or round a non-zero number to zero,
///   are declined (`JSONDecoder` rejects them).
/// - `blobValue` only as canonical padded base64 (length a multiple of 4, at most two `=` at the
///   end, unused bits zero). `Data(base64Encoded:)` also accepts some non-canonical forms
///   (`QR==`, `QQ===`, `====`); those are declined.
/// - Trailing commas (which `JSONDecoder` accepts), a byte-order mark, other encodings than
///   UTF-8, trailing bytes after the object, and nesting of `arrayValues` deeper than
///   ``maximumArrayDepth`` are declined.
package enum ResponseJSON {
    /// Thrown where the fast path does not model the input; decode it with `JSONDecoder` instead.
    package struct NotFast: Error, Hashable {
        package init() {}
    }

    /// How deeply `arrayValues` may nest before the input is declined; well inside the nesting
    /// `JSONDecoder` allows (512 arrays and objects).
    package static let maximumArrayDepth = 64

    /// The `ExecuteStatement` response in `bytes`, equal to what `WireJSON.decoder` decodes.
    ///
    /// - Throws: ``NotFast`` where the input is not modelled; `JSONDecoder` decides then.
    package static func decode(_ bytes: [UInt8]) throws(NotFast) -> ExecuteStatementResponse {
        try parsing(bytes) { (p: inout ResponseParser) throws(NotFast) in try p.executeStatementResponse() }
    }

    /// The `BatchExecuteStatement` response in `bytes`, equal to what `WireJSON.decoder` decodes.
    ///
    /// - Throws: ``NotFast`` where the input is not modelled; `JSONDecoder` decides then.
    package static func decode(_ bytes: [UInt8]) throws(NotFast) -> BatchExecuteStatementResponse {
        try parsing(bytes) { (p: inout ResponseParser) throws(NotFast) in try p.batchExecuteStatementResponse() }
    }

    /// Runs `body` on a parser over `bytes`, and requires that only whitespace follows what it read.
    private static func parsing<R>(
        _ bytes: [UInt8], _ body: (inout ResponseParser) throws(NotFast) -> R
    ) throws(NotFast) -> R {
        let result: Result<R, NotFast> = bytes.withUnsafeBufferPointer { input in
            guard var parser = ResponseParser(input) else { return .failure(NotFast()) }
            do throws(NotFast) {
                parser.skipSpace()
                let value = try body(&parser)
                parser.skipSpace()
                guard parser.atEnd else { throw NotFast() }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// The reader behind ``ResponseJSON``: a cursor over the input and room for unescaped strings.
///
/// Every read checks the cursor against the end first (``peek()`` reads past the end as 0, a
/// byte no accepted token starts with), so no input makes it read out of bounds.
struct ResponseParser: ~Copyable {
    typealias NotFast = ResponseJSON.NotFast

    let base: UnsafePointer<UInt8>
    let end: Int
    var i = 0
    /// Room for the unescaped text of one string at a time, allocated on the first string with
    /// an escape; as large as the input, which no unescaped string can outgrow.
    var scratch: UnsafeMutablePointer<UInt8>?

    /// A parser over `input`, which must outlive it; nil for an empty input.
    init?(_ input: UnsafeBufferPointer<UInt8>) {
        guard let base = input.baseAddress, !input.isEmpty else { return nil }
        self.base = base
        end = input.count
    }

    deinit { scratch?.deallocate() }

    var atEnd: Bool { i == end }
}
