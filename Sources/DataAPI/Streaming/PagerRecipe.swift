import DataAPIClient
import DataAPISQL

extension DatabaseExecutor {
    // MARK: Planning pages

    /// How a builder select is paged on this executor's engine.
    static func pager<M, R>(_ select: Select<M, R>, context: ExecutionContext) -> PagerRecipe {
        let query: SQLQuery
        do { query = try context.render(select) } catch {
            return PagerRecipe(context: context, source: .failed(error), sql: "",
                               columns: select.ast.items.map(\.result), metadata: false)
        }
        let plan = DecodingPlan(query: query, temporal: context.temporal)
        switch context.configuration.engine {
        case .postgreSQL:
            let (ordering, stable) = stablyOrdered(select)
            let ordered: SQLQuery
            do { ordered = try context.render(ordering) } catch {
                return PagerRecipe(context: context, source: .failed(error), sql: query.sql, columns: query.columns,
                                   metadata: false)
            }
            return PagerRecipe(context: context, source: .ready(.cursor(ordered)), sql: ordered.sql,
                               columns: query.columns, metadata: false, repositionable: stable, plan: plan)
        case .mySQL:
            let source = mySQLSource(select, dialect: context.core.dialect)
            return PagerRecipe(context: context, source: .ready(source), sql: query.sql, columns: query.columns,
                               metadata: false, repositionable: stablyOrdered(select).stable, plan: plan)
        }
    }

    /// The select ordered by its own terms and then by the primary key: one order every
    /// time it runs, so that pages fetched again after a failure line up with those before.
    /// `stable` is false when no such order exists (a join, grouping, DISTINCT, no key).
    static func stablyOrdered<M, R>(_ select: Select<M, R>) -> (select: Select<M, R>, stable: Bool) {
        var ordered = select
        let keys = M.columns.filter(\.isPrimaryKey)
        guard ordered.ast.groupBy.isEmpty, !ordered.ast.distinct, ordered.ast.joins.isEmpty, !keys.isEmpty else {
            return (ordered, false)
        }
        let reference = select.ast.alias ?? select.ast.table
        for key in keys {
            let node = SQLExpressionNode.column(table: reference, name: key.name)
            if !ordered.ast.orderBy.contains(where: { $0.expression == node }) {
                ordered.ast.orderBy.append(SQLOrdering(expression: node))
            }
        }
        return (ordered, true)
    }

    /// Whether raw SQL has an ORDER BY: then it is taken to order its rows uniquely.
    static func hasOrderBy(_ sql: String) -> Bool {
        let words = sql.uppercased().split(whereSeparator: { !$0.isLetter })
        return zip(words, words.dropFirst()).contains { $0 == "ORDER" && $1 == "BY" }
    }

    /// MySQL pages for a builder select: keyset when it can, else offsets.
    static func mySQLSource<M, R>(_ select: Select<M, R>, dialect: SQLDialect) -> PageSource {
        let ast = select.ast
        let reference = ast.alias ?? ast.table
        let keys = M.columns.filter(\.isPrimaryKey)
        let keyNode = keys.count == 1 ? SQLExpressionNode.column(table: reference, name: keys[0].name) : nil
        if let keyNode, ast.joins.isEmpty, ast.groupBy.isEmpty, ast.having == nil, !ast.distinct,
           ast.limit == nil, ast.offset == nil,
           ast.orderBy.isEmpty
               || (ast.orderBy.count == 1 && ast.orderBy[0].expression == keyNode && !ast.orderBy[0].descending),
           let keyIndex = ast.items.firstIndex(where: { $0.expression == keyNode }) {
            return .keyset(keyIndex: keyIndex) { after, limit in
                var page = select
                if let after {
                    let condition = SQLExpressionNode.binary(keyNode, .gt, .bind(after, cast: nil))
                    page.ast.condition = page.ast.condition.map { .binary($0, .and, condition) } ?? condition
                }
                page.ast.orderBy = [SQLOrdering(expression: keyNode)]
                page.ast.limit = limit
                return try page.render(dialect)
            }
        }
        let ordered = stablyOrdered(select).select
        let ownLimit = ast.limit
        let ownOffset = ast.offset ?? 0
        let base = ordered
        return .offset { offset, limit in
            var page = base
            var n = limit
            if let ownLimit {
                n = min(n, ownLimit - offset)
                if n <= 0 { return nil }
            }
            page.ast.limit = n
            page.ast.offset = ownOffset + offset
            return try page.render(dialect)
        }
    }

    /// How raw SQL is paged on this executor's engine.
    static func rawPager(_ rendered: Result<SQLQuery, any Error>, context: ExecutionContext) -> PagerRecipe {
        let query: SQLQuery
        switch rendered {
        case .success(let q): query = q
        case .failure(let e):
            return PagerRecipe(context: context, source: .failed(e), sql: "", columns: [], metadata: true)
        }
        switch context.configuration.engine {
        case .postgreSQL:
            return PagerRecipe(context: context, source: .ready(.cursor(query)), sql: query.sql, columns: [],
                               metadata: true, repositionable: hasOrderBy(query.sql))
        case .mySQL:
            var sql = query.sql
            while let last = sql.last, last == ";" || last.isWhitespace { sql.removeLast() }
            if sql.uppercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).contains("LIMIT") {
                let error = QueryError(code: .invalidStatement,
                                       message: "raw SQL with its own LIMIT cannot be paged on MySQL; "
                                           + "use fetch(_:) for it, or drop the LIMIT",
                                       sql: query.sql)
                return PagerRecipe(context: context, source: .failed(error), sql: query.sql, columns: [],
                                   metadata: true)
            }
            let base = sql
            // On a line of its own, so that a trailing `-- comment` cannot swallow it.
            let source = PageSource.offset { offset, limit in
                SQLQuery(sql: base + "\nLIMIT \(limit) OFFSET \(offset)", names: query.names, values: query.values)
            }
            return PagerRecipe(context: context, source: .ready(source), sql: query.sql, columns: [], metadata: true,
                               repositionable: hasOrderBy(query.sql))
        }
    }
}

/// What a stream needs to start a pager for each iteration.
struct PagerRecipe: Sendable {
    enum Source: Sendable {
        case ready(PageSource)
        case failed(any Error)
    }
    let context: ExecutionContext
    let source: Source
    let sql: String
    let columns: [SQLResultColumn]
    let metadata: Bool
    let repositionable: Bool
    var plan: DecodingPlan

    init(context: ExecutionContext, source: Source, sql: String, columns: [SQLResultColumn], metadata: Bool,
         repositionable: Bool = false, plan: DecodingPlan? = nil) {
        self.repositionable = repositionable
        self.context = context
        self.source = source
        self.sql = sql
        self.columns = columns
        self.metadata = metadata
        self.plan = plan ?? DecodingPlan(query: SQLQuery(sql: sql, names: [], values: [], columns: columns),
                                         temporal: context.temporal)
    }

    func make() -> ResultPager {
        switch source {
        case .ready(let s):
            return ResultPager(context: context, source: s, sql: sql, columns: columns, wantsMetadata: metadata,
                               repositionable: repositionable)
        case .failed(let e):
            return ResultPager(context: context, source: .keyset(keyIndex: 0) { _, _ in throw e }, sql: sql,
                               columns: columns, wantsMetadata: metadata, repositionable: false,
                               setupFailure: QueryError.wrap(e, sql: sql.isEmpty ? nil : sql))
        }
    }
}
