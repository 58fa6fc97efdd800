/// A SQL dialect, as data: quoting, placeholders, what it supports and how it spells types.
/// Renderers read these fields; nothing dialect-specific is hard-coded elsewhere.
public struct SQLDialect: Sendable {
    /// How an upsert is spelled: `ON CONFLICT`, `ON DUPLICATE KEY UPDATE`, or not at all.
    public enum UpsertStyle: Sendable, Hashable { case onConflict, onDuplicateKeyUpdate, none }
    /// How placeholders are written.
    public enum PlaceholderStyle: Sendable, Hashable {
        /// `:p1`, `:p2` — the Data API's style.
        case named(prefix: String)
        /// `&1`, `$1` — positional.
        case numbered(prefix: String)
    }
    /// How strings are concatenated: `a || b` or `CONCAT(a, b)`.
    public enum ConcatStyle: Sendable, Hashable { case pipes, function }

    /// The dialect's name, used in error messages (`PostgreSQL`).
    public var name: String
    /// The character that opens a quoted identifier.
    public var quoteOpen: String
    /// The character that closes a quoted identifier (doubled inside it).
    public var quoteClose: String
    /// How bound values appear in the SQL.
    public var placeholders: PlaceholderStyle
    /// The upsert syntax.
    public var upsert: UpsertStyle
    /// Whether INSERT … RETURNING exists.
    public var supportsReturning: Bool
    /// Whether ILIKE exists.
    public var supportsILike: Bool
    /// Whether `NULLS FIRST`/`NULLS LAST` exist (else they are emulated).
    public var supportsNullsOrdering: Bool
    /// Whether array columns and casts exist.
    public var supportsArrays: Bool
    /// Whether string literals treat backslash as an escape (MySQL's default).
    public var backslashEscapes: Bool
    /// Whether text may contain NUL characters (PostgreSQL's cannot).
    public var textAllowsNUL: Bool
    /// The concatenation syntax.
    public var concat: ConcatStyle
    /// The table-creation keyword for generated keys.
    public var autoIncrementClause: String
    /// How the upsert refers to the proposed row's column: `EXCLUDED."x"` or `VALUES(\`x\`)`.
    public var excludedPrefix: String
    /// What follows the column in an upsert's reference to the proposed row.
    public var excludedSuffix: String
    /// Whether enums are named types created beforehand (PostgreSQL) rather than inline.
    public var needsEnumTypes: Bool
    /// What `OFFSET` without `LIMIT` needs in front of it (MySQL requires a LIMIT).
    public var limitForOffsetOnly: String?
    /// MySQL refuses names that end with whitespace and strips it from the start of aliases.
    public var allowsSpaceAtIdentifierEnds = true
    /// MySQL allows only Basic Multilingual Plane characters in identifiers.
    public var identifiersBMPOnly = false
    /// Whether an INSERT can read its rows from one JSON parameter
    /// (`json_array_elements(…) WITH ORDINALITY`, PostgreSQL): see ``Insert/renderJSONRows(_:returning:)``.
    public var supportsJSONRowSource = false
    /// Whether `CREATE INDEX IF NOT EXISTS` exists (PostgreSQL, MariaDB; not MySQL 8). Where
    /// it does not, ``Table/createStatements(ifNotExists:dialect:)`` declares the indexes
    /// inside `CREATE TABLE IF NOT EXISTS` instead.
    public var supportsCreateIndexIfNotExists = false
    /// How null-safe equality is spelled: SQL's `IS NOT DISTINCT FROM` or MySQL's `<=>`.
    public var nullSafeEqual = NullSafeEqualStyle.isNotDistinctFrom
    /// The spellings of null-safe equality.
    public enum NullSafeEqualStyle: Sendable, Hashable { case isNotDistinctFrom, spaceship }
    /// How a select asks for shared row locks: `FOR SHARE`, or `LOCK IN SHARE MODE`, which
    /// MariaDB has and MySQL 8 still accepts.
    public var shareLock = "FOR SHARE"
    /// Whether `NOWAIT` and `SKIP LOCKED` may follow ``shareLock``.
    public var shareLockTakesWaitOptions = true
    /// Whether `FULL JOIN` exists (PostgreSQL; not MySQL or MariaDB).
    public var supportsFullJoin = false
    /// Whether `SELECT DISTINCT ON (…)` exists (PostgreSQL).
    public var supportsDistinctOn = false
    /// How a JSON member is read as text: `->>` or `JSON_UNQUOTE(JSON_EXTRACT(…))`.
    public var jsonText = JSONTextStyle.arrow
    /// The spellings of reading a JSON member as text.
    public enum JSONTextStyle: Sendable, Hashable { case arrow, extractFunction }
    /// Whether two JSON documents (a member read as JSON, a bound JSON value) are compared for
    /// equality as the bytes of their normalized text, `CAST(x AS BINARY)`: MariaDB's own JSON comparison
    /// unquotes a string scalar on one side only (MySQL dialect).
    public var jsonEqualityAsText = false
    /// The type a value is cast to so that a comparison with it is case-sensitive, where the
    /// default collation ignores case (MySQL: `BINARY`); nil where comparisons already are.
    public var caseSensitiveCast: String?
    /// How a date is moved by an amount of a unit: `x + n * INTERVAL '1 DAY'` or `DATE_ADD(x, INTERVAL n DAY)`.
    public var dateArithmetic = DateArithmeticStyle.intervalLiteral
    /// The spellings of date arithmetic.
    public enum DateArithmeticStyle: Sendable, Hashable { case intervalLiteral, dateAddFunction }
    /// The literals a boolean default is written with in DDL.
    public var booleanLiterals = (true: "TRUE", false: "FALSE")
    /// How an INSERT of rows whose every column takes its default is spelled.
    public var allDefaultsInsert = AllDefaultsInsertStyle.defaultValues
    /// The spellings of an INSERT whose rows give no column.
    public enum AllDefaultsInsertStyle: Sendable, Hashable {
        /// `INSERT INTO t DEFAULT VALUES` for one row; several rows name the first column
        /// `DEFAULT`: `INSERT INTO t ("id") VALUES (DEFAULT), (DEFAULT)` (PostgreSQL).
        case defaultValues
        /// `INSERT INTO t () VALUES (), ()` (MySQL).
        case emptyValueLists
    }
    /// Whether indexes may be partial (`CREATE INDEX … WHERE …`, PostgreSQL).
    public var supportsPartialIndexes = false
    /// An alias for the proposed row of an `ON DUPLICATE KEY UPDATE` upsert, which then reads
    /// it as `new.qty` instead of `VALUES(qty)`:
    ///
    /// ```sql
    /// INSERT … VALUES (…) AS `new` ON DUPLICATE KEY UPDATE `qty` = `new`.`qty`
    /// ```
    ///
    /// MySQL accepts the alias form from 8.0.19 and deprecates `VALUES()` there from 8.0.20;
    /// MariaDB (10.11, behind `data-api-local`, and every release so far) accepts only
    /// `VALUES()`. Nil (the default, ``mySQL``) writes `VALUES()`; ``mySQL8`` sets `new`.
    public var upsertRowAlias: String?
    /// The type names for DDL and casts.
    public var typeName: @Sendable (SQLColumnType, SQLDialect) throws -> String

    /// A dialect from its parts; the built-in ones are ``postgreSQL`` and ``mySQL``.
    public init(
        name: String, quoteOpen: String, quoteClose: String, placeholders: PlaceholderStyle, upsert: UpsertStyle,
        supportsReturning: Bool, supportsILike: Bool, supportsNullsOrdering: Bool, supportsArrays: Bool,
        backslashEscapes: Bool, textAllowsNUL: Bool, concat: ConcatStyle, autoIncrementClause: String,
        excludedPrefix: String, excludedSuffix: String, needsEnumTypes: Bool, limitForOffsetOnly: String?,
        typeName: @escaping @Sendable (SQLColumnType, SQLDialect) throws -> String
    ) {
        self.name = name
        self.quoteOpen = quoteOpen
        self.quoteClose = quoteClose
        self.placeholders = placeholders
        self.upsert = upsert
        self.supportsReturning = supportsReturning
        self.supportsILike = supportsILike
        self.supportsNullsOrdering = supportsNullsOrdering
        self.supportsArrays = supportsArrays
        self.backslashEscapes = backslashEscapes
        self.textAllowsNUL = textAllowsNUL
        self.concat = concat
        self.autoIncrementClause = autoIncrementClause
        self.excludedPrefix = excludedPrefix
        self.excludedSuffix = excludedSuffix
        self.needsEnumTypes = needsEnumTypes
        self.limitForOffsetOnly = limitForOffsetOnly
        self.typeName = typeName
    }

    /// `"x"` with the closing quote doubled inside.
    public func quote(_ identifier: String) -> String {
        var out = ""
        appendQuoted(identifier, to: &out)
        return out
    }

    /// Appends `identifier` quoted, without Foundation: most identifiers hold no quote
    /// character and are copied whole.
    func appendQuoted(_ identifier: String, to out: inout String) {
        out += quoteOpen
        let close = quoteClose.utf8
        if let first = close.first, identifier.utf8.contains(first) {
            out += identifier.replacing(quoteClose, with: quoteClose + quoteClose)
        } else {
            out += identifier
        }
        out += quoteClose
    }

    /// A string literal for DDL (enum cases, defaults): quotes doubled, backslashes too where they escape.
    public func stringLiteral(_ s: String) -> String {
        var t = s.replacing("'", with: "''")
        if backslashEscapes { t = t.replacing("\\", with: "\\\\") }
        return "'" + t + "'"
    }

    /// The longest identifier, in UTF-8 bytes (PostgreSQL: 63) or characters (MySQL: 64).
    public var maxIdentifierLength: (count: Int, bytes: Bool)?

    /// Why `name` cannot be an identifier here, or nil.
    public func identifierProblem(_ name: String) -> String? {
        // Printable ASCII, the common case: every rule is a byte check.
        var ascii = true
        for b in name.utf8 where b < 0x20 || b > 0x7E {
            ascii = false
            break
        }
        if ascii {
            let bytes = name.utf8
            if bytes.isEmpty { return "an empty identifier" }
            if let max = maxIdentifierLength, bytes.count > max.count { return tooLong(name, max) }
            if !allowsSpaceAtIdentifierEnds, bytes.first == 0x20 || bytes.last == 0x20 {
                return "\(self.name) identifiers cannot start or end with whitespace"
            }
            return nil
        }
        if name.isEmpty { return "an empty identifier" }
        if name.utf8.contains(0) { return "an identifier cannot contain a NUL character" }
        if let max = maxIdentifierLength, (max.bytes ? name.utf8.count : name.count) > max.count {
            return tooLong(name, max)
        }
        if !allowsSpaceAtIdentifierEnds, let f = name.unicodeScalars.first, let l = name.unicodeScalars.last,
           [f, l].contains(where: { " \t\n\r\u{0B}\u{0C}".unicodeScalars.contains($0) }) {
            return "\(self.name) identifiers cannot start or end with whitespace"
        }
        if identifiersBMPOnly, name.unicodeScalars.contains(where: { $0.value > 0xFFFF }) {
            return "\(self.name) identifiers cannot contain characters outside the Basic Multilingual Plane (emoji)"
        }
        return nil
    }

    private func tooLong(_ name: String, _ max: (count: Int, bytes: Bool)) -> String {
        "\(name.prefix(20))… is longer than \(self.name) allows (\(max.count) \(max.bytes ? "bytes" : "characters"))"
    }

    /// The dialect's name for `type`, or `unsupported`.
    public func columnTypeName(_ type: SQLColumnType) throws -> String { try typeName(type, self) }
}
