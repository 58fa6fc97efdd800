/// Makes a plain struct a ``Table`` model from its stored properties.
///
/// ```swift
/// @Table("users")
/// struct User {
///     @Column(primaryKey: true, autoIncrement: true) var id: Int64?
///     @Column(type: .varchar(255)) var name: String
///     var createdAt: Date
/// }
///
/// try User.select().where(User.name.eq("ken")).render(.postgreSQL).sql
/// // SELECT "id", "name", "created_at" FROM "users" WHERE ("name" = :1)
/// ```
///
/// It adds, as a hand-written model spells them:
/// - `static let tableName`: `name` if given, else the type's name in snake_case
///   (`BlogPost` → `"blog_post"`; no plural is guessed);
/// - `enum CodingKeys: String, CodingKey` with one case per column, named like the property
///   and valued as the column name (`case createdAt = "created_at"`), so a raw SQL row
///   decodes into the model by column label. If the struct declares its own `CodingKeys`
///   the macro uses those cases (a property without one is an error) and passes `name:`
///   to descriptors whose column differs from the key;
/// - one `static let` typed ``Column`` descriptor per stored property, named like it
///   (`User.name`), for the column `@Column(name:)` gives, else the property's name in
///   snake_case (`createdAt` → `created_at`; `columnNames: .verbatim` keeps it as written);
/// - `static let columns`, every descriptor's schema in declaration order;
/// - the conformance to `Table` (so also `Codable` and `Sendable`, which Swift synthesizes).
///
/// Computed and `static` properties are not columns; a stored property marked
/// `@Transient` is left out of the table and of `CodingKeys` (it needs an initial value).
/// `@Column(references: \Author.id, onDelete: .cascade)` adds a `FOREIGN KEY` to a generated
/// `foreignKeys` list; `uniqueConstraints`, `indexes` and `checks` (and `foreignKeys`, when
/// no property uses `references:`) are written in the struct as for a hand-written model.
///
/// Reported at compile time, at the property: a type that cannot be a column (tuple,
/// function, dictionary, `Any`…), a property without a written type, `@Column` on a
/// computed property, two properties mapping to one column name, an Optional primary key
/// that is not auto-increment, a property missing from a hand-written `CodingKeys`, a `let`
/// with an initial value (never decoded), and `@Table` on anything but a struct.
@attached(member, names: named(tableName), named(CodingKeys), named(columns), arbitrary)
@attached(extension, conformances: Table)
public macro Table(_ name: String? = nil, columnNames: TableColumnNaming = .snakeCase) =
    #externalMacro(module: "DataAPIMacrosPlugin", type: "TableMacro")

/// The column options of a stored property of a `@Table` struct, the same as the
/// hand-written ``Column`` initializer and modifiers take.
///
/// ```swift
/// @Column(primaryKey: true, autoIncrement: true) var id: Int64?   // Column(…).primaryKey().autoIncrement()
/// @Column(name: "mail", type: .varchar(255), unique: true) var email: String
/// @Column(type: .decimal(precision: 12, scale: 2)) var balance: Decimal
/// @Column(defaultSQL: "CURRENT_TIMESTAMP") var createdAt: Date
/// ```
///
/// - Parameters:
///   - name: the database name (default: the property's name in snake_case).
///   - type: the SQL type (default: the Swift type's, `Value.defaultSQLType`).
///   - primaryKey: part of the primary key; several properties make a composite key.
///   - autoIncrement: filled in by the database; a nil value is left out of inserts.
///   - unique: a single-column unique constraint.
///   - defaultSQL: a default given as SQL (`"CURRENT_TIMESTAMP"`).
///   - nullable: overrides the nullability the Swift type implies.
///   - references: a FOREIGN KEY to another model's column of the same Swift type
///     (`references: \Author.id`, a key path to its property); `@Table` collects them into `foreignKeys`.
///   - onDelete: the foreign key's `ON DELETE` action.
///   - onUpdate: the foreign key's `ON UPDATE` action.
@attached(peer)
public macro Column(
    name: String? = nil,
    type: SQLColumnType? = nil,
    primaryKey: Bool = false,
    autoIncrement: Bool = false,
    unique: Bool = false,
    defaultSQL: SQLFragment? = nil,
    nullable: Bool? = nil,
    references: AnyKeyPath? = nil,
    onDelete: SQLForeignKey.Action? = nil,
    onUpdate: SQLForeignKey.Action? = nil
) =
    #externalMacro(module: "DataAPIMacrosPlugin", type: "ColumnMacro")

/// ``Column(name:type:primaryKey:autoIncrement:unique:defaultSQL:nullable:references:onDelete:onUpdate:)``
/// with a literal default written into the DDL (`.defaultValue(_:)` of a hand-written descriptor):
/// `@Column(default: 18) var age: Int32` → `DEFAULT 18`. The value is checked against the
/// property's type; write an enum case with its type (`default: Role.member`).
@attached(peer)
public macro Column<Value: SQLBindable>(
    name: String? = nil,
    type: SQLColumnType? = nil,
    primaryKey: Bool = false,
    autoIncrement: Bool = false,
    unique: Bool = false,
    default: Value,
    nullable: Bool? = nil,
    references: AnyKeyPath? = nil,
    onDelete: SQLForeignKey.Action? = nil,
    onUpdate: SQLForeignKey.Action? = nil
) =
    #externalMacro(module: "DataAPIMacrosPlugin", type: "ColumnMacro")

/// Leaves a stored property of a `@Table` struct out of the table and out of the generated
/// `CodingKeys`: it is neither inserted, selected nor decoded, so it needs an initial value.
///
/// ```swift
/// @Transient var isExpanded = false
/// ```
@attached(peer)
public macro Transient() = #externalMacro(module: "DataAPIMacrosPlugin", type: "TransientMacro")
