package import RunbookCore
package import RunbookDSL

/// The run as a pure state machine: inputs (started, planned, approved, executed, slept,
/// interrupted) go in; events (what changed) and the next ``Action`` come out.
///
/// It never performs I/O: the ``RunDriver`` carries out each action (calling providers, the
/// approver and the clock) and feeds the outcome back. Expressions are evaluated inside, since
/// evaluation is pure. The machine's fields are the whole state of a run, which is what a
/// checkpoint needs.
package struct RunStateMachine: Sendable {
    /// What the run was started with.
    package struct Configuration: Sendable {
        /// The runbook.
        package var runbook: Runbook
        /// Resolved parameters.
        package var params: JSONObject
        /// The environment (`env` in expressions).
        package var environment: [String: String]
        /// `aws` in expressions: `{account, region}`.
        package var aws: JSONValue
        /// The run's id.
        package var runID: String
        /// Dry run: mutating steps are planned, never executed.
        package var dryRun: Bool
        /// Whether each step is mutating, by index.
        package var mutating: [Bool]
        /// Approve every mutating step without asking (`--yes`).
        package var approveAll: Bool

        /// Creates a configuration.
        package init(
            runbook: Runbook, params: JSONObject, environment: [String: String] = [:], aws: JSONValue = .null,
            runID: String, dryRun: Bool = false, mutating: [Bool], approveAll: Bool = false
        ) {
            self.runbook = runbook
            self.params = params
            self.environment = environment
            self.aws = aws
            self.runID = runID
            self.dryRun = dryRun
            self.mutating = mutating
            self.approveAll = approveAll
        }
    }

    /// What the driver must do next.
    package enum Action: Sendable, Equatable {
        /// Render what the mutating request would do (provider `plan`), then report ``Input/planned(_:)``.
        case plan(StepRequest)
        /// Ask the approver about a mutating step, then report ``Input/approval(_:)``.
        case askApproval(StepRequest, plan: StepPlan?, finding: Finding?)
        /// Run the request (provider `execute`), then report ``Input/executed(_:at:)``.
        case execute(StepRequest)
        /// Sleep on the run's clock, then report ``Input/slept(at:)``.
        case sleep(Duration)
        /// The run is over.
        case finish(RunSummary)
    }

    /// What happened since the last action.
    package enum Input: Sendable, Equatable {
        /// Begin the run.
        case start(at: Duration)
        /// The plan of the current request, or why it could not be made.
        case planned(Result<StepPlan, StepFailure>)
        /// The approver's decision.
        case approval(ApprovalDecision)
        /// The outcome of running the current request.
        case executed(Result<StepOutput, StepFailure>, at: Duration)
        /// The requested sleep is over.
        case slept(at: Duration)
        /// Ctrl-C or termination.
        case interrupted(at: Duration)
    }

    /// Where the current step is.
    enum Phase: Sendable, Equatable {
        case notStarted
        case planning(StepRequest)
        case approving(StepRequest)
        case executing(StepRequest)
        case sleeping(StepRequest)
        case done
    }

    /// Retry and wait bookkeeping for the current step.
    struct Attempt: Sendable, Equatable {
        var retriesUsed = 0
        var retryDelay: Duration = .zero
        var waitStartedAt: Duration? = nil
        var waitInterval: Duration = .zero
    }

    /// The configuration.
    package let configuration: Configuration
    /// Every step's record.
    package internal(set) var steps: [StepRecord]
    /// Every finding raised.
    package internal(set) var findings: [Finding] = []
    /// The current step.
    package internal(set) var cursor = 0
    var phase: Phase = .notStarted
    var attempt = Attempt()
    var approveAll: Bool
    var stopReason: String? = nil
    var finishedEarlyBy: String? = nil
    var interrupted = false
    var startedAt: Duration = .zero
    var now: Duration = .zero
    var evaluator = Evaluator()

    /// A machine for a run that has not started.
    package init(_ configuration: Configuration) {
        self.configuration = configuration
        self.steps = configuration.runbook.steps.enumerated().map { StepRecord(id: $0.element.id, index: $0.offset) }
        self.approveAll = configuration.approveAll
    }

    /// The runbook being run.
    package var runbook: Runbook { configuration.runbook }

    /// Feeds one input; returns what changed and what to do next.
    package mutating func handle(_ input: Input) -> (events: [RunEvent], action: Action) {
        var events: [RunEvent] = []
        let action = step(input, &events)
        return (events, action)
    }

    private mutating func step(_ input: Input, _ events: inout [RunEvent]) -> Action {
        switch (input, phase) {
        case (.start(let at), .notStarted):
            now = at
            startedAt = at
            events.append(
                .runStarted(
                    runID: configuration.runID, runbook: runbook.name, title: runbook.title, params: configuration.params,
                    dryRun: configuration.dryRun))
            return advance(&events)
        case (.interrupted(let at), _):
            now = at
            interrupted = true
            if cursor < steps.count, steps[cursor].state == .running {
                finish(cursor, .failed, "interrupted", &events)
            }
            return advance(&events)
        case (.planned(let result), .planning(let request)):
            return planned(request, result, &events)
        case (.approval(let decision), .approving(let request)):
            events.append(.approvalDecided(id: request.stepID, decision: decision))
            switch decision {
            case .yes:
                return execute(request)
            case .all:
                approveAll = true
                return execute(request)
            case .no:
                finish(cursor, .skipped, "not approved", &events)
                return advance(&events)
            case .refused(let why):
                finish(cursor, .skipped, "not approved: \(why)", &events)
                return advance(&events)
            }
        case (.executed(let result, let at), .executing(let request)):
            now = at
            return executed(request, result, &events)
        case (.slept(let at), .sleeping(let request)):
            now = at
            var next = request
            next.attempt += 1
            return execute(next)
        default:
            preconditionFailure("input \(input) is not valid in phase \(phase)")
        }
    }

    /// Runs the request as the current phase.
    mutating func execute(_ request: StepRequest) -> Action {
        phase = .executing(request)
        return .execute(request)
    }

    /// Moves a step to a final state and records the event.
    mutating func finish(_ index: Int, _ state: StepState, _ message: String?, _ events: inout [RunEvent]) {
        steps[index].state = state
        if let message { steps[index].message = message }
        if steps[index].startedAt == nil { steps[index].startedAt = now }
        steps[index].finishedAt = now
        events.append(.stepFinished(steps[index]))
        if index == cursor {
            cursor += 1
            phase = .notStarted
            attempt = Attempt()
        }
        if state == .failed, configuration.runbook.steps[index].onFailure == .stop, stopReason == nil {
            stopReason = "not run: step '\(steps[index].id)' failed"
        }
    }

    /// The summary of the run so far.
    package var summary: RunSummary {
        let status: ExitStatus
        if interrupted {
            status = .interrupted
        } else if steps.enumerated().contains(where: { $0.element.state == .failed && runbook.steps[$0.offset].onFailure == .stop }) {
            status = .stepFailed
        } else if findings.contains(where: \.isOpen) {
            status = .findings
        } else {
            status = .healthy
        }
        return RunSummary(
            runID: configuration.runID, runbook: runbook.name, dryRun: configuration.dryRun, steps: steps,
            findings: findings, status: status, finishedEarlyBy: finishedEarlyBy, duration: now - startedAt)
    }
}

/// Why a provider could not plan or run a request.
package struct StepFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for people.
    package var message: String

    /// Creates a failure.
    package init(_ message: String) { self.message = message }

    /// The message.
    package var description: String { message }
}
