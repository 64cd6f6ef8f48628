import Engine
import RunbookCore

/// `--output json`: one JSON object per line per event, for machines.
struct JSONLinesPrinter: RunObserver {
    func handle(_ event: RunEvent) async {
        guard let object = Self.json(event) else { return }
        printOut(JSONSerializer.serialize(object, style: .compact))
    }

    /// The JSON form of an event (nil for events machines do not need).
    static func json(_ event: RunEvent) -> JSONValue? {
        switch event {
        case .runStarted(let id, let runbook, let title, let params, let dryRun):
            return ["event": "run_started", "run_id": .string(id), "runbook": .string(runbook),
                    "title": title.map(JSONValue.string) ?? .null, "params": .object(params), "dry_run": .bool(dryRun)]
        case .stepStarted(let id, let index, let title, let mutating, _):
            return ["event": "step_started", "step": .string(id), "index": .integer(index), "title": .string(title), "mutating": .bool(mutating)]
        case .requestPlanned(let id, let plan):
            return ["event": "request_planned", "step": .string(id), "summary": .string(plan.summary), "request": plan.request,
                    "command_line": plan.commandLine.map(JSONValue.string) ?? .null, "diff": plan.diff.map(JSONValue.string) ?? .null]
        case .approvalDecided(let id, let decision):
            let text: String
            switch decision {
            case .yes: text = "yes"
            case .no: text = "no"
            case .all: text = "all"
            case .refused: text = "refused"
            }
            return ["event": "approval", "step": .string(id), "decision": .string(text)]
        case .attemptFailed(let id, let attempt, let message, let retryIn):
            return ["event": "attempt_failed", "step": .string(id), "attempt": .integer(attempt), "message": .string(message),
                    "retry_in_ms": .integer(milliseconds(retryIn))]
        case .waiting(let id, let attempt, let elapsed, let condition, _):
            return ["event": "waiting", "step": .string(id), "attempt": .integer(attempt), "elapsed_ms": .integer(milliseconds(elapsed)),
                    "until": .string(condition)]
        case .findingRaised(let f):
            return ["event": "finding", "name": .string(f.name), "step": .string(f.stepID), "message": .string(f.message),
                    "evidence": .object(f.evidence), "location": .string(f.location.description)]
        case .findingFixed(let name, let step):
            return ["event": "fix", "finding": .string(name), "step": .string(step)]
        case .stepFinished(let r):
            return ["event": "step_finished", "step": .string(r.id), "state": .string(r.state.rawValue),
                    "duration_ms": r.duration.map { .integer(milliseconds($0)) } ?? .null, "attempts": .integer(r.attempts),
                    "message": r.message.map(JSONValue.string) ?? .null, "captures": .object(r.captures)]
        case .runFinished(let s):
            return ["event": "summary", "run_id": .string(s.runID), "status": .integer(Int(s.status.rawValue)),
                    "dry_run": .bool(s.dryRun), "duration_ms": .integer(milliseconds(s.duration)),
                    "open_findings": .array(s.openFindings.map { .string($0.name) }),
                    "steps": .object(JSONObject(StepState.allCases.map { ($0.rawValue, .integer(s.count($0))) }))]
        }
    }

    static func milliseconds(_ d: Duration) -> Int {
        Int(d.components.seconds) * 1000 + Int(d.components.attoseconds / 1_000_000_000_000_000)
    }
}
