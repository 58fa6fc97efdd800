import DataAPIClient
import Foundation

/// `BeginTransaction`, `CommitTransaction` and `RollbackTransaction`.
extension LocalDataAPI {
    func beginTransaction(_ r: BeginTransactionRequest) async throws -> BeginTransactionResponse {
        try checkCommon(resourceArn: r.resourceArn, secretArn: r.secretArn, database: r.database, schema: r.schema,
                        transactionId: nil)
        let (engine, target) = try resolve(resourceArn: r.resourceArn, secretArn: r.secretArn,
                                           database: r.database)
        try transactions.reserve()
        let session: any DatabaseSession
        do { session = try await Self.openAndBegin(engine, target) } catch {
            transactions.unreserve()
            throw error
        }
        let id = transactions.add(session, engine: engine, target: target, resourceArn: r.resourceArn)
        return BeginTransactionResponse(transactionId: id)
    }

    /// A connection with a transaction begun on it. A connection kept from an earlier
    /// transaction that the database closed while it was idle (a restart, an administrator's
    /// `pg_terminate_backend`) is given up, and the transaction begins on another, once.
    private static func openAndBegin(
        _ engine: any LocalDatabaseEngine, _ target: SessionTarget
    ) async throws -> any DatabaseSession {
        var attempt = 0
        while true {
            attempt += 1
            let session = try await engine.openSession(target)
            do {
                try await session.begin()
                return session
            } catch {
                await session.close()
                if attempt == 1 && session.wasStale { continue }
                throw error
            }
        }
    }

    /// How a transaction ends.
    enum TransactionEnd: Sendable {
        case commit, rollback
    }

    /// Commits or rolls back the transaction `transactionId` and closes its connection.
    func endTransaction(resourceArn: String, secretArn: String, transactionId: String,
                        _ end: TransactionEnd) async throws -> CommitTransactionResponse {
        try checkCommon(resourceArn: resourceArn, secretArn: secretArn, database: nil, schema: nil,
                        transactionId: transactionId)
        _ = try resolve(resourceArn: resourceArn, secretArn: secretArn, database: nil)
        let entry = try transactions.take(transactionId, resourceArn: resourceArn)
        // Given up before the answer, so that a `BeginTransaction` that follows it finds the
        // connection ready for another transaction.
        func close() async {
            await entry.session.close()
            transactions.closed()
        }
        do {
            switch end {
            case .commit:
                try await entry.session.commit()
                await close()
                return CommitTransactionResponse(transactionStatus: "Transaction Committed")
            case .rollback:
                try await entry.session.rollback()
                await close()
                return CommitTransactionResponse(transactionStatus: "Rollback Complete")
            }
        } catch {
            await close()
            throw error
        }
    }
}
