import Foundation
package import RunbookCore
package import RunbookDSL

/// Checks a test file against its runbook: every step, finding, parameter and capture it names
/// must exist (with the closest valid name when not), so a renamed step breaks the test loudly.
package enum TestFileChecker {
    /// Every reference problem in `file`.
    package static func check(_ file: TestFile, against runbook: Runbook) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let stepIDs = runbook.steps.map(\.id)
        let findings = Array(Set(runbook.steps.flatMap { $0.checks.compactMap(\.finding) })).sorted()
        let fixSteps = runbook.steps.filter(\.isFix).map(\.id)
        let params = runbook.params.map(\.name)
        func unknown(_ what: String, _ name: String, in names: [String], at location: SourceLocation) {
            let hint =
                Suggestion.closest(to: name, in: names).map { "did you mean '\($0)'?" }
                ?? (names.isEmpty ? "the runbook has none" : "known: " + names.joined(separator: ", "))
            problems.append(
                Diagnostic(
                    code: "unknown-\(what.replacingOccurrences(of: " ", with: "-"))",
                    message: "\(runbook.name) has no \(what) '\(name)'", hint: hint, location: location))
        }
        for c in file.cases {
            for (name, _) in c.params where !params.contains(name) {
                unknown("parameter", name, in: params, at: c.location)
            }
            if case .steps(let ids) = c.approval {
                for id in ids where !stepIDs.contains(id) { unknown("step", id, in: stepIDs, at: c.location) }
            }
            for entry in c.calls {
                if let s = entry.step, !stepIDs.contains(s) { unknown("step", s, in: stepIDs, at: entry.location) }
            }
            let e = c.expect
            for name in (e.findings ?? []) + (e.open ?? []) where !findings.contains(name) {
                unknown("finding", name, in: findings, at: c.location)
            }
            for id in e.fixed ?? [] where !fixSteps.contains(id) {
                unknown("fix step", id, in: fixSteps, at: c.location)
            }
            for s in e.steps where !stepIDs.contains(s.id) { unknown("step", s.id, in: stepIDs, at: s.location) }
            for m in e.messages where !findings.contains(m.finding) {
                unknown("finding", m.finding, in: findings, at: m.location)
            }
            for capture in e.captures {
                let parts = capture.path.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2, let step = runbook.step(parts[0]) else {
                    unknown("step", parts.first ?? capture.path, in: stepIDs, at: capture.location)
                    continue
                }
                let names = step.captures.map(\.name) + ["result", "state"]
                if !names.contains(parts[1]) {
                    unknown("capture", capture.path, in: names.map { "\(step.id).\($0)" }, at: capture.location)
                }
            }
        }
        return problems
    }
}
