import DataAPIClient

/// The rows a call's answer reports: returned (records) and written (records updated).
protocol ObservedRows {
    var observedRows: (returned: Int, written: Int) { get }
}

extension ExecuteStatementResponse: ObservedRows {
    var observedRows: (returned: Int, written: Int) {
        (records?.count ?? 0, Int(numberOfRecordsUpdated ?? 0))
    }
}

extension BatchExecuteStatementResponse: ObservedRows {
    /// A batch reports one result per parameter set and no counts: one row written per set.
    var observedRows: (returned: Int, written: Int) { (0, updateResults?.count ?? 0) }
}

extension BeginTransactionResponse: ObservedRows {
    var observedRows: (returned: Int, written: Int) { (0, 0) }
}
