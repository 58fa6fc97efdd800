import DataAPIClient

/// Values of the deprecated `ExecuteSql` result.
enum V1Values {
    static func value(_ f: Field) -> ExecuteSqlValue {
        switch f {
        case .isNull, .unknown: return .isNull(true)
        case .booleanValue(let v): return .bitValue(v)
        case .longValue(let v): return .bigIntValue(v)
        case .doubleValue(let v): return .doubleValue(v)
        case .stringValue(let v): return .stringValue(v)
        case .blobValue(let v): return .blobValue(v)
        case .arrayValue(let a):
            switch a {
            case .booleanValues(let v): return .arrayValues(v.map { $0.map(ExecuteSqlValue.bitValue) ?? .isNull(true) })
            case .longValues(let v): return .arrayValues(v.map { $0.map(ExecuteSqlValue.bigIntValue) ?? .isNull(true) })
            case .doubleValues(let v):
                return .arrayValues(v.map { $0.map(ExecuteSqlValue.doubleValue) ?? .isNull(true) })
            case .stringValues(let v):
                return .arrayValues(v.map { $0.map(ExecuteSqlValue.stringValue) ?? .isNull(true) })
            case .arrayValues(let v): return .arrayValues(v.map { value(.arrayValue($0)) })
            case .unknown: return .isNull(true)
            }
        }
    }
}
