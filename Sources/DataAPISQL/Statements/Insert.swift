/// An INSERT of one model or several, with optional upsert and RETURNING.
///
/// ```swift
/// User.insert(User(id: nil, name: "ken"))
/// // INSERT INTO "users" ("name") VALUES (:p1)        (a nil auto-increment key is left out,
/// //                                                    and so is a nil column with a default
/// //                                                    or an `OrDefault` value `.default`)
/// User.insert(user).onConflict(User.id).doUpdate(User.name)
/// // PostgreSQL: … ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name"
/// // MySQL:      … ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)
/// // MySQL 8 (``SQLDialect/mySQL8``): … VALUES (…) AS `new` ON DUPLICATE KEY UPDATE `name` = `new`.`name`
/// ```
public struct Insert<Model: Table>: SQLStatement {
    let rows: [Model]
    var conflictTarget: [String] = []
    /// PostgreSQL: the partial unique index's condition the conflict target names.
    var conflictCondition: SQLExpressionNode?
    var upsert: Upsert?
    var returning: [SQLSelectItem] = []

    enum Upsert: Sendable, Hashable { case update([String]), assign([Assignment]), nothing }
    struct Assignment: Sendable, Hashable {
        var name: String
        var value: SQLExpressionNode
    }

    /// The SET list of an update upsert: each named column from the proposed row, or the
    /// assignments given.
    static func assignments(_ upsert: Upsert) -> [Assignment] {
        switch upsert {
        case .update(let names): names.map { Assignment(name: $0, value: .excluded($0)) }
        case .assign(let list): list
        case .nothing: []
        }
    }

    /// On a conflict with `columns` (PostgreSQL's conflict target; MySQL uses any unique key)…
    ///
    /// ```swift
    /// Post.insert(post).onConflict(Post.personId, Post.slug).doUpdate(Post.title)
    /// ```
    /// ```sql
    /// INSERT INTO "posts" (…) VALUES (…) ON CONFLICT ("person_id", "slug") DO UPDATE SET "title" = EXCLUDED."title"
    /// INSERT INTO `posts` (…) VALUES (…) ON DUPLICATE KEY UPDATE `title` = VALUES(`title`)   -- MySQL
    /// ```
    public func onConflict(_ columns: any ColumnOf<Model>...) -> Self {
        var i = self
        i.conflictTarget = columns.map(\.name)
        return i
    }
    /// PostgreSQL only: on a conflict with the partial unique index on `columns` whose
    /// condition is `condition`: `ON CONFLICT ("email") WHERE ("deleted" = FALSE)`; MySQL
    /// throws `unsupported`.
    public func onConflict(_ columns: any ColumnOf<Model>..., where condition: some SQLExpressible<Bool>) -> Self {
        var i = self
        i.conflictTarget = columns.map(\.name)
        i.conflictCondition = condition.sqlNode
        return i
    }
    /// On a conflict with these column names (for composite keys of different types).
    public func onConflict(columnNames: [String]) -> Self {
        var i = self
        i.conflictTarget = columnNames
        return i
    }
    /// …overwrite these columns with the new row's values: `.doUpdate(Post.title)` →
    /// `DO UPDATE SET "title" = EXCLUDED."title"` (MySQL: `ON DUPLICATE KEY UPDATE … = VALUES(…)`).
    public func doUpdate(_ columns: any ColumnOf<Model>...) -> Self {
        var i = self
        i.upsert = .update(columns.map(\.name))
        return i
    }
    /// …overwrite these columns (by name) with the new row's values.
    public func doUpdate(columnNames: [String]) -> Self {
        var i = self
        i.upsert = .update(columnNames)
        return i
    }
    /// …keep the existing row: `.onConflict(Post.personId, Post.slug).doNothing()` →
    /// `ON CONFLICT ("person_id", "slug") DO NOTHING`.
    ///
    /// ```sql
    /// ON DUPLICATE KEY UPDATE `person_id` = `person_id`   -- MySQL, which has no DO NOTHING
    /// ```
    public func doNothing() -> Self {
        var i = self
        i.upsert = .nothing
        return i
    }
    /// PostgreSQL only: `.returning(User.id)` → `RETURNING "id"`; MySQL throws `unsupported` (use generatedFields).
    public func returning(_ items: any SQLSelectable...) -> Self {
        var i = self
        i.returning = items.map(\.selectItem)
        return i
    }
    /// PostgreSQL only: every column of the model, so the stored rows (generated keys and
    /// defaults included) come back: `RETURNING "id", "name", …`.
    public func returningModel() -> Self {
        var i = self
        i.returning = Model.columns.map { SQLSelectItem.column($0, of: Model.tableName) }
        return i
    }

    /// The models this statement inserts.
    public var models: [Model] { rows }
    /// Whether the statement has an upsert clause (`ON CONFLICT`, `ON DUPLICATE KEY UPDATE`).
    public var hasUpsert: Bool { upsert != nil }
    /// Whether the statement has a RETURNING clause.
    public var hasReturning: Bool { !returning.isEmpty }

    /// Renders the statement for `dialect`; throws ``SQLRenderError`` instead of emitting broken SQL.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        try w.insert(self)
        return try w.query(columns: returning.map(\.result))
    }

    /// The statement for one row, with one set of values per model, for
    /// `BatchExecuteStatement`: `INSERT INTO "users" ("name") VALUES (:p1)` and `[["ken"], ["ada"]]`.
    /// RETURNING is not allowed, since a batch returns no rows.
    public func renderBatch(_ dialect: SQLDialect) throws -> SQLBatchQuery {
        var w = SQLWriter(dialect: dialect)
        return try w.insertBatch(self)
    }

    /// The columns to write and each row's values in their order, one column list for every
    /// row (a batch runs one SQL text). Decided per column across all rows, where a row asks
    /// for the column's default by ``OrDefault/default`` or, for an auto-increment key or a
    /// column with a declared default (``Column/defaultValue(_:)``, ``Column/defaultSQL(_:)``),
    /// by nil:
    /// - a column every row asks the default of is left out, so the database fills it in;
    /// - asked by some rows only: an auto-increment key is ``SQLRenderError/mixedAutoIncrement(_:)``;
    ///   another column, with `perRowDefault` (one multi-row VALUES statement), is written
    ///   `DEFAULT` in those rows (the positions come back in `defaults`, by row, as indexes in
    ///   the returned columns), and without it (batches, JSON rows: one value list shape for
    ///   every row) is ``SQLRenderError/mixedDefault(_:)`` rather than NULL for those rows,
    ///   since the same model inserted alone would get the default;
    /// - a date outside the years 1…9999 is ``SQLRenderError/valueOutOfRange(_:column:reason:)``.
    func prepare(
        perRowDefault: Bool = false
    ) throws -> (columns: [SQLColumnSchema], rows: [[SQLValue]], defaults: [Int: Set<Int>]) {
        guard !rows.isEmpty else { throw SQLRenderError.emptyInsert(Model.tableName) }
        let encoder = SQLRowEncoder(Model.self)
        var marked: [Int: [Int]] = [:]
        let all = try encoder.encodeAll(rows, defaults: &marked)
        var keep: [Int] = []
        var perRow: [Int: Set<Int>] = [:]
        keep.reserveCapacity(Model.columns.count)
        for (i, c) in Model.columns.enumerated() {
            let nilMeansDefault = c.isAutoIncrement || c.defaultValue != nil
            if nilMeansDefault || !marked.isEmpty {
                var asking: [Int] = []
                for (r, row) in all.enumerated() {
                    if case .null = row[i], nilMeansDefault || marked[r]?.contains(i) == true { asking.append(r) }
                }
                if asking.count == all.count { continue }
                if !asking.isEmpty {
                    if c.isAutoIncrement { throw SQLRenderError.mixedAutoIncrement(c.name) }
                    guard perRowDefault else { throw SQLRenderError.mixedDefault(c.name) }
                    for r in asking { perRow[r, default: []].insert(keep.count) }
                }
            }
            if Self.mayHoldDates(c.type) {
                for row in all {
                    if let error = row[i].rangeError(column: c.name) { throw error }
                }
            }
            keep.append(i)
        }
        let columns = keep.map { Model.columns[$0] }
        if keep.count == Model.columns.count { return (columns, all, perRow) }
        return (columns, all.map { row in keep.map { row[$0] } }, perRow)
    }

    /// Whether a column of `type` can be bound a `Date` with a year (a custom type may).
    static func mayHoldDates(_ type: SQLColumnType) -> Bool {
        switch type {
        case .date, .timestamp, .timestamptz, .custom: return true
        default: return false
        }
    }
}

extension Table {
    /// `User.insert(user)` → `INSERT INTO "users" ("id", "name") VALUES (:p1, :p2)`
    public static func insert(_ row: Self) -> Insert<Self> { Insert(rows: [row]) }
    /// Several rows in one statement: `… VALUES (:p1, :p2), (:p3, :p4)`
    public static func insert(_ rows: [Self]) -> Insert<Self> { Insert(rows: rows) }
}
