import DataAPIClient
import NIOCore
import PostgresNIO

/// A text-format parameter of a given type: how plain strings (as `varchar`) and
/// type-hinted strings (`date`, `uuid`, …) reach PostgreSQL, so it parses them itself.
struct TextParameter: PostgresDynamicTypeEncodable {
    var psqlType: PostgresDataType
    var text: String
    var psqlFormat: PostgresFormat { .text }
    func encode<E: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<E>) {
        byteBuffer.writeString(text)
    }
}

/// The PostgreSQL types of type-hinted parameters.
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
