import DataAPIClient
import Foundation

/// The service's parameter rules: one value kind per parameter, no arrays, and strings
/// with a type hint only in that hint's documented format.
enum ParameterBinding {
    static func bind(_ p: SqlParameter) throws -> BoundValue {
        let name = p.name ?? "?"
        switch p.value {
        case nil, .isNull(true): return .null
        case .isNull(false):
            throw DataAPIError.service(.badRequest, "Parameter '\(name)': isNull must be true when set.")
        case .booleanValue(let v): return .bool(v)
        case .longValue(let v): return .long(v)
        case .doubleValue(let v): return .double(v)
        case .blobValue(let v): return .blob(v)
        case .arrayValue: throw DataAPIError.service(.badRequest, "Array parameters are not supported.")
        case .unknown(let member):
            throw DataAPIError.service(.badRequest, "Parameter '\(name)' has an unsupported value member '\(member)'.")
        case .stringValue(let v):
            guard let hint = p.typeHint else { return .string(v) }
            try check(v, hint: hint)
            return .typed(hint, v)
        }
    }

    /// DATE `YYYY-MM-DD`, TIME `HH:MM:SS[.F…]`, TIMESTAMP `YYYY-MM-DD HH:MM:SS[.F…]`
    /// (no `T`, no zone). UUID, JSON and DECIMAL are parsed by the database itself.
    static func check(_ v: String, hint: TypeHint) throws {
        let b = Array(v.utf8)
        func digits(_ r: Range<Int>) -> Bool { r.upperBound <= b.count && b[r].allSatisfy { $0 >= 48 && $0 <= 57 } }
        func date(_ at: Int) -> Bool {
            digits(at..<at + 4) && b[at + 4] == 45 && digits(at + 5..<at + 7) && b[at + 7] == 45
                && digits(at + 8..<at + 10)
        }
        func time(_ at: Int) -> Bool {
            guard b.count >= at + 8, digits(at..<at + 2), b[at + 2] == 58, digits(at + 3..<at + 5), b[at + 5] == 58,
                digits(at + 6..<at + 8)
            else { return false }
            if b.count == at + 8 { return true }
            return b[at + 8] == 46 && b.count > at + 9 && b.count <= at + 18 && digits(at + 9..<b.count)
        }
        switch hint {
        case .date:
            guard b.count == 10, date(0) else {
                throw DataAPIError.service(
                    .databaseError, "Parse Error for Date: '\(v)' is not in the format YYYY-MM-DD")
            }
        case .time:
            guard time(0) else {
                throw DataAPIError.service(
                    .databaseError, "Parse Error for Time: '\(v)' is not in the format HH:MM:SS[.FFF]")
            }
        case .timestamp:
            guard b.count >= 19, date(0), b[10] == 32, time(11) else {
                throw DataAPIError.service(
                    .databaseError, "Parse Error for TimeStamp: input contains invalid characters")
            }
        case .decimal, .uuid, .json:
            break
        }
    }
}
