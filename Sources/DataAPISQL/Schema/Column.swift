/// What DDL, binding and decoding need to know about a column.
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
    public var defaultValue: SQLExpressionNode?
    /// The Swift type the descriptor declares, without optionality.
    public var valueType: SQLValueType
}

/// A typed column of table `Model` holding `Value`: `Column<User, String>`.
///
/// ```swift
/// static let name = Column<User, String>(CodingKeys.name, type: .varchar(255))
/// static let createdAt = Column<User, Date>(CodingKeys.createdAt, name: "created_at", type: .timestamptz)
/// ```
///
/// The key must be one of `Model`'s own coding keys: `Column<User, String>(Post.CodingKeys.title)`
/// does not compile.
public struct Column<Model: Table, Value: SQLBindable>: Sendable, Hashable {
    public var schema: SQLColumnSchema
    /// The table or alias the column is read from.
    public var tableReference: String

    /// A column for `key`, named like the key unless `name` is given, of `Value`'s default
    /// SQL type unless `type` is given.
    public init(_ key: Model.CodingKeys, name: String? = nil, type: SQLColumnType? = nil) {
        schema = SQLColumnSchema(name: name ?? key.stringValue, key: key.stringValue, type: type ?? Value.defaultSQLType,
                                 isNullable: Value.isOptional, valueType: .of(Value.self))
        tableReference = Model.tableName
    }

    public var name: String { schema.name }

    /// Part of the primary key (several columns make a composite key).
    public func primaryKey() -> Self { with { $0.isPrimaryKey = true } }
    /// Filled in by the database (PostgreSQL identity, MySQL `AUTO_INCREMENT`); a nil value is left out of inserts.
    public func autoIncrement() -> Self { with { $0.isAutoIncrement = true } }
    /// A single-column unique constraint.
    public func unique() -> Self { with { $0.isUnique = true } }
    /// A default value, written into the DDL as a literal: `.defaultValue("guest")` → `DEFAULT ('guest')`.
    public func defaultValue(_ value: Value) -> Self {
        let node = bind(value)
        return with { $0.defaultValue = node }
    }
    /// A default given as SQL: `.defaultSQL(.currentTimestamp)` → `DEFAULT CURRENT_TIMESTAMP`.
    public func defaultSQL(_ expression: SQLFragment) -> Self {
        var node = expression.node
        if case .fragment(let parts) = node, parts.count == 1, case .expression(let e) = parts[0] { node = e }
        return with { $0.defaultValue = node }
    }
    /// Overrides nullability from the Swift type (a non-optional value in a nullable column).
    public func nullable(_ value: Bool = true) -> Self { with { $0.isNullable = value } }

    /// The column as read through `alias` (`u."name"`).
    public func from(_ alias: String) -> Self {
        var c = self
        c.tableReference = alias
        return c
    }

    private func with(_ change: (inout SQLColumnSchema) -> Void) -> Self {
        var c = self
        change(&c.schema)
        return c
    }
}

/// A column of `Model` of any value type, for lists mixing types (conflict targets).
public protocol ColumnOf<Model>: Sendable {
    associatedtype Model: Table
    var name: String { get }
}
extension Column: ColumnOf {}
