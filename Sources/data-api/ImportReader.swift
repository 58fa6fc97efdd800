import Foundation

/// The records of a CSV (RFC 4180, header row first) or JSON lines file, each with the line
/// it starts on, read from an ``ImportFile`` a chunk at a time: only the chunk being parsed
/// (and a record that spans chunks) is in memory. A CSV field that is empty and unquoted is
/// NULL, `""` is an empty string; a JSON `null` is NULL, numbers and booleans are their text,
/// objects and arrays their JSON.
struct ImportReader {
    let format: DataFormat
    private let source: ImportFile
    /// The unparsed bytes: the rest of the current chunk, and more when a record spans chunks.
    private var bytes: [UInt8] = []
    /// Whether `bytes` ends the file.
    private var final = false
    private var i = 0
    /// Bytes of the file before `bytes`.
    private var base = 0
    /// How far the reader has come in the file, in bytes.
    var offset: Int { base + i }
    private var line = 1
    /// The column names: the CSV header, or the keys of the first JSON object.
    private(set) var header: [String] = []

    /// A reader of `source`, its header read.
    static func open(_ source: ImportFile, format: DataFormat) async throws -> ImportReader {
        var reader = ImportReader(source: source, format: format)
        try await reader.start()
        return reader
    }

    private init(source: ImportFile, format: DataFormat) {
        self.source = source
        self.format = format
    }

    private mutating func start() async throws {
        while bytes.count < 3 && !final { try await more() }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        if format == .csv {
            guard let (_, fields) = try await next() else {
                throw ImportFailure(line: 1, column: nil, reason: "the file is empty: a header row is needed")
            }
            header = fields.map { $0 ?? "" }
        }
    }

    /// Drops the parsed bytes and appends the file's next chunk (or marks the end).
    private mutating func more() async throws {
        guard !final else { return }
        let chunk = try await source.next()
        if chunk.isEmpty { final = true; return }
        if i == bytes.count {
            base += i
            bytes = chunk
        } else {
            base += i
            bytes.removeSubrange(0..<i)
            bytes.append(contentsOf: chunk)
        }
        i = 0
    }

    /// The next record as (line, values by header position); nil at the end.
    mutating func next() async throws -> (line: Int, values: [String?])? {
        while true {
            let record: Parsed
            switch format {
            case .csv: record = try parseCSV()
            case .jsonl: record = try parseJSON()
            }
            switch record {
            case .record(let line, let values): return (line, values)
            case .end: return nil
            case .needMore: try await more()
            }
        }
    }

    /// What parsing from `i` found: a record (and `i`, `line` moved past it), the end of the
    /// file, or the end of the bytes in memory before the record's end (nothing moved).
    private enum Parsed {
        case record(line: Int, values: [String?])
        case end
        case needMore
    }

    private mutating func parseCSV() throws -> Parsed {
        var i = self.i, line = self.line
        let n = bytes.count
        // Skip blank lines between records.
        while i < n && (bytes[i] == 0x0A || bytes[i] == 0x0D) {
            if bytes[i] == 0x0A { line += 1 }
            i += 1
        }
        guard i < n else {
            if final { self.i = i; self.line = line; return .end }
            return .needMore
        }
        let start = line
        var fields: [String?] = []
        while true {
            var field: [UInt8] = []
            var quoted = false
            if i < n && bytes[i] == 0x22 {
                quoted = true
                i += 1
                while true {
                    guard i < n else {
                        if final {
                            throw ImportFailure(line: start, column: nil, reason: "a quoted field is not closed")
                        }
                        return .needMore
                    }
                    let c = bytes[i]
                    if c == 0x22 {
                        if i + 1 == n && !final { return .needMore }
                        if i + 1 < n && bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                        i += 1
                        break
                    }
                    if c == 0x0A { line += 1 }
                    field.append(c)
                    i += 1
                }
            }
            while i < n && bytes[i] != 0x2C && bytes[i] != 0x0A && bytes[i] != 0x0D {
                if quoted { throw ImportFailure(line: line, column: nil, reason: "text after a closing quote") }
                field.append(bytes[i])
                i += 1
            }
            if i == n && !final { return .needMore }
            fields.append(quoted || !field.isEmpty ? String(decoding: field, as: UTF8.self) : nil)
            if i < n && bytes[i] == 0x2C { i += 1; continue }
            if i < n && bytes[i] == 0x0D {
                i += 1
                if i == n && !final { return .needMore }
            }
            if i < n && bytes[i] == 0x0A { i += 1; line += 1 }
            self.i = i
            self.line = line
            return .record(line: start, values: fields)
        }
    }

    private mutating func parseJSON() throws -> Parsed {
        while true {
            guard i < bytes.count else { return final ? .end : .needMore }
            guard let newline = bytes[i...].firstIndex(of: 0x0A) ?? (final ? bytes.count : nil) else {
                return .needMore
            }
            let text = bytes[i..<newline]
            let number = line
            i = min(newline + 1, bytes.count)
            line += 1
            guard text.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(text)) else {
                throw ImportFailure(line: number, column: nil, reason: "is not a JSON object")
            }
            if header.isEmpty { header = object.keys.sorted() }
            if let extra = object.keys.sorted().first(where: { !header.contains($0) }) {
                throw ImportFailure(
                    line: number, column: extra,
                    reason: "is not among the first line's keys (\(header.joined(separator: ", ")))")
            }
            return .record(line: number, values: header.map { object[$0]?.text })
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
        case .string(let s): s.jsonQuoted
        case .array(let a): "[" + a.map(\.json).joined(separator: ",") + "]"
        case .object(let o):
            "{" + o.keys.sorted().map { $0.jsonQuoted + ":" + o[$0]!.json }.joined(separator: ",") + "}"
        }
    }
}
