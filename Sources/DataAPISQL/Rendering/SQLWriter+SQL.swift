extension SQLWriter {
    /// Raw SQL text with its interpolations: values bound, columns as qualified identifiers.
    mutating func rawStatement(_ parts: [SQLFragment.Part]) throws {
        try expression(.fragment(parts))
    }

    /// `SAVEPOINT "name"`, `RELEASE SAVEPOINT "name"` or `ROLLBACK TO SAVEPOINT "name"`.
    mutating func savepoint(_ statement: SQLSavepoint) {
        write(statement.action.rawValue)
        identifier(statement.name)
    }
}
