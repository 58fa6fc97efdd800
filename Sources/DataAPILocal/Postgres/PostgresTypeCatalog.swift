import Foundation

/// What the server knows about a PostgreSQL type: how its values are presented and the
/// JDBC-style metadata pgjdbc reports for it (spec §5.2).
struct PostgresTypeInfo: Sendable, Hashable {
    var kind: PostgresValueRenderer.Kind
    /// `java.sql.Types` code.
    var jdbcType: Int32
    var typeName: String
    var isSigned: Bool
    var isCaseSensitive: Bool

    static func scalar(
        _ kind: PostgresValueRenderer.Kind, _ jdbc: Int32, _ name: String, signed: Bool = false
    ) -> PostgresTypeInfo {
        let insensitive: Set<String> = [
            "oid", "int2", "int4", "int8", "float4", "float8", "numeric", "bool", "bit", "date",
            "time", "timetz", "timestamp", "timestamptz", "interval",
        ]
        return PostgresTypeInfo(
            kind: kind, jdbcType: jdbc, typeName: name, isSigned: signed, isCaseSensitive: !insensitive.contains(name))
    }
}

enum JDBCType {
    static let bit: Int32 = -7, smallint: Int32 = 5, integer: Int32 = 4, bigint: Int32 = -5, real: Int32 = 7,
        double: Int32 = 8
    static let numeric: Int32 = 2, char: Int32 = 1, varchar: Int32 = 12, binary: Int32 = -2, date: Int32 = 91,
        time: Int32 = 92
    static let timestamp: Int32 = 93, other: Int32 = 1111, array: Int32 = 2003, sqlxml: Int32 = 2009
}

enum PostgresTypeCatalog {
    /// Built-in types by OID.
    static let builtin: [UInt32: PostgresTypeInfo] = {
        var t: [UInt32: PostgresTypeInfo] = [
            16: .scalar(.bool, JDBCType.bit, "bool"),
            17: .scalar(.bytea, JDBCType.binary, "bytea"),
            18: .scalar(.text, JDBCType.char, "char"),
            19: .scalar(.text, JDBCType.varchar, "name"),
            20: .scalar(.int8, JDBCType.bigint, "int8", signed: true),
            21: .scalar(.int2, JDBCType.smallint, "int2", signed: true),
            23: .scalar(.int4, JDBCType.integer, "int4", signed: true),
            25: .scalar(.text, JDBCType.varchar, "text"),
            26: .scalar(.oid, JDBCType.bigint, "oid"),
            114: .scalar(.json, JDBCType.other, "json"),
            650: .scalar(.cidr, JDBCType.other, "cidr"),
            700: .scalar(.float4, JDBCType.real, "float4", signed: true),
            701: .scalar(.float8, JDBCType.double, "float8", signed: true),
            705: .scalar(.text, JDBCType.varchar, "unknown"),
            869: .scalar(.inet, JDBCType.other, "inet"),
            1042: .scalar(.text, JDBCType.char, "bpchar"),
            1043: .scalar(.text, JDBCType.varchar, "varchar"),
            1082: .scalar(.date, JDBCType.date, "date"),
            1083: .scalar(.time, JDBCType.time, "time"),
            1114: .scalar(.timestamp, JDBCType.timestamp, "timestamp"),
            1184: .scalar(.timestamptz, JDBCType.timestamp, "timestamptz"),
            1266: .scalar(.timetz, JDBCType.time, "timetz"),
            1700: .scalar(.numeric, JDBCType.numeric, "numeric", signed: true),
            2278: .scalar(.void, JDBCType.other, "void"),
            2950: .scalar(.uuid, JDBCType.other, "uuid"),
            3802: .scalar(.jsonb, JDBCType.other, "jsonb"),
        ]
        // Types the v2 service answers with UnsupportedResultException.
        let unsupported: [UInt32: (String, Int32)] = [
            790: ("money", JDBCType.double), 1186: ("interval", JDBCType.other), 142: ("xml", JDBCType.sqlxml),
            600: ("point", JDBCType.other), 601: ("lseg", JDBCType.other), 602: ("path", JDBCType.other),
            603: ("box", JDBCType.other),
            604: ("polygon", JDBCType.other), 628: ("line", JDBCType.other), 718: ("circle", JDBCType.other),
            829: ("macaddr", JDBCType.other), 774: ("macaddr8", JDBCType.other), 1560: ("bit", JDBCType.bit),
            1562: ("varbit", JDBCType.other),
            3614: ("tsvector", JDBCType.other), 3615: ("tsquery", JDBCType.other), 3904: ("int4range", JDBCType.other),
            3906: ("numrange", JDBCType.other), 3908: ("tsrange", JDBCType.other), 3910: ("tstzrange", JDBCType.other),
            3912: ("daterange", JDBCType.other), 3926: ("int8range", JDBCType.other), 3220: ("pg_lsn", JDBCType.other),
            2249: ("record", JDBCType.other), 194: ("pg_node_tree", JDBCType.varchar), 24: ("regproc", JDBCType.other),
            2205: ("regclass", JDBCType.other), 2206: ("regtype", JDBCType.other), 28: ("xid", JDBCType.other),
        ]
        for (oid, (name, jdbc)) in unsupported {
            t[oid] = PostgresTypeInfo(
                kind: .unsupported(name), jdbcType: jdbc, typeName: name, isSigned: false, isCaseSensitive: false)
        }
        // One-dimensional arrays of supported element types.
        let arrays: [UInt32: UInt32] = [
            1000: 16, 1001: 17, 1002: 18, 1003: 19, 1016: 20, 1005: 21, 1007: 23, 1009: 25, 1028: 26,
            199: 114, 651: 650, 1021: 700, 1022: 701, 1041: 869, 1014: 1042, 1015: 1043, 1182: 1082,
            1183: 1083, 1115: 1114, 1185: 1184, 1270: 1266, 1231: 1700, 2951: 2950, 3807: 3802,
        ]
        for (arrayOID, elementOID) in arrays {
            let e = t[elementOID]!
            t[arrayOID] = PostgresTypeInfo(
                kind: .array(e.kind), jdbcType: JDBCType.array, typeName: "_" + e.typeName,
                isSigned: false, isCaseSensitive: e.isCaseSensitive)
        }
        return t
    }()

    /// One row of `pg_type` for a type the table above does not know.
    struct CatalogRow: Sendable {
        var oid: UInt32
        var name: String
        var type: String  // typtype: b base, e enum, d domain, c composite, r range, …
        var element: UInt32
        var baseType: UInt32
    }

    /// Resolves a user-defined type from its catalog row (enums, domains, pgvector, arrays
    /// of those). `lookup` gives already known types by OID.
    static func resolve(_ row: CatalogRow, lookup: (UInt32) -> PostgresTypeInfo?) -> PostgresTypeInfo {
        if row.type == "e" { return .scalar(.text, JDBCType.varchar, row.name) }
        if row.type == "d", let base = lookup(row.baseType) {
            var info = base
            info.typeName = row.name
            return info
        }
        if row.name == "vector" { return .scalar(.vector, JDBCType.other, "vector") }
        if row.element != 0, row.name.hasPrefix("_"), let element = lookup(row.element) {
            if case .unsupported = element.kind { return unsupported(row.name) }
            if case .array = element.kind { return unsupported(row.name) }
            return PostgresTypeInfo(
                kind: .array(element.kind), jdbcType: JDBCType.array, typeName: row.name, isSigned: false,
                isCaseSensitive: element.isCaseSensitive)
        }
        return unsupported(row.name)
    }

    static func unsupported(_ name: String) -> PostgresTypeInfo {
        PostgresTypeInfo(
            kind: .unsupported(name), jdbcType: JDBCType.other, typeName: name, isSigned: false, isCaseSensitive: true)
    }

    /// pgjdbc's precision and scale for a column of this type and type modifier.
    static func precisionAndScale(_ info: PostgresTypeInfo, typmod: Int32) -> (Int32, Int32) {
        switch info.typeName {
        case "bool": return (1, 0)
        case "int2": return (5, 0)
        case "int4": return (10, 0)
        case "int8": return (19, 0)
        case "oid": return (10, 0)
        case "float4": return (8, 8)
        case "float8": return (17, 17)
        case "numeric":
            guard typmod >= 4 else { return (0, 0) }
            return ((typmod - 4) >> 16 & 0xffff, (typmod - 4) & 0xffff)
        case "varchar", "bpchar": return typmod >= 4 ? (typmod - 4, 0) : (2_147_483_647, 0)
        case "date": return (13, 0)
        case "time", "timetz", "timestamp", "timestamptz":
            let p = typmod >= 0 ? typmod : 6
            // pgjdbc: time 15/6, timetz 21/6, timestamp 29/6 (26/3), timestamptz 35/6.
            let base: Int32 =
                info.typeName == "time" ? 8 : info.typeName == "timetz" ? 14 : info.typeName == "timestamp" ? 22 : 28
            return (base + (p > 0 ? p + 1 : 0), p)
        default: return (2_147_483_647, 0)
        }
    }
}
