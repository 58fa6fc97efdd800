/// A result row that cannot become the requested Swift value. It names the model, the
/// property, the column, its SQL type and the kind of field that arrived, plus the
/// statement's SQL; never a parameter value or the field's value.
public struct RowDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The type being decoded (`User`), or the row's Swift type for chosen columns.
    public var model: String
    /// The property (coding key) being decoded, when there is one.
    public var property: String?
    /// The column's label, or its position when it has none.
    public var column: String
    /// The column's SQL type as the builder declares it or the database names it.
    public var sqlType: String
    /// The kind of field that arrived (`stringValue`, `isNull`, …), or "no column" when
    /// the result lacks the column.
    public var arrived: String
    /// Why it does not fit.
    public var reason: String
    /// The row's index in the result.
    public var rowIndex: Int
    /// The statement's SQL (never its values).
    public var sql: String

    /// Everything above in one sentence.
    public var description: String {
        var s = "cannot decode \(model)"
        if let property { s += ".\(property)" }
        s += " from column \(column) (\(sqlType)) of row \(rowIndex): \(arrived) arrived; \(reason). SQL: \(sql)"
        return s
    }
}
