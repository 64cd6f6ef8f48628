package import Engine
import RunbookCore
package import RunbookDSL

/// Decides whether a mutating step that was in flight when a run stopped already took effect,
/// so resume never sends a change twice on a guess.
///
/// It uses the step's `already-applied` check: the optional read-only probe runs now (with
/// the run's recorded context), and the condition is evaluated over its result. `verify` alone
/// cannot decide, since it reads the result of the step itself, which an interrupted step does
/// not have; without `already-applied` the decision is ``Decision/undecided(_:)``, and the
/// caller asks a person (or refuses).
package struct InFlightResolver: Sendable {
    /// What resume learnt about the step.
    package enum Decision: Sendable, Equatable {
        /// The change is in place: mark the step done, do not send it again.
        case applied(String)
        /// The change is not in place: run the step again (with approval, as any change).
        case notApplied(String)
        /// Nothing can tell: a person must decide.
        case undecided(String)
    }

    /// The providers (for the probe).
    package var registry: ProviderRegistry
    /// The run's provider context; the probe runs read-only.
    package var context: ProviderContext

    /// Creates a resolver.
    package init(registry: ProviderRegistry, context: ProviderContext) {
        self.registry = registry
        self.context = context
    }

    /// The decision for `step` (at `index`), evaluated with `machine`'s recorded context.
    package func decide(_ step: Step, index: Int, machine: inout RunStateMachine) async -> Decision {
        guard let check = step.alreadyApplied else {
            var why = "step '\(step.id)' (\(step.displayTitle)) was in flight when the run stopped and changes things, "
            why += "but it has no 'already-applied' check, so runbook cannot tell whether its change took effect"
            if !step.verify.isEmpty { why += " ('verify' reads the step's own result, which an interrupted step does not have)" }
            return .undecided(why)
        }
        var result: JSONValue = .null
        if let action = check.action {
            guard let provider = registry.provider(named: action.provider) else {
                return .undecided("no provider for the '\(action.provider)' already-applied check of step '\(step.id)'")
            }
            var probeContext = context
            probeContext.mode = .readOnly
            do {
                let payload = try machine.renderInContext(action.payload)
                let request = StepRequest(stepID: step.id, action: action, payload: payload, timeout: step.timeout, isMutating: false)
                let output = try await provider.execute(request, context: probeContext)
                if let failure = output.failure {
                    return .undecided("the already-applied check of step '\(step.id)' failed: \(failure)")
                }
                result = output.result
            } catch {
                return .undecided("the already-applied check of step '\(step.id)' could not run: \(error)")
            }
        }
        do {
            let holds = try machine.evaluate(check.assertion, inScopeOf: index, result: result).isTruthy
            return holds
                ? .applied("already applied: \(check.assertion.text)")
                : .notApplied("not applied yet: \(check.assertion.text) does not hold")
        } catch {
            return .undecided("the already-applied condition of step '\(step.id)' could not be evaluated: \(error)")
        }
    }
}
