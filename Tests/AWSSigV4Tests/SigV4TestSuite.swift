import Foundation

@testable import AWSSigV4

/// One case of AWS's SigV4 test suite: the raw request and the three expected artefacts.
struct SigV4SuiteCase: CustomStringConvertible {
    let name: String
    let request: SigningRequest
    let canonicalRequest: String
    let stringToSign: String
    let authorization: String
    var description: String { name }
}

/// Reads `../shared/aws-sigv4-testsuite` in place (never copied into the repository).
enum SigV4Suite {
    /// The suite folder, located from this file: `Tests/AWSSigV4Tests/` up to the repo, then `../shared`.
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/aws-sigv4-testsuite")

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: folder.path) }

    /// The credentials, region and service every case uses (from the suite's README).
    static let signer = SigV4Signer(
        credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "service")

    /// `20150830T123600Z`.
    static let date = SigV4Date.parse(amzDate: "20150830T123600Z")!

    /// Every case folder (those holding a `.req`), sorted by name.
    static func cases() throws -> [SigV4SuiteCase] {
        guard isAvailable else { return [] }
        var result: [SigV4SuiteCase] = []
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension == "req" else { continue }
            let base = url.deletingPathExtension()
            func read(_ ext: String) throws -> String {
                try String(contentsOf: base.appendingPathExtension(ext), encoding: .utf8)
            }
            let relative = String(base.deletingLastPathComponent().path.dropFirst(folder.path.count + 1))
            result.append(
                SigV4SuiteCase(
                    name: relative, request: try parseRequest(try read("req")),
                    canonicalRequest: try read("creq"), stringToSign: try read("sts"),
                    authorization: try read("authz")))
        }
        return result.sorted { $0.name < $1.name }
    }

    /// Parses the suite's raw HTTP request text: request line, headers (a line starting with
    /// whitespace continues the previous header as another value), blank line, body.
    static func parseRequest(_ text: String) throws -> SigningRequest {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        // "METHOD target HTTP/1.1" where the target may contain spaces.
        let method = String(requestLine.prefix { $0 != " " })
        var target = String(requestLine.dropFirst(method.count + 1))
        if let r = target.range(of: " HTTP/", options: .backwards) { target = String(target[..<r.lowerBound]) }
        var path = target
        var query: [(name: String, value: String)] = []
        if let q = target.firstIndex(of: "?") {
            path = String(target[..<q])
            for pair in target[target.index(after: q)...].split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((URIEncoding.decode(String(parts[0])), URIEncoding.decode(parts.count > 1 ? String(parts[1]) : "")))
            }
        }
        var headers: [(name: String, value: String)] = []
        var bodyLines: [String]? = nil
        for line in lines {
            if bodyLines != nil {
                bodyLines!.append(line)
            } else if line.isEmpty {
                bodyLines = []
            } else if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers.append((headers[headers.count - 1].name, line))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let body = Array((bodyLines ?? []).joined(separator: "\n").utf8)
        return SigningRequest(method: method, path: path, query: query, headers: headers, body: body)
    }
}
