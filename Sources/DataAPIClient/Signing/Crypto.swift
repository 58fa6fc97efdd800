import COpenSSL
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// SHA-256 and HMAC-SHA-256 through OpenSSL's libcrypto. The only file that calls COpenSSL.
/// `package`: the executor's migration checksums use SHA-256 too.
package enum Crypto {
    /// SHA-256 fetched from OpenSSL's default provider once per process, so that no call looks
    /// it up again (with OpenSSL 3 that lookup, under a lock, cost more than hashing a request).
    nonisolated(unsafe) private static let sha256Digest: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else { fatalError("OpenSSL has no SHA-256") }
        return md
    }()

    /// SHA-256 of contiguous bytes, without the copy the `DataProtocol` overload makes.
    package static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = out.withUnsafeMutableBufferPointer {
            cossl_sha256_md(sha256Digest, bytes.baseAddress, bytes.count, $0.baseAddress)
        }
        precondition(ok == 1, "OpenSSL SHA-256 failed")
        return out
    }

    package static func sha256(_ data: some DataProtocol) -> [UInt8] {
        Array(data).withUnsafeBytes { sha256($0) }
    }

    static func hmacSHA256(key: [UInt8], data: some DataProtocol) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let bytes = Array(data)
        let ok = key.withUnsafeBytes { k in
            bytes.withUnsafeBytes { d in
                out.withUnsafeMutableBufferPointer {
                    cossl_hmac_sha256_md(sha256Digest, k.baseAddress, k.count, d.baseAddress, d.count, $0.baseAddress)
                }
            }
        }
        precondition(ok == 1, "OpenSSL HMAC-SHA-256 failed")
        return out
    }

    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
