import Foundation

/// Base64 helpers for blobs and JSON-value headers.
package enum Base64 {
    /// Standard base64 of `bytes`.
    package static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Decoded bytes, or nil when `text` is not base64.
    package static func decode(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text, options: .ignoreUnknownCharacters).map { [UInt8]($0) }
    }
}
