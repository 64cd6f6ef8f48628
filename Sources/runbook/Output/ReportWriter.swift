import Engine
import Foundation
import RunbookCore
import RunbookDSL

/// `--report FILE.md`: a Markdown incident report built from the run's events.
actor ReportWriter: RunObserver {
    private var timeline: [String] = []
    private var summary: RunSummary? = nil
    private var plans: [String: StepPlan] = [:]
    private let started = Date()

    func handle(_ event: RunEvent) async {
        switch event {
        case .stepFinished(let r):
            let time = r.startedAt.map { "+" + TextPrinter.seconds($0) } ?? ""
            timeline.append("| \(time) | `\(r.id)` | \(r.state.rawValue) | \(Self.cell(r.message ?? "")) |")
        case .findingRaised(let f):
            timeline.append("| | `\(f.stepID)` | finding **\(f.name)** | \(Self.cell(f.message)) |")
        case .requestPlanned(let id, let plan): plans[id] = plan
        case .runFinished(let s): summary = s
        default: break
        }
    }

    /// The report as Markdown.
    func markdown(runbook: RunbookDSL.Runbook) -> String {
        guard let s = summary else { return "" }
        var md = "# Incident report: \(runbook.title ?? runbook.name)\n\n"
        md += "- Runbook: `\(runbook.name)` (\(runbook.file))\n- Run: `\(s.runID)`, started \(ISO8601DateFormatter().string(from: started))\n"
        md += "- Outcome: **\(Self.outcome(s))** (exit \(s.status.rawValue))\(s.dryRun ? ", dry run" : "")\n\n"
        if let description = runbook.description { md += "\(description)\n\n" }
        md += "## Findings\n\n"
        if s.findings.isEmpty { md += "None.\n\n" }
        for f in s.findings {
            md += "### \(f.name) (\(f.isOpen ? "open" : "fixed by `\(f.fixedBy ?? "")`"))\n\n\(f.message)\n\n"
            if !f.evidence.isEmpty {
                md += "| Evidence | Value |\n|---|---|\n"
                for m in f.evidence { md += "| \(m.key) | `\(Self.cell(JSONSerializer.serialize(m.value, style: .compact)))` |\n" }
                md += "\n"
            }
        }
        md += "## Timeline\n\n| Time | Step | State | Detail |\n|---|---|---|---|\n" + timeline.joined(separator: "\n") + "\n\n"
        md += "## Steps and the calls that reproduce them\n\n"
        for (index, record) in s.steps.enumerated() {
            let step = runbook.steps[index]
            md += "### \(index + 1). \(step.displayTitle) (`\(record.id)`): \(record.state.rawValue)\n\n"
            if let why = step.why { md += "_Why:_ \(why)\n\n" }
            if !record.captures.isEmpty {
                md += "Captured:\n\n"
                for m in record.captures { md += "- `\(m.key)` = `\(Self.cell(JSONSerializer.serialize(m.value, style: .compact)))`\n" }
                md += "\n"
            }
            let lines = record.commandLines + (plans[record.id]?.commandLine.map { ["# not sent (dry run or not approved): " + $0] } ?? [])
            if !lines.isEmpty { md += "```sh\n" + Array(Set(lines)).sorted().joined(separator: "\n") + "\n```\n\n" }
            if let diff = plans[record.id]?.diff { md += "```diff\n\(diff)\n```\n\n" }
        }
        return md
    }

    private static func outcome(_ s: RunSummary) -> String {
        switch s.status {
        case .healthy: return s.findings.isEmpty ? "healthy" : "repaired"
        case .findings: return "findings remain"
        case .stepFailed: return "a step failed"
        case .interrupted: return "interrupted"
        case .usage: return "usage error"
        }
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// `--junit FILE.xml`: every check of every step as a test case.
    func junit(runbook: RunbookDSL.Runbook) -> String {
        guard let s = summary else { return "" }
        var cases: [String] = []
        var failures = 0
        var skipped = 0
        for (index, step) in runbook.steps.enumerated() {
            let record = s.steps[index]
            for check in step.checks {
                let name = Self.xml("\(step.id).\(check.finding ?? "check")")
                let time = record.duration.map { TextPrinter.seconds($0).dropLast() } ?? "0"
                var body = ""
                if let f = s.findings.first(where: { $0.stepID == step.id && $0.name == check.finding }) {
                    failures += 1
                    let evidence = f.evidence.members.map { "\($0.key) = \(JSONSerializer.serialize($0.value, style: .compact))" }.joined(separator: "\n")
                    body = "<failure message=\"\(Self.xml(f.message))\">\(Self.xml(evidence))</failure>"
                } else if record.state == .skipped || record.state == .failed || record.state == .pending {
                    skipped += 1
                    body = "<skipped message=\"\(Self.xml(record.message ?? "not run"))\"/>"
                }
                cases.append("    <testcase classname=\"\(Self.xml(runbook.name))\" name=\"\(name)\" time=\"\(time)\">\(body)</testcase>")
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites>
              <testsuite name="\(Self.xml(runbook.name))" tests="\(cases.count)" failures="\(failures)" skipped="\(skipped)">
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    private static func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
