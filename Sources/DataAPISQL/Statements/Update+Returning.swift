extension Update {
    /// PostgreSQL only: the updated rows' `items`, as they are after the update;
    /// MySQL throws `unsupported`.
    ///
    /// ```swift
    /// User.update().set(User.age, to: User.age.plus(1)).where(User.id.eq(1)).returning(User.id, User.age)
    /// // UPDATE "users" SET "age" = ("users"."age" + :p1) WHERE ("users"."id" = :p2) RETURNING "id", "age"
    /// ```
    public func returning(_ items: any SQLSelectable...) -> Self {
        var u = self
        u.returning = items.map(\.selectItem)
        return u
    }

    /// PostgreSQL only: every column of the updated rows: `RETURNING "id", "name", …`.
    public func returningModel() -> Self {
        var u = self
        u.returning = Model.columns.map { SQLSelectItem.column($0, of: Model.tableName) }
        return u
    }
}

extension Delete {
    /// PostgreSQL only: the deleted rows' `items`; MySQL throws `unsupported`.
    ///
    /// ```swift
    /// User.delete().where(User.active.eq(false)).returning(User.id)
    /// // DELETE FROM "users" WHERE ("users"."active" = :p1) RETURNING "id"
    /// ```
    public func returning(_ items: any SQLSelectable...) -> Self {
        var d = self
        d.returning = items.map(\.selectItem)
        return d
    }

    /// PostgreSQL only: every column of the deleted rows.
    public func returningModel() -> Self {
        var d = self
        d.returning = Model.columns.map { SQLSelectItem.column($0, of: Model.tableName) }
        return d
    }
}
