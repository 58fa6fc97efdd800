/// A table model: a plain `Codable`, `Sendable` struct with typed column descriptors.
///
/// ```swift
/// struct User: Table {
///     var id: Int64?
///     var name: String
///     static let tableName = "users"
///     static let id = Column<User, Int64?>(CodingKeys.id).primaryKey().autoIncrement()
///     static let name = Column<User, String>(CodingKeys.name, type: .varchar(255))
///     static let columns: [SQLColumnSchema] = [id.schema, name.schema]
/// }
/// ```
public protocol Table: Codable, Sendable {
    static var tableName: String { get }
    /// Every column in table order: the list inserts and DDL use.
    static var columns: [SQLColumnSchema] { get }
    /// Multi-column unique constraints, by column name.
    static var uniqueConstraints: [[String]] { get }
    /// Secondary indexes.
    static var indexes: [SQLIndex] { get }
}

extension Table {
    public static var uniqueConstraints: [[String]] { [] }
    public static var indexes: [SQLIndex] { [] }
}

/// A secondary index on a table's columns.
public struct SQLIndex: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public var unique: Bool
    public init(_ name: String, on columns: [String], unique: Bool = false) {
        self.name = name; self.columns = columns; self.unique = unique
    }
}
