/// A transport that refuses to send anything but read-only operations (dry-run's last line of
/// defence, behind the client's own check).
///
/// It does not trust the client's classification: it reads the operation from the request itself
/// (`X-Amz-Target` for json, `Action=` in the form body for query and ec2, the method for REST),
/// checks it matches the declared operation, and applies ``OperationClassifier`` to what it read.
package struct ReadOnlyTransport: AWSTransport {
    /// The transport that sends allowed requests.
    package let base: any AWSTransport

    /// Wraps `base`.
    package init(_ base: any AWSTransport) { self.base = base }

    package func send(_ request: HTTPRequest, timeout: Double) async throws -> HTTPResponse {
        try Self.check(request)
        return try await base.send(request, timeout: timeout)
    }

    /// Throws unless `request` is verifiably a read-only operation.
    package static func check(_ request: HTTPRequest) throws(AWSClientError) {
        let declared = request.operation.name
        let wire = request.operation.wireProtocol
        let observed: String?
        switch wire {
        case .json:
            observed = request.header("X-Amz-Target").map { target in
                String(target[(target.lastIndex(of: ".").map { target.index(after: $0) } ?? target.startIndex)...])
            }
        case .query, .ec2:
            observed = formValue("Action", in: request.body)
        case .restJSON, .restXML:
            observed = request.method == "GET" || request.method == "HEAD" ? declared : nil
        }
        guard let observed, observed == declared,
            OperationClassifier.isReadOnly(name: observed, httpMethod: request.method, protocol: wire)
        else {
            throw AWSClientError(
                .readOnly,
                "Refused to send \(request.operation.service) \(declared): the client is read-only (dry run) and \(declared) is not known to be read-only.")
        }
    }

    static func formValue(_ name: String, in body: [UInt8]) -> String? {
        let text = String(decoding: body, as: UTF8.self)
        var found: String?
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if kv[0] == name {
                guard found == nil else { return nil }  // two Actions: refuse
                found = kv.count > 1 ? String(kv[1]) : ""
            }
        }
        return found
    }
}
