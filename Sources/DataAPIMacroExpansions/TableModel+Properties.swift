import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

extension TableModel {
    /// The struct's stored instance properties in order; a computed property marked
    /// `@Column` is reported (with a fix-it removing the attribute) and skipped.
    static func storedProperties(of declaration: StructDeclSyntax, context: some MacroExpansionContext,
                                 failed: inout Bool) -> [StoredProperty] {
        var result: [StoredProperty] = []
        for member in declaration.memberBlock.members {
            guard let variable = member.decl.as(VariableDeclSyntax.self), !variable.isStatic else { continue }
            let column = variable.attribute(named: "Column")
            let transient = variable.attribute(named: "Transient")
            let isLet = variable.bindingSpecifier.tokenKind == .keyword(.let)
            let bindings = Array(variable.bindings)
            for (i, binding) in bindings.enumerated() {
                guard let pattern = binding.pattern.as(IdentifierPatternSyntax.self) else { continue }
                let identifier = pattern.identifier.text
                let name = identifier.filter { $0 != "`" }
                if binding.isComputed {
                    if let column {
                        context.diagnose(Diagnostic(
                            node: column, message: TableDiagnostic.computedColumn(name),
                            fixIts: [removing(column, named: "Column", from: variable)]))
                        failed = true
                    }
                    continue
                }
                // `var a, b: Int`: `a` takes the type written on a later binding.
                var type = binding.typeAnnotation?.type
                if type == nil, binding.initializer == nil {
                    type = bindings[(i + 1)...].first { $0.typeAnnotation != nil }?.typeAnnotation?.type
                }
                result.append(StoredProperty(
                    identifier: identifier,
                    name: name,
                    type: type,
                    initializer: binding.initializer?.value,
                    binding: binding,
                    declaration: variable,
                    columnAttribute: column,
                    transientAttribute: transient,
                    isLetWithValue: isLet && binding.initializer != nil
                ))
            }
        }
        return result
    }

    /// Why `type` can never be a column, if that can be told from its spelling.
    static func unsupportedReason(_ type: TypeSyntax) -> String? {
        if let optional = type.as(OptionalTypeSyntax.self) {
            if optional.wrappedType.is(OptionalTypeSyntax.self) { return "a column holds one level of NULL" }
            return unsupportedReason(optional.wrappedType)
        }
        if type.is(ImplicitlyUnwrappedOptionalTypeSyntax.self) { return "write it as an Optional ('?')" }
        if type.is(TupleTypeSyntax.self) { return "a tuple is not Codable" }
        if type.is(FunctionTypeSyntax.self) { return "a function is not Codable" }
        if type.is(AttributedTypeSyntax.self) { return "a function is not Codable" }
        if type.is(MetatypeTypeSyntax.self) { return "a metatype is not Codable" }
        if type.is(SomeOrAnyTypeSyntax.self) { return "an existential or opaque type has no SQL type" }
        if type.is(DictionaryTypeSyntax.self) { return "a dictionary has no SQL type; wrap it in JSONValue<…>" }
        if let id = type.as(IdentifierTypeSyntax.self) {
            switch id.name.text {
            case "Any", "AnyObject": return "an existential has no SQL type"
            case "Dictionary": return "a dictionary has no SQL type; wrap it in JSONValue<…>"
            case "Set": return "a set has no SQL type; use an array or JSONValue<…>"
            case "Character": return "a Character has no SQL type; use String"
            case "URL": return "a URL has no SQL type; store its absoluteString"
            case "Optional", "Array":
                return id.genericArgumentClause?.arguments.first.flatMap { arg in
                    arg.argument.as(TypeSyntax.self).flatMap { unsupportedReason($0) }
                }
            default: return nil
            }
        }
        if let array = type.as(ArrayTypeSyntax.self) { return unsupportedReason(array.element) }
        return nil
    }

    static func isOptional(_ type: TypeSyntax) -> Bool {
        if type.is(OptionalTypeSyntax.self) { return true }
        if let id = type.as(IdentifierTypeSyntax.self), id.name.text == "Optional" { return true }
        return false
    }

    /// The options of the property's `@Column(…)`, nil after reporting a non-literal name.
    static func options(of property: StoredProperty, context: some MacroExpansionContext) -> ColumnOptions? {
        var options = ColumnOptions()
        guard let attribute = property.columnAttribute else { return options }
        for argument in attribute.labeledArguments {
            let value = argument.expression
            switch argument.label?.text {
            case "name":
                guard let text = value.stringLiteralValue else {
                    context.diagnose(Diagnostic(node: value, message: TableDiagnostic.notALiteral("name")))
                    return nil
                }
                options.name = text
            case "type": options.type = value
            case "primaryKey", "autoIncrement", "unique":
                guard let flag = value.booleanLiteralValue else {
                    context.diagnose(Diagnostic(
                        node: value,
                        message: TableDiagnostic.notALiteral(argument.label!.text)
                    ))
                    return nil
                }
                switch argument.label!.text {
                case "primaryKey": options.primaryKey = flag
                case "autoIncrement": options.autoIncrement = flag
                default: options.unique = flag
                }
            case "default": options.defaultValue = value
            case "defaultSQL": options.defaultSQL = value
            case "nullable": options.nullable = value
            case "references": options.references = value
            case "onDelete": options.onDelete = value
            case "onUpdate": options.onUpdate = value
            default: break
            }
        }
        return options
    }

    /// For `var count = 0`: add the literal's type.
    static func typeFixIt(_ property: StoredProperty) -> [FixIt] {
        guard let value = property.initializer else { return [] }
        let type: String
        if value.is(IntegerLiteralExprSyntax.self) { type = "Int" }
        else if value.is(FloatLiteralExprSyntax.self) { type = "Double" }
        else if value.is(StringLiteralExprSyntax.self) { type = "String" }
        else if value.is(BooleanLiteralExprSyntax.self) { type = "Bool" }
        else { return [] }
        let pattern = property.binding.pattern
        let annotated = PatternSyntax(IdentifierPatternSyntax(identifier: .identifier(pattern.trimmedDescription)))
        let newBinding = property.binding
            .with(\.pattern, annotated)
            .with(\.typeAnnotation, TypeAnnotationSyntax(
                colon: .colonToken(trailingTrivia: .space),
                type: TypeSyntax(IdentifierTypeSyntax(name: .identifier(type)))
            ))
            .with(\.initializer, property.binding.initializer?.with(
                \.equal,
                .equalToken(leadingTrivia: .space, trailingTrivia: .space)
            ))
        return [FixIt(message: TableFixIt(message: "add ': \(type)'"),
                      changes: [.replace(oldNode: Syntax(property.binding), newNode: Syntax(newBinding))])]
    }

    /// A fix-it that deletes `attribute` from `declaration`, keeping the line's indentation.
    static func removing(
        _ attribute: AttributeSyntax,
        named name: String,
        from declaration: VariableDeclSyntax
    ) -> FixIt {
        let kept = declaration.attributes.filter { element in
            if case .attribute(let a) = element { return a.id != attribute.id }
            return true
        }
        let decl = declaration
            .with(\.attributes, kept)
            .with(\.leadingTrivia, declaration.leadingTrivia)
        return FixIt(message: TableFixIt(message: "remove '@\(name)'"),
                     changes: [.replace(oldNode: Syntax(declaration), newNode: Syntax(decl))])
    }

    /// Turns `let` into `var`.
    static func varFixIt(_ property: StoredProperty) -> [FixIt] {
        let specifier = property.declaration.bindingSpecifier
        return [FixIt(message: TableFixIt(message: "change 'let' to 'var'"), changes: [
            .replace(oldNode: Syntax(specifier),
                     newNode: Syntax(TokenSyntax.keyword(.var, leadingTrivia: specifier.leadingTrivia,
                                                         trailingTrivia: specifier.trailingTrivia))),
        ])]
    }

    /// Adds `@Transient ` before the declaration.
    static func transientFixIt(_ property: StoredProperty) -> [FixIt] {
        let trivia = property.declaration.leadingTrivia
        let attribute = AttributeSyntax(
            leadingTrivia: trivia,
            attributeName: IdentifierTypeSyntax(name: .identifier("Transient")),
            trailingTrivia: .space
        )
        let stripped = property.declaration.with(\.leadingTrivia, [])
        let attributes = AttributeListSyntax([.attribute(attribute)] + Array(stripped.attributes))
        let decl = stripped.with(\.attributes, attributes)
        return [FixIt(message: TableFixIt(message: "mark it '@Transient'"),
                      changes: [.replace(oldNode: Syntax(property.declaration), newNode: Syntax(decl))])]
    }

    /// Adds `autoIncrement: true` to the property's `@Column(…)`.
    static func autoIncrementFixIt(_ property: StoredProperty) -> [FixIt] {
        guard let attribute = property.columnAttribute, case .argumentList(var list) = attribute.arguments,
              let last = list.last else { return [] }
        list = LabeledExprListSyntax(
            list.dropLast() + [last.with(\.trailingComma, .commaToken(trailingTrivia: .space))]
        )
        list.append(LabeledExprSyntax(
            label: "autoIncrement",
            expression: BooleanLiteralExprSyntax(literal: .keyword(.true))
        ))
        let newAttribute = attribute.with(\.arguments, .argumentList(list))
        return [FixIt(message: TableFixIt(message: "add 'autoIncrement: true'"),
                      changes: [.replace(oldNode: Syntax(attribute), newNode: Syntax(newAttribute))])]
    }
}
