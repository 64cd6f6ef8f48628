import RunbookCore
import RunbookDSL

/// Carries out a ``RunStateMachine``'s actions: calls providers, the approver and the clock,
/// feeds the outcomes back, and hands every event to the observers (secrets redacted).
///
/// Cancellation of the calling task (Ctrl-C) becomes an `interrupted` input: the current step
/// is marked failed, the rest skipped, and the run finishes with status 130.
package struct RunDriver: Sendable {
    /// The providers, by action key.
    package var registry: ProviderRegistry
    /// The run's clock.
    package var clock: any EngineClock
    /// Who decides on mutating steps.
    package var approver: any Approver
    /// Who hears about every transition.
    package var observers: [any RunObserver]
    /// Hides secret values from observers.
    package var redactor: Redactor
    /// What providers are told about the run (its mode is set from the run: read-only for dry runs).
    package var providerContext: ProviderContext

    /// Creates a driver.
    package init(
        registry: ProviderRegistry, clock: any EngineClock = SystemClock(), approver: any Approver,
        observers: [any RunObserver] = [], redactor: Redactor = Redactor(secrets: []), providerContext: ProviderContext
    ) {
        self.registry = registry
        self.clock = clock
        self.approver = approver
        self.observers = observers
        self.redactor = redactor
        self.providerContext = providerContext
    }

    /// Runs the machine to the end and returns its summary.
    package func run(_ machine: inout RunStateMachine) async -> RunSummary {
        var context = providerContext
        context.mode = machine.configuration.dryRun ? .readOnly : .live
        var (events, action) = machine.handle(.start(at: clock.now))
        while true {
            await publish(events)
            let input: RunStateMachine.Input
            if Task.isCancelled, !isFinish(action) {
                input = .interrupted(at: clock.now)
            } else {
                switch action {
                case .finish(let summary):
                    return summary
                case .plan(let request):
                    var planContext = context
                    planContext.mode = .readOnly
                    input = .planned(await plan(request, context: planContext))
                case .askApproval(let request, let plan, let finding):
                    let title = machine.runbook.step(request.stepID)?.displayTitle ?? request.stepID
                    let decision = await approver.approve(
                        ApprovalRequest(stepID: request.stepID, title: title, plan: plan, finding: finding))
                    input = Task.isCancelled ? .interrupted(at: clock.now) : .approval(decision)
                case .execute(let request):
                    let result = await execute(request, context: context)
                    input = Task.isCancelled ? .interrupted(at: clock.now) : .executed(result, at: clock.now)
                case .sleep(let duration):
                    do {
                        try await clock.sleep(for: duration)
                        input = .slept(at: clock.now)
                    } catch {
                        input = .interrupted(at: clock.now)
                    }
                }
            }
            (events, action) = machine.handle(input)
        }
    }

    private func isFinish(_ action: RunStateMachine.Action) -> Bool {
        if case .finish = action { return true }
        return false
    }

    private func plan(_ request: StepRequest, context: ProviderContext) async -> Result<StepPlan, StepFailure> {
        guard let provider = registry.provider(named: request.action.provider) else {
            return .failure(StepFailure("no provider for '\(request.action.provider)' steps"))
        }
        do {
            return .success(try await provider.plan(request, context: context))
        } catch {
            return .failure(StepFailure("\(error)"))
        }
    }

    private func execute(_ request: StepRequest, context: ProviderContext) async -> Result<StepOutput, StepFailure> {
        guard let provider = registry.provider(named: request.action.provider) else {
            return .failure(StepFailure("no provider for '\(request.action.provider)' steps"))
        }
        // Defence in depth: never hand a mutating request to a provider during a dry run.
        if context.mode != .live, request.isMutating {
            return .failure(StepFailure("refused: '\(request.stepID)' is mutating and the run is read-only"))
        }
        do {
            return .success(try await provider.execute(request, context: context))
        } catch {
            return .failure(StepFailure("\(error)"))
        }
    }

    private func publish(_ events: [RunEvent]) async {
        for event in events {
            let shown = redact(event)
            for observer in observers { await observer.handle(shown) }
        }
    }

    /// The event with secrets hidden in every text and value it carries.
    package func redact(_ event: RunEvent) -> RunEvent {
        guard !redactor.secrets.isEmpty else { return event }
        switch event {
        case .runStarted(let id, let runbook, let title, let params, let dryRun):
            return .runStarted(runID: id, runbook: runbook, title: title, params: redact(params), dryRun: dryRun)
        case .requestPlanned(let id, let plan):
            return .requestPlanned(id: id, plan: redact(plan))
        case .attemptFailed(let id, let attempt, let message, let retryIn):
            return .attemptFailed(id: id, attempt: attempt, message: redactor.redact(message), retryIn: retryIn)
        case .findingRaised(let finding):
            return .findingRaised(redact(finding))
        case .stepFinished(let record):
            return .stepFinished(redact(record))
        case .runFinished(var summary):
            summary.steps = summary.steps.map(redact)
            summary.findings = summary.findings.map(redact)
            return .runFinished(summary)
        default:
            return event
        }
    }

    private func redact(_ object: JSONObject) -> JSONObject { redactor.redact(.object(object)).objectValue ?? object }

    private func redact(_ plan: StepPlan) -> StepPlan {
        var p = plan
        p.summary = redactor.redact(p.summary)
        p.request = redactor.redact(p.request)
        p.commandLine = p.commandLine.map(redactor.redact)
        p.diff = p.diff.map(redactor.redact)
        return p
    }

    private func redact(_ finding: Finding) -> Finding {
        var f = finding
        f.message = redactor.redact(f.message)
        f.evidence = redact(f.evidence)
        return f
    }

    private func redact(_ record: StepRecord) -> StepRecord {
        var r = record
        r.message = r.message.map(redactor.redact)
        r.result = r.result.map(redactor.redact)
        r.captures = redact(r.captures)
        r.plan = r.plan.map(redact)
        r.commandLines = r.commandLines.map(redactor.redact)
        r.log = r.log.map(redactor.redact)
        return r
    }
}
