import Foundation
import Testing
@testable import DataAPIClient
import DataAPITestServer

/// Each request is encoded by the Swift client and, independently, by botocore's rest-json
/// serializer from a hand-written Python call; the two bodies must be the same JSON
/// (compared with types: `true` is not `1`).
@Suite struct BotocoreSerializationTests {
    struct Case {
        let operation: String
        let swift: any (DataAPIOperation & Encodable)
        let python: String
    }

    static let c = TestARN.cluster, s = TestARN.secret
    static let pyArns = "resourceArn=C, secretArn=S"

    static let cases: [Case] = [
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(resourceArn: c, secretArn: s, sql: "SELECT 1"),
            python: "dict(\(pyArns), sql='SELECT 1')"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "SELECT * FROM \"t\" WHERE a = :a", database: "db", schema: "public"),
            python: "dict(\(pyArns), sql='SELECT * FROM \"t\" WHERE a = :a', database='db', schema='public')"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "SELECT :a", parameters: [.init(name: "a", value: .null)]),
            python: "dict(\(pyArns), sql='SELECT :a', parameters=[{'name':'a','value':{'isNull':True}}])"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x", parameters: [.init(name: "b", value: .booleanValue(false))]),
            python: "dict(\(pyArns), sql='x', parameters=[{'name':'b','value':{'booleanValue':False}}])"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x",
                parameters: [.init(name: "min", value: .longValue(.min)), .init(name: "max", value: .longValue(.max))]),
            python:
                "dict(\(pyArns), sql='x', parameters=[{'name':'min','value':{'longValue':-9223372036854775808}},{'name':'max','value':{'longValue':9223372036854775807}}])"
        ),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x",
                parameters: [
                    .init(name: "d", value: .doubleValue(0.1)),
                    .init(name: "e", value: .doubleValue(-1.7976931348623157e308)),
                    .init(name: "f", value: .doubleValue(.leastNonzeroMagnitude)),
                ]),
            python:
                "dict(\(pyArns), sql='x', parameters=[{'name':'d','value':{'doubleValue':0.1}},{'name':'e','value':{'doubleValue':-1.7976931348623157e308}},{'name':'f','value':{'doubleValue':5e-324}}])"
        ),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x",
                parameters: [
                    .init(name: "s", value: .stringValue("quote ' \" back \\ slash / nl \n tab \t nul \u{0} é 漢字 🎉"))
                ]),
            python:
                "dict(\(pyArns), sql='x', parameters=[{'name':'s','value':{'stringValue':'quote \\' \" back \\\\ slash / nl \\n tab \\t nul \\x00 é 漢字 🎉'}}])"
        ),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x",
                parameters: [.init(name: "blob", value: .blobValue(Data([0, 1, 2, 253, 254, 255])))]),
            python:
                "dict(\(pyArns), sql='x', parameters=[{'name':'blob','value':{'blobValue':bytes([0,1,2,253,254,255])}}])"
        ),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x", parameters: [.init(name: "empty", value: .blobValue(Data()))]),
            python: "dict(\(pyArns), sql='x', parameters=[{'name':'empty','value':{'blobValue':b''}}])"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x",
                parameters: [.init(name: "arr", value: .arrayValue(.longValues([1, 2, 3])))]),
            python:
                "dict(\(pyArns), sql='x', parameters=[{'name':'arr','value':{'arrayValue':{'longValues':[1,2,3]}}}])"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x",
                parameters: [
                    .init(
                        name: "arr",
                        value: .arrayValue(
                            .arrayValues([.stringValues(["a", "b"]), .booleanValues([true]), .doubleValues([1.5])])))
                ]),
            python:
                "dict(\(pyArns), sql='x', parameters=[{'name':'arr','value':{'arrayValue':{'arrayValues':[{'stringValues':['a','b']},{'booleanValues':[True]},{'doubleValues':[1.5]}]}}}])"
        ),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x",
                parameters: [
                    .init(name: "j", value: .stringValue("{\"a\":[1,2]}"), typeHint: .json),
                    .init(name: "u", value: .stringValue("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), typeHint: .uuid),
                    .init(name: "ts", value: .stringValue("2024-05-06 07:08:09.123"), typeHint: .timestamp),
                    .init(name: "d", value: .stringValue("2024-05-06"), typeHint: .date),
                    .init(name: "t", value: .stringValue("07:08:09"), typeHint: .time),
                    .init(name: "n", value: .stringValue("12345.6789"), typeHint: .decimal),
                ]),
            python:
                "dict(\(pyArns), sql='x', parameters=[{'name':'j','value':{'stringValue':'{\"a\":[1,2]}'},'typeHint':'JSON'},{'name':'u','value':{'stringValue':'6ba7b810-9dad-11d1-80b4-00c04fd430c8'},'typeHint':'UUID'},{'name':'ts','value':{'stringValue':'2024-05-06 07:08:09.123'},'typeHint':'TIMESTAMP'},{'name':'d','value':{'stringValue':'2024-05-06'},'typeHint':'DATE'},{'name':'t','value':{'stringValue':'07:08:09'},'typeHint':'TIME'},{'name':'n','value':{'stringValue':'12345.6789'},'typeHint':'DECIMAL'}])"
        ),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x", parameters: [.init(value: .longValue(1))]),
            python: "dict(\(pyArns), sql='x', parameters=[{'value':{'longValue':1}}])"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x", parameters: [.init(name: "nothing")]),
            python: "dict(\(pyArns), sql='x', parameters=[{'name':'nothing'}])"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(resourceArn: c, secretArn: s, sql: "x", parameters: []),
            python: "dict(\(pyArns), sql='x', parameters=[])"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x", transactionId: "AQIDBAUGBwgJCgsMDQ4PEA==/+abc"),
            python: "dict(\(pyArns), sql='x', transactionId='AQIDBAUGBwgJCgsMDQ4PEA==/+abc')"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x", includeResultMetadata: true, continueAfterTimeout: false),
            python: "dict(\(pyArns), sql='x', includeResultMetadata=True, continueAfterTimeout=False)"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x", includeResultMetadata: false, continueAfterTimeout: true),
            python: "dict(\(pyArns), sql='x', includeResultMetadata=False, continueAfterTimeout=True)"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x",
                resultSetOptions: .init(decimalReturnType: .doubleOrLong, longReturnType: .string)),
            python:
                "dict(\(pyArns), sql='x', resultSetOptions={'decimalReturnType':'DOUBLE_OR_LONG','longReturnType':'STRING'})"
        ),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x", resultSetOptions: .init(decimalReturnType: .string)),
            python: "dict(\(pyArns), sql='x', resultSetOptions={'decimalReturnType':'STRING'})"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x", resultSetOptions: .init(longReturnType: .long)),
            python: "dict(\(pyArns), sql='x', resultSetOptions={'longReturnType':'LONG'})"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(resourceArn: c, secretArn: s, sql: "x", resultSetOptions: .init()),
            python: "dict(\(pyArns), sql='x', resultSetOptions={})"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(resourceArn: c, secretArn: s, sql: "SELECT 1", formatRecordsAs: .json),
            python: "dict(\(pyArns), sql='SELECT 1', formatRecordsAs='JSON')"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "SELECT 1", formatRecordsAs: RecordsFormatType.none),
            python: "dict(\(pyArns), sql='SELECT 1', formatRecordsAs='NONE')"),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "SELECT 'Grüße', '日本語', 'emoji 🎉' -- comment\n/* block */",
                database: "ünïcode"),
            python:
                "dict(\(pyArns), sql=\"SELECT 'Grüße', '日本語', 'emoji 🎉' -- comment\\n/* block */\", database='ünïcode')"
        ),
        .init(
            operation: "ExecuteStatement",
            swift: ExecuteStatementRequest(resourceArn: c, secretArn: s, sql: String(repeating: "a", count: 65536)),
            python: "dict(\(pyArns), sql='a'*65536)"),
        .init(
            operation: "BatchExecuteStatement",
            swift: BatchExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "INSERT INTO t VALUES (:a, :b)",
                parameterSets: [
                    [.init(name: "a", value: .longValue(1)), .init(name: "b", value: .stringValue("x"))],
                    [.init(name: "a", value: .longValue(2)), .init(name: "b", value: .null)],
                ]),
            python:
                "dict(\(pyArns), sql='INSERT INTO t VALUES (:a, :b)', parameterSets=[[{'name':'a','value':{'longValue':1}},{'name':'b','value':{'stringValue':'x'}}],[{'name':'a','value':{'longValue':2}},{'name':'b','value':{'isNull':True}}]])"
        ),
        .init(
            operation: "BatchExecuteStatement",
            swift: BatchExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "DELETE FROM t", parameterSets: [[], []]),
            python: "dict(\(pyArns), sql='DELETE FROM t', parameterSets=[[],[]])"),
        .init(
            operation: "BatchExecuteStatement",
            swift: BatchExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x", database: "d", schema: "s", parameterSets: [],
                transactionId: "tx"),
            python: "dict(\(pyArns), sql='x', database='d', schema='s', parameterSets=[], transactionId='tx')"),
        .init(
            operation: "BatchExecuteStatement",
            swift: BatchExecuteStatementRequest(
                resourceArn: c, secretArn: s, sql: "x",
                parameterSets: [
                    [
                        .init(name: "t", value: .stringValue("2020-01-01 00:00:00"), typeHint: .timestamp),
                        .init(name: "b", value: .blobValue(Data("hi".utf8))),
                    ]
                ]),
            python:
                "dict(\(pyArns), sql='x', parameterSets=[[{'name':'t','value':{'stringValue':'2020-01-01 00:00:00'},'typeHint':'TIMESTAMP'},{'name':'b','value':{'blobValue':b'hi'}}]])"
        ),
        .init(
            operation: "BatchExecuteStatement",
            swift: BatchExecuteStatementRequest(resourceArn: c, secretArn: s, sql: "x"),
            python: "dict(\(pyArns), sql='x')"),
        .init(operation: "BeginTransaction", swift: BeginTransactionRequest(resourceArn: c, secretArn: s),
              python: "dict(\(pyArns))"),
        .init(
            operation: "BeginTransaction",
            swift: BeginTransactionRequest(resourceArn: c, secretArn: s, database: "mydb", schema: "other"),
            python: "dict(\(pyArns), database='mydb', schema='other')"),
        .init(
            operation: "CommitTransaction",
            swift: CommitTransactionRequest(resourceArn: c, secretArn: s, transactionId: "abc/+=XYZ"),
            python: "dict(\(pyArns), transactionId='abc/+=XYZ')"),
        .init(
            operation: "RollbackTransaction",
            swift: RollbackTransactionRequest(
                resourceArn: c, secretArn: s, transactionId: String(repeating: "t", count: 192)),
            python: "dict(\(pyArns), transactionId='t'*192)"),
        .init(
            operation: "ExecuteSql",
            swift: ExecuteSqlRequest(
                dbClusterOrInstanceArn: c, awsSecretStoreArn: s, sqlStatements: "SELECT 1; SELECT 2"),
            python: "dict(dbClusterOrInstanceArn=C, awsSecretStoreArn=S, sqlStatements='SELECT 1; SELECT 2')"),
        .init(
            operation: "ExecuteSql",
            swift: ExecuteSqlRequest(
                dbClusterOrInstanceArn: c, awsSecretStoreArn: s, sqlStatements: "SELECT 1", database: "db", schema: "sc"
            ),
            python:
                "dict(dbClusterOrInstanceArn=C, awsSecretStoreArn=S, sqlStatements='SELECT 1', database='db', schema='sc')"
        ),
    ]

    static let script = #"""
import json, sys, botocore.session
from botocore import serialize, validate
data = json.load(sys.stdin)
model = botocore.session.get_session().get_service_model('rds-data')
ser = serialize.create_serializer('rest-json', include_validation=False)
C, S = data['cluster'], data['secret']
def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b
out = []
for case in data['cases']:
    op = model.operation_model(case['operation'])
    params = eval(case['python'], {'C': C, 'S': S})
    report = validate.ParamValidator().validate(params, op.input_shape)
    if report.has_errors():
        out.append({'ok': False, 'why': 'botocore rejects the params: ' + report.generate_report()}); continue
    req = ser.serialize_to_request(params, op)
    body = req['body'].decode('utf-8') if isinstance(req['body'], bytes) else req['body']
    expected = json.loads(body) if body else {}
    ok = same(json.loads(case['swift']), expected) and req['url_path'] == case['path'] and req['method'] == 'POST'
    out.append({'ok': ok, 'why': '' if ok else f"path {req['url_path']} body {body[:400]}"})
print(json.dumps(out))
"""#

    @Test func bodiesMatchBotocoreSerializer() async throws {
        #expect(Self.cases.count >= 30)
        var payload: [[String: String]] = []
        for c in Self.cases {
            let body = try WireJSON.encoder.encode(c.swift)
            payload.append(["operation": c.operation, "python": c.python,
                            "swift": String(decoding: body, as: UTF8.self), "path": type(of: c.swift).requestPath])
            #expect(type(of: c.swift).operationName == c.operation)
        }
        let input = try JSONSerialization.data(withJSONObject: [
            "cases": payload, "cluster": TestARN.cluster, "secret": TestARN.secret,
        ])
        let output = try await Subprocess.python(Self.script, input: input)
        let results = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [[String: Any]]
        #expect(results.count == Self.cases.count)
        for (i, r) in results.enumerated() {
            #expect(
                r["ok"] as? Bool == true,
                "case \(i) (\(Self.cases[i].operation)): \(r["why"] ?? "") swift: \(payload[i]["swift"]!.prefix(300))")
        }
    }
}
