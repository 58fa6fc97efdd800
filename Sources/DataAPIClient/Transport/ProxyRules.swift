#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether libcurl would send a request through a proxy named in the environment, read the way
/// libcurl reads it, and erring towards "yes" where the two could differ: the answer decides
/// between the direct path, which never uses a proxy, and libcurl's path, which applies the
/// environment itself. So "no" must be certain; a "yes" libcurl would not share only costs speed.
///
/// - The proxy for an `http` URL is `http_proxy` (lowercase only, as libcurl reads it), for an
///   `https` URL `https_proxy` or `HTTPS_PROXY`; then, for either, `all_proxy` or `ALL_PROXY`.
///   An empty value names no proxy.
/// - `no_proxy` (or, when it is not set, `NO_PROXY`) lists hosts reached without one: `*` alone
///   means every host; otherwise a list separated by commas and spaces, each entry a host name
///   that excludes itself and its subdomains (`example.com` excludes `example.com` and
///   `db.example.com`, not `myexample.com`; a leading `.` is ignored), compared without regard
///   to case. An IP address host is excluded only by the same address written the same way
///   (libcurl also reads CIDR ranges; those are left to it). A host with a trailing dot is never
///   taken as excluded.
struct ProxyRules: Sendable, Hashable {
    /// The proxy named for `http` URLs, and for `https` URLs: the first variable that is set and
    /// not empty (a set but empty one does not hide the next, which libcurl may read).
    let httpProxy: String?, httpsProxy: String?
    /// The `no_proxy` list, as set.
    let noProxy: String?

    /// The rules of `environment` (variable names as set, case matters).
    init(environment: [String: String]) {
        func named(_ keys: String...) -> String? {
            keys.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        let all = named("all_proxy", "ALL_PROXY")
        httpProxy = named("http_proxy") ?? all
        httpsProxy = named("https_proxy", "HTTPS_PROXY") ?? all
        noProxy = environment["no_proxy"] ?? environment["NO_PROXY"]
    }

    /// The rules of this process's environment.
    static func fromProcess() -> ProxyRules {
        var environment: [String: String] = [:]
        for name in ["http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return ProxyRules(environment: environment)
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
        guard let noProxy, !noProxy.isEmpty else { return false }
        if noProxy == "*" { return true }
        let name = host.lowercased()
        guard !name.isEmpty, !name.hasSuffix(".") else { return false }
        let isAddress = name.contains(":") || name.allSatisfy { $0 == "." || $0.isASCII && $0.isNumber }
        for raw in noProxy.split(whereSeparator: { $0 == "," || $0 == " " }) {
            var entry = raw.lowercased()
            if isAddress {
                if entry.hasPrefix("[") && entry.hasSuffix("]") { entry = String(entry.dropFirst().dropLast()) }
                if entry == name { return true }
                continue
            }
            if entry.hasPrefix(".") { entry.removeFirst() }
            guard !entry.isEmpty, entry.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
            else { continue }
            if name == entry || name.hasSuffix("." + entry) { return true }
        }
        return false
    }
}
