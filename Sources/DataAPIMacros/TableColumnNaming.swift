/// How `@Table` names the database columns of properties without `@Column(name:)`.
public enum TableColumnNaming: Sendable {
    /// `createdAt` → `created_at` (the default).
    case snakeCase
    /// The property's name as written: `createdAt` → `createdAt`.
    case verbatim
}
