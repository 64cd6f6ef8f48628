package import Engine
import RunbookCore

/// A run as its journal tells it: the header, each process that drove it, every step that
/// reached a final state, the findings, and the step (if any) that was in flight when it stopped.
///
/// Built by folding the records in order. Three rules make the fold safe to resume from:
/// - a step counts as done only with a `step_finished` record; findings and fixes it produced
///   count only then (a crash between the two leaves the step to run again);
/// - the records an interruption writes for the steps it cut short (`failed: interrupted`,
///   `skipped: run interrupted`) do not count: those steps are in flight or still to run;
/// - `request_sent` without `step_finished` marks a mutating step that may have taken effect.
package struct RunHistory: Sendable {
    /// A process that drove the run.
    package struct Session: Sendable, Equatable {
        /// `run`, `resume` or `undo`.
        package var kind: String
        /// When it began (seconds since 1970).
        package var at: Double
        /// Its process id.
        package var pid: Int
        /// Its host.
        package var host: String
        /// Its exit status, when it wrote `run_finished`.
        package var status: ExitStatus?
        /// Whether it was a dry run (undo sessions).
        package var dryRun: Bool
    }

    /// The step in flight when the run stopped.
    package struct InFlight: Sendable, Equatable {
        /// Its id.
        package var stepID: String
        /// Its index.
        package var index: Int
        /// Whether it is mutating.
        package var isMutating: Bool
        /// Whether its request may have gone out (approved, `request_sent` written).
        package var requestSent: Bool

        /// Creates a description of an in-flight step.
        package init(stepID: String, index: Int, isMutating: Bool, requestSent: Bool) {
            self.stepID = stepID
            self.index = index
            self.isMutating = isMutating
            self.requestSent = requestSent
        }
    }

    /// Where the run stands.
    package enum State: Sendable, Equatable {
        /// It ended with this status (not 130).
        case finished(ExitStatus)
        /// It was interrupted (Ctrl-C) or crashed: resumable.
        case interrupted
    }

    /// The header.
    package var header: RunHeader
    /// Every intact record.
    package var records: [JournalRecord]
    /// Bytes of a torn tail that were ignored.
    package var ignoredBytes: Int
    /// The processes that drove the run, in order.
    package var sessions: [Session] = []
    /// Final records of the steps that completed, by index.
    package var steps: [Int: StepRecord] = [:]
    /// Step ids in the order they completed.
    package var completionOrder: [String] = []
    /// Findings of completed steps, in order, with `fixedBy` set when fixed.
    package var findings: [Finding] = []
    /// Steps whose undo completed, in order.
    package var undone: [String] = []
    /// Steps whose undo was sent but not recorded as finished.
    package var undoInFlight: Set<String> = []
    /// Resume decisions, as `(step, decision)`.
    package var decisions: [(step: String, decision: String)] = []
    private var started: [String: (index: Int, mutating: Bool)] = [:]
    private var requestSent: Set<String> = []

    /// Folds the records of a journal.
    package init(_ contents: JournalReader.Contents) throws(JournalError) {
        guard let first = contents.records.first, first.type == "run" else {
            throw JournalError(.badRecord, "the journal does not start with a run record")
        }
        header = try RunHeader(json: .object(first.fields))
        records = contents.records
        ignoredBytes = contents.ignoredBytes
        var sessionStart = 1
        while sessionStart < records.count {
            var end = sessionStart + 1
            while end < records.count, records[end].type != "session" { end += 1 }
            fold(records[sessionStart..<end])
            sessionStart = end
        }
    }

    private mutating func fold(_ slice: ArraySlice<JournalRecord>) {
        let head = slice.first
        let kind = head?.type == "session" ? (head?["kind"]?.stringValue ?? "run") : "run"
        var session = Session(
            kind: kind, at: head?.at ?? header.startedAt, pid: head.flatMap { if case .integer(let p)? = $0["pid"] { p } else { nil } } ?? 0,
            host: head?["host"]?.stringValue ?? "", status: nil, dryRun: head?["dry_run"]?.boolValue ?? false)
        let interrupted = slice.contains { $0.type == "run_finished" && Self.status($0) == .interrupted }
        var pendingFindings: [String: [Finding]] = [:]
        var pendingFixes: [String: [String]] = [:]
        for record in slice {
            let step = record["step"]?.stringValue ?? ""
            switch record.type {
            case "step_started":
                if kind == "undo" { continue }
                var index = 0
                if case .integer(let i)? = record["index"] { index = i }
                started[step] = (index, record["mutating"]?.boolValue ?? false)
                pendingFindings[step] = []
                pendingFixes[step] = []
            case "request_sent":
                if kind == "undo" { undoInFlight.insert(step) } else { requestSent.insert(step) }
            case "finding":
                if let f = record["finding"], let finding = try? EngineJSON.finding(f) {
                    pendingFindings[finding.stepID, default: []].append(finding)
                }
            case "fixed":
                if let name = record["finding"]?.stringValue { pendingFixes[step, default: []].append(name) }
            case "step_finished":
                guard let value = record["record"], let r = try? EngineJSON.stepRecord(value) else { continue }
                if interrupted, Self.isCutShort(r) { continue }
                if kind == "undo" {
                    undoInFlight.remove(r.id)
                    if r.state == .passed, !session.dryRun { undone.append(r.id) }
                    continue
                }
                steps[r.index] = r
                completionOrder.append(r.id)
                requestSent.remove(r.id)
                findings += pendingFindings[r.id] ?? []
                for name in pendingFixes[r.id] ?? [] {
                    for i in findings.indices where findings[i].name == name && findings[i].isOpen { findings[i].fixedBy = r.id }
                }
                pendingFindings[r.id] = nil
                pendingFixes[r.id] = nil
            case "run_finished":
                session.status = Self.status(record)
            case "resume_decision":
                decisions.append((step, record["decision"]?.stringValue ?? ""))
            default:
                continue
            }
        }
        sessions.append(session)
    }

    private static func status(_ record: JournalRecord) -> ExitStatus? {
        guard case .integer(let s)? = record["status"] else { return nil }
        return ExitStatus(rawValue: Int32(truncatingIfNeeded: s))
    }

    /// Whether an interruption wrote this record for a step it cut short.
    private static func isCutShort(_ r: StepRecord) -> Bool {
        (r.state == .failed && r.message == "interrupted") || (r.state == .skipped && r.message == "run interrupted")
    }

    /// Where the run stands: the last run or resume session's status, or interrupted when it
    /// has none (Ctrl-C, crash, power loss) or the status is 130.
    package var state: State {
        guard let last = sessions.last(where: { $0.kind != "undo" }), let status = last.status, status != .interrupted else {
            return .interrupted
        }
        return .finished(status)
    }

    /// Number of steps in the runbook the run started with.
    package var stepCount: Int { header.fingerprint.steps.count }

    /// The completed steps that form an unbroken prefix of the runbook, in order.
    package var completedPrefix: [StepRecord] {
        var out: [StepRecord] = []
        while let r = steps[out.count], out.count < stepCount { out.append(r) }
        return out
    }

    /// The first step not completed, when it had started: the step in flight.
    package var inFlight: InFlight? {
        let next = completedPrefix.count
        guard next < stepCount else { return nil }
        let id = header.fingerprint.steps[next].id
        guard let s = started[id] else { return nil }
        return InFlight(stepID: id, index: s.index, isMutating: s.mutating, requestSent: requestSent.contains(id))
    }

    /// The machine checkpoint: completed steps and their findings.
    package var checkpoint: RunStateMachine.Checkpoint {
        RunStateMachine.Checkpoint(steps: completedPrefix, findings: findings)
    }

    /// Steps that changed things and completed (approved mutating steps that finished), most
    /// recent first: what `runbook undo` reverts.
    package var appliedChanges: [StepRecord] {
        let byID = Dictionary(steps.values.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return completionOrder.reversed().compactMap { id -> StepRecord? in
            guard let r = byID[id], r.isMutating, [.passed, .finding, .fixed].contains(r.state) else { return nil }
            return r
        }
    }
}
