/// What a select list accepts: columns, typed expressions and aliased expressions. `Value`
/// is the Swift type of the result column, so a select of chosen items is typed by its row:
/// `User.select(User.id, User.name)` is a `Select<User, (Int64?, String)>`.
public protocol SQLSelectable<Value>: Sendable {
    /// The Swift type of the result column.
    associatedtype Value: SQLBindable
    /// The select-list item and the result column it produces.
    var selectItem: SQLSelectItem { get }
}

/// One item of a select list, optionally aliased, and the result column it produces.
public struct SQLSelectItem: Sendable, Hashable {
    /// The expression selected.
    public var expression: SQLExpressionNode
    /// `AS "alias"`, if any.
    public var alias: String?
    /// What the result column is: label, coding key, SQL and Swift type.
    public var result: SQLResultColumn

    /// An item selecting `expression` as the result column `result`.
    public init(expression: SQLExpressionNode, alias: String? = nil, result: SQLResultColumn) {
        self.expression = expression
        self.alias = alias
        self.result = result
    }
}

/// An expression with an alias: `countAll().as("n")` → `COUNT(*) AS "n"`.
public struct SQLAliasedExpression<Value: SQLBindable>: SQLSelectable, Hashable {
    /// The expression selected.
    public let expression: SQLExpressionNode
    /// Its alias.
    public let alias: String
    let type: SQLColumnType
    let key: String?

    init<E: SQLExpressible>(_ e: E, alias: String) where E.Value == Value {
        expression = e.sqlNode
        self.alias = alias
        type = e.sqlType
        key = (e as? any ColumnKeyed)?.codingKey
    }

    /// The aliased expression in a select list, its result column labelled by the alias.
    public var selectItem: SQLSelectItem {
        SQLSelectItem(expression: expression, alias: alias,
                      result: SQLResultColumn(label: alias, key: key, type: type, valueType: .of(Value.self)))
    }
}

/// A column's coding key, read when it is aliased.
protocol ColumnKeyed { var codingKey: String { get } }
extension Column: ColumnKeyed { var codingKey: String { schema.key } }

extension Column: SQLSelectable {
    /// The column in a select list: labelled by its name, with its key and types.
    public var selectItem: SQLSelectItem {
        SQLSelectItem(
            expression: sqlNode,
            result: SQLResultColumn(
                label: schema.name,
                key: schema.key,
                type: schema.type,
                valueType: schema.valueType
            )
        )
    }
}

extension SQLExpression: SQLSelectable {
    /// The expression in a select list, without a label.
    public var selectItem: SQLSelectItem {
        SQLSelectItem(expression: node, result: SQLResultColumn(label: nil, type: sqlType, valueType: .of(Value.self)))
    }
}
