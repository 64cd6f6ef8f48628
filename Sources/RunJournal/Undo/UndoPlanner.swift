package import Engine
package import RunbookCore
package import RunbookDSL

/// Builds what `runbook undo` runs: the `undo` action of every change a run made, most recent
/// first, rendered over the run's recorded state, as a runbook of mutating steps that goes
/// through the engine like any other (dry run, approval, journal).
package struct UndoPlan: Sendable {
    /// A change the run made that `undo` cannot revert.
    package struct Missing: Sendable, Equatable {
        /// The step's id.
        package var stepID: String
        /// Why (no `undo`, or it could not be rendered).
        package var reason: String
    }

    /// The undo steps, in the order they run (reverse order of the changes).
    package var runbook: Runbook
    /// Changes that cannot be undone automatically.
    package var missing: [Missing]

    /// Plans the undo of `history`'s changes with `runbook` (checked unchanged by the caller);
    /// `machine` is the run restored from its journal.
    package static func plan(_ history: RunHistory, runbook: Runbook, machine: inout RunStateMachine) -> UndoPlan {
        var steps: [Step] = []
        var missing: [Missing] = []
        for change in history.appliedChanges where !history.undone.contains(change.id) {
            guard let index = runbook.index(ofStep: change.id) else {
                missing.append(Missing(stepID: change.id, reason: "the runbook no longer has this step"))
                continue
            }
            let step = runbook.steps[index]
            guard let undo = step.undo else {
                missing.append(Missing(stepID: change.id, reason: "step '\(change.id)' has no 'undo'; revert it by hand"))
                continue
            }
            do {
                let payload = try machine.render(undo.action.payload, inScopeOf: index)
                let action = Action(provider: undo.action.provider, payload: literal(payload, undo.action.location), location: undo.action.location)
                steps.append(Step(id: step.id, title: undo.title ?? "Undo: \(step.displayTitle)", action: action, location: undo.location))
            } catch {
                missing.append(Missing(stepID: change.id, reason: "cannot render the undo of step '\(change.id)': \(error)"))
            }
        }
        let undoRunbook = Runbook(
            file: runbook.file, source: runbook.source, name: runbook.name, title: "Undo run \(history.header.runID)",
            steps: steps)
        return UndoPlan(runbook: undoRunbook, missing: missing)
    }

    /// A rendered value as a template-free payload.
    static func literal(_ value: JSONValue, _ location: SourceLocation) -> TemplateValue {
        switch value {
        case .array(let items): return .array(items.map { literal($0, location) }, location)
        case .object(let o):
            return .object(o.map { TemplateMember(key: $0.key, keyLocation: location, value: literal($0.value, location)) }, location)
        default: return .literal(value, location)
        }
    }
}
