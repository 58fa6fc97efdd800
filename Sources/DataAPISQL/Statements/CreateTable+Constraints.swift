extension CreateTable {
    /// The model's foreign keys and checks, after its keys and unique constraints.
    static func tableConstraints(_ w: inout SQLWriter) throws {
        for fk in Model.foreignKeys {
            guard !fk.columns.isEmpty, fk.columns.count == fk.referencedColumns.count else {
                throw SQLRenderError.emptyList("a FOREIGN KEY's column lists (of equal length)")
            }
            w.write(", ")
            constraintName(fk.name, &w)
            w.write("FOREIGN KEY (")
            w.identifiers(fk.columns)
            w.write(") REFERENCES ")
            w.identifier(fk.referencedTable)
            w.write(" (")
            w.identifiers(fk.referencedColumns)
            w.write(")")
            if let a = fk.onDelete { w.write(" ON DELETE " + a.rawValue) }
            if let a = fk.onUpdate { w.write(" ON UPDATE " + a.rawValue) }
        }
        for check in Model.checks {
            w.write(", ")
            constraintName(check.name, &w)
            w.write("CHECK (")
            let qualify = w.qualifyColumns
            w.qualifyColumns = false
            defer { w.qualifyColumns = qualify }
            try w.expression(check.condition)
            w.write(")")
        }
    }

    static func constraintName(_ name: String?, _ w: inout SQLWriter) {
        guard let name else { return }
        w.write("CONSTRAINT ")
        w.identifier(name)
        w.write(" ")
    }
}
