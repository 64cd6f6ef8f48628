package import RunbookCore
package import RunbookDSL

extension RunStateMachine {
    /// What a resumed run starts from: the steps that reached a final state and the findings.
    ///
    /// This is the machine's state between two steps, which is all a journal needs to restore:
    /// the in-flight step (if any) starts again from `pending`, after resume has decided whether
    /// a mutating one already took effect.
    package struct Checkpoint: Sendable, Equatable {
        /// Final records of a prefix of the runbook's steps (by `index`).
        package var steps: [StepRecord]
        /// Every finding raised so far, with `fixedBy` set for those repaired.
        package var findings: [Finding]

        /// Creates a checkpoint.
        package init(steps: [StepRecord], findings: [Finding]) {
            self.steps = steps
            self.findings = findings
        }
    }

    /// A machine that continues a run after the steps of `checkpoint`.
    ///
    /// Records that are not final, or that do not follow on from the first step without a gap,
    /// are ignored: those steps run again. A step that failed with `on-failure: stop` stops the
    /// run again, and a `finish-if` that held still ends it early.
    package init(resuming configuration: Configuration, from checkpoint: Checkpoint) {
        self.init(configuration)
        let byIndex = Dictionary(checkpoint.steps.map { ($0.index, $0) }, uniquingKeysWith: { _, last in last })
        var index = 0
        while index < steps.count, let record = byIndex[index], record.id == steps[index].id, record.state.isFinal {
            steps[index] = record
            index += 1
        }
        cursor = index
        findings = checkpoint.findings
        for i in 0..<cursor {
            let step = runbook.steps[i]
            if steps[i].state == .failed, step.onFailure == .stop, stopReason == nil {
                stopReason = "not run: step '\(step.id)' failed"
            }
            if finishedEarlyBy == nil, [.passed, .finding, .fixed].contains(steps[i].state), let finishIf = step.finishIf,
                (try? evaluator.evaluate(finishIf, over: scope(i), variables: variables(i)).isTruthy) == true
            {
                finishedEarlyBy = step.id
            }
        }
    }

    /// Renders `value` over step `index`'s scope (run context, `result` and its captures), as
    /// recorded: used for `undo` actions.
    package mutating func render(_ value: TemplateValue, inScopeOf index: Int) throws(EvaluationError) -> JSONValue {
        try evaluator.render(value, over: scope(index), variables: variables(index))
    }

    /// Renders `value` over the run context (no step scope): used for `already-applied` probes.
    package mutating func renderInContext(_ value: TemplateValue) throws(EvaluationError) -> JSONValue {
        try evaluator.render(value, over: context(), variables: variables())
    }

    /// Evaluates `expression` over step `index`'s scope with `result` replaced (nil keeps the
    /// recorded one): used for `already-applied` conditions and `verify` on resume.
    package mutating func evaluate(
        _ expression: ExpressionSource, inScopeOf index: Int, result: JSONValue?
    ) throws(EvaluationError) -> JSONValue {
        var document = scope(index).objectValue ?? JSONObject()
        var vars = variables(index)
        if let result {
            document["result"] = result
            vars["result"] = result
        }
        return try evaluator.evaluate(expression, over: .object(document), variables: vars)
    }
}
