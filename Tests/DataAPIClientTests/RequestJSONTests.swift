import Foundation
import Testing
@testable import DataAPIClient
import DataAPITestServer

/// `RequestJSON` must write exactly the bytes `WireJSON.encoder` (JSONEncoder) writes, and count them exactly.
@Suite struct RequestJSONTests {
    func reference<T: Encodable>(_ value: T) throws -> [UInt8] { Array(try WireJSON.encoder.encode(value)) }

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Requires equal bytes; on a difference, shows both texts from the first differing byte.
    func requireSame(_ mine: [UInt8], _ expected: [UInt8], _ note: String = "") throws {
        let same = mine == expected
        let at = zip(mine, expected).prefix { $0 == $1 }.count
        try #require(same, """
            \(note) differs at byte \(at) of \(expected.count)
            RequestJSON: \(text(Array(mine[at...].prefix(120))))
            JSONEncoder: \(text(Array(expected[at...].prefix(120))))
            """)
    }

    /// Both encodings of `r`, and the size of each parameter set against JSONEncoder's bytes for it.
    func check(_ r: ExecuteStatementRequest) throws {
        let mine = try RequestJSON.encode(r)
        try requireSame(mine, try reference(r))
        if let p = r.parameters { try #require(try RequestJSON.size(of: p) == reference(p).count) }
    }

    func check(_ r: BatchExecuteStatementRequest) throws {
        let mine = try RequestJSON.encode(r)
        try requireSame(mine, try reference(r))
        guard let sets = r.parameterSets else { return }
        var sizes = 0
        for set in sets {
            let size = try RequestJSON.size(of: set)
            try #require(try size == reference(set).count)
            sizes += size
        }
        // What the executor relies on: the request without its sets, plus the sets and their commas.
        var empty = r
        empty.parameterSets = []
        try #require(try RequestJSON.encode(empty).count + sizes + max(sets.count - 1, 0) == mine.count)
    }

    func checkString(_ s: String) throws {
        let expected = try reference(s)
        try #require(RequestJSON.size(ofString: s) == expected.count, "\(String(reflecting: s))")
        try check(ExecuteStatementRequest(resourceArn: s, secretArn: s, sql: s, parameters: [
            .init(name: s, value: .stringValue(s)), .init(value: .arrayValue(.stringValues([s, nil, s]))),
        ]))
    }

    // MARK: Randomized

    @Test func randomExecuteStatementRequestsMatchJSONEncoder() throws {
        var g = RequestGenerator(seed: 0x5EED_0001)
        for _ in 0..<2_000 { try check(g.executeStatementRequest()) }
    }

    @Test func randomBatchRequestsMatchJSONEncoder() throws {
        var g = RequestGenerator(seed: 0x5EED_0002)
        for _ in 0..<1_000 { try check(g.batchRequest()) }
    }

    /// Sets encoded ahead and spliced into a request give the bytes of the whole request
    /// encoded at once, for every range of them; so does the `Encodable` fallback.
    @Test func preEncodedParameterSetsMatchTheWholeRequest() throws {
        var g = RequestGenerator(seed: 0x5EED_0009)
        for _ in 0..<300 {
            var r = g.batchRequest()
            let all = r.parameterSets ?? []
            var encoded = EncodedParameterSets()
            for set in all { try encoded.append(set) }
            try #require(encoded.count == all.count)
            for i in all.indices { try #require(try encoded.size(ofSet: i) == reference(all[i]).count) }
            let lower = all.isEmpty ? 0 : g.int(0...all.count - 1)
            let upper = all.isEmpty ? 0 : g.int(lower...all.count)
            r.parameterSets = Array(all[lower..<upper])
            let spliced = EncodedBatchExecuteStatementRequest(request: r, sets: encoded, range: lower..<upper)
            try requireSame(try RequestJSON.encode(spliced), try reference(r), "sets \(lower)..<\(upper)")
            try requireSame(try reference(spliced), try reference(r), "fallback, sets \(lower)..<\(upper)")
        }
    }

    @Test func aSetThatCannotBeSentIsRefusedWhenEncodedAhead() throws {
        var encoded = EncodedParameterSets()
        #expect(throws: DataAPIClientError.self) {
            try encoded.append([SqlParameter(name: "d", value: .doubleValue(.nan))])
        }
        #expect(encoded.count == 0)
    }

    @Test func randomStringsMatchJSONEncoder() throws {
        var g = RequestGenerator(seed: 0x5EED_0003)
        for _ in 0..<3_000 {
            let s = g.string()
            try #require(try RequestJSON.size(ofString: s) == reference(s).count, "\(String(reflecting: s))")
        }
    }

    @Test func randomDoublesMatchJSONEncoder() throws {
        var g = RequestGenerator(seed: 0x5EED_0004)
        for _ in 0..<5_000 {
            let d = g.double()
            let p = [SqlParameter(value: .doubleValue(d))]
            let r = ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameters: p)
            try requireSame(try RequestJSON.encode(r), try reference(r), "\(d)")
            try #require(try RequestJSON.size(of: p) == reference(p).count, "\(d)")
        }
    }

    /// Escapes and near misses (0x1F/0x20, 0x21-0x23, 0x5B-0x5D, 0x7F, 0x80, multi-byte) at every
    /// offset of the eight-byte words the string scan tests at once.
    @Test func escapesAtEveryOffsetOfAWord() throws {
        let specials = ["\"", "\\", "\u{0}", "\u{1}", "\u{1F}", "\n", " ", "!", "#", "[", "]", "\u{7F}", "\u{80}",
                        "é", "ÿ", "😀", "\u{2028}"]
        for special in specials {
            for length in [1, 7, 8, 9, 15, 16, 17, 24] {
                for at in 0..<length {
                    var characters = Array(repeating: "a", count: length)
                    characters[at] = special
                    try checkString(characters.joined())
                    characters[length - 1 - at] = special
                    try checkString(characters.joined())
                }
            }
        }
        var g = SplitMix(seed: 0x5EED_0006)
        for _ in 0..<3_000 {
            let s = (0..<Int.random(in: 0...40, using: &g)).map { _ in specials.randomElement(using: &g) ?? "" }
            try checkString(s.joined())
        }
    }

    /// The writer starts with room for one byte and must grow for every write; debug builds assert
    /// that each write reserved its room first.
    @Test func writerGrowsFromOneByte() throws {
        var g = RequestGenerator(seed: 0x5EED_0007)
        for _ in 0..<300 {
            let r = g.batchRequest()
            var sink = ByteSink(capacity: 1)
            defer { sink.deallocate() }
            try RequestJSON.write(r, to: &sink)
            try requireSame(sink.bytes, try reference(r))
        }
    }

    // MARK: Hand-picked edge cases

    @Test func everyControlCharacterAndEscape() throws {
        var all = ""
        for c in UInt8(0)...0x7F { all.unicodeScalars.append(Unicode.Scalar(c)) }
        try checkString(all)
        for c in UInt8(0)...0x7F { try checkString(String(Unicode.Scalar(c))) }
        for s in ["\"", "\\", "/", "\\\"", "\"\\/", "//", "a/b\\c\"d", "\\u0000", "</script>"] { try checkString(s) }
        // The rules, pinned: named escapes where JSON has one, lowercase \u00xx for the rest, and
        // slash and DEL raw.
        #expect(text(try RequestJSON.encode(ExecuteStatementRequest(
            resourceArn: "\u{0}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1A}\u{1F}\u{7F}/\"\\", secretArn: "", sql: "")))
            == #"{"resourceArn":"\u0000\b\t\n\u000b\f\r\u001a\u001f"# + "\u{7F}" + #"/\"\\","secretArn":"","sql":""}"#)
    }

    @Test func unicodeIsWrittenRaw() throws {
        let samples = [
            "", "é", "e\u{301}", "ñ", "中文", "😀", "👩‍👩‍👧‍👦", "🇸🇪", "\u{2028}\u{2029}", "\u{80}\u{FF}\u{100}",
            "\u{FEFF}", "\u{FFFD}", "\u{10FFFF}", "\u{E000}", "a\u{0}é\u{1F}😀\n", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǒ̢̟͚",
        ]
        for s in samples { try checkString(s) }
        #expect(RequestJSON.size(ofString: "\u{2028}😀") == 2 + 3 + 4)
    }

    @Test func doublesAsJSONEncoderWritesThem() throws {
        let doubles: [Double] = [
            0, -0.0, 1, -1, 1.5, 0.1, 0.2, 0.30000000000000004, 1 / 3.0, 2 / 3.0, 100, 1234567, 4.35,
            1e15, 1e16, 1e17, 2e16, 9007199254740991, 9007199254740992, 9007199254740994, 1e21, 1e22, 1e100,
            123456789012345680, 12345678901234567168, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            0.001, 0.0001, 0.00001, 1e-7, 1e-300, .leastNormalMagnitude, .leastNonzeroMagnitude,
            -.leastNonzeroMagnitude, .leastNormalMagnitude.nextDown, .ulpOfOne, .pi, -.pi,
            Double(Float(0.1)), Double(Int64.max), Double(Int64.min), 2.2250738585072014e-308,
        ]
        for d in doubles {
            try check(ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameters: [
                .init(value: .doubleValue(d)),
            ]))
        }
        try check(ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameters: [
            .init(value: .arrayValue(.doubleValues(doubles + [nil]))),
        ]))
        // The rules, pinned: `description` with a trailing ".0" removed.
        let pinned: [Double?] = [1, -0.0, 1e16, 0.00001, .leastNonzeroMagnitude, 1e15, 0.1]
        let written = try RequestJSON.encode(ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "",
            parameters: [.init(value: .arrayValue(.doubleValues(pinned)))]))
        #expect(text(written).contains(#"[1,-0,1e+16,1e-05,5e-324,1000000000000000,0.1]"#))
    }

    @Test func integersAndBooleans() throws {
        let longs: [Int64] = [0, 1, -1, 9, 10, 99, 100, 9_999, 10_000, 10_001, .max, .min, .max - 1, .min + 1,
                              999_999_999_999_999_999, 1_000_000_000_000_000_000, -1_000_000_000_000_000_000]
        try check(ExecuteStatementRequest(
            resourceArn: "", secretArn: "", sql: "",
            parameters: longs.map { .init(value: .longValue($0)) } + [
                .init(value: .arrayValue(.longValues(longs + [nil]))),
                .init(value: .booleanValue(true)), .init(value: .booleanValue(false)),
                .init(value: .isNull(true)), .init(value: .isNull(false)),
                .init(value: .arrayValue(.booleanValues([true, nil, false]))),
            ]))
        #expect(text(try RequestJSON.encode(ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "",
            parameters: [.init(value: .longValue(.min))]))).contains("-9223372036854775808"))
    }

    @Test func blobs() throws {
        var g = SplitMix(seed: 7)
        var params: [SqlParameter] = []
        for n in 0..<70 {
            params.append(.init(value: .blobValue(Data((0..<n).map { _ in UInt8.random(in: 0...255, using: &g) }))))
        }
        params.append(.init(value: .blobValue(Data([0xFF, 0xFF, 0xFE, 0xFB, 0xEF]))))  // `+` and `/` in the output
        try check(ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameters: params))
        #expect(text(try RequestJSON.encode(ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "",
            parameters: [.init(value: .blobValue(Data([0xFB, 0xFF])))]))).contains(#"{"blobValue":"+/8="}"#))
    }

    @Test func emptyAndNestedShapes() throws {
        let nested = ArrayValue.arrayValues([
            .arrayValues([]), .longValues([]), .stringValues([]), .booleanValues([]), .doubleValues([]),
            .arrayValues([.arrayValues([.arrayValues([.stringValues(["", nil, "x"])])]), .longValues([nil])]),
        ])
        try check(ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameters: []))
        try check(ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameters: [
            .init(), .init(name: ""), .init(typeHint: .json), .init(value: .arrayValue(nested)),
            .init(value: .arrayValue(.arrayValues([]))), .init(value: .stringValue("")),
        ], resultSetOptions: .init()))
        try check(BatchExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameterSets: []))
        try check(BatchExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameterSets: [[]]))
        try check(BatchExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameterSets: [[], [], []]))
        try check(BatchExecuteStatementRequest(resourceArn: "a", secretArn: "b", sql: "c", database: "", schema: "",
                                               parameterSets: [[.init(value: .arrayValue(nested))], []],
                                               transactionId: ""))
        #expect(try RequestJSON.size(of: []) == 2)
        #expect(try RequestJSON.size(of: [.init()]) == 4)
        #expect(RequestJSON.size(ofString: "") == 2)
    }

    @Test func everyOptionalMemberInItsPlace() throws {
        let r = ExecuteStatementRequest(
            resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:c", secretArn: "arn:aws:secretsmanager:s",
            sql: "SELECT :a", database: "db", schema: "public",
            parameters: [.init(name: "a", value: .stringValue("1.5"), typeHint: .decimal)], transactionId: "tx",
            includeResultMetadata: true, continueAfterTimeout: false,
            resultSetOptions: .init(decimalReturnType: .doubleOrLong, longReturnType: .string),
            formatRecordsAs: .json)
        try check(r)
        #expect(text(try RequestJSON.encode(r)) == """
            {"continueAfterTimeout":false,"database":"db","formatRecordsAs":"JSON","includeResultMetadata":true,\
            "parameters":[{"name":"a","typeHint":"DECIMAL","value":{"stringValue":"1.5"}}],\
            "resourceArn":"arn:aws:rds:us-east-1:123456789012:cluster:c","resultSetOptions":\
            {"decimalReturnType":"DOUBLE_OR_LONG","longReturnType":"STRING"},"schema":"public",\
            "secretArn":"arn:aws:secretsmanager:s","sql":"SELECT :a","transactionId":"tx"}
            """)
        for options in [ResultSetOptions(decimalReturnType: .string), .init(longReturnType: .long)] {
            try check(ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", resultSetOptions: options))
        }
        for hint in TypeHint.allCases {
            try check(ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameters: [
                .init(name: "x", value: .stringValue("v"), typeHint: hint),
            ]))
        }
    }

    // MARK: Where JSONEncoder throws

    @Test(arguments: [Double.nan, .infinity, -.infinity, .signalingNaN])
    func nonFiniteDoublesThrow(_ d: Double) throws {
        for value in [Field.doubleValue(d), .arrayValue(.doubleValues([1, nil, d])),
                      .arrayValue(.arrayValues([.doubleValues([]), .doubleValues([d])]))] {
            let p = [SqlParameter(name: "x", value: value)]
            let single = ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameters: p)
            let batch = BatchExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameterSets: [[], p])
            #expect(throws: EncodingError.self) { try WireJSON.encoder.encode(single) }
            #expect(throws: EncodingError.self) { try WireJSON.encoder.encode(batch) }
            let e1 = #expect(throws: DataAPIClientError.self) { try RequestJSON.encode(single) }
            let e2 = #expect(throws: DataAPIClientError.self) { try RequestJSON.encode(batch) }
            let e3 = #expect(throws: DataAPIClientError.self) { try RequestJSON.size(of: p) }
            #expect(e1?.code == .invalidRequest && e2?.code == .invalidRequest && e3?.code == .invalidRequest)
            #expect(e1?.operation == "ExecuteStatement")
            #expect(e2?.message.hasPrefix("parameterSets[1][0].value") == true, "\(String(describing: e2))")
        }
    }

    @Test func unknownMembersThrow() throws {
        for value in [Field.unknown("vectorValue"), .arrayValue(.unknown("mapValues")),
                      .arrayValue(.arrayValues([.longValues([1]), .unknown("mapValues")]))] {
            let p = [SqlParameter(value: .longValue(1)), SqlParameter(value: value)]
            let single = ExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "", parameters: p)
            #expect(throws: EncodingError.self) { try WireJSON.encoder.encode(single) }
            let e = #expect(throws: DataAPIClientError.self) { try RequestJSON.encode(single) }
            #expect(e?.code == .invalidRequest)
            #expect(e?.message.hasPrefix("parameters[1].value") == true, "\(String(describing: e))")
            #expect(throws: DataAPIClientError.self) {
                try RequestJSON.encode(BatchExecuteStatementRequest(resourceArn: "", secretArn: "", sql: "",
                                                                    parameterSets: [p]))
            }
            #expect(throws: DataAPIClientError.self) { try RequestJSON.size(of: p) }
        }
    }

    // MARK: The client uses it

    @Test func clientBodiesAreJSONEncoderBytes() async throws {
        let client = DataAPIClient(
            configuration: .init(region: "us-east-1", endpoint: "http://127.0.0.1:9", environment: [:]),
            credentialProvider: StaticCredentialProvider(SampleKeys.credentials), transport: UnusedTransport())
        var g = RequestGenerator(seed: 0x5EED_0005)
        for _ in 0..<20 {
            let single = g.executeStatementRequest()
            try requireSame(try await client.signedRequest(for: single).body, try reference(single))
            let batch = g.batchRequest()
            try requireSame(try await client.signedRequest(for: batch).body, try reference(batch))
        }
        let begin = BeginTransactionRequest(resourceArn: TestARN.cluster, secretArn: TestARN.secret, database: "d/b")
        #expect(try await client.signedRequest(for: begin).body == reference(begin))
        let bad = ExecuteStatementRequest(resourceArn: TestARN.cluster, secretArn: TestARN.secret, sql: "x",
                                          parameters: [.init(name: "a", value: .unknown("vectorValue"))])
        let e = await #expect(throws: DataAPIClientError.self) { try await client.signedRequest(for: bad) }
        #expect(e?.code == .invalidRequest && e?.operation == "ExecuteStatement")
    }
}

/// A transport that must not be used.
private struct UnusedTransport: HTTPTransport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        throw TransportError(code: .invalidRequest, requestSent: false, message: "not for sending")
    }
}

/// Random valid requests from a seed, built from random wire values.
private typealias RequestGenerator = WireValueGenerator

extension WireValueGenerator {
    mutating func parameters() -> [SqlParameter] {
        (0..<int(0...8)).map { _ in
            SqlParameter(name: maybe(0.9) { $0.string() }, value: maybe(0.95) { $0.field() },
                         typeHint: maybe(0.3) { TypeHint.allCases[$0.int(0...TypeHint.allCases.count - 1)] })
        }
    }

    mutating func executeStatementRequest() -> ExecuteStatementRequest {
        ExecuteStatementRequest(
            resourceArn: string(), secretArn: string(), sql: string(), database: maybe { $0.string() },
            schema: maybe(0.2) { $0.string() }, parameters: maybe(0.8) { $0.parameters() },
            transactionId: maybe { $0.string() }, includeResultMetadata: maybe { $0.chance(0.5) },
            continueAfterTimeout: maybe { $0.chance(0.5) },
            resultSetOptions: maybe(0.3) {
                ResultSetOptions(decimalReturnType: $0.maybe { $0.chance(0.5) ? .string : .doubleOrLong },
                                 longReturnType: $0.maybe { $0.chance(0.5) ? .string : .long })
            },
            formatRecordsAs: maybe(0.3) { $0.chance(0.5) ? .json : RecordsFormatType.none })
    }

    mutating func batchRequest() -> BatchExecuteStatementRequest {
        BatchExecuteStatementRequest(
            resourceArn: string(), secretArn: string(), sql: string(), database: maybe { $0.string() },
            schema: maybe(0.2) { $0.string() },
            parameterSets: maybe(0.9) { g in (0..<g.int(0...6)).map { _ in g.parameters() } },
            transactionId: maybe { $0.string() })
    }
}
