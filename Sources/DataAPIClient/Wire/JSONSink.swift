#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Tracks whether an object needs a comma before its next member.
struct ObjectState {
    var hasMembers = false
}

/// Where `RequestJSON` puts JSON: bytes (``ByteSink``) or only their count (``CountSink``).
protocol JSONSink {
    /// Bytes that need no escaping, such as `{"longValue":` or `null`.
    mutating func raw(_ text: StaticString)
    mutating func byte(_ b: UInt8)
    /// A JSON string, quoted and escaped as `JSONEncoder` does.
    mutating func string(_ s: String)
    mutating func int(_ v: Int64)
    /// Throws for NaN and infinities, which JSON cannot represent.
    mutating func double(_ v: Double) throws
    /// Padded standard base64 in quotes.
    mutating func base64(_ d: Data)
}

extension JSONSink {
    /// A member name (`"sql":`), after a comma unless it is the object's first member.
    @inline(__always)
    mutating func member(_ quotedNameAndColon: StaticString, _ o: inout ObjectState) {
        if o.hasMembers { byte(UInt8(ascii: ",")) }
        o.hasMembers = true
        raw(quotedNameAndColon)
    }

    @inline(__always)
    mutating func bool(_ v: Bool) { if v { raw("true") } else { raw("false") } }
}
