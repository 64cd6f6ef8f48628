public import RunbookCore

/// Checks what decoding cannot see alone: duplicate step ids, references to unknown steps,
/// captures, params and findings, and values used before the step that makes them has run.
///
/// References are read lexically from each expression (see ``ExpressionScanner``). Every problem
/// is collected; nothing stops at the first one.
public struct RunbookValidator {
    /// Members every `steps.<id>` has besides its captures.
    public static let stepMembers = ["result", "state"]

    private let runbook: Runbook
    private var diagnostics: [Diagnostic] = []

    /// Every problem in `runbook`'s cross-references.
    public static func validate(_ runbook: Runbook) -> [Diagnostic] {
        var validator = RunbookValidator(runbook: runbook)
        validator.run()
        return validator.diagnostics
    }

    private init(runbook: Runbook) { self.runbook = runbook }

    private mutating func run() {
        var firstIndex: [String: Int] = [:]
        for (index, step) in runbook.steps.enumerated() {
            if let first = firstIndex[step.id] {
                let l = runbook.steps[first].location
                diagnostics.append(
                    Diagnostic(
                        code: "duplicate-step", message: "duplicate step id '\(step.id)'",
                        hint: "the first step '\(step.id)' is at line \(l.line); give each step its own id",
                        location: step.location))
            } else {
                firstIndex[step.id] = index
            }
        }
        var findings: [String: Int] = [:]
        for (index, step) in runbook.steps.enumerated() {
            for check in step.checks { if let f = check.finding, findings[f] == nil { findings[f] = index } }
        }
        for (index, step) in runbook.steps.enumerated() {
            let name = "step '\(step.id)'"
            if let when = step.when { check(when, in: "'when' of \(name)", at: index, sameStepAllowed: false) }
            for e in step.action.payload.expressions {
                check(e, in: "the '\(step.action.provider)' action of \(name)", at: index, sameStepAllowed: false)
            }
            let local = "\(name)"
            for c in step.checks + step.verify {
                check(c.assertion, in: local, at: index, sameStepAllowed: true)
                for e in c.evidence { check(e.expression, in: local, at: index, sameStepAllowed: true) }
                for e in c.message?.expressions ?? [] { check(e, in: local, at: index, sameStepAllowed: true) }
            }
            if let until = step.wait?.until { check(until, in: local, at: index, sameStepAllowed: true) }
            if let finishIf = step.finishIf { check(finishIf, in: local, at: index, sameStepAllowed: true) }
            if let fixes = step.fixes { checkFinding(fixes, step: step, index: index, findings: findings) }
            for e in step.undo?.action.payload.expressions ?? [] {
                check(e, in: "the 'undo' of \(name)", at: index, sameStepAllowed: true)
            }
            if let applied = step.alreadyApplied {
                for e in (applied.action?.payload.expressions ?? []) + [applied.assertion] {
                    check(e, in: "'already-applied' of \(name)", at: index, sameStepAllowed: false)
                }
            }
            if !step.verify.isEmpty, step.fixes == nil {
                diagnostics.append(
                    Diagnostic(
                        code: "verify-without-fix", message: "\(name) has 'verify' but fixes nothing",
                        hint: "'verify' proves a fix worked; add 'fixes: <finding>' or use 'check'",
                        location: step.location))
            }
        }
    }

    private mutating func checkFinding(_ finding: String, step: Step, index: Int, findings: [String: Int]) {
        let location = step.fixesLocation ?? step.location
        guard let raisedAt = findings[finding] else {
            let hint = Suggestion.closest(to: finding, in: findings.keys.sorted()).map { "did you mean '\($0)'?" }
                ?? (findings.isEmpty
                    ? "no check raises a finding yet; add 'finding: \(finding)' to a check in an earlier step"
                    : "known findings: " + findings.keys.sorted().joined(separator: ", "))
            diagnostics.append(
                Diagnostic(
                    code: "unknown-finding", message: "step '\(step.id)' fixes unknown finding '\(finding)'", hint: hint,
                    location: location))
            return
        }
        if raisedAt >= index {
            let raiser = runbook.steps[raisedAt].id
            diagnostics.append(
                Diagnostic(
                    code: "used-before-run",
                    message: "step '\(step.id)' fixes finding '\(finding)', which step '\(raiser)' raises only later",
                    hint: "move the fix after step '\(raiser)'", location: location))
        }
    }

    private mutating func check(_ expression: ExpressionSource, in construct: String, at index: Int, sameStepAllowed: Bool) {
        for reference in ExpressionScanner.references(in: expression.text) {
            switch reference {
            case .param(let name, let offset):
                guard !runbook.params.contains(where: { $0.name == name }) else { continue }
                let names = runbook.params.map(\.name)
                let hint = Suggestion.closest(to: name, in: names).map { "did you mean '\($0)'?" }
                    ?? (names.isEmpty ? "declare it under 'params:'" : "parameters: " + names.joined(separator: ", "))
                diagnostics.append(
                    Diagnostic(
                        code: "unknown-param", message: "unknown parameter '\(name)' in \(construct)", hint: hint,
                        location: expression.map.location(at: offset)))
            case .step(let id, let member, let offset, let memberOffset):
                guard let target = runbook.index(ofStep: id) else {
                    let ids = runbook.steps.map(\.id)
                    let hint = Suggestion.closest(to: id, in: ids).map { "did you mean '\($0)'?" }
                        ?? "steps: " + ids.joined(separator: ", ")
                    diagnostics.append(
                        Diagnostic(
                            code: "unknown-step", message: "unknown step '\(id)' in \(construct)", hint: hint,
                            location: expression.map.location(at: offset)))
                    continue
                }
                if target > index || (target == index && !sameStepAllowed) {
                    let user = runbook.steps[index].id
                    let hint = target == index
                        ? "'when' and the action are evaluated before the step runs; read '\(id)' in its check, capture or a later step"
                        : "move step '\(id)' before step '\(user)', or read the value in a later step"
                    diagnostics.append(
                        Diagnostic(
                            code: "used-before-run", message: "step '\(id)' is used in \(construct) before it runs",
                            hint: hint, location: expression.map.location(at: offset)))
                    continue
                }
                if let member, let memberOffset {
                    let step = runbook.steps[target]
                    let names = Self.stepMembers + step.captures.map(\.name)
                    if !names.contains(member) {
                        let hint = Suggestion.closest(to: member, in: names).map { "did you mean '\($0)'?" }
                            ?? "step '\(id)' has: " + names.joined(separator: ", ")
                        diagnostics.append(
                            Diagnostic(
                                code: "unknown-capture", message: "step '\(id)' has no capture '\(member)' (in \(construct))",
                                hint: hint, location: expression.map.location(at: memberOffset)))
                    }
                }
            case .root: continue
            }
        }
    }
}
