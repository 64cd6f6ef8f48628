import RunbookCore
import RunbookDSL

extension ProviderRegistry {
    /// Provider checks for the `undo` and `already-applied` actions; the probe must be read-only,
    /// since resume runs it before knowing whether the step's change happened.
    func validateResumeActions(_ runbook: Runbook) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for step in runbook.steps {
            let actions = [step.undo?.action, step.alreadyApplied?.action].compactMap { $0 }
            for action in actions {
                guard let provider = provider(named: action.provider) else {
                    diagnostics.append(
                        Diagnostic(
                            code: "no-provider",
                            message: "step '\(step.id)' uses '\(action.provider)' steps, which this build of runbook cannot run",
                            hint: "available step types: " + names.joined(separator: ", "), location: action.location))
                    continue
                }
                diagnostics += provider.validate(action)
            }
            if let probe = step.alreadyApplied?.action, let provider = provider(named: probe.provider), provider.isMutating(probe) {
                diagnostics.append(
                    Diagnostic(
                        code: "mutating-probe",
                        message: "the 'already-applied' check of step '\(step.id)' may change things",
                        hint: "resume runs it before knowing whether the step took effect; make it read-only (for shell: 'read-only: true')",
                        location: probe.location))
            }
        }
        return diagnostics
    }
}
