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
        do { session = try await engine.openSession(target) } catch {
            transactions.unreserve()
            throw error
        }
        do { try await session.begin() } catch {
            transactions.unreserve()
            await session.close()
            throw error
        }
        let id = transactions.add(session, engine: engine, target: target, resourceArn: r.resourceArn)
        return BeginTransactionResponse(transactionId: id)
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
        defer { Task { await entry.session.close() } }
        switch end {
        case .commit:
            try await entry.session.commit()
            return CommitTransactionResponse(transactionStatus: "Transaction Committed")
        case .rollback:
            try await entry.session.rollback()
            return CommitTransactionResponse(transactionStatus: "Rollback Complete")
        }
    }
}
