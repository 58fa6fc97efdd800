import DataAPIClient
import PostgresNIO

enum PostgresParameters {
    /// The PostgreSQL type a type-hinted string is sent as.
    static func type(for hint: TypeHint) -> PostgresDataType {
        switch hint {
        case .date: .date
        case .time: .time
        case .timestamp: .timestamp
        case .decimal: .numeric
        case .uuid: .uuid
        case .json: .json
        }
    }
}
