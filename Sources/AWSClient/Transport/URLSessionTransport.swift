import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real transport: `URLSession` (libcurl on Linux) with one session per transport, so calls
/// from the same client reuse connections.
package final class URLSessionTransport: AWSTransport {
    private let session: URLSession
    /// Seconds allowed to connect and between received bytes.
    package let connectTimeout: Double

    /// A transport with its own session.
    package init(connectTimeout: Double = 10) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = connectTimeout
        configuration.httpMaximumConnectionsPerHost = 8
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
        self.connectTimeout = connectTimeout
    }

    deinit { session.finishTasksAndInvalidate() }

    package func send(_ request: HTTPRequest, timeout: Double) async throws -> HTTPResponse {
        guard URL(string: request.url) != nil else {
            throw AWSClientError(.endpoint, "The endpoint URL '\(request.url)' is not valid.")
        }
        let operation = request.operation.name
        let idle = min(connectTimeout, timeout)
        return try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
            group.addTask { try await self.perform(Self.urlRequest(request, timeout: idle), operation: operation) }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(max(timeout, 0) * 1_000_000_000))
                throw AWSClientError(.timeout, "The \(operation) call did not complete within \(Self.seconds(timeout)).")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else {
                throw AWSClientError(.transport, "The \(operation) call produced no answer.")
            }
            return first
        }
    }

    private static func urlRequest(_ request: HTTPRequest, timeout: Double) -> URLRequest {
        var urlRequest = URLRequest(
            url: URL(string: request.url)!, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.addValue(value, forHTTPHeaderField: name) }
        // libcurl would otherwise wait for "100 Continue" before sending larger bodies.
        urlRequest.setValue("", forHTTPHeaderField: "Expect")
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            urlRequest.httpBody = Data(request.body)
        }
        return urlRequest
    }

    private func perform(_ request: URLRequest, operation: String) async throws -> HTTPResponse {
        let box = TaskBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let task = session.dataTask(with: request) { data, response, error in
                    if let error {
                        continuation.resume(throwing: Self.translate(error, operation: operation))
                        return
                    }
                    guard let http = response as? HTTPURLResponse else {
                        continuation.resume(throwing: AWSClientError(.transport, "The \(operation) call got a non-HTTP answer."))
                        return
                    }
                    var headers: [(name: String, value: String)] = []
                    for (k, v) in http.allHeaderFields {
                        if let k = k as? String, let v = v as? String { headers.append((k, v)) }
                    }
                    continuation.resume(returning: HTTPResponse(status: http.statusCode, headers: headers, body: [UInt8](data ?? Data())))
                }
                box.set(task)
                task.resume()
            }
        } onCancel: {
            box.cancel()
        }
    }

    static func seconds(_ t: Double) -> String {
        t == t.rounded() ? "\(Int(t)) seconds" : "\(t) seconds"
    }

    static func translate(_ error: any Error, operation: String) -> AWSClientError {
        let ns = error as NSError
        let reason = ns.localizedDescription
        if ns.domain == NSURLErrorDomain {
            switch ns.code {
            case NSURLErrorTimedOut:
                return AWSClientError(.timeout, "The \(operation) call timed out.", cause: reason)
            case NSURLErrorCancelled:
                return AWSClientError(.timeout, "The \(operation) call was cancelled.", cause: reason)
            case NSURLErrorCannotConnectToHost, NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed:
                return AWSClientError(.transport, "Could not connect to the endpoint for the \(operation) call.", cause: reason)
            default:
                return AWSClientError(.transport, "The connection failed during the \(operation) call.", cause: reason)
            }
        }
        return AWSClientError(.transport, "The \(operation) call failed.", cause: reason)
    }
}

/// Holds the running task so cancellation can reach it.
///
/// `@unchecked Sendable` because both fields are only touched under `lock`.
private final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    func set(_ task: URLSessionDataTask) {
        lock.lock()
        self.task = task
        let cancel = cancelled
        lock.unlock()
        if cancel { task.cancel() }
    }

    func cancel() {
        lock.lock()
        cancelled = true
        let t = task
        lock.unlock()
        t?.cancel()
    }
}
