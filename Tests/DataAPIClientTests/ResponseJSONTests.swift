import Foundation
import Testing
@testable import DataAPIClient
import DataAPITestServer

/// `ResponseJSON` must build exactly what `WireJSON.decoder` (JSONDecoder) builds, or decline.
@Suite struct ResponseJSONTests {
    func reference<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        try WireJSON.decoder.decode(T.self, from: Data(bytes))
    }

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The canonical bytes of a decoded value: stricter than `==`, which treats `-0.0` as `0` and
    /// compares strings by canonical equivalence (`é` and `e\u{301}`); these compare UTF-8 and
    /// the sign of zero too.
    func canonical<T: Encodable>(_ value: T) throws -> [UInt8] { Array(try WireJSON.encoder.encode(value)) }

    /// Requires that ResponseJSON reads `bytes` and builds exactly what JSONDecoder builds.
    @discardableResult
    func requireSame(_ bytes: [UInt8], _ note: @autoclosure () -> String = "") throws -> ExecuteStatementResponse {
        let expected = try reference(ExecuteStatementResponse.self, bytes)
        let mine: ExecuteStatementResponse
        do { mine = try ResponseJSON.decode(bytes) } catch {
            Issue.record("declined: \(note()) \(text(Array(bytes.prefix(400))))")
            throw error
        }
        try #require(mine == expected, "\(note()) \(text(Array(bytes.prefix(400))))")
        try #require(try canonical(mine) == canonical(expected), "\(note()) \(text(Array(bytes.prefix(400))))")
        return mine
    }

    @discardableResult
    func requireSameBatch(_ bytes: [UInt8], _ note: @autoclosure () -> String = "") throws
        -> BatchExecuteStatementResponse {
        let expected = try reference(BatchExecuteStatementResponse.self, bytes)
        let mine: BatchExecuteStatementResponse
        do { mine = try ResponseJSON.decode(bytes) } catch {
            Issue.record("declined: \(note()) \(text(Array(bytes.prefix(400))))")
            throw error
        }
        try #require(mine == expected, "\(note()) \(text(Array(bytes.prefix(400))))")
        try #require(try canonical(mine) == canonical(expected), "\(note())")
        return mine
    }

    /// Requires that ResponseJSON declines `bytes`.
    func requireDeclined(_ bytes: [UInt8], _ note: String = "") {
        #expect(throws: ResponseJSON.NotFast.self, "\(note) \(text(Array(bytes.prefix(200))))") {
            let _: ExecuteStatementResponse = try ResponseJSON.decode(bytes)
        }
    }

    func json(_ s: String) -> [UInt8] { Array(s.utf8) }

    // MARK: Randomized

    @Test func randomResponsesFromJSONEncoderMatch() throws {
        var g = ResponseGenerator(seed: 0x5EED_1001)
        for n in 0..<2_000 {
            let r = g.executeStatementResponse()
            let decoded = try requireSame(try canonical(r), "#\(n)")
            #expect(decoded == r)
        }
    }

    /// The local server's writer (`ResponseJSON.encode`): every random response comes back as
    /// itself through `JSONDecoder`, as `JSONEncoder`'s bytes do, and through the fast reader.
    @Test func randomResponsesWrittenByTheServersWriterReadBack() throws {
        var g = ResponseGenerator(seed: 0x5EED_1005)
        for n in 0..<2_000 {
            let r = g.executeStatementResponse()
            let bytes = try ResponseJSON.encode(r)
            let viaFoundation = try WireJSON.decoder.decode(ExecuteStatementResponse.self, from: Data(bytes))
            #expect(viaFoundation == r, "#\(n): \(String(decoding: bytes, as: UTF8.self))")
            #expect(try reference(ExecuteStatementResponse.self, Array(WireJSON.encoder.encode(r))) == viaFoundation)
            let viaFastReader: ExecuteStatementResponse = try ResponseJSON.decode(bytes)
            #expect(viaFastReader == r, "#\(n)")
        }
        // The members around the records, with and without records.
        let empty = try ResponseJSON.encode(ExecuteStatementResponse(records: []))
        #expect(String(decoding: empty, as: UTF8.self) == #"{"records":[]}"#)
        let both = try ResponseJSON.encode(
            ExecuteStatementResponse(records: [[.longValue(1), .isNull(true)]], numberOfRecordsUpdated: 0))
        #expect(String(decoding: both, as: UTF8.self)
                == #"{"numberOfRecordsUpdated":0,"records":[[{"longValue":1},{"isNull":true}]]}"#)
        #expect(try ResponseJSON.encode(ExecuteStatementResponse(numberOfRecordsUpdated: 2))
                == Array(WireJSON.encoder.encode(ExecuteStatementResponse(numberOfRecordsUpdated: 2))))
    }

    @Test func randomBatchResponsesFromJSONEncoderMatch() throws {
        var g = ResponseGenerator(seed: 0x5EED_1002)
        for n in 0..<1_000 {
            let r = g.batchResponse()
            let decoded = try requireSameBatch(try canonical(r), "#\(n)")
            #expect(decoded == r)
        }
    }

    /// The same values written differently: whitespace between tokens, members in any order,
    /// escapes in strings (`\u00e9`, `\/`, surrogate pairs), numbers in other forms (`1E3`, `-0`,
    /// `1.5e-7`, `0.50`), null members beside a union's member, and absent members as null.
    /// All of it must be read, not declined.
    @Test func randomRewrittenResponsesMatch() throws {
        var g = ResponseGenerator(seed: 0x5EED_1003)
        for n in 0..<2_000 {
            let r = g.executeStatementResponse()
            var w = RewritingWriter(seed: UInt64(n) &+ 0x5EED_2000, style: .random(&g.g))
            let bytes = w.write(Tree(r))
            let decoded = try requireSame(bytes, "#\(n) \(w.style)")
            #expect(decoded == r, "#\(n)")
        }
        for n in 0..<500 {
            let r = g.batchResponse()
            var w = RewritingWriter(seed: UInt64(n) &+ 0x5EED_3000, style: .random(&g.g))
            let decoded = try requireSameBatch(w.write(Tree(r)), "#\(n) \(w.style)")
            #expect(decoded == r, "#\(n)")
        }
    }

    /// Forms the fast path does not model (escaped member names, integers as `1E3` or `2.0`,
    /// non-canonical base64, trailing commas, repeated members, unknown members): read exactly as
    /// JSONDecoder reads them, or declined — never read differently.
    @Test func randomUnusualFormsMatchOrDecline() throws {
        var g = ResponseGenerator(seed: 0x5EED_1004)
        var read = 0, declined = 0
        for n in 0..<3_000 {
            let r = g.executeStatementResponse()
            var style = RewritingWriter.Style.random(&g.g)
            style.unusual = 0.02
            var w = RewritingWriter(seed: UInt64(n) &+ 0x5EED_4000, style: style)
            let bytes = w.write(Tree(r))
            let expected: ExecuteStatementResponse? = try? reference(ExecuteStatementResponse.self, bytes)
            let mine: ExecuteStatementResponse
            do { mine = try ResponseJSON.decode(bytes) } catch {
                declined += 1
                continue
            }
            let note = "#\(n) \(text(Array(bytes.prefix(300))))"
            try #require(expected != nil, "read what JSONDecoder rejects: \(note)")
            try #require(mine == expected, "\(note)")
            try #require(try canonical(mine) == canonical(expected), "\(note)")
            read += 1
        }
        // Both branches are exercised.
        #expect(read > 100 && declined > 100, "read \(read), declined \(declined)")
    }

    @Test func randomDoublesInManyFormsMatch() throws {
        var g = ResponseGenerator(seed: 0x5EED_1005)
        var texts: [String] = []
        for _ in 0..<20_000 {
            let d = g.double()
            texts.append(RewritingWriter.numberText(d, form: Int.random(in: 0...5, using: &g.g),
                                                    g: &g.g))
            texts.append(String(format: "%.17g", d).replacingOccurrences(of: "+", with: ""))
        }
        // Long and very long mantissas, and halfway cases for strtod.
        for _ in 0..<2_000 {
            let digits = (0..<Int.random(in: 16...40, using: &g.g)).map { _ in
                String(Int.random(in: 0...9, using: &g.g))
            }.joined()
            texts.append("\(Int.random(in: 1...9, using: &g.g)).\(digits)e\(Int.random(in: -300...300, using: &g.g))")
        }
        texts.append(contentsOf: [
            "9007199254740993", "9007199254740992.5", "2.2250738585072011e-308", "2.2250738585072012e-308",
            "4.9406564584124654e-324", "2.4703282292062328e-324", "1.7976931348623157e308",
            "1.7976931348623158e308", "0.1", "0.30000000000000004", "1e22", "1e23", "123456789012345678",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
        ])
        // In chunks, each a double array and each value also a doubleValue.
        for start in stride(from: 0, to: texts.count, by: 500) {
            let chunk = texts[start..<min(start + 500, texts.count)]
            let fields = chunk.map { #"{"doubleValue":\#($0)}"# }.joined(separator: ",")
            let array = #"{"arrayValue":{"doubleValues":[\#(chunk.joined(separator: ","))]}}"#
            try requireSame(json(#"{"records":[[\#(fields)],[\#(array)]]}"#), "from \(start)")
        }
    }

    @Test func randomStringsMatch() throws {
        var g = ResponseGenerator(seed: 0x5EED_1006)
        for n in 0..<3_000 {
            let s = g.string()
            var w = RewritingWriter(seed: UInt64(n), style: .init(escapes: 0.3))
            let field = w.write(.object([("stringValue", .string(s))]))
            let bytes = json(#"{"formattedRecords":"# + text(w.write(.string(s))) + #","records":[["#
                + text(field) + "]]}")
            let decoded = try requireSame(bytes, "\(String(reflecting: s))")
            #expect(decoded.formattedRecords == s && decoded.records == [[.stringValue(s)]])
            #expect(Array(decoded.formattedRecords?.utf8 ?? "".utf8) == Array(s.utf8))
        }
    }

    // MARK: Hand-picked edge cases

    @Test func everyFieldKind() throws {
        let r = try requireSame(json("""
            {"records":[[{"isNull":true},{"isNull":false},{"booleanValue":true},{"booleanValue":false},\
            {"longValue":-9223372036854775808},{"longValue":9223372036854775807},{"longValue":0},{"longValue":-0},\
            {"doubleValue":1.5e-7},{"doubleValue":-0},{"doubleValue":1E3},{"stringValue":""},\
            {"stringValue":"caf\\u00e9 \\/ \\ud83d\\ude00 \\\\ \\" \\b\\f\\n\\r\\t \\u0000"},{"blobValue":""},\
            {"blobValue":"AAEC/w=="},{"arrayValue":{"longValues":[]}},{"arrayValue":{"stringValues":[null,"",null]}},\
            {"arrayValue":{"booleanValues":[true,null,false]}},{"arrayValue":{"doubleValues":[null,0.5,-0]}},\
            {"arrayValue":{"arrayValues":[{"arrayValues":[]},{"longValues":[1,null]}]}}]],\
            "numberOfRecordsUpdated":0,"generatedFields":[{"longValue":7}],"formattedRecords":"[]"}
            """))
        #expect(r.records?.first == [
            .isNull(true), .isNull(false), .booleanValue(true), .booleanValue(false), .longValue(.min),
            .longValue(.max), .longValue(0), .longValue(0), .doubleValue(1.5e-7), .doubleValue(-0.0),
            .doubleValue(1000), .stringValue(""),
            .stringValue("café / 😀 \\ \" \u{8}\u{C}\n\r\t \u{0}"), .blobValue(Data()), .blobValue(Data([0, 1, 2, 255])),
            .arrayValue(.longValues([])), .arrayValue(.stringValues([nil, "", nil])),
            .arrayValue(.booleanValues([true, nil, false])), .arrayValue(.doubleValues([nil, 0.5, -0.0])),
            .arrayValue(.arrayValues([.arrayValues([]), .longValues([1, nil])])),
        ])
        #expect(r.records?.first?[9] == .doubleValue(-0.0))
        if case .doubleValue(let d) = r.records?.first?[9] { #expect(d.sign == .minus) }
        #expect(r.generatedFields == [.longValue(7)] && r.formattedRecords == "[]" && r.numberOfRecordsUpdated == 0)
    }

    @Test func emptyAndAbsentShapes() throws {
        for body in [
            "{}", #"{"records":[]}"#, #"{"records":[[]]}"#, #"{"records":[[],[],[]]}"#, #"{"columnMetadata":[]}"#,
            #"{"columnMetadata":[{}]}"#, #"{"generatedFields":[]}"#, #"{"records":null,"formattedRecords":null}"#,
            #"{"numberOfRecordsUpdated":null,"generatedFields":null,"columnMetadata":null}"#,
            " \n\t\r{ \n\t\r} \n\t\r", #"{"records":[[{"isNull":null,"longValue":7,"stringValue":null}]]}"#,
        ] {
            try requireSame(json(body), body)
        }
        for body in ["{}", #"{"updateResults":[]}"#, #"{"updateResults":[{}]}"#, #"{"updateResults":null}"#,
                     #"{"updateResults":[{"generatedFields":[]},{"generatedFields":null},"#
                         + #"{"generatedFields":[{"longValue":1}]}]}"#] {
            try requireSameBatch(json(body), body)
        }
    }

    @Test func everyColumnMetadataMember() throws {
        let r = try requireSame(json("""
            {"columnMetadata":[{"arrayBaseColumnType":0,"isAutoIncrement":true,"isCaseSensitive":false,\
            "isCurrency":false,"isSigned":true,"label":"id","name":"id","nullable":0,"precision":19,"scale":-2,\
            "schemaName":"","tableName":"t","type":-5,"typeName":"int8"},\
            {"type":2147483647,"precision":-2147483648,"name":"\\u00e9","label":null}],"records":[]}
            """))
        #expect(r.columnMetadata == [
            ColumnMetadata(name: "id", type: -5, typeName: "int8", label: "id", schemaName: "", tableName: "t",
                           isAutoIncrement: true, isSigned: true, isCurrency: false, isCaseSensitive: false,
                           nullable: 0, precision: 19, scale: -2, arrayBaseColumnType: 0),
            ColumnMetadata(name: "é", type: .max, precision: .min),
        ])
    }

    @Test func integersAtTheLimits() throws {
        let longs: [Int64] = [.min, .max, .min + 1, .max - 1, 0, 1, -1, 9, 10, 999_999_999_999_999_999,
                              1_000_000_000_000_000_000, -1_000_000_000_000_000_000]
        let fields = longs.map { #"{"longValue":\#($0)}"# }.joined(separator: ",")
        let r = try requireSame(json(#"{"records":[[\#(fields)]],"numberOfRecordsUpdated":9223372036854775807}"#))
        #expect(r.records == [longs.map { .longValue($0) }] && r.numberOfRecordsUpdated == .max)
    }

    @Test func doublesAtTheExtremes() throws {
        let doubles: [Double] = [
            0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
            .leastNormalMagnitude.nextDown, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            .leastNonzeroMagnitude * 2_024, Double(bitPattern: 0x0008_0000_0000_0001), 1e308, 1e-7, 1.5e-7, 0.1, 0.2,
            0.30000000000000004, 1 / 3.0, .pi, 1e15, 1e16,
            1e21, 1e22, 1e23, 9007199254740991, 9007199254740992, 9007199254740994, Double(Int64.max), .ulpOfOne,
        ]
        for d in doubles {
            for form in 0...5 {
                var g = SplitMix(seed: d.bitPattern &+ UInt64(form))
                let t = RewritingWriter.numberText(d, form: form, g: &g)
                let r = try requireSame(json(#"{"records":[[{"doubleValue":\#(t)}]]}"#), t)
                #expect(r.records?.first?.first == .doubleValue(d), "\(t)")
            }
        }
    }

    @Test func unicodeAndEscapes() throws {
        let samples = [
            "", "é", "e\u{301}", "中文", "😀", "👩‍👩‍👧‍👦", "🇸🇪", "\u{2028}\u{2029}", "\u{7F}\u{80}\u{FF}", "\u{FEFF}",
            "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}", "\u{E000}", "\u{0}", "a\u{0}é\u{1F}😀\n", "/", "\\/", "\"",
            String(repeating: "x", count: 15), String(repeating: "x", count: 16), String(repeating: "é", count: 8),
        ]
        for s in samples {
            for escapes in [0.0, 0.5, 1.0] {
                var w = RewritingWriter(seed: 1, style: .init(escapes: escapes))
                let bytes = json(#"{"formattedRecords":"# + text(w.write(.string(s))) + "}")
                let r = try requireSame(bytes, String(reflecting: s))
                #expect(Array(r.formattedRecords?.utf8 ?? "".utf8) == Array(s.utf8))
            }
        }
        // Escaped surrogate pairs, upper- and lowercase, at the astral plane's ends.
        let pairs = [#""\ud800\udc00""#: "\u{10000}", #""\uDBFF\uDFFF""#: "\u{10FFFF}", #""\uD83D\uDE00!""#: "😀!",
                     #""\u00E9\u00e9\u0041""#: "ééA", #""\u2028""#: "\u{2028}", #""\u001F\u007f""#: "\u{1F}\u{7F}"]
        for (quoted, s) in pairs {
            let r = try requireSame(json(#"{"formattedRecords":\#(quoted)}"#), quoted)
            #expect(r.formattedRecords == s)
        }
    }

    @Test func largeStringsAndBlobs() throws {
        var g = SplitMix(seed: 11)
        let big = String((0..<300_000).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &g))) })
        var escaped = big
        escaped.insert(contentsOf: "\n\"é😀\\", at: escaped.index(escaped.startIndex, offsetBy: 150_000))
        let blob = Data((0..<100_000).map { _ in UInt8.random(in: 0...255, using: &g) })
        let r = ExecuteStatementResponse(records: [[.stringValue(big), .stringValue(escaped), .blobValue(blob)]],
                                         formattedRecords: escaped)
        #expect(try requireSame(canonical(r)) == r)
        var w = RewritingWriter(seed: 3, style: .init(escapes: 0.05))
        #expect(try requireSame(w.write(Tree(r))) == r)
    }

    @Test func blobsOfEveryLength() throws {
        var g = SplitMix(seed: 12)
        for n in 0..<70 {
            let d = Data((0..<n).map { _ in UInt8.random(in: 0...255, using: &g) })
            let r = try requireSame(json(#"{"records":[[{"blobValue":"\#(d.base64EncodedString())"}]]}"#))
            #expect(r.records == [[.blobValue(d)]])
        }
        // `/` escaped as JSONEncoder does without `.withoutEscapingSlashes`.
        let r = try requireSame(json(#"{"records":[[{"blobValue":"+\/8="}]]}"#))
        #expect(r.records == [[.blobValue(Data([0xFB, 0xFF]))]])
    }

    @Test func nestedArraysUpToTheDepthLimit() throws {
        func nested(_ depth: Int) -> String {
            depth == 0 ? #"{"longValues":[1,null]}"# : #"{"arrayValues":[\#(nested(depth - 1)),{"stringValues":[]}]}"#
        }
        try requireSame(json(#"{"records":[[{"arrayValue":\#(nested(ResponseJSON.maximumArrayDepth - 1))}]]}"#))
        requireDeclined(json(#"{"records":[[{"arrayValue":\#(nested(ResponseJSON.maximumArrayDepth))}]]}"#))
    }

    // MARK: Declined, and the client still answers as before

    /// Inputs the fast path must decline, each with what JSONDecoder makes of it (a value or an error).
    static let declined: [String] = [
        #"{"records":[],"nextToken":"x"}"#,                          // unknown key, ignored by JSONDecoder
        #"{"records":[[{"vectorValue":[1,2]},{"longValue":1}]]}"#,   // unknown Field member: .unknown
        #"{"records":[[{"arrayValue":{"mapValues":{}}}]]}"#,         // unknown ArrayValue member
        #"{"columnMetadata":[{"name":"a","precisionRadix":10}]}"#,   // unknown ColumnMetadata key
        #"{"record\u0073":[[{"longValue":1}]]}"#,                    // escaped key: records
        #"{"records":[[{"long\u0056alue":1}]]}"#,                    // escaped union member
        #"{"numberOfRecordsUpdated":1,"numberOfRecordsUpdated":2}"#, // repeated key (JSONDecoder: first)
        #"{"records":[[{"longValue":1,"longValue":null}]]}"#,       // repeated member
        #"{"records":[[{}]]}"#,                                      // union with no member
        #"{"records":[[{"longValue":null}]]}"#,                      // union with only null members
        #"{"records":[[{"longValue":1,"stringValue":"a"}]]}"#,       // union with two members
        #"{"records":[[{"arrayValue":{}}]]}"#,
        #"{"records":[[{"arrayValue":{"longValues":[1],"stringValues":["a"]}}]]}"#,
        #"{"records":[[{"longValue":1E3}]]}"#,                       // integer forms JSONDecoder accepts
        #"{"records":[[{"longValue":2.0}]]}"#,
        #"{"records":[[{"longValue":-0.0}]]}"#,
        #"{"numberOfRecordsUpdated":1e2}"#,
        #"{"records":[[{"longValue":9223372036854775808}]]}"#,      // out of range
        #"{"records":[[{"longValue":-9223372036854775809}]]}"#,
        #"{"records":[[{"longValue":12345678901234567890123}]]}"#,
        #"{"records":[[{"longValue":1.5}]]}"#,
        #"{"columnMetadata":[{"type":2147483648}]}"#,
        #"{"records":[[{"longValue":01}]]}"#,                        // malformed numbers
        #"{"records":[[{"doubleValue":01.5}]]}"#,
        #"{"records":[[{"doubleValue":1.}]]}"#,
        #"{"records":[[{"doubleValue":.5}]]}"#,
        #"{"records":[[{"doubleValue":+1}]]}"#,
        #"{"records":[[{"doubleValue":1e}]]}"#,
        #"{"records":[[{"doubleValue":-}]]}"#,
        #"{"records":[[{"doubleValue":1e400}]]}"#,                   // overflow, underflow to zero
        #"{"records":[[{"doubleValue":-1e400}]]}"#,
        #"{"records":[[{"doubleValue":1e-400}]]}"#,
        #"{"records":[[{"doubleValue":2.4703282292062327e-324}]]}"#,
        #"{"records":[[{"doubleValue":"NaN"}]]}"#,
        #"{"records":[[{"longValue":"1"}]]}"#,                       // wrong types
        #"{"records":[[{"booleanValue":1}]]}"#,
        #"{"records":[[{"isNull":"true"}]]}"#,
        #"{"numberOfRecordsUpdated":true}"#,
        #"{"records":[null]}"#,
        #"{"records":[[null]]}"#,
        #"{"records":{}}"#,
        #"{"records":[[{"arrayValue":{"booleanValues":[true,1]}}]]}"#,
        #"{"records":[[{"arrayValue":{"arrayValues":[null]}}]]}"#,
        #"{"records":[[{"stringValue":"\ud800"}]]}"#,                // lone and reversed surrogates
        #"{"records":[[{"stringValue":"\udc00\ud800"}]]}"#,
        #"{"records":[[{"stringValue":"\ud800\u0041"}]]}"#,
        #"{"records":[[{"stringValue":"\x"}]]}"#,                    // bad escapes
        #"{"records":[[{"stringValue":"\u12"}]]}"#,
        #"{"records":[[{"stringValue":"\u12G4"}]]}"#,
        "{\"records\":[[{\"stringValue\":\"a\u{1}b\"}]]}",          // raw control character
        "{\"records\":[[{\"stringValue\":\"tab\there\"}]]}",
        #"{"records":[[{"blobValue":"QR=="}]]}"#,                    // base64 JSONDecoder reads loosely
        #"{"records":[[{"blobValue":"QUJ="}]]}"#,
        #"{"records":[[{"blobValue":"QQ==="}]]}"#,
        #"{"records":[[{"blobValue":"===="}]]}"#,
        #"{"records":[[{"blobValue":"QQ"}]]}"#,                      // and rejects
        #"{"records":[[{"blobValue":"Q==="}]]}"#,
        #"{"records":[[{"blobValue":"QQ==QQ=="}]]}"#,
        #"{"records":[[{"blobValue":"***="}]]}"#,
        #"{"records":[[{"blobValue":"QU JD"}]]}"#,
        #"{"records":[[{"blobValue":"QUJD\n"}]]}"#,
        #"{"records":[],}"#,                                         // trailing commas JSONDecoder accepts
        #"{"records":[[{"longValue":1},],]}"#,
        #"{"records":[[{"longValue":1,}]]}"#,
        "\u{FEFF}{\"records\":[]}",                                  // byte-order mark
        #"{"records":[]} x"#,                                        // trailing bytes
        #"{"records":[]}{}"#,
        #"{"records":[[{"longValue":1}]]"#,                         // truncated
        #"{"records":[[{"stringValue":"abc"#,
        #"{"records":[[{"longValue":1"#,
        #"{"records":[[{"isNull":tru"#,
        "", " ", "null", "[]", "1", #""{}""#, "{", "}", "{]",
        #"{"records":[[{"longValue":1} {"longValue":2}]]}"#,          // missing separators
        #"{"records" [[]]}"#,
        #"{records:[]}"#,
        #"{'records':[]}"#,
        #"{"records":[[{"booleanValue":True}]]}"#,
        #"{"records":[[{"isNull":nul}]]}"#,
        #"{"records":[[{"booleanValue":truefalse}]]}"#,
    ]

    @Test func unusualInputsAreDeclined() throws {
        for body in Self.declined { requireDeclined(json(body), body) }
        // Not UTF-8: UTF-16 with a byte-order mark (JSONDecoder reads it), and invalid bytes.
        let utf16 = [UInt8]([0xFF, 0xFE]) + #"{"records":[]}"#.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        requireDeclined(utf16)
        for bad: [UInt8] in [[0xFF], [0xC3], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                             [0xC0, 0xAF], [0x80]] {
            requireDeclined(json(#"{"records":[[{"stringValue":""#) + bad + json(#""}]]}"#), "\(bad)")
            requireDeclined(json(#"{"formattedRecords":"a\u00e9"#) + bad + json(#""}"#), "\(bad) after an escape")
        }
        // Deeper than JSONDecoder's 512 levels, too.
        let deep = #"{"records":[[{"arrayValue":"# + String(repeating: #"{"arrayValues":["#, count: 300)
            + #"{"longValues":[]}"# + String(repeating: "]}", count: 300) + "}]]}"
        requireDeclined(json(deep))
        #expect(throws: DecodingError.self) { try reference(ExecuteStatementResponse.self, json(deep)) }
    }

    /// Through the client, a declined body gives what it gave before: JSONDecoder's value, or an
    /// `invalidResponse` error with JSONDecoder's message.
    @Test func clientAnswersDeclinedInputsAsBefore() async throws {
        var bodies = Self.declined.map(json)
        bodies.append([0xFF, 0xFE] + #"{"records":[]}"#.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        bodies.append(json(#"{"records":[[{"stringValue":""#) + [0xC3, 0x28] + json(#""}]]}"#))
        var values = 0, errors = 0
        for body in bodies {
            let client = cannedClient(body)
            let request = ExecuteStatementRequest(resourceArn: TestARN.cluster, secretArn: TestARN.secret, sql: "x")
            switch Result(catching: { try reference(ExecuteStatementResponse.self, body) }) {
            case .success(let expected):
                let got = try await client.executeStatement(request)
                #expect(got == expected, "\(text(body))")
                // (Values with an `unknown` member cannot be encoded: then both are nil.)
                #expect((try? canonical(got)) == (try? canonical(expected)), "\(text(body))")
                values += 1
            case .failure(let expected):
                let e = await #expect(throws: DataAPIClientError.self, "\(text(body))") {
                    try await client.executeStatement(request)
                }
                #expect(e?.code == .invalidResponse && e?.operation == "ExecuteStatement")
                #expect(e?.message == "\(expected)", "\(text(body))")
                errors += 1
            }
        }
        #expect(values >= 15 && errors >= 40, "values \(values), errors \(errors)")

        // The batch shape too.
        for body in [#"{"updateResults":[{"generatedFields":[{"vectorValue":1}]}]}"#, #"{"updateResults":[{"x":1}]}"#,
                     #"{"updateResults":[{"generatedFields":[{}]}]}"#, #"{"updateResults":[],}"#,
                     #"{"updateResults":"#] {
            let client = cannedClient(json(body))
            let request = BatchExecuteStatementRequest(resourceArn: TestARN.cluster, secretArn: TestARN.secret,
                                                       sql: "x")
            #expect(throws: ResponseJSON.NotFast.self) {
                let _: BatchExecuteStatementResponse = try ResponseJSON.decode(json(body))
            }
            switch Result(catching: { try reference(BatchExecuteStatementResponse.self, json(body)) }) {
            case .success(let expected):
                #expect(try await client.batchExecuteStatement(request) == expected, "\(body)")
            case .failure(let expected):
                let e = await #expect(throws: DataAPIClientError.self) {
                    try await client.batchExecuteStatement(request)
                }
                #expect(e?.code == .invalidResponse && e?.message == "\(expected)", "\(body)")
            }
        }
    }

    /// Through the client, the bodies the fast path reads give JSONDecoder's values.
    @Test func clientReadsResponsesAsJSONDecoderDoes() async throws {
        var g = ResponseGenerator(seed: 0x5EED_1007)
        for n in 0..<40 {
            let r = g.executeStatementResponse()
            var w = RewritingWriter(seed: UInt64(n), style: .random(&g.g))
            let body = w.write(Tree(r))
            let request = ExecuteStatementRequest(resourceArn: TestARN.cluster, secretArn: TestARN.secret, sql: "x")
            let got = try await cannedClient(body).executeStatement(request)
            #expect(try got == reference(ExecuteStatementResponse.self, body) && got == r)
            let batch = g.batchResponse()
            let batchRequest = BatchExecuteStatementRequest(resourceArn: TestARN.cluster, secretArn: TestARN.secret,
                                                            sql: "x")
            #expect(try await cannedClient(canonical(batch)).batchExecuteStatement(batchRequest) == batch)
        }
        // Other shapes keep JSONDecoder.
        let begin = BeginTransactionRequest(resourceArn: TestARN.cluster, secretArn: TestARN.secret)
        #expect(try await cannedClient(json(#"{"transactionId":"t"}"#)).beginTransaction(begin).transactionId == "t")
    }

    func cannedClient(_ body: [UInt8]) -> DataAPIClient {
        DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: "http://127.0.0.1:9", environment: [:]),
            credentialProvider: StaticCredentialProvider(SampleKeys.credentials),
            transport: CannedTransport(body: body))
    }
}

/// Answers every request with status 200 and the same body.
private struct CannedTransport: HTTPTransport {
    let body: [UInt8]
    func send(_ request: HTTPRequest) async throws -> HTTPResponse { HTTPResponse(status: 200, body: body) }
}

/// Random valid responses from a seed, built from random wire values.
private typealias ResponseGenerator = WireValueGenerator

extension WireValueGenerator {
    mutating func int32() -> Int32 {
        chance(0.2) ? [Int32.min, .max, 0, -1][int(0...3)] : Int32(int(-100...100))
    }

    mutating func columnMetadata() -> ColumnMetadata {
        ColumnMetadata(
            name: maybe(0.8) { $0.string() }, type: maybe { $0.int32() }, typeName: maybe { $0.string() },
            label: maybe { $0.string() }, schemaName: maybe { $0.string() }, tableName: maybe { $0.string() },
            isAutoIncrement: maybe { $0.chance(0.5) }, isSigned: maybe { $0.chance(0.5) },
            isCurrency: maybe { $0.chance(0.5) }, isCaseSensitive: maybe { $0.chance(0.5) },
            nullable: maybe { $0.int32() }, precision: maybe { $0.int32() }, scale: maybe { $0.int32() },
            arrayBaseColumnType: maybe { $0.int32() })
    }

    mutating func executeStatementResponse() -> ExecuteStatementResponse {
        let columns = int(0...6)
        return ExecuteStatementResponse(
            records: maybe(0.8) { g in (0..<g.int(0...6)).map { _ in (0..<columns).map { _ in g.field() } } },
            columnMetadata: maybe(0.3) { g in (0..<columns).map { _ in g.columnMetadata() } },
            numberOfRecordsUpdated: maybe { $0.long() },
            generatedFields: maybe(0.3) { g in (0..<g.int(0...3)).map { _ in g.field() } },
            formattedRecords: maybe(0.2) { $0.string() })
    }

    mutating func batchResponse() -> BatchExecuteStatementResponse {
        BatchExecuteStatementResponse(updateResults: maybe(0.9) { g in
            (0..<g.int(0...5)).map { _ in
                UpdateResult(generatedFields: g.maybe(0.7) { g in (0..<g.int(0...3)).map { _ in g.field() } })
            }
        })
    }
}

/// A response as a JSON tree, so that it can be written in other ways than JSONEncoder writes it.
private indirect enum Tree {
    case object([(String, Tree)])
    case array([Tree])
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
    /// A union's member and the names of its siblings, which may be written as null beside it.
    case union(String, Tree, siblings: [String])

    static let fieldMembers = ["isNull", "booleanValue", "longValue", "doubleValue", "stringValue", "blobValue",
                               "arrayValue"]
    static let arrayMembers = ["booleanValues", "longValues", "doubleValues", "stringValues", "arrayValues"]

    init(_ r: ExecuteStatementResponse) {
        var members: [(String, Tree)] = []
        members.append(("records", r.records.map { .array($0.map { .array($0.map(Tree.init)) }) } ?? .null))
        members.append(("columnMetadata", r.columnMetadata.map { .array($0.map(Tree.init)) } ?? .null))
        members.append(("numberOfRecordsUpdated", r.numberOfRecordsUpdated.map { .int($0) } ?? .null))
        members.append(("generatedFields", r.generatedFields.map { .array($0.map(Tree.init)) } ?? .null))
        members.append(("formattedRecords", r.formattedRecords.map { .string($0) } ?? .null))
        self = .object(members)
    }

    init(_ r: BatchExecuteStatementResponse) {
        self = .object([("updateResults", r.updateResults.map { results in
            .array(results.map { result in
                .object([("generatedFields", result.generatedFields.map { .array($0.map(Tree.init)) } ?? .null)])
            })
        } ?? .null)])
    }

    init(_ c: ColumnMetadata) {
        func s(_ v: String?) -> Tree { v.map { .string($0) } ?? .null }
        func i(_ v: Int32?) -> Tree { v.map { .int(Int64($0)) } ?? .null }
        func b(_ v: Bool?) -> Tree { v.map { .bool($0) } ?? .null }
        self = .object([
            ("name", s(c.name)), ("type", i(c.type)), ("typeName", s(c.typeName)), ("label", s(c.label)),
            ("schemaName", s(c.schemaName)), ("tableName", s(c.tableName)), ("isAutoIncrement", b(c.isAutoIncrement)),
            ("isSigned", b(c.isSigned)), ("isCurrency", b(c.isCurrency)), ("isCaseSensitive", b(c.isCaseSensitive)),
            ("nullable", i(c.nullable)), ("precision", i(c.precision)), ("scale", i(c.scale)),
            ("arrayBaseColumnType", i(c.arrayBaseColumnType)),
        ])
    }

    init(_ f: Field) {
        let (name, value): (String, Tree)
        switch f {
        case .isNull(let v): (name, value) = ("isNull", .bool(v))
        case .booleanValue(let v): (name, value) = ("booleanValue", .bool(v))
        case .longValue(let v): (name, value) = ("longValue", .int(v))
        case .doubleValue(let v): (name, value) = ("doubleValue", .double(v))
        case .stringValue(let v): (name, value) = ("stringValue", .string(v))
        case .blobValue(let v): (name, value) = ("blobValue", .string(v.base64EncodedString()))
        case .arrayValue(let v): (name, value) = ("arrayValue", Tree(v))
        case .unknown(let v): (name, value) = (v, .null)
        }
        self = .union(name, value, siblings: Self.fieldMembers.filter { $0 != name })
    }

    init(_ a: ArrayValue) {
        let (name, value): (String, Tree)
        switch a {
        case .booleanValues(let vs): (name, value) = ("booleanValues", .array(vs.map { $0.map { .bool($0) } ?? .null }))
        case .longValues(let vs): (name, value) = ("longValues", .array(vs.map { $0.map { .int($0) } ?? .null }))
        case .doubleValues(let vs): (name, value) = ("doubleValues", .array(vs.map { $0.map { .double($0) } ?? .null }))
        case .stringValues(let vs): (name, value) = ("stringValues", .array(vs.map { $0.map { .string($0) } ?? .null }))
        case .arrayValues(let vs): (name, value) = ("arrayValues", .array(vs.map(Tree.init)))
        case .unknown(let v): (name, value) = (v, .null)
        }
        self = .union(name, value, siblings: Self.arrayMembers.filter { $0 != name })
    }
}

/// Writes a ``Tree`` as valid JSON in randomly chosen equivalent ways.
private struct RewritingWriter {
    struct Style: CustomStringConvertible {
        /// Chance of whitespace between two tokens (and of more after it); below 1.
        var whitespace = 0.0
        /// Chance of escaping a character that need not be.
        var escapes = 0.0
        /// Whether object members are shuffled.
        var shuffle = false
        /// Chance of writing a double in another form than its `description`.
        var numberForms = 0.0
        /// Chance of a null sibling beside a union's member, and of writing an absent member as null.
        var nulls = 0.0
        /// Chance of a form that the fast path declines (escaped names, `1E3` integers, non-canonical
        /// base64, trailing commas, repeated or unknown members).
        var unusual = 0.0

        static func random(_ g: inout SplitMix) -> Style {
            func p(_ values: [Double]) -> Double { values.randomElement(using: &g) ?? 0 }
            return Style(whitespace: p([0, 0, 0.1, 0.5, 0.8]), escapes: p([0, 0, 0.05, 0.3, 1]),
                         shuffle: Bool.random(using: &g), numberForms: p([0, 0.5, 1]), nulls: p([0, 0.2, 0.5]))
        }

        var description: String {
            "ws \(whitespace) esc \(escapes) shuffle \(shuffle) numbers \(numberForms) nulls \(nulls) "
                + "unusual \(unusual)"
        }
    }

    var g: SplitMix
    var style: Style
    private var out: [UInt8] = []

    init(seed: UInt64, style: Style) {
        g = SplitMix(seed: seed)
        self.style = style
    }

    mutating func chance(_ p: Double) -> Bool { p > 0 && Double.random(in: 0..<1, using: &g) < p }

    mutating func write(_ t: Tree) -> [UInt8] {
        out = []
        space()
        value(t)
        space()
        return out
    }

    private mutating func put(_ s: String) { out.append(contentsOf: s.utf8) }

    private mutating func space() {
        while chance(style.whitespace) { put([" ", "\n", "\r", "\t"].randomElement(using: &g) ?? " ") }
    }

    private mutating func value(_ t: Tree) {
        switch t {
        case .null: put("null")
        case .bool(let b): put(b ? "true" : "false")
        case .int(let v):
            if chance(style.unusual) {
                put(["\(v).0", "\(v)e0", "\(v)E+00"].randomElement(using: &g) ?? "\(v)")
            } else {
                put(v == 0 && chance(0.3) ? "-0" : "\(v)")
            }
        case .double(let d):
            put(chance(style.numberForms) ? Self.numberText(d, form: Int.random(in: 0...5, using: &g), g: &g) : "\(d)")
        case .string(let s):
            if chance(style.unusual), let data = Data(base64Encoded: s), !data.isEmpty, s.hasSuffix("=") {
                put("\"" + s + "=\"")  // an extra `=`: JSONDecoder ignores it; declined
            } else {
                string(s)
            }
        case .array(let items):
            put("[")
            for (i, item) in items.enumerated() {
                if i > 0 { space(); put(","); space() } else { space() }
                value(item)
            }
            space()
            if !items.isEmpty && chance(style.unusual) { put(",") }
            put("]")
        case .object(let members):
            var kept = members.filter { if case .null = $0.1 { chance(style.nulls) } else { true } }
            if chance(style.unusual) { kept.append(("unknownMember", .int(1))) }
            if chance(style.unusual), let first = kept.first { kept.append(first) }
            object(kept)
        case .union(let name, let member, let siblings):
            var members = [(name, member)]
            for sibling in siblings where chance(style.nulls / 3) { members.append((sibling, .null)) }
            if chance(style.unusual) { members.append((siblings.first ?? "x", .int(1))) }
            object(members)
        }
    }

    private mutating func object(_ members: [(String, Tree)]) {
        var members = members
        if style.shuffle { members.shuffle(using: &g) }
        put("{")
        space()
        for (i, (name, member)) in members.enumerated() {
            if i > 0 { put(","); space() }
            if chance(style.unusual), let c = name.unicodeScalars.first {
                put("\"\\u" + String(format: "%04x", c.value) + String(name.unicodeScalars.dropFirst()) + "\"")
            } else {
                put("\"" + name + "\"")
            }
            space()
            put(":")
            space()
            value(member)
            space()
        }
        if !members.isEmpty && chance(style.unusual) { put(",") }
        put("}")
    }

    /// A string with random escapes, and the escapes JSON requires.
    private mutating func string(_ s: String) {
        put("\"")
        for scalar in s.unicodeScalars {
            let v = scalar.value
            let short: [UInt32: String] = [0x22: "\\\"", 0x5C: "\\\\", 0x08: "\\b", 0x0C: "\\f", 0x0A: "\\n",
                                            0x0D: "\\r", 0x09: "\\t"]
            if v < 0x20 || v == 0x22 || v == 0x5C || chance(style.escapes) {
                if let e = short[v], Bool.random(using: &g) || v == 0x22 || v == 0x5C {
                    put(e)
                } else if v == 0x2F && Bool.random(using: &g) {
                    put("\\/")
                } else if v < 0x10000 {
                    hexEscape(UInt16(v))
                } else {
                    for unit in String(scalar).utf16 { hexEscape(unit) }
                }
            } else {
                put(String(scalar))
            }
        }
        put("\"")
    }

    private mutating func hexEscape(_ unit: UInt16) {
        let hex = String(format: "%04x", unit)
        put("\\u" + (Bool.random(using: &g) ? hex : hex.uppercased()))
    }

    /// `d` written exactly in one of several forms: 0 its `description`; 1 plain decimal; 2 scientific
    /// with `e`/`E`, optional `+` and leading zeros in the exponent; 3 with trailing zeros added;
    /// 4 the digits as an integer times a power of ten; 5 `%.17g`.
    static func numberText(_ d: Double, form: Int, g: inout SplitMix) -> String {
        let sign = d.sign == .minus ? "-" : ""
        // The shortest digits and exponent: d = 0.digits × 10^point.
        var text = "\(d.magnitude)"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        var point = parts[0].count + exponent
        while digits.count > 1 && digits.hasPrefix("0") { digits.removeFirst(); point -= 1 }
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        if digits == "0" { point = 1 }
        let e = Bool.random(using: &g) ? "e" : "E"
        switch form {
        case 0:
            return "\(d)"
        case 1, 3:
            if form == 3 { digits += String(repeating: "0", count: Int.random(in: 1...3, using: &g)) }
            if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
            if point >= digits.count {
                let zeros = String(repeating: "0", count: point - digits.count)
                return sign + digits + zeros + (form == 3 ? ".0" : "")
            }
            return sign + digits.prefix(point) + "." + digits.dropFirst(point)
        case 2:
            let exp = point - 1
            let expText = (exp < 0 ? "-" : Bool.random(using: &g) ? "+" : "")
                + String(repeating: "0", count: Int.random(in: 0...2, using: &g)) + String(exp.magnitude)
            let mantissa = digits.count > 1 ? digits.prefix(1) + "." + digits.dropFirst() : digits
            return sign + mantissa + e + expText
        case 4:
            return sign + digits + e + String(point - digits.count)
        default:
            return String(format: "%.17g", d).replacingOccurrences(of: "e+", with: "e")
        }
    }
}
