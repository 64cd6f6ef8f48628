import Foundation
import RunbookCore
import Testing

@testable import AWSClient

/// Retries against a fault-injecting loopback server: throttling, 5xx, dropped connections,
/// timeouts, and the final error when attempts run out.
@Suite("retries", .serialized)
struct RetryTests {
    static let throttled = #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#
    static let keys = #"{"Keys":[{"KeyId":"k1","KeyArn":"arn:aws:kms:us-east-1:123456789012:key/k1"}],"Truncated":false}"#

    func client(_ server: LoopbackServer, clock: RecordingClock, attempts: Int = 3, timeout: Double? = nil) throws -> AWSClient {
        var c = try AWSClient(
            options: AWSOptions(endpointURL: server.endpoint, maxAttempts: attempts, readTimeout: timeout), environment: testEnvironment(),
            clock: clock)
        c.retry.jitter = { 1.0 }
        return c
    }

    @Test("throttling is retried with exponential backoff, then succeeds")
    func throttlingThenSuccess() async throws {
        let server = try LoopbackServer { _, i in
            i < 2 ? .respond(400, ["Content-Type": "application/x-amz-json-1.1"], Self.throttled) : .respond(200, [:], Self.keys)
        }
        defer { server.stop() }
        let clock = RecordingClock()
        let result = try await client(server, clock: clock).call(service: "kms", operation: "ListKeys")
        #expect(result["Keys"]?[0]?["KeyId"] == "k1")
        #expect(server.requests.count == 3)
        #expect(clock.sleeps == [1, 2])
        #expect(server.requests[0].headers["x-amz-target"] == "TrentService.ListKeys")
    }

    @Test("backoff is capped at 20 seconds and jittered")
    func backoffCap() {
        var strategy = RetryStrategy(maxAttempts: 10)
        strategy.jitter = { 1.0 }
        #expect((1...8).map(strategy.delay) == [1, 2, 4, 8, 16, 20, 20, 20])
        strategy.jitter = { 0.5 }
        #expect(strategy.delay(retry: 3) == 2)
    }

    @Test("500s exhaust the attempts and surface the CLI's message")
    func serverErrors() async throws {
        let server = try LoopbackServer { _, _ in .respond(500, [:], "") }
        defer { server.stop() }
        let clock = RecordingClock()
        await #expect(throws: AWSServiceError.self) { try await client(server, clock: clock).call(service: "kms", operation: "ListKeys") }
        do {
            _ = try await client(server, clock: clock, attempts: 4).call(service: "kms", operation: "ListKeys")
        } catch let error as AWSServiceError {
            #expect(error.description == "An error occurred (500) when calling the ListKeys operation (reached max retries: 3): Internal Server Error")
            #expect(error.httpStatus == 500)
        }
        #expect(server.requests.count == 3 + 4)
    }

    @Test("a dropped connection is retried")
    func droppedConnection() async throws {
        let server = try LoopbackServer { _, i in i == 0 ? .drop : .respond(200, [:], Self.keys) }
        defer { server.stop() }
        let result = try await client(server, clock: RecordingClock()).call(service: "kms", operation: "ListKeys")
        #expect(result["Keys"]?[0]?["KeyId"] == "k1")
        #expect(server.requests.count == 2)
    }

    @Test("connections that keep dropping end in a transport error naming the endpoint")
    func alwaysDropped() async throws {
        let server = try LoopbackServer { _, _ in .drop }
        defer { server.stop() }
        do {
            _ = try await client(server, clock: RecordingClock()).call(service: "kms", operation: "ListKeys")
            Issue.record("expected an error")
        } catch let error as AWSClientError {
            #expect(error.code == .transport)
            #expect(error.message.contains("after 3 attempts"))
            #expect(error.message.contains(server.endpoint))
        }
        #expect(server.requests.count == 3)
    }

    @Test("a slow answer times out and is retried")
    func timeout() async throws {
        let server = try LoopbackServer { _, i in i == 0 ? .delay(1.5, 200, Self.keys) : .respond(200, [:], Self.keys) }
        defer { server.stop() }
        let started = Date()
        let result = try await client(server, clock: RecordingClock(), timeout: 0.4).call(service: "kms", operation: "ListKeys")
        #expect(result["Keys"]?[0]?["KeyId"] == "k1")
        #expect(Date().timeIntervalSince(started) < 1.4)
    }

    @Test("non-retryable errors surface at once with code, message, status and request id")
    func nonRetryable() async throws {
        let body = #"{"__type":"com.amazon.coral.service#AccessDeniedException","message":"not allowed"}"#
        let server = try LoopbackServer { _, _ in .respond(400, ["x-amzn-RequestId": "req-123"], body) }
        defer { server.stop() }
        do {
            _ = try await client(server, clock: RecordingClock()).call(service: "kms", operation: "ListKeys")
        } catch let error as AWSServiceError {
            #expect(error.code == "AccessDeniedException")
            #expect(error.message == "not allowed")
            #expect(error.httpStatus == 400)
            #expect(error.requestID == "req-123")
            #expect(error.description == "An error occurred (AccessDeniedException) when calling the ListKeys operation: not allowed")
        }
        #expect(server.requests.count == 1)
    }

    @Test("the command line prints the final error and exits 254")
    func commandLine() async throws {
        let server = try LoopbackServer { _, _ in .respond(400, [:], Self.throttled) }
        defer { server.stop() }
        let env = testEnvironment(["AWS_MAX_ATTEMPTS": "2"]).variables
        let (status, out, err) = await runRunbookAWS(["kms", "list-keys", "--endpoint-url", server.endpoint], environment: env, clock: RecordingClock())
        #expect(status == 254)
        #expect(out.isEmpty)
        #expect(err == "\nAn error occurred (ThrottlingException) when calling the ListKeys operation (reached max retries: 1): Rate exceeded\n")
        #expect(server.requests.count == 2)
    }

    @Test("query and XML errors carry code, message and request id")
    func xmlErrors() async throws {
        let body = "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow down</Message></Error></Errors><RequestID>abc</RequestID></Response>"
        let server = try LoopbackServer { _, i in
            i == 0 ? .respond(503, [:], body) : .respond(200, [:], "<DescribeVpcsResponse><requestId>r</requestId><vpcSet/></DescribeVpcsResponse>")
        }
        defer { server.stop() }
        let result = try await client(server, clock: RecordingClock()).call(service: "ec2", operation: "DescribeVpcs")
        #expect(result == ["Vpcs": []])
        let parsed = ErrorParser.parse(
            HTTPResponse(status: 503, body: Array(body.utf8)), operation: try AWSClient(environment: testEnvironment()).model("ec2").operation(named: "DescribeVpcs"))
        #expect(parsed.code == "RequestLimitExceeded")
        #expect(parsed.requestID == "abc")
    }
}
