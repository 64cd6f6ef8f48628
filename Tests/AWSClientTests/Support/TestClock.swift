import Foundation

@testable import AWSClient

/// A clock that records sleeps instead of sleeping.
///
/// `@unchecked Sendable` because `sleeps` is only touched under `lock`.
final class RecordingClock: AWSClock, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Double] = []
    let fixed = Date(timeIntervalSince1970: 1_700_000_000)

    func now() -> Date { fixed }

    func sleep(seconds: Double) async throws { record(seconds) }

    private func record(_ seconds: Double) {
        lock.lock()
        recorded.append(seconds)
        lock.unlock()
    }

    var sleeps: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }
}

/// A minimal environment with static keys and a region, and no config files.
func testEnvironment(_ extra: [String: String] = [:], home: String = "/nonexistent-home") -> AWSEnvironment {
    var v = ["HOME": home, "AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "SECRET-KEY-VALUE", "AWS_DEFAULT_REGION": "us-east-1",
             "AWS_EC2_METADATA_DISABLED": "true"]
    for (k, val) in extra { v[k] = val }
    return AWSEnvironment(variables: v)
}
