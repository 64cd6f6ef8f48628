import Engine
import Foundation
import RunbookCore

/// Asks on the terminal before each mutating step: yes, no, or all.
struct TerminalApprover: Approver {
    let terminal: Terminal

    func approve(_ request: ApprovalRequest) async -> ApprovalDecision {
        var text = "\n" + terminal.paint("Approval needed", "1;35") + ": step '\(request.stepID)' (\(request.title)) will change things."
        if let finding = request.finding { text += "\n  It fixes: \(finding.name): \(finding.message)" }
        if let plan = request.plan {
            text += "\n  Request: \(plan.summary)"
            if let cli = plan.commandLine { text += "\n  $ \(cli)" }
            if let diff = plan.diff { text += "\n" + diff.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n") }
        }
        printOut(text)
        while true {
            printOut("Run it? [y]es / [n]o / [a]ll: ", terminator: "")
            let answer = await withCheckedContinuation { (c: CheckedContinuation<String?, Never>) in
                Thread.detachNewThread { c.resume(returning: readLine()) }
            }
            guard let answer else { return .no }
            switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
            case "y", "yes": return .yes
            case "n", "no", "": return .no
            case "a", "all": return .all
            default: printOut("Please answer y, n or a.")
            }
        }
    }
}
