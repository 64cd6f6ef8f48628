import RunbookCore

/// What the approver is asked about: one mutating step and the exact request.
package struct ApprovalRequest: Sendable, Equatable {
    /// The step's id.
    package var stepID: String
    /// The step's title.
    package var title: String
    /// What would be sent (nil when the provider could not render it).
    package var plan: StepPlan?
    /// The finding the step fixes, when it is a fix.
    package var finding: Finding?

    /// Creates a request.
    package init(stepID: String, title: String, plan: StepPlan?, finding: Finding?) {
        self.stepID = stepID
        self.title = title
        self.plan = plan
        self.finding = finding
    }
}

/// Decides whether a mutating step may run.
///
/// Implementers must return promptly when the task is cancelled (answer `.no`).
package protocol Approver: Sendable {
    /// The decision for one step.
    func approve(_ request: ApprovalRequest) async -> ApprovalDecision
}

/// Approves everything (`--yes`).
package struct ApproveAll: Approver {
    /// Creates the approver.
    package init() {}
    /// Always `.yes`.
    package func approve(_ request: ApprovalRequest) async -> ApprovalDecision { .yes }
}

/// Refuses everything, saying how to approve: used when there is no terminal and no `--yes`.
package struct RefuseWithoutTerminal: Approver {
    /// Creates the approver.
    package init() {}
    /// Always `.refused` with the way out.
    package func approve(_ request: ApprovalRequest) async -> ApprovalDecision {
        .refused("no terminal to ask for approval; re-run with --yes to approve changes, or run it in a terminal")
    }
}
