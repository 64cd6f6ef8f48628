import AWSClient
import Foundation
import Synchronization

/// A transport that answers from a table by operation and records every request it was given.
final class FakeAWS: AWSTransport {
    let requests = Mutex<[HTTPRequest]>([])
    let answers: [String: (Int, String)]

    /// Answers by operation name: (HTTP status, body).
    init(_ answers: [String: (Int, String)]) { self.answers = answers }

    func send(_ request: HTTPRequest, timeout: Double) async throws -> HTTPResponse {
        requests.withLock { $0.append(request) }
        let (status, body) = answers[request.operation.name] ?? (200, "{}")
        return HTTPResponse(status: status, headers: [("Content-Type", "application/x-amz-json-1.1")], body: Array(body.utf8))
    }

    /// Operation names sent, in order.
    var sent: [String] { requests.withLock { $0.map(\.operation.name) } }
}

/// Environment for a client that needs no network or profile.
let fakeEnvironment: [String: String] = [
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-west-2",
    "AWS_EC2_METADATA_DISABLED": "true", "HOME": "/nonexistent", "AWS_CONFIG_FILE": "/nonexistent/config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
]
