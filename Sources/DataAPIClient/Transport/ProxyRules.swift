#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether libcurl would send a request through a proxy named in the environment, read the way
/// libcurl reads it, and erring towards "yes" wherever the two could differ: the answer decides
/// between the direct path, which never uses a proxy, and libcurl's path, which applies the
/// environment itself. So "no" must be certain; a "yes" libcurl would not share only costs speed.
///
/// - The proxy for an `http` URL is `http_proxy` (lowercase only, as libcurl reads it), for an
///   `https` URL `https_proxy` or `HTTPS_PROXY`; then, for either, `all_proxy` or `ALL_PROXY`.
///   A variable set to nothing counts as not set.
/// - `no_proxy` (or, when it is not set, `NO_PROXY`) lists hosts reached without one: `*` alone
///   means every host. Otherwise entries are separated by commas (blanks around an entry are
///   ignored; an entry with a blank inside ends the reading, as libcurl's readings differ there).
///   A host name entry excludes itself and its subdomains (`example.com` excludes `example.com`
///   and `db.example.com`, not `myexample.com`; a leading `.` is ignored), compared without
///   regard to case. Of address hosts, only a dotted-quad IPv4 address is ever excluded, by the
///   same address in the list (libcurl also reads other forms of addresses, `127.1` or
///   `0x7f.0.0.1`, and CIDR ranges; those hosts are left to it, as are IPv6 addresses, names
///   that begin with a digit, and names with a trailing dot).
///
/// The process's variables are read once, when the first transport is made; libcurl reads them
/// on every transfer. A program that sets proxy variables should do so before making a client.
struct ProxyRules: Sendable, Hashable {
    /// The proxy named for `http` URLs, and for `https` URLs.
    let httpProxy: String?, httpsProxy: String?
    /// The `no_proxy` list.
    let noProxy: String?

    /// The rules of the variables `lookup` gives (nil: not set).
    init(lookup: (String) -> String?) {
        func named(_ keys: String...) -> String? {
            for key in keys { if let value = lookup(key), !value.isEmpty { return value } }
            return nil
        }
        let all = named("all_proxy", "ALL_PROXY")
        httpProxy = named("http_proxy") ?? all
        httpsProxy = named("https_proxy", "HTTPS_PROXY") ?? all
        noProxy = named("no_proxy", "NO_PROXY")
    }

    /// The rules of `environment` (variable names as set; case matters).
    init(environment: [String: String]) { self.init { environment[$0] } }

    /// The rules of this process's environment.
    static func fromProcess() -> ProxyRules {
        ProxyRules { name in getenv(name).map { String(cString: $0) } }
    }

    /// Whether a request to `host` over `scheme` (`http` or `https`) may go through a proxy.
    func mayProxy(scheme: String, host: String) -> Bool {
        guard proxy(scheme: scheme) != nil else { return false }
        return !excludes(host)
    }

    /// The proxy named for `scheme`, if any (before `no_proxy` is applied).
    func proxy(scheme: String) -> String? { scheme == "https" ? httpsProxy : httpProxy }

    /// Whether `no_proxy` certainly excludes `host`.
    func excludes(_ host: String) -> Bool {
        guard let noProxy else { return false }
        if noProxy == "*" { return true }
        let name = host.lowercased()
        guard let first = name.first, !name.hasSuffix(".") else { return false }
        let address: Bool
        if first.isASCII && first.isNumber {
            // libcurl reads a host of digits as an IPv4 address in any of its forms; only the
            // dotted quad reads the same to both.
            guard Self.isDottedQuad(name) else { return false }
            address = true
        } else {
            // IPv6 (bracketed) and other address forms are left to libcurl.
            guard name.allSatisfy(Self.isNameCharacter) else { return false }
            address = false
        }
        for raw in noProxy.split(separator: ",", omittingEmptySubsequences: true) {
            var trimmed = raw
            while let c = trimmed.first, c == " " || c == "\t" { trimmed.removeFirst() }
            while let c = trimmed.last, c == " " || c == "\t" { trimmed.removeLast() }
            let entry = trimmed.lowercased()
            if entry.contains(where: { $0 == " " || $0 == "\t" }) { return false }
            if address {
                if entry == name { return true }
                continue
            }
            let domain = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            guard !domain.isEmpty, domain.allSatisfy(Self.isNameCharacter) else { continue }
            if name == domain || name.hasSuffix("." + domain) { return true }
        }
        return false
    }

    /// A letter, digit, `-` or `.` of ASCII: what a host name is read of here.
    static func isNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == ".")
    }

    /// Four decimal numbers from 0 to 255, without leading zeros, separated by dots.
    static func isDottedQuad(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(p) else {
                return false
            }
            return v <= 255 && (p.count == 1 || p.first != "0")
        }
    }
}
