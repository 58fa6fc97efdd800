import DataAPI
import Foundation

/// A row of a table known only at run time, so that `import` can use the library's
/// byte-packed `insert(contentsOf:)`: its table name and columns are task-local, set by
/// ``withLayout(_:_:)`` around the insert, and each value is text (cast by the database to
/// the column's type) or bytes.
struct ImportRow: Table {
    typealias CodingKeys = ImportKey

    /// The table and the columns a file's rows fill.
    struct Layout: Sendable {
        var table: String
        var columns: [SQLColumnSchema]
    }

    @TaskLocal static var layout = Layout(table: "", columns: [])
    static var tableName: String { layout.table }
    static var columns: [SQLColumnSchema] { layout.columns }

    /// One value: NULL, text, or bytes.
    enum Value: Sendable, Hashable {
        case null, text(String), bytes(Data)
    }

    var values: [Value]

    init(values: [Value]) { self.values = values }

    init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "import rows are only written"))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ImportKey.self)
        for (column, value) in zip(Self.columns, values) {
            let key = ImportKey(stringValue: column.key)
            switch value {
            case .null: try c.encodeNil(forKey: key)
            case .text(let s): try c.encode(s, forKey: key)
            case .bytes(let d): try c.encode(d, forKey: key)
            }
        }
    }

    /// A column named `name` of SQL type `type`, holding text (or bytes for a blob).
    static func column(_ name: String, type: SQLColumnType, nullable: Bool) -> SQLColumnSchema {
        let key = ImportKey(stringValue: name)
        switch (type, nullable) {
        case (.blob, true): return Column<ImportRow, Data?>(key, type: type).schema
        case (.blob, false): return Column<ImportRow, Data>(key, type: type).schema
        case (_, true): return Column<ImportRow, String?>(key, type: type).schema
        case (_, false): return Column<ImportRow, String>(key, type: type).schema
        }
    }

    /// Runs `body` with `layout` as the table rows are inserted into.
    static func withLayout<T>(_ layout: Layout, _ body: () async throws -> T) async rethrows -> T {
        try await $layout.withValue(layout) { try await body() }
    }
}

/// A column name as a coding key.
struct ImportKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
