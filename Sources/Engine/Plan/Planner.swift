package import RunbookDSL

/// The whole flow of a runbook without running anything (`runbook plan`, `runbook show`).
package struct PlannedStep: Sendable, Equatable {
    /// The step's id.
    package var id: String
    /// Its title.
    package var title: String
    /// Why it is there.
    package var why: String?
    /// What the action does, templates unrendered.
    package var action: String
    /// Whether it may change anything (needs approval, skipped in dry runs).
    package var isMutating: Bool
    /// The conditions under which it runs, in words.
    package var conditions: [String]
    /// What it captures (`name = expression`).
    package var captures: [String]
    /// Its checks (`finding-name: condition`).
    package var checks: [String]
    /// Its verify checks.
    package var verify: [String]
    /// Wait, retry, timeout, on-failure and finish-if, in words.
    package var behaviour: [String]
}

/// Builds a plan from a runbook and the registry; makes no call.
package enum Planner {
    /// Every step with its conditions.
    package static func plan(_ runbook: Runbook, registry: ProviderRegistry) -> [PlannedStep] {
        runbook.steps.map { step in
            var conditions: [String] = []
            if let fixes = step.fixes { conditions.append("only if finding '\(fixes)' was raised") }
            if let when = step.when { conditions.append("when \(when.text)") }
            let mutating = registry.isMutating(step)
            if mutating { conditions.append("after approval; not sent in a dry run") }
            var behaviour: [String] = []
            if let wait = step.wait {
                var text = "repeat until \(wait.until.text), every \(DurationParser.format(wait.interval))"
                if wait.backoff != 1 { text += " (x\(format(wait.backoff)) each time)" }
                text += ", for at most \(DurationParser.format(wait.timeout))"
                behaviour.append(text)
            }
            if step.retry.count > 0 {
                behaviour.append("retry \(step.retry.count) time\(step.retry.count == 1 ? "" : "s") after \(DurationParser.format(step.retry.delay))")
            }
            if let timeout = step.timeout { behaviour.append("each attempt times out after \(DurationParser.format(timeout))") }
            if step.onFailure == .continue { behaviour.append("on failure: continue") }
            if let finishIf = step.finishIf { behaviour.append("end the run as healthy if \(finishIf.text)") }
            let action = registry.provider(named: step.action.provider)?.describe(step.action)
                ?? "\(step.action.provider) (no provider in this build)"
            return PlannedStep(
                id: step.id, title: step.displayTitle, why: step.why, action: action, isMutating: mutating,
                conditions: conditions, captures: step.captures.map { "\($0.name) = \($0.expression.text)" },
                checks: step.checks.map { "\($0.finding ?? "check"): \($0.assertion.text)" },
                verify: step.verify.map { $0.assertion.text }, behaviour: behaviour)
        }
    }

    private static func format(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
}
