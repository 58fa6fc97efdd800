import Foundation

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
    public var name: String?
    public var value: Field?
    public var typeHint: TypeHint?

    public init(name: String? = nil, value: Field? = nil, typeHint: TypeHint? = nil) {
        self.name = name
        self.value = value
        self.typeHint = typeHint
    }
}

/// How DECIMAL columns come back (the model's `DecimalReturnType`).
public enum DecimalReturnType: String, Sendable, Hashable, Codable, CaseIterable {
    case string = "STRING"
    case doubleOrLong = "DOUBLE_OR_LONG"
}

/// How BIGINT-class columns come back (the model's `LongReturnType`).
public enum LongReturnType: String, Sendable, Hashable, Codable, CaseIterable {
    case string = "STRING"
    case long = "LONG"
}

/// Whether `ExecuteStatement` returns records as JSON text (the model's `RecordsFormatType`).
public enum RecordsFormatType: String, Sendable, Hashable, Codable, CaseIterable {
    case none = "NONE"
    case json = "JSON"
}

/// Options for the result set of `ExecuteStatement` (the model's `ResultSetOptions`).
public struct ResultSetOptions: Sendable, Hashable, Codable {
    public var decimalReturnType: DecimalReturnType?
    public var longReturnType: LongReturnType?

    public init(decimalReturnType: DecimalReturnType? = nil, longReturnType: LongReturnType? = nil) {
        self.decimalReturnType = decimalReturnType
        self.longReturnType = longReturnType
    }
}

/// JDBC-style metadata of a result column (the model's `ColumnMetadata`).
public struct ColumnMetadata: Sendable, Hashable, Codable {
    public var name: String?
    /// A `java.sql.Types` code.
    public var type: Int32?
    public var typeName: String?
    public var label: String?
    public var schemaName: String?
    public var tableName: String?
    public var isAutoIncrement: Bool?
    public var isSigned: Bool?
    public var isCurrency: Bool?
    public var isCaseSensitive: Bool?
    /// 0: no nulls, 1: nullable, 2: unknown.
    public var nullable: Int32?
    public var precision: Int32?
    public var scale: Int32?
    public var arrayBaseColumnType: Int32?

    public init(
        name: String? = nil, type: Int32? = nil, typeName: String? = nil, label: String? = nil,
        schemaName: String? = nil, tableName: String? = nil, isAutoIncrement: Bool? = nil,
        isSigned: Bool? = nil, isCurrency: Bool? = nil, isCaseSensitive: Bool? = nil,
        nullable: Int32? = nil, precision: Int32? = nil, scale: Int32? = nil,
        arrayBaseColumnType: Int32? = nil
    ) {
        self.name = name; self.type = type; self.typeName = typeName; self.label = label
        self.schemaName = schemaName; self.tableName = tableName
        self.isAutoIncrement = isAutoIncrement; self.isSigned = isSigned
        self.isCurrency = isCurrency; self.isCaseSensitive = isCaseSensitive
        self.nullable = nullable; self.precision = precision; self.scale = scale
        self.arrayBaseColumnType = arrayBaseColumnType
    }
}

/// The result of one parameter set of `BatchExecuteStatement` (the model's `UpdateResult`).
public struct UpdateResult: Sendable, Hashable, Codable {
    public var generatedFields: [Field]?
    public init(generatedFields: [Field]? = nil) { self.generatedFields = generatedFields }
}

/// Metadata of an `ExecuteSql` result set (the model's `ResultSetMetadata`).
public struct ResultSetMetadata: Sendable, Hashable, Codable {
    public var columnCount: Int64?
    public var columnMetadata: [ColumnMetadata]?
    public init(columnCount: Int64? = nil, columnMetadata: [ColumnMetadata]? = nil) {
        self.columnCount = columnCount
        self.columnMetadata = columnMetadata
    }
}

/// A row of an `ExecuteSql` result (the model's `Record`).
public struct ExecuteSqlRecord: Sendable, Hashable, Codable {
    public var values: [ExecuteSqlValue]?
    public init(values: [ExecuteSqlValue]? = nil) { self.values = values }
}

/// An `ExecuteSql` result set (the model's `ResultFrame`).
public struct ResultFrame: Sendable, Hashable, Codable {
    public var resultSetMetadata: ResultSetMetadata?
    public var records: [ExecuteSqlRecord]?
    public init(resultSetMetadata: ResultSetMetadata? = nil, records: [ExecuteSqlRecord]? = nil) {
        self.resultSetMetadata = resultSetMetadata
        self.records = records
    }
}

/// The result of one statement of `ExecuteSql` (the model's `SqlStatementResult`).
public struct SqlStatementResult: Sendable, Hashable, Codable {
    public var resultFrame: ResultFrame?
    public var numberOfRecordsUpdated: Int64?
    public init(resultFrame: ResultFrame? = nil, numberOfRecordsUpdated: Int64? = nil) {
        self.resultFrame = resultFrame
        self.numberOfRecordsUpdated = numberOfRecordsUpdated
    }
}
