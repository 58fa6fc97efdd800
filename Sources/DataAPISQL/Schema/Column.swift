/// What DDL and binding need to know about a column, without its Swift type.
public struct SQLColumnSchema: Sendable, Hashable {
    /// The database name (`created_at`).
    public var name: String
    /// The model's coding key (`createdAt`).
    public var key: String
    public var type: SQLColumnType
    public var isNullable: Bool
    public var isPrimaryKey = false
    public var isAutoIncrement = false
    public var isUnique = false
    /// A default, as an expression (`CURRENT_TIMESTAMP`, a bound literal is not allowed in DDL).
    public var defaultValue: SQLExpr?
}

/// A typed column of table `Model` holding `Value`: `Column<User, String>`.
///
/// ```swift
/// static let name = Column<User, String>(CodingKeys.name, type: .varchar(255))
/// static let createdAt = Column<User, Date>(CodingKeys.createdAt, name: "created_at", type: .timestamptz)
/// ```
public struct Column<Model: Table, Value: SQLBindable>: Sendable, Hashable {
    public var schema: SQLColumnSchema
    /// The table or alias the column is read from.
    public var tableReference: String

    /// A column for `key`, named like the key unless `name` is given, of `Value`'s default SQL type unless `type` is given.
    public init(_ key: some CodingKey, name: String? = nil, type: SQLColumnType? = nil) {
        self.init(key: key.stringValue, name: name, type: type)
    }

    /// A column for the coding key spelled `key`.
    public init(key: String, name: String? = nil, type: SQLColumnType? = nil) {
        schema = SQLColumnSchema(name: name ?? key, key: key, type: type ?? Value.defaultSQLType, isNullable: Value.isOptional)
        tableReference = Model.tableName
    }

    public var name: String { schema.name }

    /// Part of the primary key (several columns make a composite key).
    public func primaryKey() -> Self { var c = self; c.schema.isPrimaryKey = true; return c }
    /// Filled in by the database (PostgreSQL identity, MySQL `AUTO_INCREMENT`); a nil value is left out of inserts.
    public func autoIncrement() -> Self { var c = self; c.schema.isAutoIncrement = true; return c }
    /// A single-column unique constraint.
    public func unique() -> Self { var c = self; c.schema.isUnique = true; return c }
    /// A default value, written into the DDL as a literal: `.defaultValue("guest")` → `DEFAULT ('guest')`.
    public func defaultValue(_ value: Value) -> Self { var c = self; c.schema.defaultValue = bind(value); return c }
    /// A default given as SQL: `.defaultSQL(.currentTimestamp)` → `DEFAULT CURRENT_TIMESTAMP`.
    public func defaultSQL(_ expression: SQLFragment) -> Self {
        var c = self
        if case .fragment(let parts) = expression.node, parts.count == 1, case .expression(let e) = parts[0] { c.schema.defaultValue = e } else { c.schema.defaultValue = expression.node }
        return c
    }
    /// Overrides nullability from the Swift type (a non-optional value in a nullable column).
    public func nullable(_ value: Bool = true) -> Self { var c = self; c.schema.isNullable = value; return c }

    /// The column as read through `alias` (`u."name"`).
    public func from(_ alias: String) -> Self { var c = self; c.tableReference = alias; return c }

}

/// A column of `Model` of any value type, for lists mixing types (conflict targets).
public protocol ColumnOf<Model>: Sendable {
    associatedtype Model: Table
    var name: String { get }
}
extension Column: ColumnOf {}
