/// `INSERT INTO "t" ("a", "b") SELECT …`: rows copied from a query, which must select one
/// value per listed column (else `invalidValue`).
///
/// ```swift
/// Archive.insert(columns: [Archive.id, Archive.title], from: Post.select(Post.id, Post.title).where(Post.views.eq(0)))
/// // INSERT INTO "archive" ("id", "title") SELECT "posts"."id", "posts"."title" FROM "posts"
/// //   WHERE ("posts"."views" = :p1)
/// ```
public struct InsertSelect<Model: Table>: SQLStatement, Hashable {
    var columns: [String]
    var select: SQLSelect

    /// The statement in `dialect`'s SQL, or the error that keeps it from rendering.
    public func render(_ dialect: SQLDialect) throws -> SQLQuery {
        var w = SQLWriter(dialect: dialect)
        try w.insertSelect(self)
        return try w.query
    }
}

extension Table {
    /// `INSERT INTO` this table's `columns` the rows `select` returns.
    public static func insert<M, R>(columns: [any ColumnOf<Self>], from select: Select<M, R>) -> InsertSelect<Self> {
        InsertSelect(columns: columns.map(\.name), select: select.ast)
    }
}
