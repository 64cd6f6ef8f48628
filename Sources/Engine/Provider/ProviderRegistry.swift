package import RunbookCore
package import RunbookDSL

/// The providers available to a run, by action key.
package struct ProviderRegistry: Sendable {
    private var providers: [String: any StepProvider] = [:]

    /// An empty registry.
    package init() {}

    /// A registry with these providers.
    package init(_ providers: [any StepProvider]) {
        for p in providers { register(p) }
    }

    /// Adds or replaces a provider.
    package mutating func register(_ provider: any StepProvider) { providers[provider.name] = provider }

    /// The provider for an action key.
    package func provider(named name: String) -> (any StepProvider)? { providers[name] }

    /// The action keys with a provider, sorted.
    package var names: [String] { providers.keys.sorted() }

    /// Whether a step changes anything: fixes always do; otherwise its provider decides
    /// (a step without a provider counts as mutating).
    package func isMutating(_ step: Step) -> Bool {
        if step.isFix { return true }
        return provider(named: step.action.provider)?.isMutating(step.action) ?? true
    }

    /// Every provider-level problem in the runbook, including actions no provider handles.
    package func validate(_ runbook: Runbook) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for step in runbook.steps {
            guard let provider = provider(named: step.action.provider) else {
                diagnostics.append(
                    Diagnostic(
                        code: "no-provider",
                        message: "step '\(step.id)' uses '\(step.action.provider)' steps, which this build of runbook cannot run",
                        hint: "available step types: " + names.joined(separator: ", "),
                        location: step.action.location))
                continue
            }
            diagnostics += provider.validate(step.action)
        }
        diagnostics += validateResumeActions(runbook)
        return diagnostics
    }
}
