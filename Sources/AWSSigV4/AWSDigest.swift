import Foundation

/// Digests the client needs besides signing.
package enum AWSDigest {
    /// Base64 of the MD5 of `bytes`, for `Content-MD5`.
    package static func md5Base64(_ bytes: [UInt8]) -> String {
        Data(Digest.md5(bytes)).base64EncodedString()
    }
}
