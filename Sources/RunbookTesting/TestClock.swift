import Engine
import Synchronization

/// A clock whose sleeps return at once and move its time forward: waits and retries take no
/// real time in tests, and every sleep is recorded.
package final class TestClock: EngineClock {
    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    /// A clock at time zero.
    package init() {}

    /// The virtual time.
    package var now: Duration { state.withLock { $0.now } }

    /// Every sleep asked for, in order.
    package var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// Moves time forward without a sleep (e.g. to simulate a slow call).
    package func advance(by duration: Duration) { state.withLock { $0.now += duration } }

    /// Records the sleep and moves time forward; throws if the task is cancelled.
    package func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.now += duration
            $0.sleeps.append(duration)
        }
    }
}
