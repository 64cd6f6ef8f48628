/// An HTTP request ready to send: signed, with its full URL.
package struct HTTPRequest: Sendable {
    /// The full URL (scheme, host, port, encoded path and query).
    package var url: String
    /// The HTTP method.
    package var method: String
    /// Headers to send.
    package var headers: [(name: String, value: String)]
    /// The body.
    package var body: [UInt8]
    /// What the request is for; read-only transports check it.
    package var operation: OperationTag

    /// Creates a request.
    package init(url: String, method: String, headers: [(name: String, value: String)], body: [UInt8], operation: OperationTag) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.operation = operation
    }

    /// The first header named `name` (any case).
    package func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}

/// The service and operation a request performs, as declared by the client.
package struct OperationTag: Sendable, Equatable {
    /// The service's model name (`ec2`).
    package var service: String
    /// The operation (`DescribeInstances`).
    package var name: String
    /// The wire protocol, which tells where the operation is visible in the request.
    package var wireProtocol: WireProtocol

    /// Creates a tag.
    package init(service: String, name: String, wireProtocol: WireProtocol) {
        self.service = service
        self.name = name
        self.wireProtocol = wireProtocol
    }
}

/// An HTTP answer.
package struct HTTPResponse: Sendable {
    /// The status code.
    package var status: Int
    /// Headers as received.
    package var headers: [(name: String, value: String)]
    /// The body.
    package var body: [UInt8]

    /// Creates a response.
    package init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header named `name` (any case).
    package func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}

/// Sends HTTP requests. The seam between the client and the network.
///
/// Implementers must: send the request exactly as given (method, URL, headers, body), return
/// any HTTP answer (error statuses included) as an ``HTTPResponse``, and throw
/// ``AWSClientError`` with code `.transport` when no answer arrived (refused, reset, closed),
/// or `.timeout` when `timeout` seconds passed first. They must not retry: the client does.
package protocol AWSTransport: Sendable {
    /// Sends `request` and returns the answer.
    func send(_ request: HTTPRequest, timeout: Double) async throws -> HTTPResponse
}
