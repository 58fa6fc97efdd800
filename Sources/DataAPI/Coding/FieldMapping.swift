import DataAPIClient
import DataAPISQL
import Foundation

/// The one mapping between the builder's values and the Data API's wire values: a
/// ``SQLValue`` becomes a `Field` plus the type hint its declared column type implies
/// (never guessed from the value), and a `Field` read back becomes a ``SQLValue``.
///
/// | SQLValue | Field | typeHint |
/// |---|---|---|
/// | `.null` | `isNull: true` | |
/// | `.bool` | `booleanValue` | |
/// | `.int` | `longValue` | |
/// | `.double` | `doubleValue` | |
/// | `.string` | `stringValue` | |
/// | `.blob` | `blobValue` (base64) | |
/// | `.typed(s, hint)` | `stringValue` | `UUID`, `DECIMAL`, `JSON`, … |
/// | `.temporal(d, kind)` | `stringValue` in the configured zone (`timestamptz`: UTC) | `TIMESTAMP`, `DATE`, `TIME` |
package enum FieldMapping {
    /// The Data API parameter for one bound value.
    static func parameter(name: String, value: SQLValue, temporal: TemporalCoding) -> SqlParameter {
        switch value {
        case .null: SqlParameter(name: name, value: .null)
        case .bool(let b): SqlParameter(name: name, value: .booleanValue(b))
        case .int(let i): SqlParameter(name: name, value: .longValue(i))
        case .double(let d): SqlParameter(name: name, value: .doubleValue(d))
        case .string(let s): SqlParameter(name: name, value: .stringValue(s))
        case .blob(let b): SqlParameter(name: name, value: .blobValue(b))
        case .typed(let s, let hint): SqlParameter(name: name, value: .stringValue(s), typeHint: typeHint(hint))
        case .temporal(let d, let kind):
            SqlParameter(name: name, value: .stringValue(temporal.format(d, kind)), typeHint: typeHint(kind.hint))
        }
    }

    /// Every value of a rendered statement, in placeholder order.
    package static func parameters(_ query: SQLQuery, temporal: TemporalCoding) -> [SqlParameter] {
        parameters(names: query.names, values: query.values, temporal: temporal)
    }

    /// Values under their placeholders' names (one parameter set of a batch).
    /// (An indexed loop: `zip(…).map` looked up its generic metadata on every call, which
    /// showed in the profile of a batch insert, one call per row.)
    static func parameters(names: [String], values: [SQLValue], temporal: TemporalCoding) -> [SqlParameter] {
        let count = min(names.count, values.count)
        var out: [SqlParameter] = []
        out.reserveCapacity(count)
        for i in 0..<count { out.append(parameter(name: names[i], value: values[i], temporal: temporal)) }
        return out
    }

    static func typeHint(_ hint: SQLTypeHint) -> TypeHint {
        switch hint {
        case .uuid: .uuid
        case .date: .date
        case .time: .time
        case .timestamp: .timestamp
        case .decimal: .decimal
        case .json: .json
        }
    }

    /// A result field as a builder value: strings stay strings (the column type, not the
    /// field, says whether they are dates or decimals); arrays and unknown members have
    /// no `SQLValue` and give nil.
    package static func value(_ field: Field) -> SQLValue? {
        switch field {
        case .isNull(true): .null
        case .booleanValue(let b): .bool(b)
        case .longValue(let i): .int(i)
        case .doubleValue(let d): .double(d)
        case .stringValue(let s): .string(s)
        case .blobValue(let b): .blob(b)
        case .isNull(false), .arrayValue, .unknown: nil
        }
    }

    /// The field a builder value would be read back as, for a model row rebuilt without a
    /// round trip (MySQL's generated key filled into an inserted model).
    static func field(_ value: SQLValue, temporal: TemporalCoding) -> Field {
        parameter(name: "", value: value, temporal: temporal).value ?? .null
    }
}
