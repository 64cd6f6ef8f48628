package import Engine
package import RunbookCore

/// One entry of a run's journal: a type, a wall-clock time and fields, stored as compact JSON.
///
/// Types, in the order a run writes them:
/// - `run`: the ``RunHeader`` (first record only).
/// - `session`: a process began to drive the run (`kind`: `run`, `resume` or `undo`; `pid`, `host`).
/// - `run_started`, `step_started`, `request_planned`, `approval`, `attempt_failed`, `waiting`,
///   `finding`, `fixed`, `step_finished`, `run_finished`: the engine's ``RunEvent``s.
/// - `request_sent`: written with an approval of a mutating step, before its request can go out;
///   a step with this record and no `step_finished` was *in flight* and may have taken effect.
/// - `resume_decision`: what resume decided about a mutating step that was in flight.
package struct JournalRecord: Sendable, Equatable {
    /// The record's type (see above).
    package var type: String
    /// Wall-clock time it was written, in seconds since 1970.
    package var at: Double
    /// The type's fields.
    package var fields: JSONObject

    /// Creates a record.
    package init(type: String, at: Double, fields: JSONObject = JSONObject()) {
        self.type = type
        self.at = at
        self.fields = fields
    }

    /// The field `key`.
    package subscript(key: String) -> JSONValue? { fields[key] }

    /// The record as compact JSON bytes (`{"t":…,"at":…, fields…}`).
    package var payload: [UInt8] {
        var o = JSONObject(capacity: fields.count + 2)
        o["t"] = .string(type)
        o["at"] = .double(at)
        for member in fields { o[member.key] = member.value }
        return Array(JSONSerializer.serialize(.object(o), style: .compact).utf8)
    }

    /// A record from its JSON bytes.
    package init(payload: ArraySlice<UInt8>) throws(JournalError) {
        let value: JSONValue
        do {
            value = try payload.withUnsafeBytes { buffer throws(JSONParseError) in try JSONParser.parse(bytes: buffer) }
        } catch {
            throw JournalError(.badRecord, "a journal record is not JSON: \(error)")
        }
        guard var object = value.objectValue, let type = object["t"]?.stringValue else {
            throw JournalError(.badRecord, "a journal record has no type")
        }
        let at = object["at"]?.doubleValue ?? 0
        object["t"] = nil
        object["at"] = nil
        self.init(type: type, at: at, fields: object)
    }

    /// The records for one engine event (most events are one record; an approval that lets a
    /// mutating request go out is followed by `request_sent`).
    package static func records(for event: RunEvent, at: Double) -> [JournalRecord] {
        switch event {
        case .runStarted(let runID, let runbook, _, _, let dryRun):
            return [JournalRecord(type: "run_started", at: at, fields: ["run_id": .string(runID), "runbook": .string(runbook), "dry_run": .bool(dryRun)])]
        case .stepStarted(let id, let index, _, let isMutating, let time):
            return [
                JournalRecord(
                    type: "step_started", at: at,
                    fields: ["step": .string(id), "index": .integer(index), "mutating": .bool(isMutating), "clock": EngineJSON.json(time)])
            ]
        case .requestPlanned(let id, let plan):
            return [JournalRecord(type: "request_planned", at: at, fields: ["step": .string(id), "plan": EngineJSON.json(plan)])]
        case .approvalDecided(let id, let decision):
            let (name, why) = EngineJSON.json(decision)
            var fields: JSONObject = ["step": .string(id), "decision": .string(name)]
            if let why { fields["why"] = .string(why) }
            var out = [JournalRecord(type: "approval", at: at, fields: fields)]
            if decision == .yes || decision == .all { out.append(JournalRecord(type: "request_sent", at: at, fields: ["step": .string(id)])) }
            return out
        case .attemptFailed(let id, let attempt, let message, let retryIn):
            return [
                JournalRecord(
                    type: "attempt_failed", at: at,
                    fields: ["step": .string(id), "attempt": .integer(attempt), "message": .string(message), "retry_in": EngineJSON.json(retryIn)])
            ]
        case .waiting(let id, let attempt, let elapsed, let condition, let nextIn):
            return [
                JournalRecord(
                    type: "waiting", at: at,
                    fields: [
                        "step": .string(id), "attempt": .integer(attempt), "elapsed": EngineJSON.json(elapsed),
                        "condition": .string(condition), "next_in": EngineJSON.json(nextIn),
                    ])
            ]
        case .findingRaised(let finding):
            return [JournalRecord(type: "finding", at: at, fields: ["finding": EngineJSON.json(finding)])]
        case .findingFixed(let name, let stepID):
            return [JournalRecord(type: "fixed", at: at, fields: ["finding": .string(name), "step": .string(stepID)])]
        case .stepFinished(let record):
            return [JournalRecord(type: "step_finished", at: at, fields: ["record": EngineJSON.json(record)])]
        case .runFinished(let summary):
            var fields: JSONObject = [
                "status": .integer(Int(summary.status.rawValue)), "findings": .integer(summary.findings.count),
                "open_findings": .integer(summary.openFindings.count), "duration": EngineJSON.json(summary.duration),
            ]
            if let by = summary.finishedEarlyBy { fields["finished_early_by"] = .string(by) }
            return [JournalRecord(type: "run_finished", at: at, fields: fields)]
        }
    }

    /// Whether the record must be durable before the driver's next action: an approval lets a
    /// mutating request go out, and the end of a run or session is a decision others rely on.
    ///
    /// Other records are written at once but synced with the next such record: losing them to a
    /// power cut only makes resume run a read-only step again.
    package var needsSync: Bool {
        switch type {
        case "run", "session", "request_sent", "resume_decision", "run_finished": return true
        default: return false
        }
    }
}
