/// The run's time source: tests pass a clock that does not really sleep.
///
/// Implementers must make `now` monotonic and have `sleep(for:)` throw `CancellationError`
/// when the task is cancelled (Ctrl-C), so an interrupted wait ends at once.
package protocol EngineClock: Sendable {
    /// Time elapsed since an arbitrary origin fixed when the clock was made.
    var now: Duration { get }
    /// Suspends for `duration`.
    func sleep(for duration: Duration) async throws
}

/// The real clock (monotonic, `ContinuousClock`).
package struct SystemClock: EngineClock {
    private let origin = ContinuousClock.now

    /// A clock whose origin is now.
    package init() {}

    /// Time since the clock was made.
    package var now: Duration { ContinuousClock.now - origin }

    /// Sleeps for real.
    package func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
