import ArgumentParser
import Foundation
import Engine
import RunbookCore
import RunbookDSL

/// `runbook plan`: the whole flow and its conditions, without a single call.
struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show every step and when it runs, making no call.")

    @Argument(help: "A runbook name or file.") var runbook: String

    mutating func run() async throws {
        let registry = defaultRegistry()
        guard let runbook = RunbookFiles.load(self.runbook, registry: registry) else { throw ExitCode(2) }
        printOut(ProcedureText.render(runbook, registry: registry, detailed: true))
    }
}

/// Renders a runbook as a readable procedure (plan and show share it).
enum ProcedureText {
    static func render(_ runbook: RunbookDSL.Runbook, registry: ProviderRegistry, detailed: Bool) -> String {
        var lines: [String] = ["\(runbook.title ?? runbook.name) (\(runbook.name))"]
        if let description = runbook.description { lines.append(""); lines.append(description.trimmingTrailingNewlines()) }
        if !runbook.params.isEmpty {
            lines.append("")
            lines.append("Parameters:")
            for p in runbook.params {
                var text = "  \(p.name) (\(p.kind.rawValue)"
                if p.required { text += ", required" }
                if p.secret { text += ", secret" }
                text += ")"
                if let d = p.defaultValue, !d.isNull { text += " default \(p.secret ? "***" : d.description)" }
                if let env = p.env { text += " from $\(env)" }
                if let allowed = p.allowed { text += " one of " + allowed.map(\.description).joined(separator: ", ") }
                if let pattern = p.pattern { text += " matching \(pattern)" }
                if let description = p.description { text += ": \(description)" }
                lines.append(text)
            }
        }
        lines.append("")
        lines.append("Steps:")
        for (i, s) in Planner.plan(runbook, registry: registry).enumerated() {
            lines.append("  \(i + 1). \(s.title) [\(s.id)]\(s.isMutating ? " (changes things)" : "")")
            if let why = s.why { lines.append("     why: \(why.trimmingTrailingNewlines())") }
            lines.append("     does: " + s.action.replacingOccurrences(of: "\n", with: "\n           "))
            for c in s.conditions { lines.append("     runs \(c)") }
            if detailed {
                for c in s.captures { lines.append("     captures \(c)") }
                for c in s.checks { lines.append("     finding \(c)") }
                for v in s.verify { lines.append("     verifies \(v)") }
            } else {
                for c in s.checks { lines.append("     checks for \(c.prefix { $0 != ":" })") }
            }
            for b in s.behaviour { lines.append("     \(b)") }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while s.last == "\n" { s.removeLast() }
        return String(s)
    }
}
