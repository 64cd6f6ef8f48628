package import RunbookCore
import RunbookDSL

extension RunStateMachine {
    /// The run context: `{params, steps, env, aws, run}`.
    ///
    /// `steps.<id>` is `{state, result, <captures>...}` for every step; a step that has not run
    /// has state `pending` and no result.
    package func context() -> JSONValue {
        var stepsObject = JSONObject()
        for record in steps {
            var entry = JSONObject()
            entry["state"] = .string(record.state.rawValue)
            entry["result"] = record.result ?? .null
            for member in record.captures { entry[member.key] = member.value }
            stepsObject[record.id] = .object(entry)
        }
        var env = JSONObject()
        for key in configuration.environment.keys.sorted() { env[key] = .string(configuration.environment[key] ?? "") }
        // `run.findings`: what was diagnosed so far (a notifier step can send it).
        let findingsSoFar: [JSONValue] = findings.map { f in
            ["name": .string(f.name), "step": .string(f.stepID), "message": .string(f.message),
             "fixed_by": f.fixedBy.map(JSONValue.string) ?? .null]
        }
        let run: JSONValue = [
            "id": .string(configuration.runID), "runbook": .string(runbook.name), "dry_run": .bool(configuration.dryRun),
            "findings": .array(findingsSoFar),
        ]
        return .object(
            JSONObject([
                ("params", .object(configuration.params)), ("steps", .object(stepsObject)), ("env", .object(env)),
                ("aws", configuration.aws), ("run", run),
            ]))
    }

    /// The step scope: the context plus `result` and the step's own captures at the top.
    package func scope(_ index: Int) -> JSONValue {
        var object = context().objectValue ?? JSONObject()
        object["result"] = steps[index].result ?? .null
        for member in steps[index].captures where !StepScope.reservedNames.contains(member.key) {
            object[member.key] = member.value
        }
        return .object(object)
    }

    /// `$params`, `$steps`, ... (and `$result` for a step) for expressions whose root is elsewhere.
    func variables(_ index: Int? = nil) -> [String: JSONValue] {
        var vars: [String: JSONValue] = [:]
        for member in context().objectValue ?? JSONObject() { vars[member.key] = member.value }
        if let index { vars["result"] = steps[index].result ?? .null }
        return vars
    }
}
