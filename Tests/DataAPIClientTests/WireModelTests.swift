import Foundation
import Testing
@testable import DataAPIClient

@Suite struct WireModelTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try WireJSON.decoder.decode(T.self, from: Data(json.utf8))
    }

    @Test func everyFieldKindDecodes() throws {
        let r = try decode(ExecuteStatementResponse.self, """
        {"records":[[{"isNull":true},{"booleanValue":false},{"longValue":-9223372036854775808},{"doubleValue":1.5},
          {"stringValue":"h\\u00e9llo"},{"blobValue":"aGVsbG8="},{"arrayValue":{"longValues":[1,null,3]}},
          {"arrayValue":{"arrayValues":[{"stringValues":["a",null]},{"booleanValues":[true]},{"doubleValues":[0.25]}]}}]],
         "numberOfRecordsUpdated":0,"columnMetadata":[{"name":"id","type":4,"typeName":"int4","nullable":0,"isSigned":true,
          "precision":10,"scale":0,"arrayBaseColumnType":0,"isAutoIncrement":false,"isCaseSensitive":false,"isCurrency":false,
          "label":"id","schemaName":"","tableName":"t"}],"generatedFields":[],"formattedRecords":null,"someFutureMember":{"x":1}}
        """)
        #expect(r.records?[0] == [
            .null, .booleanValue(false), .longValue(.min), .doubleValue(1.5), .stringValue("héllo"),
            .blobValue(Data("hello".utf8)), .arrayValue(.longValues([1, nil, 3])),
            .arrayValue(.arrayValues([.stringValues(["a", nil]), .booleanValues([true]), .doubleValues([0.25])])),
        ])
        #expect(r.columnMetadata?.first?.typeName == "int4")
        #expect(r.columnMetadata?.first?.type == 4)
        #expect(r.generatedFields == [])
        #expect(r.formattedRecords == nil)
        #expect(r.numberOfRecordsUpdated == 0)
    }

    @Test(arguments: [
        #"{}"#, #"{"isNull":true,"stringValue":"x"}"#, #"{"longValue":1,"doubleValue":2}"#,
        #"{"isNull":null}"#,
    ])
    func fieldWithoutExactlyOneMemberIsAnError(_ json: String) throws {
        #expect(throws: DecodingError.self) { try decode(Field.self, json) }
    }

    @Test func nullMembersDoNotCount() throws {
        #expect(try decode(Field.self, #"{"isNull":null,"longValue":7}"#) == .longValue(7))
    }

    @Test func unknownUnionMemberDecodesToUnknownCase() throws {
        let r = try decode(ExecuteStatementResponse.self, #"{"records":[[{"vectorValue":[1,2]},{"longValue":1}]]}"#)
        #expect(r.records?[0] == [.unknown("vectorValue"), .longValue(1)])
        #expect(try decode(ArrayValue.self, #"{"mapValues":{}}"#) == .unknown("mapValues"))
        #expect(try decode(ExecuteSqlValue.self, #"{"decimalValue":"1"}"#) == .unknown("decimalValue"))
    }

    @Test func unknownCasesAreNeverSent() {
        let req = ExecuteStatementRequest(resourceArn: TestARN.cluster, secretArn: TestARN.secret, sql: "x",
                                          parameters: [.init(name: "a", value: .unknown("vectorValue"))])
        #expect(throws: EncodingError.self) { try WireJSON.encoder.encode(req) }
    }

    @Test func badBase64IsAnError() {
        #expect(throws: DecodingError.self) { try decode(Field.self, #"{"blobValue":"***"}"#) }
    }

    @Test func arrayUnionRules() throws {
        #expect(throws: DecodingError.self) { try decode(ArrayValue.self, #"{"longValues":[1],"stringValues":["a"]}"#) }
        #expect(throws: DecodingError.self) { try decode(ArrayValue.self, "{}") }
    }

    @Test func requiredRequestMembersAreRequired() throws {
        #expect(throws: DecodingError.self) {
            try decode(ExecuteStatementRequest.self, #"{"resourceArn":"arn:aws:rds:x","secretArn":"arn:aws:sm:x"}"#)
        }
        #expect(throws: DecodingError.self) {
            try decode(CommitTransactionRequest.self, #"{"resourceArn":"a","secretArn":"b"}"#)
        }
        let ok = try decode(BeginTransactionRequest.self, #"{"resourceArn":"a","secretArn":"b","extra":1}"#)
        #expect(ok.database == nil)
    }

    @Test func deprecatedExecuteSqlResultDecodes() throws {
        let r = try decode(ExecuteSqlResponse.self, """
        {"sqlStatementResults":[{"numberOfRecordsUpdated":0,"resultFrame":{"resultSetMetadata":{"columnCount":2,
          "columnMetadata":[{"name":"a"},{"name":"b"}]},"records":[{"values":[{"bigIntValue":1},{"intValue":2},
          {"bitValue":true},{"realValue":1.5},{"structValue":{"attributes":[{"stringValue":"x"},{"isNull":true}]}},
          {"arrayValues":[{"doubleValue":2.5}]},{"blobValue":"AAE="}]}]}}]}
        """)
        let values = r.sqlStatementResults?[0].resultFrame?.records?[0].values
        #expect(values == [.bigIntValue(1), .intValue(2), .bitValue(true), .realValue(1.5),
                           .structValue(.init(attributes: [.stringValue("x"), .isNull(true)])),
                           .arrayValues([.doubleValue(2.5)]), .blobValue(Data([0, 1]))])
        #expect(r.sqlStatementResults?[0].resultFrame?.resultSetMetadata?.columnCount == 2)
    }

    @Test func roundTripsThroughJSON() throws {
        let fields: [Field] = [
            .null, .booleanValue(true), .longValue(.max), .doubleValue(-0.5), .stringValue("é\"\\/\n"),
            .blobValue(Data([0, 255, 10])), .arrayValue(.doubleValues([nil, 1])),
        ]
        let data = try WireJSON.encoder.encode(fields)
        #expect(try WireJSON.decoder.decode([Field].self, from: data) == fields)
    }
}
