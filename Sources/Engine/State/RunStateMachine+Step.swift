import RunbookCore
import RunbookDSL

extension RunStateMachine {
    /// Moves to the next step that needs an action, skipping what must not run.
    mutating func advance(_ events: inout [RunEvent]) -> Action {
        while cursor < steps.count {
            let index = cursor
            let step = runbook.steps[index]
            if interrupted {
                finish(index, .skipped, "run interrupted", &events)
                continue
            }
            if let stopReason {
                finish(index, .skipped, stopReason, &events)
                continue
            }
            if let by = finishedEarlyBy {
                finish(index, .skipped, "run finished early: step '\(by)' found nothing to do", &events)
                continue
            }
            if let finding = step.fixes, !findings.contains(where: { $0.name == finding && $0.isOpen }) {
                finish(index, .skipped, "finding '\(finding)' was not raised", &events)
                continue
            }
            if let when = step.when {
                do {
                    let value = try evaluator.evaluate(when, over: context(), variables: variables())
                    if !value.isTruthy {
                        finish(index, .skipped, "condition is false: when \(when.text)", &events)
                        continue
                    }
                } catch {
                    start(index, &events)
                    finish(index, .failed, "cannot evaluate 'when': \(error)", &events)
                    continue
                }
            }
            start(index, &events)
            let payload: JSONValue
            do {
                payload = try evaluator.render(step.action.payload, over: context(), variables: variables())
            } catch {
                finish(index, .failed, "cannot render the action: \(error)", &events)
                continue
            }
            let request = StepRequest(
                stepID: step.id, action: step.action, payload: payload, timeout: step.timeout, attempt: 1,
                isMutating: steps[index].isMutating)
            attempt = Attempt(retryDelay: step.retry.delay, waitInterval: step.wait?.interval ?? .zero)
            if request.isMutating {
                phase = .planning(request)
                return .plan(request)
            }
            return execute(request)
        }
        phase = .done
        let summary = self.summary
        events.append(.runFinished(summary))
        return .finish(summary)
    }

    private mutating func start(_ index: Int, _ events: inout [RunEvent]) {
        steps[index].state = .running
        steps[index].startedAt = now
        steps[index].isMutating = configuration.mutating[index]
        let step = runbook.steps[index]
        events.append(
            .stepStarted(id: step.id, index: index, title: step.displayTitle, isMutating: steps[index].isMutating, at: now))
    }

    /// A mutating request was planned: skip it (dry run), run it (approved) or ask.
    mutating func planned(_ request: StepRequest, _ result: Result<StepPlan, StepFailure>, _ events: inout [RunEvent]) -> Action {
        var plan: StepPlan? = nil
        switch result {
        case .success(let p):
            plan = p
            steps[cursor].plan = p
            events.append(.requestPlanned(id: request.stepID, plan: p))
        case .failure(let failure):
            steps[cursor].message = "could not show the request: \(failure.message)"
        }
        if configuration.dryRun {
            finish(cursor, .skipped, "dry run: mutating request not sent", &events)
            return advance(&events)
        }
        if approveAll {
            events.append(.approvalDecided(id: request.stepID, decision: .yes))
            return execute(request)
        }
        phase = .approving(request)
        let fixes = runbook.steps[cursor].fixes
        return .askApproval(request, plan: plan, finding: findings.last { $0.name == fixes && $0.isOpen })
    }

    /// An attempt ended: retry, poll again, or evaluate captures, checks, verify and finish-if.
    mutating func executed(_ request: StepRequest, _ result: Result<StepOutput, StepFailure>, _ events: inout [RunEvent]) -> Action {
        let index = cursor
        let step = runbook.steps[index]
        steps[index].attempts += 1
        let failureMessage: String?
        switch result {
        case .success(let output):
            steps[index].result = output.result
            steps[index].log = output.log
            if let line = output.commandLine { steps[index].commandLines.append(line) }
            failureMessage = output.failure
        case .failure(let failure):
            failureMessage = failure.message
        }
        if let failureMessage {
            if attempt.retriesUsed < step.retry.count {
                attempt.retriesUsed += 1
                let delay = attempt.retryDelay
                attempt.retryDelay = attempt.retryDelay * step.retry.backoff
                events.append(.attemptFailed(id: step.id, attempt: steps[index].attempts, message: failureMessage, retryIn: delay))
                phase = .sleeping(request)
                return .sleep(delay)
            }
            let tries = steps[index].attempts
            finish(index, .failed, tries > 1 ? "\(failureMessage) (after \(tries) attempts)" : failureMessage, &events)
            return advance(&events)
        }
        attempt.retriesUsed = 0
        attempt.retryDelay = step.retry.delay
        do {
            try capture(index)
            if let wait = step.wait {
                let waitStart = attempt.waitStartedAt ?? steps[index].startedAt ?? now
                attempt.waitStartedAt = waitStart
                if !(try evaluator.evaluate(wait.until, over: scope(index), variables: variables(index)).isTruthy) {
                    let elapsed = now - waitStart
                    let interval = attempt.waitInterval
                    if elapsed + interval > wait.timeout {
                        finish(
                            index, .failed,
                            "timed out after \(DurationParser.format(elapsed)) waiting for '\(wait.until.text)' (timeout \(DurationParser.format(wait.timeout)))",
                            &events)
                        return advance(&events)
                    }
                    var next = interval * wait.backoff
                    if let cap = wait.maxInterval, next > cap { next = cap }
                    attempt.waitInterval = next
                    events.append(
                        .waiting(id: step.id, attempt: steps[index].attempts, elapsed: elapsed, condition: wait.until.text, nextIn: interval))
                    phase = .sleeping(request)
                    return .sleep(interval)
                }
            }
            let raised = try runChecks(index, &events)
            var state: StepState = raised ? .finding : .passed
            var message: String? = nil
            if let fixes = step.fixes {
                if let failed = try runVerify(index) {
                    finish(index, .failed, "verify failed: \(failed)", &events)
                    return advance(&events)
                }
                for i in findings.indices where findings[i].name == fixes && findings[i].isOpen {
                    findings[i].fixedBy = step.id
                }
                events.append(.findingFixed(name: fixes, stepID: step.id))
                state = raised ? .finding : .fixed
                message = step.verify.isEmpty ? "fixed '\(fixes)' (no verify)" : "fixed '\(fixes)', verified"
            }
            if let finishIf = step.finishIf,
                try evaluator.evaluate(finishIf, over: scope(index), variables: variables(index)).isTruthy
            {
                finishedEarlyBy = step.id
                message = "nothing more to do: finish-if \(finishIf.text)"
            }
            finish(index, state, message, &events)
        } catch {
            finish(index, .failed, "\(error)", &events)
        }
        return advance(&events)
    }

    /// Evaluates the step's captures over its result.
    private mutating func capture(_ index: Int) throws(EvaluationError) {
        let result = steps[index].result ?? .null
        var captures = JSONObject()
        for capture in runbook.steps[index].captures {
            captures[capture.name] = try evaluator.evaluate(capture.expression, over: result, variables: variables(index))
        }
        steps[index].captures = captures
    }

    /// Runs `check`; returns whether any finding was raised.
    private mutating func runChecks(_ index: Int, _ events: inout [RunEvent]) throws(EvaluationError) -> Bool {
        var raised = false
        let step = runbook.steps[index]
        for check in step.checks {
            let scope = scope(index)
            guard !(try evaluator.evaluate(check.assertion, over: scope, variables: variables(index)).isTruthy) else { continue }
            let evidence = try self.evidence(check, index: index, scope: scope)
            let message = try render(check, scope: scope, evidence: evidence, index: index)
            let finding = Finding(
                name: check.finding ?? "check-failed", stepID: step.id, message: message, evidence: evidence,
                location: check.location)
            findings.append(finding)
            steps[index].findings.append(finding.name)
            events.append(.findingRaised(finding))
            raised = true
        }
        return raised
    }

    /// Runs `verify`; returns the message of the first check that failed.
    private mutating func runVerify(_ index: Int) throws(EvaluationError) -> String? {
        for check in runbook.steps[index].verify {
            let scope = scope(index)
            guard !(try evaluator.evaluate(check.assertion, over: scope, variables: variables(index)).isTruthy) else { continue }
            let evidence = try self.evidence(check, index: index, scope: scope)
            return try render(check, scope: scope, evidence: evidence, index: index)
        }
        return nil
    }

    private mutating func evidence(_ check: Check, index: Int, scope: JSONValue) throws(EvaluationError) -> JSONObject {
        var evidence = JSONObject()
        if check.evidence.isEmpty {
            // By default, the captures and the result the condition reads.
            let captures = steps[index].captures
            for case .root(let name, _) in ExpressionScanner.references(in: check.assertion.text) {
                if let value = captures[name] { evidence[name] = value }
            }
        } else {
            for item in check.evidence {
                evidence[item.name] = try evaluator.evaluate(item.expression, over: scope, variables: variables(index))
            }
        }
        return evidence
    }

    private mutating func render(_ check: Check, scope: JSONValue, evidence: JSONObject, index: Int) throws(EvaluationError) -> String {
        guard let template = check.message else { return "check failed: \(check.assertion.text)" }
        var withEvidence = scope.objectValue ?? JSONObject()
        withEvidence["evidence"] = .object(evidence)
        return Evaluator.text(of: try evaluator.render(template, over: .object(withEvidence), variables: variables(index)))
    }
}
