#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The parts of an absolute http(s) URL the signer and transport need.
struct URLParts: Hashable, Sendable {
    var scheme: String
    var host: String
    var port: Int?
    var path: String
    var query: String?

    init(_ url: String) throws {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = c.host, !host.isEmpty
        else { throw SigningError(reason: "not an absolute http(s) URL: \(url)") }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = c.port
        self.path = c.percentEncodedPath
        self.query = c.percentEncodedQuery
    }

    /// The `Host` header: lowercase host, port only when not the scheme's default.
    var hostHeader: String {
        var h = host
        if h.contains(":") && !h.hasPrefix("[") { h = "[\(h)]" }
        if let port, port != (scheme == "https" ? 443 : 80) { h += ":\(port)" }
        return h
    }
}
