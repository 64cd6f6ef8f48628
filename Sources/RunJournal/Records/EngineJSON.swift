package import Engine
package import RunbookCore

/// JSON forms of the engine's values, as the journal stores them.
///
/// Written by hand (not `Codable`) so each record is one pass over a ``JSONValue`` and the
/// field names stay short and stable across versions. Decoding is lenient about missing fields.
package enum EngineJSON {
    /// Seconds as a double.
    package static func json(_ d: Duration) -> JSONValue {
        let c = d.components
        return .double(Double(c.seconds) + Double(c.attoseconds) / 1e18)
    }

    /// A duration from seconds.
    package static func duration(_ v: JSONValue?) -> Duration? {
        guard let s = v?.doubleValue else { return nil }
        return .nanoseconds(Int64((s * 1e9).rounded()))
    }

    /// A step's record.
    package static func json(_ r: StepRecord) -> JSONValue {
        var o = JSONObject(capacity: 14)
        o["id"] = .string(r.id)
        o["index"] = .integer(r.index)
        o["state"] = .string(r.state.rawValue)
        if let m = r.message { o["message"] = .string(m) }
        if let s = r.startedAt { o["started"] = json(s) }
        if let f = r.finishedAt { o["finished"] = json(f) }
        o["attempts"] = .integer(r.attempts)
        if let result = r.result { o["result"] = result }
        if !r.captures.isEmpty { o["captures"] = .object(r.captures) }
        o["mutating"] = .bool(r.isMutating)
        if let p = r.plan { o["plan"] = json(p) }
        if !r.commandLines.isEmpty { o["commands"] = .array(r.commandLines.map(JSONValue.string)) }
        if let log = r.log { o["log"] = .string(log) }
        if !r.findings.isEmpty { o["findings"] = .array(r.findings.map(JSONValue.string)) }
        return .object(o)
    }

    /// A step's record from its JSON form.
    package static func stepRecord(_ v: JSONValue) throws(JournalError) -> StepRecord {
        guard let id = v["id"]?.stringValue, case .integer(let index)? = v["index"],
            let state = v["state"]?.stringValue.flatMap(StepState.init(rawValue:))
        else { throw JournalError(.badRecord, "a step record has no id, index or state") }
        var r = StepRecord(id: id, index: index)
        r.state = state
        r.message = v["message"]?.stringValue
        r.startedAt = duration(v["started"])
        r.finishedAt = duration(v["finished"])
        if case .integer(let a)? = v["attempts"] { r.attempts = a }
        r.result = v["result"]
        r.captures = v["captures"]?.objectValue ?? JSONObject()
        r.isMutating = v["mutating"]?.boolValue ?? false
        r.plan = v["plan"].flatMap(plan)
        r.commandLines = v["commands"]?.arrayValue?.compactMap(\.stringValue) ?? []
        r.log = v["log"]?.stringValue
        r.findings = v["findings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return r
    }

    /// A plan.
    package static func json(_ p: StepPlan) -> JSONValue {
        var o = JSONObject(capacity: 4)
        o["summary"] = .string(p.summary)
        o["request"] = p.request
        if let c = p.commandLine { o["command"] = .string(c) }
        if let d = p.diff { o["diff"] = .string(d) }
        return .object(o)
    }

    /// A plan from its JSON form.
    package static func plan(_ v: JSONValue) -> StepPlan? {
        guard let summary = v["summary"]?.stringValue else { return nil }
        return StepPlan(summary: summary, request: v["request"] ?? .null, commandLine: v["command"]?.stringValue, diff: v["diff"]?.stringValue)
    }

    /// A finding.
    package static func json(_ f: Finding) -> JSONValue {
        var o = JSONObject(capacity: 6)
        o["name"] = .string(f.name)
        o["step"] = .string(f.stepID)
        o["message"] = .string(f.message)
        o["evidence"] = .object(f.evidence)
        if let by = f.fixedBy { o["fixed_by"] = .string(by) }
        o["location"] = ["file": .string(f.location.file), "line": .integer(f.location.line), "column": .integer(f.location.column)]
        return .object(o)
    }

    /// A finding from its JSON form.
    package static func finding(_ v: JSONValue) throws(JournalError) -> Finding {
        guard let name = v["name"]?.stringValue, let step = v["step"]?.stringValue else {
            throw JournalError(.badRecord, "a finding record has no name or step")
        }
        let l = v["location"]
        var line = 0, column = 0
        if case .integer(let i)? = l?["line"] { line = i }
        if case .integer(let i)? = l?["column"] { column = i }
        return Finding(
            name: name, stepID: step, message: v["message"]?.stringValue ?? "", evidence: v["evidence"]?.objectValue ?? JSONObject(),
            fixedBy: v["fixed_by"]?.stringValue, location: SourceLocation(file: l?["file"]?.stringValue ?? "", line: line, column: column))
    }

    /// An approval decision: `yes`, `no`, `all` or `refused`.
    package static func json(_ d: ApprovalDecision) -> (String, String?) {
        switch d {
        case .yes: return ("yes", nil)
        case .no: return ("no", nil)
        case .all: return ("all", nil)
        case .refused(let why): return ("refused", why)
        }
    }
}
