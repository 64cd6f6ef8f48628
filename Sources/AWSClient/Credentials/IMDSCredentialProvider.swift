package import AWSSigV4

/// Credentials of the EC2 instance role from the instance metadata service, IMDSv2 only: a
/// `PUT /latest/api/token` session token, then the role name and its credentials. The endpoint
/// is `AWS_EC2_METADATA_SERVICE_ENDPOINT` or `http://169.254.169.254`;
/// `AWS_EC2_METADATA_DISABLED=true` turns it off.
package struct IMDSCredentialProvider: CredentialProvider {
    let environment: AWSEnvironment
    let transport: any AWSTransport
    /// Seconds allowed per request (the SDK default is 1).
    package var timeout: Double = 1

    /// Reads settings from `environment` and fetches with `transport`.
    package init(environment: AWSEnvironment, transport: any AWSTransport) {
        self.environment = environment
        self.transport = transport
    }

    package func credentials() async throws -> AWSCredentials {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            throw AWSClientError(.credentials, "Instance metadata is disabled (AWS_EC2_METADATA_DISABLED).")
        }
        var base = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254"
        while base.hasSuffix("/") { base.removeLast() }
        let token = try await fetch(
            base + "/latest/api/token", method: "PUT", headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")])
        let auth = [("X-aws-ec2-metadata-token", String(decoding: token, as: UTF8.self))]
        let roles = try await fetch(base + "/latest/meta-data/iam/security-credentials/", method: "GET", headers: auth)
        guard let role = String(decoding: roles, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init),
            !role.isEmpty
        else {
            throw AWSClientError(.credentials, "The instance has no IAM role.")
        }
        let document = try await fetch(base + "/latest/meta-data/iam/security-credentials/" + role, method: "GET", headers: auth)
        return try CredentialDocument.parse(document, source: "Instance metadata")
    }

    private func fetch(_ url: String, method: String, headers: [(name: String, value: String)]) async throws(AWSClientError) -> [UInt8] {
        let tag = OperationTag(service: "imds", name: "GetMetadata", wireProtocol: .restJSON)
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(url: url, method: method, headers: headers, body: [], operation: tag), timeout: timeout)
        } catch {
            throw AWSClientError(.credentials, "Instance metadata did not answer.", cause: (error as? AWSClientError)?.message)
        }
        guard response.status == 200 else {
            throw AWSClientError(.credentials, "Instance metadata answered HTTP \(response.status) for \(url.split(separator: "/").suffix(2).joined(separator: "/")).")
        }
        return response.body
    }
}
