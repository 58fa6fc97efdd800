import DataAPIClient
import NIOCore
import PostgresNIO

/// The parts of a RowDescription column the server uses.
struct PostgresColumnInfo: Sendable {
    var name: String
    var tableOID: UInt32
    var attribute: Int16
    var typeOID: UInt32
    var typmod: Int32

    init(_ c: PostgresColumn) {
        name = c.name
        tableOID = UInt32(bitPattern: c.tableOID)
        attribute = c.columnAttributeNumber
        typeOID = c.dataType.rawValue
        typmod = c.dataTypeModifier
    }

    @available(
        *, deprecated,
        message: "reads postgres-nio's deprecated rowDescription; the only public source of column details on this path"
    )
    static func _columns(of row: PostgresRow) -> [PostgresColumnInfo] {
        row.rowDescription.fields.map {
            PostgresColumnInfo(
                name: $0.name, tableOID: $0.tableOID, attribute: $0.columnAttributeNumber,
                typeOID: $0.dataType.rawValue, typmod: $0.dataTypeModifier)
        }
    }

    static func columns(of row: PostgresRow) -> [PostgresColumnInfo] {
        (RowDescriptionReader.self as any RowDescriptionSource.Type).columns(row)
    }

    init(name: String, tableOID: UInt32, attribute: Int16, typeOID: UInt32, typmod: Int32) {
        self.name = name
        self.tableOID = tableOID
        self.attribute = attribute
        self.typeOID = typeOID;
        self.typmod = typmod
    }
}

/// Calls the deprecated accessor through a protocol so the call site compiles without a warning.
private protocol RowDescriptionSource { static func columns(_ row: PostgresRow) -> [PostgresColumnInfo] }
private enum RowDescriptionReader: RowDescriptionSource {
    @available(*, deprecated)
    static func columns(_ row: PostgresRow) -> [PostgresColumnInfo] { PostgresColumnInfo._columns(of: row) }
}
