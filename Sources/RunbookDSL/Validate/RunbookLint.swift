import Foundation
public import RunbookCore

/// Warnings about runbooks that are valid but probably not what the author meant, reported by
/// `runbook validate` (not by `run`): a finding no fix handles, a fix without `verify`, a name in
/// a check that is neither a capture nor in scope (it would always read null), a check message
/// reading evidence it does not have, a parameter nothing reads.
///
/// A warning is silenced by a comment on its line or the line before:
/// `# runbook: ignore unhandled-finding` (several codes separated by commas).
public enum RunbookLint {
    /// Every warning for `runbook`, minus those silenced by comments.
    public static func warnings(_ runbook: Runbook) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let fixed = Set(runbook.steps.compactMap(\.fixes))
        var reported: Set<String> = []
        for step in runbook.steps {
            for check in step.checks {
                guard let finding = check.finding, !fixed.contains(finding), reported.insert(finding).inserted else {
                    continue
                }
                found.append(
                    warning(
                        "unhandled-finding",
                        "finding '\(finding)' has no fix step: a run that raises it ends with exit 1 and the operator repairs by hand",
                        hint:
                            "add a step with 'fixes: \(finding)', or, if the repair is manual by design, add '# runbook: ignore unhandled-finding' above",
                        at: check.location))
            }
            if let fixes = step.fixes, step.verify.isEmpty {
                found.append(
                    warning(
                        "fix-without-verify",
                        "fix step '\(step.id)' has no 'verify': nothing proves that '\(fixes)' is repaired",
                        hint: "add 'verify:' with a check over the fix's result, e.g. '- that: result.json.ok'",
                        at: step.fixesLocation ?? step.location))
            }
            found += scopeWarnings(step, in: runbook)
        }
        found += unusedParams(runbook)
        found += negations(runbook)
        return silenced(found, source: runbook.source)
    }

    /// Names a step-scope expression may read at its root.
    static func scopeNames(_ step: Step) -> Set<String> {
        Set(StepScope.contextNames + ["result"] + step.captures.map(\.name))
    }

    private static func scopeWarnings(_ step: Step, in runbook: Runbook) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let names = scopeNames(step)
        func check(_ e: ExpressionSource, extra: Set<String> = []) {
            for (name, offset) in rootNames(e.text) where !names.contains(name) && !extra.contains(name) {
                let elsewhere = runbook.steps.first { $0.id != step.id && $0.captures.contains { $0.name == name } }
                let hint =
                    elsewhere.map { "'\(name)' is a capture of step '\($0.id)': write 'steps.\($0.id).\(name)'" }
                    ?? Suggestion.closest(to: name, in: names.sorted()).map { "did you mean '\($0)'?" }
                    ?? "step '\(step.id)' can read: " + names.sorted().joined(separator: ", ")
                out.append(
                    warning(
                        "unknown-name",
                        "'\(name)' is not a capture of step '\(step.id)' nor in scope, so it always reads null",
                        hint: hint, at: e.map.location(at: offset)))
            }
        }
        for c in step.checks + step.verify {
            check(c.assertion)
            for e in c.evidence { check(e.expression) }
            let evidence =
                c.evidence.isEmpty
                ? Set(rootNames(c.assertion.text).map(\.0).filter { n in step.captures.contains { $0.name == n } })
                : Set(c.evidence.map(\.name))
            for e in c.message?.expressions ?? [] {
                check(e, extra: ["evidence"])
                for (name, offset) in evidenceReads(e.text) where !evidence.contains(name) {
                    let hint =
                        c.evidence.isEmpty
                        ? "without 'evidence:', the evidence is the captures the condition reads (\(evidence.sorted().joined(separator: ", "))); add 'evidence: {\(name): ...}'"
                        : Suggestion.closest(to: name, in: evidence.sorted()).map { "did you mean '\($0)'?" }
                            ?? "add '\(name)' under 'evidence:'"
                    out.append(
                        warning(
                            "unknown-evidence", "the message reads 'evidence.\(name)', which this check does not have",
                            hint: hint, at: e.map.location(at: offset)))
                }
            }
        }
        if let until = step.wait?.until { check(until) }
        if let finishIf = step.finishIf { check(finishIf) }
        // Captures read the result itself: `result.x` there reads a field named "result".
        for capture in step.captures {
            for (name, offset) in rootNames(capture.expression.text) where name == "result" {
                let rest = capture.expression.text.dropFirst(offset + "result".count).drop { $0 == "." }
                out.append(
                    warning(
                        "capture-reads-result",
                        "capture '\(capture.name)' reads 'result', but captures are evaluated over the result itself",
                        hint: rest.isEmpty ? "write '@'" : "write '\(rest)'",
                        at: capture.expression.map.location(at: offset)))
            }
        }
        return out
    }

    private static func unusedParams(_ runbook: Runbook) -> [Diagnostic] {
        var read: Set<String> = []
        var readsAll = false
        for step in runbook.steps {
            var expressions = step.action.payload.expressions + step.captures.map(\.expression)
            for c in step.checks + step.verify {
                expressions.append(c.assertion)
                expressions += c.evidence.map(\.expression) + (c.message?.expressions ?? [])
            }
            expressions += [step.when, step.finishIf, step.wait?.until].compactMap { $0 }
            for e in expressions {
                for case .param(let name, _) in ExpressionScanner.references(in: e.text) { read.insert(name) }
                if e.text.range(of: #"(^|[^.\w])\$?params\s*($|[^.\w])"#, options: .regularExpression) != nil {
                    readsAll = true
                }
            }
        }
        guard !readsAll else { return [] }
        return runbook.params.filter { !read.contains($0.name) }.map {
            warning(
                "unused-param", "parameter '\($0.name)' is never read",
                hint: "use it as '${{ params.\($0.name) }}', or remove it", at: $0.location)
        }
    }

    /// `!a.b` is `(!a).b` in JMESPath (`!` binds tighter than `.` and `[]`): always null.
    private static func negations(_ runbook: Runbook) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for step in runbook.steps {
            var expressions = step.action.payload.expressions + step.captures.map(\.expression)
            for c in step.checks + step.verify {
                expressions.append(c.assertion)
                expressions += c.evidence.map(\.expression) + (c.message?.expressions ?? [])
            }
            expressions += [step.when, step.finishIf, step.wait?.until].compactMap { $0 }
            for e in expressions {
                for (path, offset) in negatedPaths(e.text) {
                    out.append(
                        warning(
                            "negation-precedence",
                            "'!\(path)' reads as '(!\(path.prefix { $0 != "." && $0 != "[" }))\(path.drop { $0 != "." && $0 != "[" })', which is always null",
                            hint: "'!' applies before '.' and '[]' in JMESPath: write '!(\(path))'",
                            at: e.map.location(at: offset)))
                }
            }
        }
        return out
    }

    /// `!` followed by a path with `.` or `[` (outside quotes), with the path and the offset of `!`.
    static func negatedPaths(_ text: String) -> [(String, Int)] {
        let chars = Array(text)
        var out: [(String, Int)] = []
        var i = 0
        var quote: Character? = nil
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" { i += 2; continue }
                if c == q { quote = nil }
                i += 1
                continue
            }
            if c == "'" || c == "`" || c == "\"" { quote = c; i += 1; continue }
            guard c == "!", i + 1 < chars.count, chars[i + 1] != "=" else { i += 1; continue }
            var j = i + 1
            while j < chars.count, chars[j] == " " { j += 1 }
            let start = j
            if j < chars.count, chars[j] == "$" { j += 1 }
            guard j < chars.count, chars[j] == "_" || chars[j].isLetter else { i += 1; continue }
            while j < chars.count,
                chars[j] == "_" || chars[j].isLetter || chars[j].isNumber || chars[j] == "." || chars[j] == "["
                    || chars[j] == "]"
                    || chars[j].isNumber
            {
                j += 1
            }
            let path = String(chars[start..<j])
            let head = path.prefix { $0 != "." && $0 != "[" }
            var k = j
            while k < chars.count, chars[k] == " " { k += 1 }
            let isCall = k < chars.count && chars[k] == "("
            if head.count < path.count, !isCall { out.append((path, i)) }
            i = j
        }
        return out
    }

    /// Identifiers a step-scope expression reads from its root: those at the top level, outside
    /// brackets and braces (filters and projections read their elements), not after `&` or `$`,
    /// not object keys, and not after a top-level pipe.
    static func rootNames(_ text: String) -> [(String, Int)] {
        let chars = Array(text)
        var out: [(String, Int)] = []
        var depth = 0
        var i = 0
        var previous: Character = " "
        while i < chars.count {
            let c = chars[i]
            if c == "'" || c == "`" || c == "\"" {
                let quote = c
                let start = i
                i += 1
                while i < chars.count, chars[i] != quote {
                    if chars[i] == "\\" { i += 1 }
                    i += 1
                }
                i += 1
                if quote == "\"", depth == 0, previous != ".", previous != "&", previous != "$" {
                    let name = String(chars[(start + 1)..<min(i - 1, chars.count)])
                    if !followedByColon(chars, i) { out.append((name, start)) }
                }
                previous = quote
                continue
            }
            if c == "[" || c == "{" { depth += 1 }
            if c == "]" || c == "}" { depth -= 1 }
            if c == "|", depth == 0 {
                if i + 1 < chars.count, chars[i + 1] == "|" {
                    i += 2
                    previous = "|"
                    continue
                }
                break  // the rest reads the left side's value, not the scope
            }
            if c == "_" || c.isLetter {
                let start = i
                while i < chars.count, chars[i] == "_" || chars[i].isLetter || chars[i].isNumber { i += 1 }
                let word = String(chars[start..<i])
                var j = i
                while j < chars.count, chars[j] == " " { j += 1 }
                let isCall = j < chars.count && chars[j] == "("
                if depth == 0, !isCall, previous != ".", previous != "&", previous != "$", !followedByColon(chars, i),
                    !["let", "in"].contains(word)
                {
                    out.append((word, start))
                }
                previous = "a"
                continue
            }
            if !c.isWhitespace { previous = c }
            i += 1
        }
        return out
    }

    private static func followedByColon(_ chars: [Character], _ index: Int) -> Bool {
        var j = index
        while j < chars.count, chars[j] == " " { j += 1 }
        return j < chars.count && chars[j] == ":"
    }

    /// `evidence.<name>` reads in a message expression.
    static func evidenceReads(_ text: String) -> [(String, Int)] {
        guard let regex = try? NSRegularExpression(pattern: #"(?<![\w.$])evidence\.([A-Za-z_][A-Za-z0-9_]*)"#) else {
            return []
        }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (
                ns.substring(with: m.range(at: 1)),
                text.distance(from: text.startIndex, to: String.Index(utf16Offset: m.range.location, in: text))
            )
        }
    }

    private static func warning(_ code: String, _ message: String, hint: String?, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(severity: .warning, code: code, message: message, hint: hint, location: location)
    }

    /// Drops diagnostics silenced by `# runbook: ignore <code>` on their line or the line before.
    public static func silenced(_ diagnostics: [Diagnostic], source: String) -> [Diagnostic] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        func ignored(_ line: Int) -> Set<String> {
            guard line >= 1, line <= lines.count, let range = lines[line - 1].range(of: "# runbook: ignore ") else {
                return []
            }
            let list = lines[line - 1][range.upperBound...]
            return Set(list.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init))
        }
        return diagnostics.filter { d in
            guard let l = d.location?.line else { return true }
            return !ignored(l).contains(d.code) && !ignored(l - 1).contains(d.code)
        }
    }
}
