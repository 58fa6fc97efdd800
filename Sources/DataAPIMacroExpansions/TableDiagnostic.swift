import SwiftDiagnostics

/// The errors `@Table` reports, each pointing at the property (or attribute) at fault.
struct TableDiagnostic: DiagnosticMessage {
    let message: String
    let id: String
    var severity: DiagnosticSeverity = .error

    var diagnosticID: MessageID { MessageID(domain: "DataAPIMacros", id: id) }

    static let notAStruct = TableDiagnostic(
        message: "@Table applies to a struct: a table model is a plain Codable value type", id: "notAStruct")
    static func computedColumn(_ name: String) -> TableDiagnostic {
        TableDiagnostic(message: "'\(name)' is a computed property and cannot be a column; only stored properties are",
                        id: "computedColumn")
    }
    static func missingType(_ name: String) -> TableDiagnostic {
        TableDiagnostic(message: "@Table needs the type of '\(name)' written out: the column descriptor is typed by it",
                        id: "missingType")
    }
    static func unsupportedType(_ name: String, _ type: String, _ why: String) -> TableDiagnostic {
        TableDiagnostic(message: "'\(name)' has type '\(type)', which cannot be a column: \(why); "
                            + "mark it @Transient to leave it out of the table", id: "unsupportedType")
    }
    static func duplicateColumn(_ name: String, _ column: String, _ first: String) -> TableDiagnostic {
        TableDiagnostic(message: "'\(name)' maps to column \"\(column)\", as '\(first)' does; "
                            + "give one of them another name with @Column(name:)", id: "duplicateColumn")
    }
    static func optionalPrimaryKey(_ name: String) -> TableDiagnostic {
        TableDiagnostic(message: "primary key '\(name)' is Optional but not auto-increment: "
                            + "a nil key would be inserted as NULL", id: "optionalPrimaryKey")
    }
    static func missingCodingKey(_ name: String) -> TableDiagnostic {
        TableDiagnostic(message: "'\(name)' has no case in the hand-written CodingKeys; add one, or mark it @Transient",
                        id: "missingCodingKey")
    }
    static func transientWithoutValue(_ name: String) -> TableDiagnostic {
        TableDiagnostic(message: "@Transient property '\(name)' needs an initial value: decoding leaves it out",
                        id: "transientWithoutValue")
    }
    static func reservedName(_ name: String) -> TableDiagnostic {
        TableDiagnostic(message: "'\(name)' is a name the Table protocol uses; rename the property "
                            + "(and keep the column name with @Column(name:))", id: "reservedName")
    }
    static func columnAndTransient(_ name: String) -> TableDiagnostic {
        TableDiagnostic(message: "'\(name)' is marked both @Column and @Transient", id: "columnAndTransient")
    }
    static func letWithValue(_ name: String) -> TableDiagnostic {
        TableDiagnostic(message: "'\(name)' is a 'let' with an initial value, which decoding never sets; "
                            + "make it 'var', or mark it @Transient", id: "letWithValue")
    }
    static let foreignKeysWritten = TableDiagnostic(
        message: "the struct declares 'foreignKeys' itself; add this reference there instead of in @Column",
        id: "foreignKeysWritten")
    static let referenceNotAKeyPath = TableDiagnostic(
        message: "write the referenced column as a key path to its property: references: \\Author.id",
        id: "referenceNotAKeyPath")
    static func notALiteral(_ label: String) -> TableDiagnostic {
        TableDiagnostic(
            message: "'\(label):' must be a literal here: the macro reads it at compile time",
            id: "notALiteral"
        )
    }
}

/// A fix-it's label.
struct TableFixIt: FixItMessage {
    let message: String
    var fixItID: MessageID { MessageID(domain: "DataAPIMacros", id: message) }
}
