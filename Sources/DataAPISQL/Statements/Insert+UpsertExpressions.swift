extension Insert {
    /// …on a conflict, set `column` to `expression`, which may read the existing row through
    /// the column itself and the proposed row through ``Column/excluded()``. Chain it for
    /// several columns.
    ///
    /// ```swift
    /// Stock.insert(s).onConflict(Stock.sku)
    ///     .doUpdate(set: Stock.quantity, to: Stock.quantity.plus(Stock.quantity.excluded()))
    /// // PostgreSQL: … ON CONFLICT ("sku") DO UPDATE SET "quantity" = ("stocks"."quantity" + EXCLUDED."quantity")
    /// // MySQL:      … ON DUPLICATE KEY UPDATE `quantity` = (`stocks`.`quantity` + VALUES(`quantity`))
    /// // MySQL 8.0.19+ (SQLDialect.mySQL8; not MariaDB):
    /// //             … VALUES (:p1, :p2) AS `new`
    /// //             ON DUPLICATE KEY UPDATE `quantity` = (`stocks`.`quantity` + `new`.`quantity`)
    /// ```
    public func doUpdate<V, E: SQLExpressible>(
        set column: Column<Model, V>,
        to expression: E
    ) -> Self where E.Value.SQLBase == V.SQLBase {
        var i = self
        var list: [Assignment] = []
        if case .assign(let earlier)? = upsert { list = earlier }
        list.append(Assignment(name: column.name, value: expression.sqlNode))
        i.upsert = .assign(list)
        return i
    }
}

extension Column {
    /// In an upsert's update, the value the INSERT proposed for this column:
    ///
    /// ```sql
    /// EXCLUDED."quantity"     -- PostgreSQL
    /// VALUES(`quantity`)      -- MySQL (MariaDB and every MySQL)
    /// `new`.`quantity`        -- a dialect with an upsertRowAlias (MySQL 8.0.19+)
    /// ```
    ///
    /// See ``SQLDialect/upsertRowAlias``.
    public func excluded() -> SQLExpression<Value> { SQLExpression(.excluded(schema.name), type: schema.type) }
}
