package import Engine
import Foundation
import Synchronization
package import RunbookCore
package import RunbookDSL

/// Runs a provider in replay mode: validation, mutability, descriptions and plans are the real
/// provider's (plans with no call at all); execution answers from a ``Tape``.
///
/// Providers that implement ``ReplayableProvider`` name their calls and shape their outputs
/// themselves; for others the call is `{<kind>: <rendered payload>}` and the answer is the
/// step's result as is.
package struct ReplayProvider: StepProvider {
    /// The wrapped provider.
    package let inner: any StepProvider
    /// The answers.
    package let tape: Tape

    /// Wraps `inner`.
    package init(_ inner: any StepProvider, tape: Tape) {
        self.inner = inner
        self.tape = tape
    }

    /// The inner provider's name.
    package var name: String { inner.name }
    /// The inner provider's checks.
    package func validate(_ action: Action) -> [Diagnostic] { inner.validate(action) }
    /// The inner provider's answer.
    package func isMutating(_ action: Action) -> Bool { inner.isMutating(action) }
    /// The inner provider's description.
    package func describe(_ action: Action) -> String { inner.describe(action) }

    /// The inner provider's plan, never allowed to call anything.
    package func plan(_ request: StepRequest, context: ProviderContext) async throws -> StepPlan {
        var noCalls = context
        noCalls.mode = .noCalls
        return try await inner.plan(request, context: noCalls)
    }

    /// The recorded answer, shaped by the provider; a step failure naming the entry to add when
    /// the test file has none.
    package func execute(_ request: StepRequest, context: ProviderContext) async throws -> StepOutput {
        let call = Self.call(inner, request)
        let template = Self.template(inner, request)
        guard let answer = tape.answer(call, stepID: request.stepID, template: template) else {
            throw StepFailure("no answer in the test file for this call (see the entry to add below)")
        }
        if let replayable = inner as? any ReplayableProvider {
            return try await replayable.output(replaying: answer, for: request)
        }
        switch answer {
        case .answer(let result): return StepOutput(result: result, commandLine: "replayed \(inner.name) call")
        case .error(let error):
            return StepOutput(result: .null, failure: error["message"].map { Evaluator.text(of: $0) } ?? "failed")
        }
    }

    /// The call `request` makes, as a test file names it.
    package static func call(_ provider: any StepProvider, _ request: StepRequest) -> RecordedCall {
        if let replayable = provider as? any ReplayableProvider { return replayable.recordedCall(for: request) }
        return RecordedCall(kind: provider.name, selector: JSONObject([(provider.name, request.payload)]))
    }

    /// The skeleton answer for an unanswered call.
    package static func template(_ provider: any StepProvider, _ request: StepRequest) -> RecordedAnswer {
        if let replayable = provider as? any ReplayableProvider { return replayable.answerTemplate(for: request) }
        return .answer(.object(JSONObject()))
    }
}

/// A clock for replayed runs: sleeps (waits, retries) return at once and move virtual time.
package final class ReplayClock: EngineClock {
    private let state = Mutex<Duration>(.zero)

    /// A clock at zero.
    package init() {}

    /// The virtual time.
    package var now: Duration { state.withLock { $0 } }

    /// Moves virtual time; throws when the task is cancelled.
    package func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { $0 += duration }
    }
}
