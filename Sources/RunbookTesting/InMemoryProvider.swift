package import Engine
package import RunbookCore
package import RunbookDSL
import Synchronization

/// A step provider that answers from a script instead of doing anything: the in-memory seam for
/// engine tests. Every executed and planned request is recorded.
package final class InMemoryProvider: StepProvider {
    /// One scripted answer.
    package enum Answer: Sendable {
        /// Succeed with this result.
        case result(JSONValue)
        /// Fail with this message (a failed command).
        case failure(String)
        /// Throw (the action could not be attempted).
        case error(String)
    }

    /// The action key.
    package let name: String
    private let mutating: @Sendable (Action) -> Bool
    private let state: Mutex<(answers: [String: [Answer]], executed: [StepRequest], planned: [StepRequest])>
    private let onExecute: (@Sendable (StepRequest, ProviderContext) -> Void)?

    /// A provider for `name` whose steps are mutating when `mutating` says so (by default when
    /// the payload has `mutating: true`). `answers` are consumed per step id; the last one repeats.
    package init(
        name: String = "fake", answers: [String: [Answer]] = [:],
        mutating: @escaping @Sendable (Action) -> Bool = { $0.payload["mutating"]?.literalValue == .bool(true) },
        onExecute: (@Sendable (StepRequest, ProviderContext) -> Void)? = nil
    ) {
        self.name = name
        self.mutating = mutating
        self.state = Mutex((answers, [], []))
        self.onExecute = onExecute
    }

    /// Requests executed so far.
    package var executed: [StepRequest] { state.withLock { $0.executed } }
    /// Requests planned so far.
    package var planned: [StepRequest] { state.withLock { $0.planned } }

    /// Whether the action is mutating.
    package func isMutating(_ action: Action) -> Bool { mutating(action) }

    /// A plan echoing the payload.
    package func plan(_ request: StepRequest, context: ProviderContext) async throws -> StepPlan {
        state.withLock { $0.planned.append(request) }
        return StepPlan(summary: "fake \(request.stepID)", request: request.payload, commandLine: "fake \(request.stepID)")
    }

    /// The next scripted answer for the step.
    package func execute(_ request: StepRequest, context: ProviderContext) async throws -> StepOutput {
        onExecute?(request, context)
        let answer: Answer = state.withLock { s in
            s.executed.append(request)
            var queue = s.answers[request.stepID] ?? [.result(.object(JSONObject()))]
            let next = queue.count > 1 ? queue.removeFirst() : queue[0]
            s.answers[request.stepID] = queue
            return next
        }
        switch answer {
        case .result(let value): return StepOutput(result: value, commandLine: "fake \(request.stepID)")
        case .failure(let message): return StepOutput(result: .null, failure: message)
        case .error(let message): throw StepFailure(message)
        }
    }
}

/// Collects a run's events.
package final class RecordingObserver: RunObserver {
    private let state = Mutex<[RunEvent]>([])

    /// An empty recorder.
    package init() {}

    /// The events so far.
    package var events: [RunEvent] { state.withLock { $0 } }

    /// Records the event.
    package func handle(_ event: RunEvent) async { state.withLock { $0.append(event) } }
}

/// Answers approval requests from a list (then `.no`), recording what was asked.
package final class ScriptedApprover: Approver {
    private let state: Mutex<(answers: [ApprovalDecision], asked: [ApprovalRequest])>

    /// An approver giving these answers in order.
    package init(_ answers: [ApprovalDecision]) { state = Mutex((answers, [])) }

    /// The requests asked so far.
    package var asked: [ApprovalRequest] { state.withLock { $0.asked } }

    /// The next answer.
    package func approve(_ request: ApprovalRequest) async -> ApprovalDecision {
        state.withLock { s in
            s.asked.append(request)
            return s.answers.isEmpty ? .no : s.answers.removeFirst()
        }
    }
}
