package import AWSSigV4
import Foundation

/// Credentials from the container credentials endpoint (ECS tasks, EKS Pod Identity):
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (under `http://169.254.170.2`) or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` (loopback, the ECS/EKS link-local hosts, or HTTPS), with
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN` or `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` as the
/// `Authorization` header.
package struct ContainerCredentialProvider: CredentialProvider {
    let environment: AWSEnvironment
    let transport: any AWSTransport
    /// Seconds allowed for the request.
    package var timeout: Double = 2

    /// Reads the endpoint from `environment` and fetches with `transport`.
    package init(environment: AWSEnvironment, transport: any AWSTransport) {
        self.environment = environment
        self.transport = transport
    }

    /// Whether the variables are set.
    package var isConfigured: Bool {
        environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] != nil || environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] != nil
    }

    static let allowedHosts: Set<String> = ["127.0.0.1", "localhost", "[::1]", "169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"]

    package func credentials() async throws -> AWSCredentials {
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            url = "http://169.254.170.2" + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            let endpoint = try Endpoint.parse(full)
            guard endpoint.scheme == "https" || Self.allowedHosts.contains(endpoint.host) || endpoint.host.hasPrefix("127.") else {
                throw AWSClientError(
                    .credentials, "AWS_CONTAINER_CREDENTIALS_FULL_URI must use HTTPS or a loopback or container host, not \(endpoint.host).")
            }
            url = full
        } else {
            throw AWSClientError(.credentials, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set.")
        }
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            guard let token = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw AWSClientError(.credentials, "Cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (\(file)).")
            }
            headers.append(("Authorization", token.trimmingCharacters(in: .whitespacesAndNewlines)))
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
            headers.append(("Authorization", token))
        }
        let tag = OperationTag(service: "container-credentials", name: "GetCredentials", wireProtocol: .restJSON)
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(url: url, method: "GET", headers: headers, body: [], operation: tag), timeout: timeout)
        } catch let error as AWSClientError {
            throw AWSClientError(.credentials, "The container credentials endpoint did not answer.", cause: error.message)
        }
        guard response.status == 200 else {
            throw AWSClientError(.credentials, "The container credentials endpoint answered HTTP \(response.status).")
        }
        return try CredentialDocument.parse(response.body, source: "The container credentials endpoint")
    }
}


