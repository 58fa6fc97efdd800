import Foundation

/// The records of a CSV (RFC 4180, header row first) or JSON lines file, each with the line
/// it starts on. A CSV field that is empty and unquoted is NULL, `""` is an empty string; a
/// JSON `null` is NULL, numbers and booleans are their text, objects and arrays their JSON.
struct ImportReader {
    let bytes: [UInt8]
    let format: DataFormat
    private var i = 0
    /// How far the reader has come, in bytes.
    var offset: Int { i }
    private var line = 1
    /// The column names: the CSV header, or the keys of the first JSON object.
    private(set) var header: [String] = []

    init(bytes: [UInt8], format: DataFormat) throws {
        self.bytes = bytes
        self.format = format
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        if format == .csv {
            guard let (_, fields) = try nextCSV() else { throw ImportFailure(line: 1, column: nil, reason: "the file is empty: a header row is needed") }
            header = fields.map { $0 ?? "" }
        }
    }

    /// The next record as (line, values by header position); nil at the end.
    mutating func next() throws -> (line: Int, values: [String?])? {
        switch format {
        case .csv: return try nextCSV()
        case .jsonl: return try nextJSON()
        }
    }

    private mutating func nextCSV() throws -> (line: Int, values: [String?])? {
        // Skip blank lines between records.
        while i < bytes.count && (bytes[i] == 0x0A || bytes[i] == 0x0D) {
            if bytes[i] == 0x0A { line += 1 }
            i += 1
        }
        guard i < bytes.count else { return nil }
        let start = line
        var fields: [String?] = []
        while true {
            var field: [UInt8] = []
            var quoted = false
            if i < bytes.count && bytes[i] == 0x22 {
                quoted = true
                i += 1
                while true {
                    guard i < bytes.count else { throw ImportFailure(line: start, column: nil, reason: "a quoted field is not closed") }
                    let c = bytes[i]
                    if c == 0x22 {
                        if i + 1 < bytes.count && bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                        i += 1
                        break
                    }
                    if c == 0x0A { line += 1 }
                    field.append(c)
                    i += 1
                }
            }
            while i < bytes.count && bytes[i] != 0x2C && bytes[i] != 0x0A && bytes[i] != 0x0D {
                if quoted { throw ImportFailure(line: line, column: nil, reason: "text after a closing quote") }
                field.append(bytes[i])
                i += 1
            }
            fields.append(quoted || !field.isEmpty ? String(decoding: field, as: UTF8.self) : nil)
            if i < bytes.count && bytes[i] == 0x2C { i += 1; continue }
            if i < bytes.count && bytes[i] == 0x0D { i += 1 }
            if i < bytes.count && bytes[i] == 0x0A { i += 1; line += 1 }
            return (start, fields)
        }
    }

    private mutating func nextJSON() throws -> (line: Int, values: [String?])? {
        while true {
            guard i < bytes.count else { return nil }
            let start = i
            while i < bytes.count && bytes[i] != 0x0A { i += 1 }
            let text = bytes[start..<i]
            let number = line
            if i < bytes.count { i += 1 }
            line += 1
            guard text.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(text)) else {
                throw ImportFailure(line: number, column: nil, reason: "is not a JSON object")
            }
            if header.isEmpty { header = object.keys.sorted() }
            if let extra = object.keys.sorted().first(where: { !header.contains($0) }) {
                throw ImportFailure(line: number, column: extra, reason: "is not among the first line's keys (\(header.joined(separator: ", ")))")
            }
            return (number, header.map { object[$0]?.text })
        }
    }
}

/// A JSON value as `import` reads one: numbers keep their exact digits (as `Decimal`).
enum JSONValue: Decodable {
    case null, bool(Bool), number(Decimal), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Decimal.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// The value as a field's text: nil for null, JSON text for arrays and objects.
    var text: String? {
        switch self {
        case .null: nil
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.description
        case .string(let s): s
        case .array, .object: json
        }
    }

    var json: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.description
        case .string(let s): ResultPrinter.jsonString(s)
        case .array(let a): "[" + a.map(\.json).joined(separator: ",") + "]"
        case .object(let o): "{" + o.keys.sorted().map { ResultPrinter.jsonString($0) + ":" + o[$0]!.json }.joined(separator: ",") + "}"
        }
    }
}
