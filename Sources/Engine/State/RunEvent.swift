package import RunbookCore

/// A decision on a mutating step.
package enum ApprovalDecision: Sendable, Equatable {
    /// Run this step.
    case yes
    /// Do not run this step.
    case no
    /// Run this step and every later one without asking.
    case all
    /// Nobody could be asked; the message says how to approve (e.g. `--yes`).
    case refused(String)
}

/// An observable transition of a run, in the order it happened.
///
/// Printers, reports and (later) the durable journal consume these; every step transition is
/// one event, so a run can be replayed from them.
package enum RunEvent: Sendable, Equatable {
    /// The run began, with its resolved parameters (secrets redacted by the driver).
    case runStarted(runID: String, runbook: String, title: String?, params: JSONObject, dryRun: Bool)
    /// A step is running now.
    case stepStarted(id: String, index: Int, title: String, isMutating: Bool, at: Duration)
    /// A mutating step's request was rendered (dry run, or before asking approval).
    case requestPlanned(id: String, plan: StepPlan)
    /// A mutating step was approved, denied or refused.
    case approvalDecided(id: String, decision: ApprovalDecision)
    /// An attempt failed and will be retried after `retryIn`.
    case attemptFailed(id: String, attempt: Int, message: String, retryIn: Duration)
    /// A wait condition does not hold yet; the next poll is in `nextIn`.
    case waiting(id: String, attempt: Int, elapsed: Duration, condition: String, nextIn: Duration)
    /// A check failed and raised a finding.
    case findingRaised(Finding)
    /// A fix repaired a finding (and its verify checks held).
    case findingFixed(name: String, stepID: String)
    /// A step reached a final state.
    case stepFinished(StepRecord)
    /// The run ended.
    case runFinished(RunSummary)
}

/// Receives a run's events as they happen (printers, reports, journals).
///
/// Implementers must not block for long: the run waits for each event to be handled, which is
/// what lets a journal make a transition durable before the next side effect.
package protocol RunObserver: Sendable {
    /// Handles one event.
    func handle(_ event: RunEvent) async
}
