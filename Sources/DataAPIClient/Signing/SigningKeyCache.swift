import Synchronization

/// Remembers the last signing key, which changes only with the secret, day, region or service.
public final class SigningKeyCache: Sendable {
    private struct Entry {
        var secret: String
        var day: String
        var region: String
        var service: String
        var key: [UInt8]
    }
    private let last = Mutex<Entry?>(nil)

    /// An empty cache.
    public init() {}

    func key(secretAccessKey: String, day: String, region: String, service: String) -> [UInt8] {
        if let e = last.withLock({ $0 }),
           e.secret == secretAccessKey, e.day == day, e.region == region, e.service == service {
            return e.key
        }
        let key = SigV4.signingKey(secretAccessKey: secretAccessKey, day: day, region: region, service: service)
        last.withLock { $0 = Entry(secret: secretAccessKey, day: day, region: region, service: service, key: key) }
        return key
    }
}
