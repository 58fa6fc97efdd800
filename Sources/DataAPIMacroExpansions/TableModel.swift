import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

/// A `@Table` struct read and checked: what the member expansion writes.
struct TableModel {
    var typeName: String
    var tableName: String
    var access: String
    var columns: [(property: StoredProperty, options: ColumnOptions, column: String, key: String)] = []
    var writesCodingKeys: Bool
    /// `SQLForeignKey(…)` expressions from `@Column(references:)`.
    var foreignKeys: [String] = []
    var codingKeyCases: [String] = []

    static let reservedNames: Set<String> = ["tableName", "columns", "CodingKeys", "uniqueConstraints", "indexes",
                                             "foreignKeys", "checks"]

    /// Reads the struct; reports every problem and returns nil if there was one.
    init?(node: AttributeSyntax, declaration: StructDeclSyntax, context: some MacroExpansionContext) {
        typeName = declaration.name.trimmedDescription
        var failed = false
        var explicitName: String?
        var verbatimColumns = false
        for argument in node.labeledArguments {
            if argument.label == nil {
                guard let text = argument.expression.stringLiteralValue else {
                    context.diagnose(Diagnostic(
                        node: argument.expression,
                        message: TableDiagnostic.notALiteral("name")
                    ))
                    return nil
                }
                explicitName = text
            } else if argument.label?.text == "columnNames" {
                verbatimColumns = argument.expression.trimmedDescription.hasSuffix("verbatim")
            }
        }
        tableName = explicitName ?? snakeCased(typeName.filter { $0 != "`" })
        let modifiers = declaration.modifiers.map(\.name.text)
        access = modifiers.contains("public") ? "public " : modifiers.contains("package") ? "package " : ""

        // A hand-written CodingKeys enum: its cases and their string values.
        var userKeys: [String: String]?
        for member in declaration.memberBlock.members {
            guard let e = member.decl.as(EnumDeclSyntax.self), e.name.text == "CodingKeys" else { continue }
            var keys: [String: String] = [:]
            for caseDecl in e.memberBlock.members.compactMap({ $0.decl.as(EnumCaseDeclSyntax.self) }) {
                for element in caseDecl.elements {
                    let name = element.name.text.filter { $0 != "`" }
                    keys[name] = element.rawValue?.value.stringLiteralValue ?? name
                }
            }
            userKeys = keys
        }
        writesCodingKeys = userKeys == nil
        let declaresForeignKeys = declaration.memberBlock.members.contains { member in
            guard let v = member.decl.as(VariableDeclSyntax.self), v.isStatic else { return false }
            return v.bindings.contains { $0.pattern.trimmedDescription == "foreignKeys" }
        }

        let properties = Self.storedProperties(of: declaration, context: context, failed: &failed)
        var seen: [String: StoredProperty] = [:]
        for property in properties {
            if let transient = property.transientAttribute {
                if property.columnAttribute != nil {
                    context.diagnose(Diagnostic(
                        node: transient,
                        message: TableDiagnostic.columnAndTransient(property.name),
                        fixIts: [Self.removing(transient, named: "Transient", from: property.declaration)]
                    ))
                    failed = true
                } else if writesCodingKeys, property.initializer == nil {
                    context.diagnose(Diagnostic(
                        node: property.binding,
                        message: TableDiagnostic.transientWithoutValue(property.name)
                    ))
                    failed = true
                }
                continue
            }
            if Self.reservedNames.contains(property.name) {
                context.diagnose(Diagnostic(
                    node: property.binding.pattern,
                    message: TableDiagnostic.reservedName(property.name)
                ))
                failed = true
                continue
            }
            if property.isLetWithValue {
                context.diagnose(Diagnostic(
                    node: property.binding,
                    message: TableDiagnostic.letWithValue(property.name),
                    fixIts: Self.varFixIt(property) + Self.transientFixIt(property)
                ))
                failed = true
                continue
            }
            guard let type = property.type else {
                context.diagnose(Diagnostic(
                    node: property.binding.pattern,
                    message: TableDiagnostic.missingType(property.name),
                    fixIts: Self.typeFixIt(property)
                ))
                failed = true
                continue
            }
            if let why = Self.unsupportedReason(type) {
                context.diagnose(Diagnostic(
                    node: type,
                    message: TableDiagnostic.unsupportedType(property.name, type.trimmedDescription, why),
                    fixIts: Self.transientFixIt(property)
                ))
                failed = true
                continue
            }
            guard let options = Self.options(of: property, context: context) else {
                failed = true
                continue
            }
            if options.primaryKey, !options.autoIncrement, Self.isOptional(type) {
                context.diagnose(Diagnostic(
                    node: type,
                    message: TableDiagnostic.optionalPrimaryKey(property.name),
                    fixIts: Self.autoIncrementFixIt(property)
                ))
                failed = true
            }
            let key: String
            if let userKeys {
                guard let k = userKeys[property.name] else {
                    context.diagnose(Diagnostic(
                        node: property.binding.pattern,
                        message: TableDiagnostic.missingCodingKey(property.name),
                        fixIts: Self.transientFixIt(property)
                    ))
                    failed = true
                    continue
                }
                key = k
            } else {
                key = options.name ?? (verbatimColumns ? property.name : snakeCased(property.name))
            }
            let column = options.name ?? (verbatimColumns ? property.name : snakeCased(property.name))
            if let first = seen[column] {
                context.diagnose(Diagnostic(
                    node: property.binding.pattern,
                    message: TableDiagnostic.duplicateColumn(property.name, column, first.name),
                    notes: [
                        Note(
                            node: Syntax(first.binding.pattern),
                            message: TableNote(message: "'\(first.name)' maps to \"\(column)\" here")
                        )
                    ]
                ))
                failed = true
                continue
            }
            seen[column] = property
            if let referenced = options.references {
                if declaresForeignKeys {
                    context.diagnose(Diagnostic(node: referenced, message: TableDiagnostic.foreignKeysWritten))
                    failed = true
                }
                guard let target = Self.referencedColumn(referenced) else {
                    context.diagnose(Diagnostic(node: referenced, message: TableDiagnostic.referenceNotAKeyPath))
                    failed = true
                    continue
                }
                var fk = "SQLForeignKey(\(typeName).\(property.identifier), references: \(target)"
                if let a = options.onDelete { fk += ", onDelete: \(a.trimmedDescription)" }
                if let a = options.onUpdate { fk += ", onUpdate: \(a.trimmedDescription)" }
                foreignKeys.append(fk + ")")
            }
            columns.append((property, options, column, key))
        }
        // Generated keys are the column names, so a raw SQL row decodes into the model.
        codingKeyCases = columns.map { c in
            c.key == c.property.name ? c.property.identifier
                : "\(c.property.identifier) = \(StringLiteralExprSyntax(content: c.key).trimmedDescription)"
        }
        if failed { return nil }
    }

    /// `\Author.id` → `Author.id`: the descriptor named like the referenced property. (A key
    /// path because macro arguments are type-checked before any macro expands, so
    /// `Author.id` would name the instance property there.)
    static func referencedColumn(_ expression: ExprSyntax) -> String? {
        guard let keyPath = expression.as(KeyPathExprSyntax.self), let root = keyPath.root,
              keyPath.components.count == 1, let component = keyPath.components.first,
              case .property(let property) = component.component else { return nil }
        return "\(root.trimmedDescription).\(property.declName.baseName.text)"
    }

    /// The generated members, in declaration order.
    func members() -> [DeclSyntax] {
        var decls: [DeclSyntax] = []
        decls.append("\(raw: access)static let tableName = \(literal: tableName)")
        if writesCodingKeys {
            let cases = codingKeyCases.map { "    case \($0)" }.joined(separator: "\n")
            decls.append("""
                \(raw: access)enum CodingKeys: String, CodingKey {
                \(raw: cases)
                }
                """)
        }
        for c in columns {
            guard let type = c.property.type else { continue }
            var call = "Column<\(typeName), \(type.trimmedDescription)>(CodingKeys.\(c.property.identifier)"
            if c.column != c.key { call += ", name: \(StringLiteralExprSyntax(content: c.column).trimmedDescription)" }
            if let t = c.options.type { call += ", type: \(t.trimmedDescription)" }
            call += ")"
            if c.options.primaryKey { call += ".primaryKey()" }
            if c.options.autoIncrement { call += ".autoIncrement()" }
            if c.options.unique { call += ".unique()" }
            if let v = c.options.defaultValue { call += ".defaultValue(\(v.trimmedDescription))" }
            if let v = c.options.defaultSQL { call += ".defaultSQL(\(v.trimmedDescription))" }
            if let v = c.options.nullable { call += ".nullable(\(v.trimmedDescription))" }
            decls.append("\(raw: access)static let \(raw: c.property.identifier) = \(raw: call)")
        }
        let list = columns.map { "\($0.property.identifier).schema" }.joined(separator: ", ")
        decls.append("\(raw: access)static let columns: [SQLColumnSchema] = [\(raw: list)]")
        if !foreignKeys.isEmpty {
            let list = foreignKeys.joined(separator: ", ")
            decls.append("\(raw: access)static let foreignKeys: [SQLForeignKey] = [\(raw: list)]")
        }
        return decls
    }
}

struct TableNote: NoteMessage {
    let message: String
    var noteID: MessageID { MessageID(domain: "DataAPIMacros", id: "note") }
}
