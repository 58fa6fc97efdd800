import DataAPIClient

/// The `Host` header values the server answers: the loopback names, the address it is bound to
/// (unless a wildcard) and ``DataAPILocalConfiguration/allowedHosts``.
///
/// A web page can reach a loopback server through a DNS name it controls that it rebinds to
/// 127.0.0.1 ("DNS rebinding"); the browser then sends that name as `Host`. Answering only
/// names the server knows as its own defeats it.
struct HostAllowList: Sendable, Hashable {
    /// The names every server answers, with any port.
    static let loopbackNames: Set<String> = ["localhost", "127.0.0.1", "[::1]"]

    /// Lower-case names allowed with any port or none.
    private(set) var anyPort: Set<String>
    /// Lower-case `name:port` pairs allowed exactly.
    private(set) var exact: Set<String>

    /// Loopback, `boundHost` (unless a wildcard such as `0.0.0.0` or `::`), and `allowed`,
    /// where an entry `name` allows any port and `name:port` that port only.
    init(allowed: [String], boundHost: String) {
        anyPort = Self.loopbackNames
        exact = []
        for entry in allowed + [boundHost] {
            let trimmed = entry.trimmingCharacters(in: .whitespaces).lowercased()
            // A bare IPv6 address (`::1`, `fe80::1`) is written in brackets in `Host`.
            let text = trimmed.filter({ $0 == ":" }).count > 1 && !trimmed.hasPrefix("[") ? "[\(trimmed)]" : trimmed
            guard let (name, port) = Self.split(text), !["0.0.0.0", "[::]"].contains(name) else { continue }
            if let port { exact.insert("\(name):\(port)") } else { anyPort.insert(name) }
        }
    }

    /// `name[:port]` or `[v6][:port]` into its lower-case name and port; nil when malformed.
    static func split(_ value: String) -> (name: String, port: Int?)? {
        let text = value.lowercased()
        let name: Substring
        let rest: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            name = text[...close]
            rest = text[text.index(after: close)...]
        } else if let colon = text.firstIndex(of: ":") {
            name = text[..<colon]
            rest = text[colon...]
        } else {
            name = text[...]
            rest = ""
        }
        guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "/" || $0 == "@" }) else { return nil }
        if rest.isEmpty { return (String(name), nil) }
        let digits = rest.dropFirst()
        guard rest.first == ":", (1...5).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }),
              let port = Int(digits), port <= 65_535 else { return nil }
        return (String(name), port)
    }

    /// Whether a request with this `Host` value is served.
    func allows(_ host: String) -> Bool {
        guard let (name, port) = Self.split(host) else { return false }
        return anyPort.contains(name) || port.map { exact.contains("\(name):\($0)") } == true
    }

    /// Nil when `values` (every `Host` header of a request) is exactly one allowed name; else
    /// `BadRequestException` (400) saying what is wrong.
    func check(_ values: [String]) -> DataAPIError? {
        guard let host = values.first else { return .service(.badRequest, "The request has no Host header.") }
        guard values.count == 1 else { return .service(.badRequest, "The request has more than one Host header.") }
        guard allows(host) else {
            return .service(.badRequest, "Host '\(host)' is not a name this server answers to; it answers localhost, "
                            + "127.0.0.1, [::1], its bound address and the names in allowedHosts (--allowed-host).")
        }
        return nil
    }
}
