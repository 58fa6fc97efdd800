import SwiftSyntax

/// One stored property of a `@Table` struct as the macro reads it.
struct StoredProperty {
    /// The identifier as written (with backticks if any), for generated code.
    var identifier: String
    /// The name without backticks, for column names and messages.
    var name: String
    /// The declared type, if written.
    var type: TypeSyntax?
    var initializer: ExprSyntax?
    var binding: PatternBindingSyntax
    var declaration: VariableDeclSyntax
    var columnAttribute: AttributeSyntax?
    var transientAttribute: AttributeSyntax?
    var isLetWithValue: Bool
}

/// The options of a `@Column(…)` attribute.
struct ColumnOptions {
    var name: String?
    var type: ExprSyntax?
    var primaryKey = false
    var autoIncrement = false
    var unique = false
    var defaultValue: ExprSyntax?
    var defaultSQL: ExprSyntax?
    var nullable: ExprSyntax?
    /// The referenced column (`Author.id`) of a FOREIGN KEY, with its actions.
    var references: ExprSyntax?
    var onDelete: ExprSyntax?
    var onUpdate: ExprSyntax?
}

extension AttributeSyntax {
    /// The attribute's simple name (`Column` for `@Column(…)` and `@DataAPIMacros.Column`).
    var simpleName: String? {
        if let id = attributeName.as(IdentifierTypeSyntax.self) { return id.name.text }
        if let member = attributeName.as(MemberTypeSyntax.self) { return member.name.text }
        return nil
    }

    var labeledArguments: LabeledExprListSyntax {
        if case .argumentList(let list) = arguments { return list }
        return []
    }
}

extension ExprSyntax {
    /// The text of a plain string literal (no interpolation).
    var stringLiteralValue: String? {
        guard let literal = self.as(StringLiteralExprSyntax.self) else { return nil }
        var text = ""
        for segment in literal.segments {
            guard let s = segment.as(StringSegmentSyntax.self) else { return nil }
            text += s.content.text
        }
        return text
    }

    var booleanLiteralValue: Bool? {
        guard let literal = self.as(BooleanLiteralExprSyntax.self) else { return nil }
        return literal.literal.tokenKind == .keyword(.true)
    }
}

extension VariableDeclSyntax {
    var isStatic: Bool {
        modifiers.contains { $0.name.tokenKind == .keyword(.static) || $0.name.tokenKind == .keyword(.class) }
    }

    func attribute(named name: String) -> AttributeSyntax? {
        for element in attributes {
            if case .attribute(let a) = element, a.simpleName == name { return a }
        }
        return nil
    }
}

extension PatternBindingSyntax {
    /// Whether the binding has a getter (a computed property); `willSet`/`didSet` keep it stored.
    var isComputed: Bool {
        guard let accessorBlock else { return false }
        switch accessorBlock.accessors {
        case .getter: return true
        case .accessors(let list):
            return list.contains {
                let stored: [TokenKind] = [.keyword(.get), .keyword(.set), .keyword(._read), .keyword(._modify)]
                return stored.contains($0.accessorSpecifier.tokenKind)
            }
        }
    }
}
