package import Foundation

/// Time, for retries and waiters: the real clock sleeps, a test clock records.
///
/// Implementers must return the current time from `now()` and suspend for about `seconds` in
/// `sleep(seconds:)`, throwing `CancellationError` when the task is cancelled.
package protocol AWSClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Suspends for `seconds`.
    func sleep(seconds: Double) async throws
}

/// The wall clock and `Task.sleep`.
package struct SystemClock: AWSClock {
    /// Creates the clock.
    package init() {}
    package func now() -> Date { Date() }
    package func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }
}

/// Which errors are retried, as in the SDKs' standard retry mode.
package enum RetryClassifier {
    /// Throttling error codes.
    package static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// Transient error codes.
    package static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalError", "InternalFailure",
        "ServiceUnavailable",
    ]
    /// Transient HTTP statuses.
    package static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    /// The kind of retry an error deserves, or nil when it must surface at once.
    package static func classify(_ error: any Error) -> RetryKind? {
        if let e = error as? AWSServiceError {
            if e.isThrottling { return .throttling }
            if transientCodes.contains(e.code) || transientStatuses.contains(e.httpStatus) { return .transient }
            return nil
        }
        if let e = error as? AWSClientError {
            if e.code == .transport { return .transient }
            if e.code == .timeout { return .timeout }
        }
        return nil
    }
}

/// Why a retry happens; timeouts cost more retry quota.
package enum RetryKind: Sendable {
    /// The service throttled the call.
    case throttling
    /// A 5xx answer or a broken connection.
    case transient
    /// No answer in time.
    case timeout
}

/// The standard retry mode: up to `maxAttempts` tries, waiting `random(0,1) * 2^(n-1)` seconds
/// (capped at 20) before retry n, while a shared quota of 500 tokens lasts (5 per retry, 10 per
/// timeout retry, 1 back per success).
package struct RetryStrategy: Sendable {
    /// Total attempts, first included (the SDK default is 3).
    package var maxAttempts: Int
    /// The backoff cap in seconds.
    package var maxBackoff: Double = 20
    /// Returns a number in 0...1 for jitter; a parameter so tests are deterministic.
    package var jitter: @Sendable () -> Double = { Double.random(in: 0...1) }

    /// A strategy with `maxAttempts` tries.
    package init(maxAttempts: Int = 3) { self.maxAttempts = max(1, maxAttempts) }

    /// The delay before retry number `retry` (1 for the first retry).
    package func delay(retry: Int) -> Double {
        min(jitter() * pow(2, Double(retry - 1)), maxBackoff)
    }
}

/// The retry token bucket shared by all calls of a client.
///
/// `@unchecked Sendable` because `tokens` is only read and written under `lock`.
package final class RetryQuota: @unchecked Sendable {
    private let lock = NSLock()
    private var tokens: Int
    /// The bucket's capacity.
    package let capacity: Int

    /// A full bucket.
    package init(capacity: Int = 500) {
        self.capacity = capacity
        tokens = capacity
    }

    /// Takes the cost of a retry; false when the bucket is too empty to retry.
    package func acquire(_ kind: RetryKind) -> Int? {
        let cost = kind == .timeout ? 10 : 5
        lock.lock()
        defer { lock.unlock() }
        guard tokens >= cost else { return nil }
        tokens -= cost
        return cost
    }

    /// Gives tokens back after a success (the retry's cost, or 1 for a first-try success).
    package func release(_ amount: Int) {
        lock.lock()
        tokens = min(capacity, tokens + amount)
        lock.unlock()
    }
}
