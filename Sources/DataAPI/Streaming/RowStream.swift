import DataAPIClient
import DataAPISQL

/// The rows of a large result, fetched page by page as they are read: memory stays flat
/// whatever the result's size, and the next page is fetched only one page ahead of the
/// reader. Made by `DatabaseExecutor.stream(_:)` (models) and
/// `DatabaseExecutor.stream(_:)` of raw SQL (``Row``s).
///
/// ```swift
/// for try await user in db.stream(User.select().where(User.active.eq(true))) {
///     try await mail(user)
/// }
/// ```
///
/// Each iteration runs the statement anew. Leaving the loop early (a `break`, an error, a
/// cancelled task) ends the stream's transaction: its cursor is closed, nothing stays open.
public struct RowStream<Element: Sendable>: AsyncSequence, Sendable {
    let makePager: @Sendable () -> ResultPager
    let makeDecode: @Sendable (_ metadata: [ColumnMetadata]) -> (([Field], Int) throws -> Element)

    /// An iterator that starts the statement on its first `next()`.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: PagerHandle(makePager()), makeDecode: makeDecode)
    }

    /// Reads rows page by page.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: PagerHandle
        let makeDecode: @Sendable ([ColumnMetadata]) -> (([Field], Int) throws -> Element)
        var decode: (([Field], Int) throws -> Element)?
        var page: [[Field]] = []
        var position = 0
        var index = 0

        /// The next row, or nil after the last.
        public mutating func next() async throws -> Element? {
            while position == page.count {
                page = []
                position = 0
                guard let next = try await handle.pager.next() else { return nil }
                page = next
                if decode == nil { decode = makeDecode(await handle.pager.metadata) }
            }
            let row = page[position]
            position += 1
            index += 1
            guard let decode else { return nil }
            do { return try decode(row, index - 1) } catch {
                await handle.pager.close()
                throw error
            }
        }
    }
}

/// Closes its pager when the last iterator holding it goes away (an abandoned stream).
final class PagerHandle: Sendable {
    let pager: ResultPager
    init(_ pager: ResultPager) { self.pager = pager }
    deinit {
        let pager = self.pager
        Task { await pager.close() }
    }
}
