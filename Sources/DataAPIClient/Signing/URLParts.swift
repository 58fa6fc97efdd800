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

    init(scheme: String, host: String, port: Int?, path: String, query: String?) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
    }

    init(_ url: String) throws {
        if let simple = Self.simple(url) {
            self = simple
            return
        }
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

    /// The parts of a URL that needs no parser (what a signature check reads on every request):
    /// `http://` or `https://`, a host of letters, digits, `.` and `-` with an optional port of
    /// 1 to 5 digits, and a path of unreserved characters and `/`; no query, fragment, user,
    /// percent-escape or IPv6 literal. Nil for anything else, which `URLComponents` reads. Gives
    /// what `URLComponents` gives for such a URL (tested on random ones).
    static func simple(_ url: String) -> URLParts? {
        var url = url
        return url.withUTF8 { b -> URLParts? in
            func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
            func isAlnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
            var i = 0
            let scheme: String
            func matches(_ prefix: StaticString) -> Bool {
                guard b.count >= prefix.utf8CodeUnitCount else { return false }
                for k in 0..<prefix.utf8CodeUnitCount where lower(b[k]) != prefix.utf8Start[k] { return false }
                return true
            }
            if matches("https://") { scheme = "https"; i = 8 } else if matches("http://") { scheme = "http"; i = 7 } else {
                return nil
            }
            let hostStart = i
            while i < b.count, isAlnum(b[i]) || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard i > hostStart else { return nil }
            let host = String(decoding: UnsafeBufferPointer(rebasing: b[hostStart..<i]).lazy.map(lower), as: UTF8.self)
            var port: Int?
            if i < b.count, b[i] == UInt8(ascii: ":") {
                i += 1
                var value = 0, digits = 0
                while i < b.count, b[i] >= 48 && b[i] <= 57 {
                    value = value * 10 + Int(b[i] - 48)
                    digits += 1
                    i += 1
                }
                guard (1...5).contains(digits), value <= 65_535 else { return nil }
                port = value
            }
            let pathStart = i
            guard i == b.count || b[i] == UInt8(ascii: "/") else { return nil }
            while i < b.count {
                let c = b[i]
                guard isAlnum(c) || c == UInt8(ascii: "/") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
                    || c == UInt8(ascii: "_") || c == UInt8(ascii: "~") else { return nil }
                i += 1
            }
            let path = String(decoding: UnsafeBufferPointer(rebasing: b[pathStart..<b.count]), as: UTF8.self)
            return URLParts(scheme: scheme, host: host, port: port, path: path, query: nil)
        }
    }
}
