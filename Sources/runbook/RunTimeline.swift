import Engine
import Foundation
import RunJournal
import RunbookCore

/// Renders a run's journal as a timeline for `runbook runs show`.
enum RunTimeline {
    static func render(_ h: RunHistory, state: String) -> String {
        let header = h.header
        var lines = [
            "run \(header.runID): \(header.runbook)\(header.title.map { " (\($0))" } ?? "")",
            "  file:    \(header.file)",
            "  started: \(JournalSupport.date(header.startedAt)) on \(header.host) (pid \(header.pid))\(header.dryRun ? ", dry run" : "")",
            "  state:   \(state)",
        ]
        if !header.params.isEmpty { lines.append("  params:  \(JSONSerializer.serialize(.object(header.params), style: .compact))") }
        if state == "interrupted" { lines.append("  resume:  runbook resume \(header.runID)") }
        if h.ignoredBytes > 0 { lines.append("  note:    \(h.ignoredBytes) bytes of a torn last record were ignored") }
        lines.append("")
        for record in h.records.dropFirst() {
            guard let text = describe(record) else { continue }
            let offset = String(format: "+%8.3fs", record.at - header.startedAt)
            lines.append("  \(offset)  \(text)")
        }
        return lines.joined(separator: "\n")
    }

    /// One record in words, or nil for records not worth a line.
    static func describe(_ r: JournalRecord) -> String? {
        let step = r["step"]?.stringValue ?? ""
        switch r.type {
        case "session":
            let kind = r["kind"]?.stringValue ?? "run"
            let pid = r["pid"].map { "\($0)" } ?? "?"
            return "\(kind) by pid \(pid) on \(r["host"]?.stringValue ?? "?")\(r["dry_run"]?.boolValue == true ? " (dry run)" : "")"
        case "step_started":
            return "step \(step) started\(r["mutating"]?.boolValue == true ? " (changes things)" : "")"
        case "request_planned":
            return "  request: \(r["plan"]?["summary"]?.stringValue ?? "")"
        case "approval":
            return "  approval: \(r["decision"]?.stringValue ?? "")\(r["why"]?.stringValue.map { " (\($0))" } ?? "")"
        case "request_sent":
            return "  request sent"
        case "attempt_failed":
            return "  attempt failed: \(r["message"]?.stringValue ?? "")"
        case "waiting":
            return nil
        case "finding":
            let f = r["finding"]
            return "  finding \(f?["name"]?.stringValue ?? ""): \(f?["message"]?.stringValue ?? "")"
        case "fixed":
            return "  fixed \(r["finding"]?.stringValue ?? "")"
        case "step_finished":
            let rec = r["record"]
            let id = rec?["id"]?.stringValue ?? ""
            let state = rec?["state"]?.stringValue ?? ""
            let message = rec?["message"]?.stringValue.map { ": \($0)" } ?? ""
            return "step \(id) \(state)\(message)"
        case "resume_decision":
            return "resume decided step \(step): \(r["decision"]?.stringValue ?? "")\(r["why"]?.stringValue.map { " (\($0))" } ?? "")"
        case "run_finished":
            var status = "?"
            if case .integer(let s)? = r["status"] { status = String(s) }
            return "finished with status \(status)"
        default:
            return nil
        }
    }
}
