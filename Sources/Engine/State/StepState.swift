package import RunbookCore

/// Where a step is in its life. Valid transitions (enforced by ``RunStateMachine``):
///
/// - `pending` → `running` (its turn came and it will run) or `skipped` (its `when` is false,
///   the finding it fixes was not raised, the run stopped or finished early).
/// - `running` → `passed` (action succeeded, every check held), `finding` (a check failed and
///   raised a finding), `fixed` (a fix ran and its `verify` held), `skipped` (dry run of a
///   mutating step, or approval denied) or `failed` (action failed after retries, wait or
///   attempt timed out, an expression could not be evaluated, `verify` failed, interrupted).
/// - `passed`, `finding`, `fixed`, `skipped` and `failed` are final.
package enum StepState: String, Sendable, Equatable, Codable, CaseIterable {
    /// Not reached yet.
    case pending
    /// Being executed (including waits, retries and approval).
    case running
    /// Ran; every check held.
    case passed
    /// Ran; at least one check raised a finding.
    case finding
    /// A fix ran and its verify checks held.
    case fixed
    /// Did not run (see the step's message for why).
    case skipped
    /// Could not complete (see the step's message).
    case failed

    /// Whether the state is final.
    package var isFinal: Bool { self != .pending && self != .running }
}

/// A named problem raised by a failed check: the diagnosis, with the values it looked at.
package struct Finding: Sendable, Equatable {
    /// The finding's name (`finding:` of the check).
    package var name: String
    /// The step whose check raised it.
    package var stepID: String
    /// The rendered message (or the condition that failed when the check has no message).
    package var message: String
    /// The values the check looked at.
    package var evidence: JSONObject
    /// Whether a fix repaired it (and, if the fix has `verify`, proved it).
    package var fixedBy: String?
    /// Where the check is written.
    package var location: SourceLocation

    /// Creates a finding.
    package init(name: String, stepID: String, message: String, evidence: JSONObject, fixedBy: String? = nil, location: SourceLocation) {
        self.name = name
        self.stepID = stepID
        self.message = message
        self.evidence = evidence
        self.fixedBy = fixedBy
        self.location = location
    }

    /// Whether no fix has repaired it yet.
    package var isOpen: Bool { fixedBy == nil }
}

/// Everything known about one step of a run.
package struct StepRecord: Sendable, Equatable {
    /// The step's id.
    package var id: String
    /// Its position in the runbook.
    package var index: Int
    /// Its state.
    package var state: StepState = .pending
    /// Why it was skipped or failed, or what it did.
    package var message: String?
    /// When it started, on the run's clock.
    package var startedAt: Duration?
    /// When it reached a final state, on the run's clock.
    package var finishedAt: Duration?
    /// How many times the action ran (retries and wait polls included).
    package var attempts: Int = 0
    /// The last result.
    package var result: JSONValue?
    /// Captured values by name.
    package var captures = JSONObject()
    /// Whether the step was considered mutating.
    package var isMutating: Bool = false
    /// What a dry run would have sent, or what was approved.
    package var plan: StepPlan?
    /// The command lines that reproduce the calls made.
    package var commandLines: [String] = []
    /// The last log text (stderr).
    package var log: String?
    /// Names of findings this step raised.
    package var findings: [String] = []

    /// Creates a pending record.
    package init(id: String, index: Int) {
        self.id = id
        self.index = index
    }

    /// How long the step took, once final.
    package var duration: Duration? {
        guard let startedAt, let finishedAt else { return nil }
        return finishedAt - startedAt
    }
}

/// The exit statuses of `runbook run`, as documented.
package enum ExitStatus: Int32, Sendable, Equatable, Codable {
    /// Healthy, or repaired and verified.
    case healthy = 0
    /// Findings remain.
    case findings = 1
    /// Usage or runbook error (nothing ran).
    case usage = 2
    /// A step failed (error after retries, timeout, failed verify).
    case stepFailed = 3
    /// Interrupted (Ctrl-C).
    case interrupted = 130
}

/// The outcome of a run.
package struct RunSummary: Sendable, Equatable {
    /// The run's id.
    package var runID: String
    /// The runbook's name.
    package var runbook: String
    /// Whether it was a dry run.
    package var dryRun: Bool
    /// Every step, in order.
    package var steps: [StepRecord]
    /// Every finding, in the order raised.
    package var findings: [Finding]
    /// The exit status.
    package var status: ExitStatus
    /// Set when a `finish-if` ended the run early: the step that did.
    package var finishedEarlyBy: String?
    /// How long the run took on its clock.
    package var duration: Duration

    /// Number of steps in a state.
    package func count(_ state: StepState) -> Int { steps.filter { $0.state == state }.count }

    /// Findings not repaired.
    package var openFindings: [Finding] { findings.filter(\.isOpen) }
}
