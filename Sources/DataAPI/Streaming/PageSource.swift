import DataAPISQL

/// Where a stream's pages come from.
enum PageSource: Sendable {
    /// PostgreSQL: `DECLARE … NO SCROLL CURSOR FOR` the statement in a transaction, then
    /// `FETCH FORWARD n` until a page comes back short.
    case cursor(SQLQuery)
    /// MySQL, a builder select on a table with a one-column primary key and no ordering of
    /// its own: `WHERE key > :last ORDER BY key LIMIT n`, each page on its own, no transaction.
    /// The closure renders the page after `after` (nil: the first) of `limit` rows.
    case keyset(keyIndex: Int, page: @Sendable (_ after: SQLValue?, _ limit: Int) throws -> SQLQuery)
    /// MySQL otherwise: `LIMIT n OFFSET k` pages in one REPEATABLE READ transaction. The
    /// closure renders the page at `offset`, or nil when the statement's own LIMIT is reached.
    case offset(page: @Sendable (_ offset: Int, _ limit: Int) throws -> SQLQuery?)
}
