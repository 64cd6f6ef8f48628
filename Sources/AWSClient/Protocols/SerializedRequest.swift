/// A request after protocol serialization and before endpoint resolution and signing.
package struct SerializedRequest: Sendable {
    /// The HTTP method.
    package var method: String
    /// The path, percent-encoded as sent.
    package var path: String
    /// Query parameters, decoded, in order.
    package var query: [(name: String, value: String)] = []
    /// Headers set by the protocol (content type, target, modelled headers).
    package var headers: [(name: String, value: String)] = []
    /// The body.
    package var body: [UInt8] = []
    /// A host prefix to prepend to the endpoint host, expanded.
    package var hostPrefix: String?

    /// Creates a request.
    package init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    /// The query string, encoded the way AWS expects (RFC 3986).
    package var encodedQuery: String {
        query.map { FormEncoding.rfc3986($0.name) + "=" + FormEncoding.rfc3986($0.value) }.joined(separator: "&")
    }
}

/// Percent-encodings used by the protocols.
package enum FormEncoding {
    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == 45 || b == 46 || b == 95 || b == 126
    }

    /// Every byte but `A-Z a-z 0-9 - . _ ~` escaped; `safe` bytes are kept too.
    package static func rfc3986(_ text: String, safe: Set<UInt8> = []) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            if isUnreserved(b) || safe.contains(b) {
                out.append(b)
            } else {
                out.append(37)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `application/x-www-form-urlencoded` as Python's `urlencode` writes it: spaces become `+`.
    package static func form(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            if isUnreserved(b) {
                out.append(b)
            } else if b == 32 {
                out.append(43)
            } else {
                out.append(37)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A form body from ordered pairs.
    package static func formBody(_ pairs: [(String, String)]) -> [UInt8] {
        Array(pairs.map { form($0.0) + "=" + form($0.1) }.joined(separator: "&").utf8)
    }
}
