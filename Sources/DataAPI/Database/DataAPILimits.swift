/// The Data API's size limits, which bulk inserts and streams are planned against. The
/// defaults are the service's; tests shrink them together with `data-api-local`'s.
public struct DataAPILimits: Sendable, Hashable {
    /// The largest HTTP request, headers included: 4 MiB.
    public var requestBytes = 4 << 20
    /// Room left in every request for its HTTP headers (signature, session token, …).
    public var headerAllowance = 8 << 10
    /// The largest result the database may send for one call: 1 MiB, counted as the
    /// database's binary data (not the JSON the service answers with).
    public var responseBytes = 1 << 20
    /// The largest result row: 64 KB.
    public var rowBytes = 64 << 10
    /// The longest SQL text: 65,536 characters.
    public var sqlCharacters = 65_536
    /// The share of ``responseBytes`` a streamed page aims for: the rest is margin for rows
    /// whose size was misjudged.
    public var pageFill = 0.95

    /// The service's limits.
    public init() {}

    /// The body bytes one request may carry.
    var requestBodyBytes: Int { requestBytes - headerAllowance }
}
