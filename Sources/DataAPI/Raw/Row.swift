import DataAPIClient
import DataAPISQL

/// One row of a raw SQL result: its fields, readable by column label or position as any
/// `Decodable` type, or decoded whole into a `Decodable` struct by label.
///
/// ```swift
/// let name = try row["name", as: String.self]
/// let id = try row[0, as: Int64.self]
/// let user = try row.decode(as: User.self)
/// ```
public struct Row: Sendable {
    /// The raw fields, in column order.
    public let fields: [Field]
    let columns: RowColumns
    /// The row's index in its result.
    public let index: Int

    /// The result's column metadata (names, types, nullability).
    public var columnMetadata: [ColumnMetadata] { columns.metadata }

    /// The value of the column labelled `label`.
    public subscript<T: Decodable>(_ label: String, as type: T.Type = T.self) -> T {
        get throws {
            guard let i = columns.indexByLabel[label] else {
                throw RowDecodingError(
                    model: "\(T.self)", property: nil, column: label, sqlType: "-", arrived: "no column",
                    reason: "the result has no column labelled \(label) "
                        + "(it has \(columns.plan.keys.joined(separator: ", ")))",
                    rowIndex: index, sql: columns.plan.sql)
            }
            return try self[i, as: T.self]
        }
    }

    /// The value of the column at `position` (from 0).
    public subscript<T: Decodable>(_ position: Int, as type: T.Type = T.self) -> T {
        get throws { try columns.plan.value(T.self, in: fields, at: position, rowIndex: index) }
    }

    /// The row decoded into `T`, each property read from the column labelled like its coding key.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try RowDecoder(plan: columns.plan, model: T.self).decode(T.self, row: fields, index: index)
    }
}

/// The columns every row of one result shares.
final class RowColumns: Sendable {
    let metadata: [ColumnMetadata]
    let plan: DecodingPlan
    let indexByLabel: [String: Int]

    init(metadata: [ColumnMetadata], plan: DecodingPlan) {
        self.metadata = metadata
        self.plan = plan
        var map: [String: Int] = [:]
        for (i, key) in plan.keys.enumerated() where map[key] == nil { map[key] = i }
        indexByLabel = map
    }
}

/// The result of raw SQL: rows, column metadata, and what a write reports.
public struct RowSet: Sendable, RandomAccessCollection {
    /// The rows, in order.
    public let rows: [Row]
    /// The columns' metadata, as the service sends it.
    public let columnMetadata: [ColumnMetadata]
    /// Rows changed by a write.
    public let numberOfRecordsUpdated: Int64
    /// Values the database generated (MySQL's auto-increment key).
    public let generatedFields: [Field]

    /// The first row's index (0).
    public var startIndex: Int { rows.startIndex }
    /// One past the last row's index.
    public var endIndex: Int { rows.endIndex }
    /// The row at `position`.
    public subscript(position: Int) -> Row { rows[position] }

    /// Every row decoded into `T` by column label.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> [T] {
        guard let first = rows.first else { return [] }
        return try RowDecoder(plan: first.columns.plan, model: T.self).decodeAll(T.self, rows.map(\.fields))
    }
}
