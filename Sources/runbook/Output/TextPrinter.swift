import Engine
import Foundation
import RunbookCore
import RunbookDSL

/// Human output: one line per step with its state and time, findings with their evidence, a
/// spinner with elapsed time during waits (terminal only), and a closing summary.
actor TextPrinter: RunObserver {
    private let terminal: Terminal
    private var spinner: Task<Void, Never>? = nil
    private let width: Int
    /// Lines about the running step (requests, findings), printed under its line once it ends.
    private var details: [String] = []

    /// A printer for the runbook's steps.
    init(runbook: RunbookDSL.Runbook, terminal: Terminal) {
        self.terminal = terminal
        self.width = min(24, max(8, runbook.steps.map(\.id.count).max() ?? 8))
    }

    func handle(_ event: RunEvent) async {
        stopSpinner()
        switch event {
        case .runStarted(let id, let runbook, let title, _, let dryRun):
            var line = terminal.paint("runbook \(runbook)", "1")
            if let title { line += ": \(title)" }
            line += "  (run \(id))"
            if dryRun { line += terminal.paint("  [dry run: nothing will be changed]", "36") }
            printOut(line)
        case .requestPlanned(let id, let plan):
            _ = id
            details.append("    \(terminal.paint("request", "36")): \(plan.summary)")
            if let cli = plan.commandLine { details.append("      $ \(cli)") }
            if let diff = plan.diff {
                for line in diff.split(separator: "\n", omittingEmptySubsequences: false) { details.append("      \(line)") }
            }
        case .attemptFailed(let id, let attempt, let message, let retryIn):
            printOut("    \(terminal.paint("retry", "33")) \(id): attempt \(attempt) failed (\(message)); retrying in \(DurationParser.format(retryIn))")
        case .waiting(let id, _, let elapsed, let condition, _):
            if terminal.isTTY { startSpinner(id: id, condition: condition, elapsed: elapsed) }
        case .findingRaised(let finding):
            details.append("    \(terminal.paint("finding", "1;33")) \(finding.name): \(finding.message)")
            for member in finding.evidence {
                details.append("      \(member.key) = \(JSONSerializer.serialize(member.value, style: .compact))")
            }
        case .findingFixed(let name, _):
            details.append("    \(terminal.paint("fixed", "32")) \(name)")
        case .stepFinished(let record):
            printOut(line(record))
            for d in details { printOut(d) }
            // The call a finding's evidence came from, so it can be run again by hand.
            if !record.findings.isEmpty, let call = record.commandLines.last {
                let shown = call.count > 200 ? String(call.prefix(200)) + " ..." : call
                printOut("      \(terminal.paint("from", "2")): $ \(shown)")
            }
            details = []
        case .runFinished(let summary):
            printOut(Self.summaryLine(summary, terminal: terminal))
        case .stepStarted, .approvalDecided:
            break
        }
    }

    private func line(_ record: StepRecord) -> String {
        let symbol: String
        let color: String
        switch record.state {
        case .passed: (symbol, color) = ("ok", "32")
        case .finding: (symbol, color) = ("!!", "33")
        case .fixed: (symbol, color) = ("ok", "32")
        case .skipped: (symbol, color) = ("--", "2")
        case .failed: (symbol, color) = ("XX", "31")
        case .pending, .running: (symbol, color) = ("..", "0")
        }
        let time = record.state == .skipped ? "" : record.duration.map(Self.seconds) ?? ""
        let id = record.id.padding(toLength: max(width, record.id.count), withPad: " ", startingAt: 0)
        let state = record.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        var text = "  \(terminal.paint(symbol, color)) \(id)  \(terminal.paint(state, color)) \(time.padding(toLength: 7, withPad: " ", startingAt: 0))"
        if let message = record.message { text += " \(message)" }
        return text.trimmingTrailingSpaces()
    }

    /// `0.42s`.
    static func seconds(_ d: Duration) -> String {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return String(format: "%.2fs", ms / 1000)
    }

    /// The closing line.
    static func summaryLine(_ summary: RunSummary, terminal: Terminal) -> String {
        var parts: [String] = []
        for state in [StepState.passed, .finding, .fixed, .skipped, .failed] where summary.count(state) > 0 {
            parts.append("\(summary.count(state)) \(state.rawValue)")
        }
        let open = summary.openFindings.count
        let verdict: String
        switch summary.status {
        case .healthy:
            verdict = summary.findings.isEmpty ? terminal.paint("healthy", "1;32") : terminal.paint("repaired", "1;32")
        case .findings: verdict = terminal.paint("\(open) finding\(open == 1 ? "" : "s") open", "1;33")
        case .stepFailed: verdict = terminal.paint("a step failed", "1;31")
        case .interrupted: verdict = terminal.paint("interrupted", "1;31")
        case .usage: verdict = "usage error"
        }
        var line = "\(verdict): \(summary.steps.count) steps (" + parts.joined(separator: ", ") + ") in \(seconds(summary.duration))"
        if summary.dryRun { line += ", dry run" }
        line += ", exit \(summary.status.rawValue)"
        return line
    }

    private func startSpinner(id: String, condition: String, elapsed: Duration) {
        let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        let started = ContinuousClock.now - elapsed
        spinner = Task {
            var i = 0
            while !Task.isCancelled {
                let shown = Self.seconds(ContinuousClock.now - started)
                printOut("\r\u{1B}[2K  \(frames[i % frames.count]) \(id): waiting for \(condition) (\(shown))", terminator: "")
                i += 1
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private func stopSpinner() {
        guard let spinner else { return }
        spinner.cancel()
        self.spinner = nil
        printOut("\r\u{1B}[2K", terminator: "")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
