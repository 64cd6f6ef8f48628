import AWSSigV4
import Foundation
package import Logging
package import RunbookCore

/// What one call needs besides the operation: where to send it, how to sign it, how to retry.
package struct CallContext: Sendable {
    /// The transport.
    package var transport: any AWSTransport
    /// The clock for signing dates and backoff sleeps.
    package var clock: any AWSClock
    /// The retry strategy.
    package var retry: RetryStrategy
    /// The shared retry quota.
    package var quota: RetryQuota
    /// Seconds allowed for each attempt.
    package var attemptTimeout: Double
    /// How timestamps are printed.
    package var timestamps: TimestampOutput
    /// Debug logging (credentials are always redacted).
    package var logger: Logger?

    /// Creates a context.
    package init(
        transport: any AWSTransport, clock: any AWSClock, retry: RetryStrategy, quota: RetryQuota, attemptTimeout: Double,
        timestamps: TimestampOutput, logger: Logger? = nil
    ) {
        self.transport = transport
        self.clock = clock
        self.retry = retry
        self.quota = quota
        self.attemptTimeout = attemptTimeout
        self.timestamps = timestamps
        self.logger = logger
    }
}

/// Serialize → address → sign → send (with retries) → parse, for one operation call.
package enum RequestPipeline {
    /// Sends `operation` with prepared `parameters` and returns the CLI-shaped output.
    package static func send(
        _ operation: OperationModel, parameters: JSONValue, credentials: (any CredentialProvider)?, endpoint: Endpoint,
        isCustomEndpoint: Bool, signingRegion: String, context: CallContext, autoEncoding: Bool = false
    ) async throws -> JSONValue {
        let serialized = try serialize(operation, parameters: parameters)
        let tag = OperationTag(service: operation.service.name, name: operation.name, wireProtocol: operation.service.wireProtocol)
        var (url, host, path, query) = address(serialized, endpoint: endpoint, isCustomEndpoint: isCustomEndpoint, s3: operation.service.isS3)
        if !query.isEmpty { url += "?" + query }
        var attempt = 0
        var acquired: Int?
        while true {
            attempt += 1
            var headers = serialized.headers
            headers.append(("Host", host))
            headers.append(("User-Agent", "runbook/0.1 (native AWS client)"))
            if let credentials {
                let creds = try await credentials.credentials()
                let signer = SigV4Signer(credentials: creds, region: signingRegion, service: operation.service.signingName, isS3: operation.service.isS3)
                let signing = SigningRequest(method: serialized.method, path: path, query: serialized.query, headers: headers, body: serialized.body)
                headers.append(contentsOf: signer.signHeaders(signing, date: context.clock.now()))
            }
            headers.removeAll { $0.name == "Host" }
            let request = HTTPRequest(url: url, method: serialized.method, headers: headers, body: serialized.body, operation: tag)
            context.logger?.debug("\(request.method) \(url) \(Redaction.headers(headers))")
            let outcome: Result<HTTPResponse, any Error>
            do {
                outcome = .success(try await context.transport.send(request, timeout: context.attemptTimeout))
            } catch {
                outcome = .failure(error)
            }
            var failure: any Error
            switch outcome {
            case .success(let response):
                context.logger?.debug("HTTP \(response.status) for \(operation.name), \(response.body.count) bytes")
                if response.status < 300 {
                    context.quota.release(acquired ?? 1)
                    let parsed = try ResponseParser.parse(response, operation: operation, timestamps: context.timestamps)
                    return Customizations.response(parsed, operation: operation, body: response.body, autoEncoding: autoEncoding)
                }
                var error = ErrorParser.parse(response, operation: operation)
                error.retryAttempts = attempt - 1
                failure = error
            case .failure(let error):
                if error is CancellationError { throw error }
                failure = error
            }
            guard let kind = RetryClassifier.classify(failure), attempt < context.retry.maxAttempts,
                let cost = context.quota.acquire(kind)
            else {
                throw finalError(failure, attempts: attempt, url: url)
            }
            acquired = cost
            let delay = context.retry.delay(retry: attempt)
            context.logger?.debug("retrying \(operation.name) in \(delay)s after \(failure)")
            try await context.clock.sleep(seconds: delay)
        }
    }

    static func finalError(_ error: any Error, attempts: Int, url: String) -> any Error {
        if var e = error as? AWSServiceError {
            e.retryAttempts = attempts - 1
            return e
        }
        if let e = error as? AWSClientError, e.code == .transport || e.code == .timeout {
            let tries = attempts > 1 ? " after \(attempts) attempts" : ""
            let base = url.split(separator: "?").first.map(String.init) ?? url
            return AWSClientError(e.code, "\(e.message) Endpoint URL: \"\(base)\"\(tries).", cause: e.cause)
        }
        return error
    }

    static func serialize(_ operation: OperationModel, parameters: JSONValue) throws(AWSClientError) -> SerializedRequest {
        var request: SerializedRequest
        switch operation.service.wireProtocol {
        case .query, .ec2: request = QuerySerializer.serialize(parameters, operation: operation)
        case .json: request = JSONBodySerializer.serializeRPC(parameters, operation: operation)
        case .restJSON, .restXML: request = try RestSerializer.serialize(parameters, operation: operation)
        }
        if operation.service.isS3 || operation.service.wireProtocol == .restXML, !request.body.isEmpty,
            operation.requiresChecksum
        {
            request.headers.append(("Content-MD5", AWSDigest.md5Base64(request.body)))
        }
        return request
    }

    /// The URL (without query), `Host` header, signed path and encoded query of a request.
    static func address(
        _ request: SerializedRequest, endpoint: Endpoint, isCustomEndpoint: Bool, s3: Bool
    ) -> (String, String, String, String) {
        var host = endpoint.hostHeader
        var path = endpoint.basePath + request.path
        if let prefix = request.hostPrefix, !isCustomEndpoint { host = prefix + host }
        // S3 on AWS: virtual-hosted style for DNS-compatible bucket names.
        if s3, !isCustomEndpoint, !endpoint.isIPAddress {
            let parts = request.path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count >= 2, let bucket = parts.dropFirst().first.map({ $0.split(separator: "/", maxSplits: 1).first ?? "" }),
                !bucket.isEmpty, Self.isVirtualHostable(String(bucket))
            {
                host = bucket + "." + host
                let remainder = request.path.dropFirst(1 + bucket.count)
                path = endpoint.basePath + (remainder.isEmpty ? "/" : String(remainder))
            }
        }
        if path.isEmpty { path = "/" }
        let url = endpoint.scheme + "://" + host + path
        return (url, host, path, request.encodedQuery)
    }

    static func isVirtualHostable(_ bucket: String) -> Bool {
        guard bucket.count >= 3, bucket.count <= 63, !bucket.contains(".") else { return false }
        return bucket.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
            && bucket.first != "-" && bucket.last != "-"
    }
}

/// Keeps secrets out of debug output.
package enum Redaction {
    /// Header names whose values are never printed.
    static let secretHeaders: Set<String> = ["authorization", "x-amz-security-token", "x-aws-ec2-metadata-token"]

    /// `name: value` pairs with secret values replaced by `<redacted>`.
    package static func headers(_ headers: [(name: String, value: String)]) -> String {
        headers.map { h in
            if secretHeaders.contains(h.name.lowercased()) {
                // The credential scope (access key id, date, region) is not secret; the signature is.
                if h.name.lowercased() == "authorization", let comma = h.value.firstIndex(of: ",") {
                    return "\(h.name): \(h.value[..<comma]), <signature redacted>"
                }
                return "\(h.name): <redacted>"
            }
            return "\(h.name): \(h.value)"
        }.joined(separator: "; ")
    }
}
