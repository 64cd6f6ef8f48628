/// The canonical request of SigV4: method, canonical URI, canonical query, canonical headers,
/// signed header names and payload hash, one per line.
///
/// Rules (from the SigV4 specification): header names are lower-cased and sorted, values trimmed
/// with inner runs of spaces collapsed, repeated headers joined with `,`; query names and values
/// are RFC 3986-encoded and sorted by name then value; the path has its dot segments and empty
/// segments removed and is encoded once more, except for S3, which signs the path as sent.
package struct CanonicalRequest: Sendable, Equatable {
    /// The full canonical request text.
    package let text: String
    /// The signed header names, `;`-separated.
    package let signedHeaders: String

    /// Headers a signer never signs because proxies and clients add or change them.
    static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "expect", "transfer-encoding", "x-amzn-trace-id"]

    /// Builds the canonical request of `request`.
    package init(_ request: SigningRequest, payloadHash: String, normalizePath: Bool, encodePath: Bool) {
        let uri = Self.canonicalURI(request.path, normalize: normalizePath, encode: encodePath)
        let query = Self.canonicalQuery(request.query)
        var grouped: [String: [String]] = [:]
        var order: [String] = []
        for (name, value) in request.headers {
            let key = name.lowercased()
            if Self.unsignedHeaders.contains(key) { continue }
            if grouped[key] == nil {
                order.append(key)
                grouped[key] = []
            }
            grouped[key]!.append(Self.trimHeaderValue(value))
        }
        let names = order.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var headerLines = ""
        for name in names {
            headerLines += name + ":" + grouped[name]!.joined(separator: ",") + "\n"
        }
        signedHeaders = names.joined(separator: ";")
        text = request.method + "\n" + uri + "\n" + query + "\n" + headerLines + "\n" + signedHeaders + "\n" + payloadHash
    }

    /// Trims a header value and collapses every run of whitespace to one space.
    static func trimHeaderValue(_ value: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for b in value.utf8 {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical URI of `path`.
    static func canonicalURI(_ path: String, normalize: Bool, encode: Bool) -> String {
        var p = path.isEmpty ? "/" : path
        if normalize { p = normalizedPath(p) }
        return encode ? URIEncoding.encode(p, keepSlash: true) : p
    }

    /// `path` without `.`/`..` segments and without empty segments, keeping a trailing slash.
    static func normalizedPath(_ path: String) -> String {
        var stack: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !stack.isEmpty { stack.removeLast() }
                continue
            }
            stack.append(segment)
        }
        var result = "/" + stack.joined(separator: "/")
        if path.hasSuffix("/") && result != "/" { result += "/" }
        return result
    }

    /// The canonical query string of decoded `(name, value)` pairs.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        if query.isEmpty { return "" }
        let encoded = query.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
        let sorted = encoded.sorted { a, b in
            if a.0 != b.0 { return a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
            return a.1.utf8.lexicographicallyPrecedes(b.1.utf8)
        }
        return sorted.map { $0.0 + "=" + $0.1 }.joined(separator: "&")
    }
}
