import Foundation

/// `--config`: `{"clusters": [{"arn": …, "url": …}], "secrets": [{"arn": …, "username": …, "password": …}]}`.
struct ConfigFile: Decodable {
    struct Cluster: Decodable {
        var arn: String
        var url: String?
        /// The older name of `url`, still read.
        var postgresURL: String?
    }

    struct Secret: Decodable {
        var arn: String
        var username: String
        var password: String
    }

    var clusters: [Cluster]
    var secrets: [Secret]

    static func load(_ path: String) throws -> ConfigFile {
        try JSONDecoder().decode(ConfigFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
