#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A type hint telling the service how to read a string parameter (the model's `TypeHint`).
public enum TypeHint: String, Sendable, Hashable, Codable, CaseIterable {
    /// The string is JSON; the database receives it as a JSON value.
    case json = "JSON"
    /// The string is a UUID.
    case uuid = "UUID"
    /// The string is a `YYYY-MM-DD HH:MM:SS[.FFF]` timestamp.
    case timestamp = "TIMESTAMP"
    /// The string is a `YYYY-MM-DD` date.
    case date = "DATE"
    /// The string is a `HH:MM:SS[.FFF]` time.
    case time = "TIME"
    /// The string is a decimal number.
    case decimal = "DECIMAL"
}

/// A named parameter of a SQL statement (the model's `SqlParameter`), bound to `:name`.
public struct SqlParameter: Sendable, Hashable, Codable {
    /// The placeholder's name, without the colon.
    public var name: String?
    /// The value bound to the placeholder.
    public var value: Field?
    /// How the service should read a string value.
    public var typeHint: TypeHint?

    /// Creates a value with the given members; each defaults to unset.
    public init(name: String? = nil, value: Field? = nil, typeHint: TypeHint? = nil) {
        self.name = name
        self.value = value
        self.typeHint = typeHint
    }
}

/// How DECIMAL columns come back (the model's `DecimalReturnType`).
public enum DecimalReturnType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Decimals come back as exact strings.
    case string = "STRING"
    /// Decimals come back as doubles or longs (may round).
    case doubleOrLong = "DOUBLE_OR_LONG"
}

/// How BIGINT-class columns come back (the model's `LongReturnType`).
public enum LongReturnType: String, Sendable, Hashable, Codable, CaseIterable {
    /// BIGINT-class values come back as strings.
    case string = "STRING"
    /// BIGINT-class values come back as longs.
    case long = "LONG"
}

/// Whether `ExecuteStatement` returns records as JSON text (the model's `RecordsFormatType`).
public enum RecordsFormatType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Records come back as ``Field`` arrays (the default).
    case none = "NONE"
    /// Records come back as JSON text in `formattedRecords`.
    case json = "JSON"
}

/// Options for the result set of `ExecuteStatement` (the model's `ResultSetOptions`).
public struct ResultSetOptions: Sendable, Hashable, Codable {
    /// How DECIMAL columns come back; the service's default is `STRING`.
    public var decimalReturnType: DecimalReturnType?
    /// How BIGINT-class columns come back; the service's default is `LONG`.
    public var longReturnType: LongReturnType?

    /// Creates a value with the given members; each defaults to unset.
    public init(decimalReturnType: DecimalReturnType? = nil, longReturnType: LongReturnType? = nil) {
        self.decimalReturnType = decimalReturnType
        self.longReturnType = longReturnType
    }
}

/// JDBC-style metadata of a result column (the model's `ColumnMetadata`).
public struct ColumnMetadata: Sendable, Hashable, Codable {
    /// The column's name.
    public var name: String?
    /// A `java.sql.Types` code.
    public var type: Int32?
    /// The database's name for the column's type (`int8`, `varchar`).
    public var typeName: String?
    /// The column's label (its alias in the select list).
    public var label: String?
    /// The schema of the column's table, when known.
    public var schemaName: String?
    /// The column's table, when known.
    public var tableName: String?
    /// Whether the column is auto-increment.
    public var isAutoIncrement: Bool?
    /// Whether the column holds signed numbers.
    public var isSigned: Bool?
    /// Whether the column holds currency values.
    public var isCurrency: Bool?
    /// Whether the column's values compare case-sensitively.
    public var isCaseSensitive: Bool?
    /// 0: no nulls, 1: nullable, 2: unknown.
    public var nullable: Int32?
    /// The column's precision (digits, or length for text).
    public var precision: Int32?
    /// The column's scale (digits after the decimal point).
    public var scale: Int32?
    /// For an array column, the `java.sql.Types` code of its elements.
    public var arrayBaseColumnType: Int32?

    /// Creates a value with the given members; each defaults to unset.
    public init(
        name: String? = nil, type: Int32? = nil, typeName: String? = nil, label: String? = nil,
        schemaName: String? = nil, tableName: String? = nil, isAutoIncrement: Bool? = nil,
        isSigned: Bool? = nil, isCurrency: Bool? = nil, isCaseSensitive: Bool? = nil,
        nullable: Int32? = nil, precision: Int32? = nil, scale: Int32? = nil,
        arrayBaseColumnType: Int32? = nil
    ) {
        self.name = name
        self.type = type
        self.typeName = typeName
        self.label = label
        self.schemaName = schemaName
        self.tableName = tableName
        self.isAutoIncrement = isAutoIncrement
        self.isSigned = isSigned
        self.isCurrency = isCurrency
        self.isCaseSensitive = isCaseSensitive
        self.nullable = nullable
        self.precision = precision
        self.scale = scale
        self.arrayBaseColumnType = arrayBaseColumnType
    }
}

/// The result of one parameter set of `BatchExecuteStatement` (the model's `UpdateResult`).
public struct UpdateResult: Sendable, Hashable, Codable {
    /// Values the database generated for this parameter set (MySQL's auto-increment key).
    public var generatedFields: [Field]?
    /// Creates a value with the given members; each defaults to unset.
    public init(generatedFields: [Field]? = nil) { self.generatedFields = generatedFields }
}

/// Metadata of an `ExecuteSql` result set (the model's `ResultSetMetadata`).
public struct ResultSetMetadata: Sendable, Hashable, Codable {
    /// The number of columns.
    public var columnCount: Int64?
    /// The result columns' metadata.
    public var columnMetadata: [ColumnMetadata]?
    /// Creates a value with the given members; each defaults to unset.
    public init(columnCount: Int64? = nil, columnMetadata: [ColumnMetadata]? = nil) {
        self.columnCount = columnCount
        self.columnMetadata = columnMetadata
    }
}

/// A row of an `ExecuteSql` result (the model's `Record`).
public struct ExecuteSqlRecord: Sendable, Hashable, Codable {
    /// The row's values, one per column.
    public var values: [ExecuteSqlValue]?
    /// Creates a value with the given members; each defaults to unset.
    public init(values: [ExecuteSqlValue]? = nil) { self.values = values }
}

/// An `ExecuteSql` result set (the model's `ResultFrame`).
public struct ResultFrame: Sendable, Hashable, Codable {
    /// The result's column metadata.
    public var resultSetMetadata: ResultSetMetadata?
    /// The result rows.
    public var records: [ExecuteSqlRecord]?
    /// Creates a value with the given members; each defaults to unset.
    public init(resultSetMetadata: ResultSetMetadata? = nil, records: [ExecuteSqlRecord]? = nil) {
        self.resultSetMetadata = resultSetMetadata
        self.records = records
    }
}

/// The result of one statement of `ExecuteSql` (the model's `SqlStatementResult`).
public struct SqlStatementResult: Sendable, Hashable, Codable {
    /// The statement's result set, if it returned one.
    public var resultFrame: ResultFrame?
    /// The number of rows the statement changed.
    public var numberOfRecordsUpdated: Int64?
    /// Creates a value with the given members; each defaults to unset.
    public init(resultFrame: ResultFrame? = nil, numberOfRecordsUpdated: Int64? = nil) {
        self.resultFrame = resultFrame
        self.numberOfRecordsUpdated = numberOfRecordsUpdated
    }
}
