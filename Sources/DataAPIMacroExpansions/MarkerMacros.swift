import SwiftSyntax
import SwiftSyntaxMacros

/// `@Column(…)`: a marker read by `@Table`; it adds nothing itself.
public struct ColumnMacro: PeerMacro {
    public static func expansion(of node: AttributeSyntax, providingPeersOf declaration: some DeclSyntaxProtocol,
                                 in context: some MacroExpansionContext) throws -> [DeclSyntax] { [] }
}

/// `@Transient`: a marker read by `@Table`; it adds nothing itself.
public struct TransientMacro: PeerMacro {
    public static func expansion(of node: AttributeSyntax, providingPeersOf declaration: some DeclSyntaxProtocol,
                                 in context: some MacroExpansionContext) throws -> [DeclSyntax] { [] }
}
