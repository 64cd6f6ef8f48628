import COpenSSL

/// SHA-256, HMAC-SHA256 and MD5 from the system's OpenSSL (libssl-dev).
///
/// Why not swift-crypto: it compiles its own copy of BoringSSL, which was most of a clean build
/// on a 2-core machine; the three one-shot digests SigV4 needs are in every OpenSSL.
package enum Digest {
    /// The SHA-256 of `bytes`.
    package static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        digest(bytes, EVP_sha256(), length: 32)
    }

    /// The MD5 of `bytes` (for S3's `Content-MD5`, not for security).
    package static func md5(_ bytes: [UInt8]) -> [UInt8] {
        digest(bytes, EVP_md5(), length: 16)
    }

    /// HMAC-SHA256 of `data` under `key`.
    package static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = key.withUnsafeBufferPointer { k in
            data.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), d.baseAddress, d.count, o.baseAddress, &length)
                }
            }
        }
        precondition(ok != nil && length == 32, "OpenSSL HMAC-SHA256 failed")
        return out
    }

    private static func digest(_ bytes: [UInt8], _ type: OpaquePointer?, length expected: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { o in
                EVP_Digest(b.baseAddress, b.count, o.baseAddress, &length, type, nil)
            }
        }
        precondition(ok == 1 && Int(length) == expected, "OpenSSL digest failed")
        return Array(out.prefix(expected))
    }
}
