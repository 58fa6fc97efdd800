import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@Table` / `@Table("name")`: the table name, the coding keys (unless written), one typed
/// `Column` descriptor per stored property and the ordered `columns` list, plus the
/// conformance to `Table` through an extension.
public struct TableMacro: MemberMacro, ExtensionMacro {
    public static func expansion(
        of node: AttributeSyntax,
        providingMembersOf declaration: some DeclGroupSyntax,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard let structDecl = declaration.as(StructDeclSyntax.self) else {
            diagnoseNotAStruct(node, declaration, context)
            return []
        }
        guard let model = TableModel(node: node, declaration: structDecl, context: context) else { return [] }
        return model.members()
    }

    public static func expansion(
        of node: AttributeSyntax,
        attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        guard declaration.is(StructDeclSyntax.self), !protocols.isEmpty else { return [] }
        let list = protocols.map(\.trimmedDescription).joined(separator: ", ")
        let decl: DeclSyntax = "extension \(type.trimmed): \(raw: list) {}"
        return decl.as(ExtensionDeclSyntax.self).map { [$0] } ?? []
    }

    private static func diagnoseNotAStruct(
        _ node: AttributeSyntax,
        _ declaration: some DeclGroupSyntax,
        _ context: some MacroExpansionContext
    ) {
        var fixIts: [FixIt] = []
        if let classDecl = declaration.as(ClassDeclSyntax.self) {
            fixIts.append(FixIt(message: TableFixIt(message: "change 'class' to 'struct'"), changes: [
                .replace(
                    oldNode: Syntax(classDecl.classKeyword),
                    newNode: Syntax(TokenSyntax.keyword(
                        .struct,
                        leadingTrivia: classDecl.classKeyword.leadingTrivia,
                        trailingTrivia: classDecl.classKeyword.trailingTrivia
                    ))
                ),
            ]))
        }
        context.diagnose(Diagnostic(node: node, message: TableDiagnostic.notAStruct, fixIts: fixIts))
    }
}
