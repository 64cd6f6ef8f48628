import Foundation

/// A base URL for a service: scheme, host, optional port and path prefix.
package struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    /// `https` or `http`.
    package var scheme: String
    /// The host name or address (IPv6 in brackets).
    package var host: String
    /// The port, when not the scheme's default.
    package var port: Int?
    /// A path prefix without trailing slash (usually empty).
    package var basePath: String

    /// Creates an endpoint.
    package init(scheme: String = "https", host: String, port: Int? = nil, basePath: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Parses `https://host[:port][/path]`.
    package static func parse(_ text: String) throws(AWSClientError) -> Endpoint {
        guard let sep = text.range(of: "://") else {
            throw AWSClientError(.endpoint, "Invalid endpoint URL '\(text)': it needs a scheme, e.g. https://\(text).")
        }
        let scheme = text[..<sep.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw AWSClientError(.endpoint, "Invalid endpoint URL '\(text)': the scheme must be http or https.")
        }
        var rest = text[sep.upperBound...]
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        while path.hasSuffix("/") { path.removeLast() }
        var host = String(rest)
        var port: Int?
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            guard let p = Int(host[host.index(after: colon)...]) else {
                throw AWSClientError(.endpoint, "Invalid endpoint URL '\(text)': bad port.")
            }
            port = p
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw AWSClientError(.endpoint, "Invalid endpoint URL '\(text)': no host.") }
        return Endpoint(scheme: scheme, host: host, port: port, basePath: path)
    }

    /// The `Host` header value (with the port when it is not the default).
    package var hostHeader: String {
        guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return host }
        return "\(host):\(port)"
    }

    /// `scheme://host[:port]basePath`.
    package var description: String { "\(scheme)://\(hostHeader)\(basePath)" }

    /// Whether the host is an IP address (S3 then uses path-style addressing).
    package var isIPAddress: Bool {
        host.hasPrefix("[") || host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }
}
