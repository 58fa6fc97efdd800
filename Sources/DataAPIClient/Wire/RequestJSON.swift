#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A hand-written JSON writer for the two hot request shapes, `ExecuteStatement` and
/// `BatchExecuteStatement`, and exact byte counts of their parts.
///
/// The output is byte-for-byte what ``WireJSON/encoder`` (Foundation's `JSONEncoder` with
/// `[.withoutEscapingSlashes, .sortedKeys]`) writes for the same request, at a small fraction
/// of the cost. The encoder's rules, found by experiment and pinned by `RequestJSONTests`:
///
/// - Compact: no whitespace; members in byte order of their names; absent optionals omitted.
/// - Strings: raw UTF-8, except `"` and `\` (escaped with a backslash), `\b`, `\t`, `\n`,
///   `\f`, `\r`, and every other byte below 0x20 as `\u00xx` with lowercase hex. `/`, DEL
///   (0x7F), U+2028 and U+2029 are written raw.
/// - Doubles: Swift's shortest round-trip `description` with a trailing `.0` removed
///   (`1`, `-0`, `0.1`, `1e+16`, `1e-05`, `5e-324`); NaN and infinities are an error.
/// - Int64 and Bool as usual; `null` for the absent entries of an `arrayValue`.
/// - Blobs: standard padded base64 (the `/` of the alphabet unescaped).
///
/// Both the writer and the byte counter walk one generic description of each shape, so
/// `size(of:)` and the bytes `encode` writes cannot drift apart member by member.
package enum RequestJSON {
    /// The body of an `ExecuteStatement` request, identical to `WireJSON.encoder.encode(r)`.
    ///
    /// - Throws: ``DataAPIClientError`` of kind `invalidRequest` for a non-finite double or an
    ///   `unknown` `Field` or `ArrayValue` member, where `JSONEncoder` throws too.
    package static func encode(_ r: ExecuteStatementRequest) throws -> [UInt8] {
        var sink = ByteSink(capacity: 256 + r.sql.utf8.count + estimatedSize(of: r.parameters ?? []))
        defer { sink.deallocate() }
        try reportingFailures(operation: ExecuteStatementRequest.operationName) { try write(r, to: &sink) }
        return sink.bytes
    }

    /// The body of a `BatchExecuteStatement` request, identical to `WireJSON.encoder.encode(r)`.
    ///
    /// - Throws: ``DataAPIClientError`` of kind `invalidRequest` for a non-finite double or an
    ///   `unknown` `Field` or `ArrayValue` member, where `JSONEncoder` throws too.
    package static func encode(_ r: BatchExecuteStatementRequest) throws -> [UInt8] {
        let sets = r.parameterSets ?? []
        var capacity = 256 + r.sql.utf8.count
        for set in sets { capacity += estimatedSize(of: set) + 1 }
        var sink = ByteSink(capacity: capacity)
        defer { sink.deallocate() }
        try reportingFailures(operation: BatchExecuteStatementRequest.operationName) { try write(r, to: &sink) }
        return sink.bytes
    }

    /// A size at least as large as most parameter lists encode to, found without encoding
    /// them (string lengths are known): the body's buffer is allocated once, not grown and
    /// copied, which for a 4 MiB request cost page faults and a copy of everything so far.
    static func estimatedSize(of parameters: [SqlParameter]) -> Int {
        var size = 2
        for p in parameters {
            size += 48 + (p.name?.utf8.count ?? 0)
            switch p.value {
            case .stringValue(let v)?: size += v.utf8.count + v.utf8.count / 8 + 8
            case .blobValue(let v)?: size += (v.count + 2) / 3 * 4 + 8
            default: size += 32
            }
        }
        return size
    }

    /// The exact number of bytes the JSON array of one parameter set (`[{...},{...}]`) takes in
    /// an encoded request: its `parameters` in `ExecuteStatement`, or one element of
    /// `parameterSets` in `BatchExecuteStatement` (add one byte per comma between sets, and two
    /// for the brackets around them). Allocates nothing unless it throws.
    ///
    /// - Throws: ``DataAPIClientError`` of kind `invalidRequest` where `encode` would throw.
    package static func size(of parameters: [SqlParameter]) throws -> Int {
        var sink = CountSink()
        try reportingFailures(operation: nil) { try write(parameters, to: &sink) }
        return sink.count
    }

    /// The exact number of bytes `s` takes as a JSON string value, quotes and escapes included.
    package static func size(ofString s: String) -> Int {
        var sink = CountSink()
        sink.string(s)
        return sink.count
    }

    // MARK: The shapes, written once for both sinks

    static func write<S: JSONSink>(_ r: ExecuteStatementRequest, to s: inout S) throws {
        var o = ObjectState()
        s.byte(UInt8(ascii: "{"))
        if let v = r.continueAfterTimeout { s.member(#""continueAfterTimeout":"#, &o); s.bool(v) }
        if let v = r.database { s.member(#""database":"#, &o); s.string(v) }
        if let v = r.formatRecordsAs { s.member(#""formatRecordsAs":"#, &o); s.string(v.rawValue) }
        if let v = r.includeResultMetadata { s.member(#""includeResultMetadata":"#, &o); s.bool(v) }
        if let v = r.parameters {
            s.member(#""parameters":"#, &o)
            try at("parameters") { try write(v, to: &s) }
        }
        s.member(#""resourceArn":"#, &o); s.string(r.resourceArn)
        if let v = r.resultSetOptions {
            var inner = ObjectState()
            s.member(#""resultSetOptions":"#, &o)
            s.byte(UInt8(ascii: "{"))
            if let d = v.decimalReturnType { s.member(#""decimalReturnType":"#, &inner); s.string(d.rawValue) }
            if let l = v.longReturnType { s.member(#""longReturnType":"#, &inner); s.string(l.rawValue) }
            s.byte(UInt8(ascii: "}"))
        }
        if let v = r.schema { s.member(#""schema":"#, &o); s.string(v) }
        s.member(#""secretArn":"#, &o); s.string(r.secretArn)
        s.member(#""sql":"#, &o); s.string(r.sql)
        if let v = r.transactionId { s.member(#""transactionId":"#, &o); s.string(v) }
        s.byte(UInt8(ascii: "}"))
    }

    static func write<S: JSONSink>(_ r: BatchExecuteStatementRequest, to s: inout S) throws {
        try write(r, to: &s, sets: nil)
    }

    /// A batch request; `sets`, when given, writes the parameter sets' elements in place of
    /// `r.parameterSets`'s (which must then be non-nil, for the member to be written).
    static func write<S: JSONSink>(_ r: BatchExecuteStatementRequest, to s: inout S,
                                   sets writeSets: ((inout S) -> Void)?) throws {
        var o = ObjectState()
        s.byte(UInt8(ascii: "{"))
        if let v = r.database { s.member(#""database":"#, &o); s.string(v) }
        if let sets = r.parameterSets {
            s.member(#""parameterSets":"#, &o)
            s.byte(UInt8(ascii: "["))
            if let writeSets {
                writeSets(&s)
            } else {
                try sets.withUnsafeBufferPointer { ss in
                    for i in ss.indices {
                        if i > 0 { s.byte(UInt8(ascii: ",")) }
                        try at("parameterSets[\(i)]") { try write(ss[i], to: &s) }
                    }
                }
            }
            s.byte(UInt8(ascii: "]"))
        }
        s.member(#""resourceArn":"#, &o); s.string(r.resourceArn)
        if let v = r.schema { s.member(#""schema":"#, &o); s.string(v) }
        s.member(#""secretArn":"#, &o); s.string(r.secretArn)
        s.member(#""sql":"#, &o); s.string(r.sql)
        if let v = r.transactionId { s.member(#""transactionId":"#, &o); s.string(v) }
        s.byte(UInt8(ascii: "}"))
    }

    /// One parameter set: `[{"name":…,"typeHint":…,"value":{…}},…]`.
    static func write<S: JSONSink>(_ parameters: [SqlParameter], to s: inout S) throws {
        s.byte(UInt8(ascii: "["))
        // Reading the elements in place, not copying each out of the array, saves retains and
        // releases: measured, about a third of the time of a typical parameter set.
        try parameters.withUnsafeBufferPointer { ps in
            for i in ps.indices {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                var o = ObjectState()
                s.byte(UInt8(ascii: "{"))
                if let v = ps[i].name { s.member(#""name":"#, &o); s.string(v) }
                if let v = ps[i].typeHint { s.member(#""typeHint":"#, &o); s.raw(quoted(v)) }
                if let v = ps[i].value {
                    s.member(#""value":"#, &o)
                    try at("[\(i)].value") { try write(v, to: &s) }
                }
                s.byte(UInt8(ascii: "}"))
            }
        }
        s.byte(UInt8(ascii: "]"))
    }

    /// A type hint's JSON string; its raw values need no escaping.
    @inline(__always)
    static func quoted(_ hint: TypeHint) -> StaticString {
        switch hint {
        case .json: #""JSON""#
        case .uuid: #""UUID""#
        case .timestamp: #""TIMESTAMP""#
        case .date: #""DATE""#
        case .time: #""TIME""#
        case .decimal: #""DECIMAL""#
        }
    }

    static func write<S: JSONSink>(_ f: Field, to s: inout S) throws {
        switch f {
        case .isNull(let v): s.raw(#"{"isNull":"#); s.bool(v)
        case .booleanValue(let v): s.raw(#"{"booleanValue":"#); s.bool(v)
        case .longValue(let v): s.raw(#"{"longValue":"#); s.int(v)
        case .doubleValue(let v): s.raw(#"{"doubleValue":"#); try s.double(v)
        case .stringValue(let v): s.raw(#"{"stringValue":"#); s.string(v)
        case .blobValue(let v): s.raw(#"{"blobValue":"#); s.base64(v)
        case .arrayValue(let v): s.raw(#"{"arrayValue":"#); try at(".arrayValue") { try write(v, to: &s) }
        case .unknown(let name): throw Failure(message: "cannot send the unknown Field member '\(name)'")
        }
        s.byte(UInt8(ascii: "}"))
    }

    static func write<S: JSONSink>(_ a: ArrayValue, to s: inout S) throws {
        switch a {
        case .booleanValues(let vs):
            s.raw(#"{"booleanValues":["#)
            for (i, v) in vs.enumerated() {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                if let v { s.bool(v) } else { s.raw("null") }
            }
        case .longValues(let vs):
            s.raw(#"{"longValues":["#)
            for (i, v) in vs.enumerated() {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                if let v { s.int(v) } else { s.raw("null") }
            }
        case .doubleValues(let vs):
            s.raw(#"{"doubleValues":["#)
            for (i, v) in vs.enumerated() {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                if let v { try at(".doubleValues[\(i)]") { try s.double(v) } } else { s.raw("null") }
            }
        case .stringValues(let vs):
            s.raw(#"{"stringValues":["#)
            for (i, v) in vs.enumerated() {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                if let v { s.string(v) } else { s.raw("null") }
            }
        case .arrayValues(let vs):
            s.raw(#"{"arrayValues":["#)
            for (i, v) in vs.enumerated() {
                if i > 0 { s.byte(UInt8(ascii: ",")) }
                try at(".arrayValues[\(i)]") { try write(v, to: &s) }
            }
        case .unknown(let name):
            throw Failure(message: "cannot send the unknown ArrayValue member '\(name)'")
        }
        s.raw("]}")
    }

    // MARK: Failures

    /// Why a request cannot be written, and where in it (`parameterSets[3][1].value`).
    struct Failure: Error {
        var message: String
        var path = ""
    }

    /// Runs `body`, prefixing `component` to the path of a ``Failure`` it throws. The path is
    /// only built on the way out of a failure, so the happy path pays nothing for it.
    @inline(__always)
    static func at(_ component: @autoclosure () -> String, _ body: () throws -> Void) throws {
        do { try body() } catch var f as Failure {
            f.path = component() + f.path
            throw f
        }
    }

    static func reportingFailures(operation: String?, _ body: () throws -> Void) throws {
        do { try body() } catch let f as Failure {
            let message = f.path.isEmpty ? f.message : "\(f.path): \(f.message)"
            throw DataAPIClientError(code: .invalidRequest, message: message, operation: operation)
        }
    }
}
