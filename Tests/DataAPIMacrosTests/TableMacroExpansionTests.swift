import DataAPIMacroExpansions
import MacroTesting
import Testing

/// What `@Table` writes, shown as the expanded source.
@Suite(
    .macros(["Table": TableMacro.self, "Column": ColumnMacro.self, "Transient": TransientMacro.self], record: .missing))
struct TableMacroExpansionTests {
    @Test func expandsAPlainStruct() {
        assertMacro {
            """
            @Table
            struct BlogPost {
                var id: Int64
                var title: String
                var createdAt: Date
            }
            """
        } expansion: {
            """
            struct BlogPost {
                var id: Int64
                var title: String
                var createdAt: Date

                static let tableName = "blog_post"

                enum CodingKeys: String, CodingKey {
                    case id
                    case title
                    case createdAt = "created_at"
                }

                static let id = Column<BlogPost, Int64>(CodingKeys.id)

                static let title = Column<BlogPost, String>(CodingKeys.title)

                static let createdAt = Column<BlogPost, Date>(CodingKeys.createdAt)

                static let columns: [SQLColumnSchema] = [id.schema, title.schema, createdAt.schema]
            }
            """
        }
    }

    @Test func expandsColumnOptionsTransientAndAGivenName() {
        assertMacro {
            """
            @Table("people")
            public struct Person {
                @Column(primaryKey: true, autoIncrement: true) public var id: Int64?
                @Column(name: "mail", type: .varchar(255), unique: true) public var email: String?
                @Column(default: 18) public var age: Int32
                @Column(type: .decimal(precision: 12, scale: 2)) public var balance: Decimal
                @Column(type: .timestamp, defaultSQL: "CURRENT_TIMESTAMP") public var createdAt: Date
                @Column(nullable: true) public var note: String
                @Transient public var isExpanded = false
                public var upper: String { email?.uppercased() ?? "" }
                public static let shared = 1
            }
            """
        } expansion: {
            """
            public struct Person {
                public var id: Int64?
                public var email: String?
                public var age: Int32
                public var balance: Decimal
                public var createdAt: Date
                public var note: String
                public var isExpanded = false
                public var upper: String { email?.uppercased() ?? "" }
                public static let shared = 1

                public static let tableName = "people"

                public enum CodingKeys: String, CodingKey {
                    case id
                    case email = "mail"
                    case age
                    case balance
                    case createdAt = "created_at"
                    case note
                }

                public static let id = Column<Person, Int64?>(CodingKeys.id).primaryKey().autoIncrement()

                public static let email = Column<Person, String?>(CodingKeys.email, type: .varchar(255)).unique()

                public static let age = Column<Person, Int32>(CodingKeys.age).defaultValue(18)

                public static let balance = Column<Person, Decimal>(CodingKeys.balance, type: .decimal(precision: 12, scale: 2))

                public static let createdAt = Column<Person, Date>(CodingKeys.createdAt, type: .timestamp).defaultSQL("CURRENT_TIMESTAMP")

                public static let note = Column<Person, String>(CodingKeys.note).nullable(true)

                public static let columns: [SQLColumnSchema] = [id.schema, email.schema, age.schema, balance.schema, createdAt.schema, note.schema]
            }
            """
        }
    }

    @Test func usesAHandWrittenCodingKeys() {
        assertMacro {
            """
            @Table
            struct Tag {
                var tagID: Int64
                var label: String
                enum CodingKeys: String, CodingKey {
                    case tagID = "tag_id"
                    case label
                }
            }
            """
        } expansion: {
            """
            struct Tag {
                var tagID: Int64
                var label: String
                enum CodingKeys: String, CodingKey {
                    case tagID = "tag_id"
                    case label
                }

                static let tableName = "tag"

                static let tagID = Column<Tag, Int64>(CodingKeys.tagID)

                static let label = Column<Tag, String>(CodingKeys.label)

                static let columns: [SQLColumnSchema] = [tagID.schema, label.schema]
            }
            """
        }
    }

    @Test func collectsForeignKeys() {
        assertMacro {
            """
            @Table("books")
            struct Book {
                @Column(primaryKey: true, autoIncrement: true) var id: Int64?
                @Column(references: \\Author.id, onDelete: .cascade) var authorId: Int64
                @Column(references: \\Shelf.code) var shelf: String?
            }
            """
        } expansion: {
            """
            struct Book {
                var id: Int64?
                var authorId: Int64
                var shelf: String?

                static let tableName = "books"

                enum CodingKeys: String, CodingKey {
                    case id
                    case authorId = "author_id"
                    case shelf
                }

                static let id = Column<Book, Int64?>(CodingKeys.id).primaryKey().autoIncrement()

                static let authorId = Column<Book, Int64>(CodingKeys.authorId)

                static let shelf = Column<Book, String?>(CodingKeys.shelf)

                static let columns: [SQLColumnSchema] = [id.schema, authorId.schema, shelf.schema]

                static let foreignKeys: [SQLForeignKey] = [SQLForeignKey(Book.authorId, references: Author.id, onDelete: .cascade), SQLForeignKey(Book.shelf, references: Shelf.code)]
            }
            """
        }
    }

    @Test func verbatimColumnNames() {
        assertMacro {
            """
            @Table("events", columnNames: .verbatim)
            struct Event {
                var eventID: Int64
                var startsAt: Date
            }
            """
        } expansion: {
            """
            struct Event {
                var eventID: Int64
                var startsAt: Date

                static let tableName = "events"

                enum CodingKeys: String, CodingKey {
                    case eventID
                    case startsAt
                }

                static let eventID = Column<Event, Int64>(CodingKeys.eventID)

                static let startsAt = Column<Event, Date>(CodingKeys.startsAt)

                static let columns: [SQLColumnSchema] = [eventID.schema, startsAt.schema]
            }
            """
        }
    }

    @Test func addsNoConformanceAlreadyDeclared() {
        assertMacro {
            """
            @Table
            struct Note: Table {
                var id: Int64
            }
            """
        } expansion: {
            """
            struct Note: Table {
                var id: Int64

                static let tableName = "note"

                enum CodingKeys: String, CodingKey {
                    case id
                }

                static let id = Column<Note, Int64>(CodingKeys.id)

                static let columns: [SQLColumnSchema] = [id.schema]
            }
            """
        }
    }
}

/// What `@Table` reports, at the property, with its fix-its.
@Suite(
    .macros(["Table": TableMacro.self, "Column": ColumnMacro.self, "Transient": TransientMacro.self], record: .missing))
struct TableMacroDiagnosticTests {
    @Test func rejectsAClass() {
        assertMacro {
            """
            @Table
            class User {
                var id: Int64
            }
            """
        } diagnostics: {
            """
            @Table
            ┬─────
            ╰─ 🛑 @Table applies to a struct: a table model is a plain Codable value type
               ✏️ change 'class' to 'struct'
            class User {
                var id: Int64
            }
            """
        } fixes: {
            """
            @Table
            struct User {
                var id: Int64
            }
            """
        } expansion: {
            """
            struct User {
                var id: Int64

                static let tableName = "user"

                enum CodingKeys: String, CodingKey {
                    case id
                }

                static let id = Column<User, Int64>(CodingKeys.id)

                static let columns: [SQLColumnSchema] = [id.schema]
            }
            """
        }
    }

    @Test func rejectsAnEnum() {
        assertMacro {
            """
            @Table
            enum Mood {
                case happy
            }
            """
        } diagnostics: {
            """
            @Table
            ┬─────
            ╰─ 🛑 @Table applies to a struct: a table model is a plain Codable value type
            enum Mood {
                case happy
            }
            """
        }
    }

    @Test func rejectsUnsupportedTypes() {
        assertMacro {
            """
            @Table
            struct Bad {
                var pair: (Int, Int)
                var callback: () -> Void
                var attributes: [String: String]
                var anything: Any
                var nested: Int??
            }
            """
        } diagnostics: {
            """
            @Table
            struct Bad {
                var pair: (Int, Int)
                          ┬─────────
                          ╰─ 🛑 'pair' has type '(Int, Int)', which cannot be a column: a tuple is not Codable; mark it @Transient to leave it out of the table
                             ✏️ mark it '@Transient'
                var callback: () -> Void
                              ┬─────────
                              ╰─ 🛑 'callback' has type '() -> Void', which cannot be a column: a function is not Codable; mark it @Transient to leave it out of the table
                                 ✏️ mark it '@Transient'
                var attributes: [String: String]
                                ┬───────────────
                                ╰─ 🛑 'attributes' has type '[String: String]', which cannot be a column: a dictionary has no SQL type; wrap it in JSONValue<…>; mark it @Transient to leave it out of the table
                                   ✏️ mark it '@Transient'
                var anything: Any
                              ┬──
                              ╰─ 🛑 'anything' has type 'Any', which cannot be a column: an existential has no SQL type; mark it @Transient to leave it out of the table
                                 ✏️ mark it '@Transient'
                var nested: Int??
                            ┬────
                            ╰─ 🛑 'nested' has type 'Int??', which cannot be a column: a column holds one level of NULL; mark it @Transient to leave it out of the table
                               ✏️ mark it '@Transient'
            }
            """
        } fixes: {
            """
            @Table
            struct Bad {
                @Transient var pair: (Int, Int)
                @Transient var callback: () -> Void
                @Transient var attributes: [String: String]
                @Transient var anything: Any
                @Transient var nested: Int??
            }
            """
        }
    }

    @Test func rejectsAPropertyWithoutAType() {
        assertMacro {
            """
            @Table
            struct Counter {
                var count = 0
                var label = makeLabel()
            }
            """
        } diagnostics: {
            """
            @Table
            struct Counter {
                var count = 0
                    ┬────
                    ╰─ 🛑 @Table needs the type of 'count' written out: the column descriptor is typed by it
                       ✏️ add ': Int'
                var label = makeLabel()
                    ┬────
                    ╰─ 🛑 @Table needs the type of 'label' written out: the column descriptor is typed by it
            }
            """
        }
    }

    @Test func rejectsAComputedColumn() {
        assertMacro {
            """
            @Table
            struct User {
                var first: String
                @Column(name: "full") var full: String { first }
            }
            """
        } diagnostics: {
            """
            @Table
            struct User {
                var first: String
                @Column(name: "full") var full: String { first }
                ┬────────────────────
                ╰─ 🛑 'full' is a computed property and cannot be a column; only stored properties are
                   ✏️ remove '@Column'
            }
            """
        } fixes: {
            """
            @Table
            struct User {
                var first: String
                var full: String { first }
            }
            """
        } expansion: {
            """
            struct User {
                var first: String
                var full: String { first }

                static let tableName = "user"

                enum CodingKeys: String, CodingKey {
                    case first
                }

                static let first = Column<User, String>(CodingKeys.first)

                static let columns: [SQLColumnSchema] = [first.schema]
            }
            """
        }
    }

    @Test func rejectsTwoPropertiesForOneColumn() {
        assertMacro {
            """
            @Table
            struct User {
                var createdAt: Date
                var created_at: Date
                @Column(name: "created_at") var made: Date
            }
            """
        } diagnostics: {
            """
            @Table
            struct User {
                var createdAt: Date
                var created_at: Date
                    ┬─────────
                    ╰─ 🛑 'created_at' maps to column "created_at", as 'createdAt' does; give one of them another name with @Column(name:)
                @Column(name: "created_at") var made: Date
                                                ┬───
                                                ╰─ 🛑 'made' maps to column "created_at", as 'createdAt' does; give one of them another name with @Column(name:)
            }
            """
        }
    }

    @Test func rejectsAnOptionalKeyThatIsNotAutoIncrement() {
        assertMacro {
            """
            @Table
            struct User {
                @Column(primaryKey: true) var id: Int64?
            }
            """
        } diagnostics: {
            """
            @Table
            struct User {
                @Column(primaryKey: true) var id: Int64?
                                                  ┬─────
                                                  ╰─ 🛑 primary key 'id' is Optional but not auto-increment: a nil key would be inserted as NULL
                                                     ✏️ add 'autoIncrement: true'
            }
            """
        } fixes: {
            """
            @Table
            struct User {
                @Column(primaryKey: true, autoIncrement: true) var id: Int64?
            }
            """
        } expansion: {
            """
            struct User {
                var id: Int64?

                static let tableName = "user"

                enum CodingKeys: String, CodingKey {
                    case id
                }

                static let id = Column<User, Int64?>(CodingKeys.id).primaryKey().autoIncrement()

                static let columns: [SQLColumnSchema] = [id.schema]
            }
            """
        }
    }

    @Test func rejectsAPropertyMissingFromHandWrittenCodingKeys() {
        assertMacro {
            """
            @Table
            struct User {
                var id: Int64
                var name: String
                enum CodingKeys: String, CodingKey {
                    case id
                }
            }
            """
        } diagnostics: {
            """
            @Table
            struct User {
                var id: Int64
                var name: String
                    ┬───
                    ╰─ 🛑 'name' has no case in the hand-written CodingKeys; add one, or mark it @Transient
                       ✏️ mark it '@Transient'
                enum CodingKeys: String, CodingKey {
                    case id
                }
            }
            """
        } fixes: {
            """
            @Table
            struct User {
                var id: Int64
                @Transient var name: String
                enum CodingKeys: String, CodingKey {
                    case id
                }
            }
            """
        } expansion: {
            """
            struct User {
                var id: Int64
                var name: String
                enum CodingKeys: String, CodingKey {
                    case id
                }

                static let tableName = "user"

                static let id = Column<User, Int64>(CodingKeys.id)

                static let columns: [SQLColumnSchema] = [id.schema]
            }
            """
        }
    }

    @Test func rejectsAColumnMarkedTransient() {
        assertMacro {
            """
            @Table
            struct User {
                var id: Int64
                @Column(type: .text) @Transient var cache: String = ""
            }
            """
        } diagnostics: {
            """
            @Table
            struct User {
                var id: Int64
                @Column(type: .text) @Transient var cache: String = ""
                                     ┬─────────
                                     ╰─ 🛑 'cache' is marked both @Column and @Transient
                                        ✏️ remove '@Transient'
            }
            """
        } fixes: {
            """
            @Table
            struct User {
                var id: Int64
                @Column(type: .text) var cache: String = ""
            }
            """
        } expansion: {
            """
            struct User {
                var id: Int64
                var cache: String = ""

                static let tableName = "user"

                enum CodingKeys: String, CodingKey {
                    case id
                    case cache
                }

                static let id = Column<User, Int64>(CodingKeys.id)

                static let cache = Column<User, String>(CodingKeys.cache, type: .text)

                static let columns: [SQLColumnSchema] = [id.schema, cache.schema]
            }
            """
        }
    }

    @Test func rejectsALetWithAValue() {
        assertMacro {
            """
            @Table
            struct User {
                var id: Int64
                let kind: String = "user"
            }
            """
        } diagnostics: {
            """
            @Table
            struct User {
                var id: Int64
                let kind: String = "user"
                    ┬────────────────────
                    ╰─ 🛑 'kind' is a 'let' with an initial value, which decoding never sets; make it 'var', or mark it @Transient
                       ✏️ change 'let' to 'var'
                       ✏️ mark it '@Transient'
            }
            """
        } fixes: {
            """
            @Table
            struct User {
                var id: Int64
                var kind: String = "user"
            }
            """
        } expansion: {
            """
            struct User {
                var id: Int64
                var kind: String = "user"

                static let tableName = "user"

                enum CodingKeys: String, CodingKey {
                    case id
                    case kind
                }

                static let id = Column<User, Int64>(CodingKeys.id)

                static let kind = Column<User, String>(CodingKeys.kind)

                static let columns: [SQLColumnSchema] = [id.schema, kind.schema]
            }
            """
        }
    }

    @Test func rejectsReferencesBesideAHandWrittenForeignKeysList() {
        assertMacro {
            """
            @Table
            struct Book {
                var id: Int64
                @Column(references: \\Author.id) var authorId: Int64
                static let foreignKeys = [SQLForeignKey(columns: ["x"], references: "t", columns: ["y"])]
            }
            """
        } diagnostics: {
            #"""
            @Table
            struct Book {
                var id: Int64
                @Column(references: \Author.id) var authorId: Int64
                                    ┬─────────
                                    ╰─ 🛑 the struct declares 'foreignKeys' itself; add this reference there instead of in @Column
                static let foreignKeys = [SQLForeignKey(columns: ["x"], references: "t", columns: ["y"])]
            }
            """#
        }
    }

    @Test func rejectsAReferenceThatIsNotAKeyPath() {
        assertMacro {
            """
            @Table
            struct Book {
                var id: Int64
                @Column(references: Author.id) var authorId: Int64
            }
            """
        } diagnostics: {
            #"""
            @Table
            struct Book {
                var id: Int64
                @Column(references: Author.id) var authorId: Int64
                                    ┬────────
                                    ╰─ 🛑 write the referenced column as a key path to its property: references: \Author.id
            }
            """#
        }
    }

    @Test func rejectsATransientWithoutValueAndReservedNames() {
        assertMacro {
            """
            @Table
            struct User {
                var id: Int64
                @Transient var cache: String
                var columns: Int
            }
            """
        } diagnostics: {
            """
            @Table
            struct User {
                var id: Int64
                @Transient var cache: String
                               ┬────────────
                               ╰─ 🛑 @Transient property 'cache' needs an initial value: decoding leaves it out
                var columns: Int
                    ┬──────
                    ╰─ 🛑 'columns' is a name the Table protocol uses; rename the property (and keep the column name with @Column(name:))
            }
            """
        }
    }
}
