import Foundation
package import Engine
package import RunbookCore
package import RunbookDSL

/// Reads a test file, reporting every problem with file:line:col (unknown keys with the closest
/// valid one, wrong types), as runbook files are.
package enum TestFileDecoder {
    static let topKeys = ["runbook", "description", "cases"]
    static let caseKeys = ["name", "description", "params", "env", "aws", "approve", "dry-run", "calls", "expect"]
    static let expectKeys = ["status", "findings", "open", "fixed", "steps", "captures", "messages"]
    /// Keys of a call entry that are not criteria.
    static let answerKeys = ["answer", "answers", "error", "step"]
    /// The criteria keys each kind takes besides its own key (kinds not listed take any).
    static let criteriaKeys: [String: [String]] = ["shell": [], "plugin": ["action", "inputs"]]
    /// Exit statuses by name.
    static let statusNames: [String: ExitStatus] = [
        "healthy": .healthy, "repaired": .healthy, "findings": .findings, "usage": .usage, "failed": .stepFailed,
        "step-failed": .stepFailed, "interrupted": .interrupted,
    ]

    /// The test file at `path`; `kinds` are the action keys a call may name.
    package static func load(path: String, kinds: [String]) -> (TestFile?, [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path), let source = String(data: data, encoding: .utf8)
        else {
            return (
                nil,
                [
                    Diagnostic(
                        code: "unreadable-file", message: "cannot read '\(path)'",
                        hint: "check the path and its permissions")
                ]
            )
        }
        return decode(source: source, path: path, kinds: kinds)
    }

    /// Decodes a test file's text.
    package static func decode(source: String, path: String, kinds: [String]) -> (TestFile?, [Diagnostic]) {
        let (document, parseProblems) = LocatedYAML.parse(source, file: path)
        guard let document else { return (nil, parseProblems) }
        var problems = document.checkKeys(topKeys, required: ["cases"], construct: "the test file")
        guard document.members != nil else { return (nil, problems) }
        let folder = (path as NSString).deletingLastPathComponent
        var runbookPath = defaultRunbookPath(for: path)
        if let runbook = document["runbook"] {
            if let text = runbook.json.stringValue {
                runbookPath = text.hasPrefix("/") || folder.isEmpty ? text : folder + "/" + text
            } else {
                problems.append(
                    Diagnostic(
                        code: "wrong-type", message: "'runbook' must be a path",
                        hint: "a path relative to the test file", location: runbook.location))
            }
        }
        var cases: [TestCase] = []
        if let items = document["cases"] {
            if let list = items.items {
                for (i, item) in list.enumerated() {
                    if let c = decodeCase(item, index: i, kinds: kinds, &problems) { cases.append(c) }
                }
                if list.isEmpty {
                    problems.append(
                        Diagnostic(
                            code: "empty-cases", message: "the test file has no cases",
                            hint: "add a case under 'cases:'", location: items.location))
                }
            } else {
                problems.append(
                    Diagnostic(
                        code: "wrong-type", message: "'cases' must be a list, not \(items.kindName)",
                        location: items.location))
            }
        }
        return (problems.isEmpty ? TestFile(path: path, runbookPath: runbookPath, cases: cases) : nil, problems)
    }

    /// `x.test.yaml` tests `x.yaml`.
    package static func defaultRunbookPath(for path: String) -> String {
        for suffix in [".test.yaml", ".test.yml"] where path.hasSuffix(suffix) {
            return String(path.dropLast(suffix.count)) + ".yaml"
        }
        return path
    }

    private static func decodeCase(_ node: LocatedYAML, index: Int, kinds: [String], _ problems: inout [Diagnostic])
        -> TestCase?
    {
        let name = node["name"]?.json.stringValue
        let construct = name.map { "case '\($0)'" } ?? "case \(index + 1)"
        problems += node.checkKeys(caseKeys, required: ["name"], construct: construct)
        guard node.members != nil else { return nil }
        var testCase = TestCase(
            name: name ?? "case \(index + 1)", location: node.location, params: [], environment: [:],
            aws: ["account": "123456789012", "region": "us-west-2"], approval: .all, dryRun: false, calls: [],
            expect: Expectation())
        if let params = node["params"] {
            if let members = params.members {
                testCase.params = members.map { ($0.key, $0.value.json) }
            } else {
                problems.append(wrongType("'params' of \(construct)", "a mapping", params))
            }
        }
        if let env = node["env"] {
            if let members = env.members {
                for m in members { testCase.environment[m.key] = Evaluator.text(of: m.value.json) }
            } else {
                problems.append(wrongType("'env' of \(construct)", "a mapping", env))
            }
        }
        if let aws = node["aws"] {
            // `aws` in expressions: account and region, and whatever else the AWS provider puts there.
            if let members = aws.members {
                var value = testCase.aws.objectValue ?? JSONObject()
                for m in members { value[m.key] = m.value.json }
                testCase.aws = .object(value)
            } else {
                problems.append(
                    wrongType(
                        "'aws' of \(construct)", "a mapping such as {account: \"123456789012\", region: us-west-2}", aws
                    ))
            }
        }
        if let approve = node["approve"] {
            switch approve.json {
            case .string("all"), .bool(true): testCase.approval = .all
            case .string("none"), .bool(false): testCase.approval = .none
            case .array(let ids) where ids.allSatisfy({ $0.stringValue != nil }):
                testCase.approval = .steps(ids.compactMap(\.stringValue))
            default:
                problems.append(
                    Diagnostic(
                        code: "wrong-type",
                        message: "'approve' of \(construct) must be all, none or a list of step ids",
                        location: approve.location))
            }
        }
        if let dryRun = node["dry-run"] {
            if let b = dryRun.json.boolValue {
                testCase.dryRun = b
            } else {
                problems.append(wrongType("'dry-run' of \(construct)", "true or false", dryRun))
            }
        }
        if let calls = node["calls"] {
            if let items = calls.items {
                for item in items {
                    if let entry = decodeCall(item, construct: construct, kinds: kinds, &problems) {
                        testCase.calls.append(entry)
                    }
                }
            } else {
                problems.append(wrongType("'calls' of \(construct)", "a list", calls))
            }
        }
        if let expect = node["expect"] { testCase.expect = decodeExpect(expect, construct: construct, &problems) }
        return testCase
    }

    private static func decodeCall(
        _ node: LocatedYAML, construct: String, kinds: [String], _ problems: inout [Diagnostic]
    ) -> CallEntry? {
        guard let members = node.members else {
            problems.append(wrongType("a call of \(construct)", "a mapping", node))
            return nil
        }
        let named = members.filter { kinds.contains($0.key) }
        guard named.count == 1 else {
            let message =
                named.isEmpty
                ? "a call of \(construct) names no action"
                : "a call of \(construct) names \(named.count) actions (\(named.map(\.key).joined(separator: ", ")))"
            let unknown = members.first { !answerKeys.contains($0.key) }
            let hint =
                named.isEmpty
                ? (unknown.flatMap { Suggestion.closest(to: $0.key, in: kinds) }.map { "did you mean '\($0)'?" }
                    ?? "start it with one of " + kinds.map { "'\($0):'" }.joined(separator: ", "))
                : "write one call per entry"
            problems.append(Diagnostic(code: "call-kind", message: message, hint: hint, location: node.location))
            return nil
        }
        let kind = named[0].key
        var entry = CallEntry(kind: kind, criteria: JSONObject(), step: nil, answers: [], location: node.location)
        let allowed = criteriaKeys[kind].map { [kind] + $0 + answerKeys }
        for member in members {
            switch member.key {
            case "answer": entry.answers = [.answer(member.value.json)]
            case "answers":
                if let items = member.value.items, !items.isEmpty {
                    entry.answers = items.map { .answer($0.json) }
                } else {
                    problems.append(
                        wrongType("'answers'", "a non-empty list (one answer per call, the last repeats)", member.value)
                    )
                }
            case "error":
                switch member.value.json {
                case .string(let message): entry.answers = [.error(["message": .string(message)])]
                case .object(let o): entry.answers = [.error(o)]
                default: problems.append(wrongType("'error'", "a message or {code, message}", member.value))
                }
            case "step": entry.step = member.value.json.stringValue
            default:
                if let allowed, !allowed.contains(member.key) {
                    let hint =
                        Suggestion.closest(to: member.key, in: allowed).map { "did you mean '\($0)'?" }
                        ?? "a \(kind) call takes " + allowed.map { "'\($0)'" }.joined(separator: ", ")
                    problems.append(
                        Diagnostic(
                            code: "unknown-key", message: "unknown key '\(member.key)' in a \(kind) call", hint: hint,
                            location: member.keyLocation))
                } else {
                    entry.criteria[member.key] = member.value.json
                }
            }
        }
        let answerCount = members.filter { ["answer", "answers", "error"].contains($0.key) }.count
        if answerCount != 1 {
            problems.append(
                Diagnostic(
                    code: answerCount == 0 ? "missing-key" : "two-answers",
                    message: answerCount == 0
                        ? "the \(kind) call has no 'answer'"
                        : "the \(kind) call has more than one of 'answer', 'answers' and 'error'",
                    hint: "give exactly one: 'answer:' (repeats), 'answers:' (in order, the last repeats) or 'error:'",
                    location: node.location))
        }
        return entry
    }

    private static func decodeExpect(_ node: LocatedYAML, construct: String, _ problems: inout [Diagnostic])
        -> Expectation
    {
        var expect = Expectation()
        let what = "'expect' of \(construct)"
        problems += node.checkKeys(expectKeys, construct: what)
        for member in node.members ?? [] {
            let value = member.value
            switch member.key {
            case "status":
                if case .integer(let i) = value.json, let s = ExitStatus(rawValue: Int32(i)) {
                    expect.status = s
                } else if let name = value.json.stringValue, let s = statusNames[name] {
                    expect.status = s
                } else {
                    let hint =
                        value.json.stringValue.flatMap { Suggestion.closest(to: $0, in: statusNames.keys.sorted()) }.map
                    { "did you mean '\($0)'?" }
                        ?? "write 0, 1, 2, 3, 130 or healthy, repaired, findings, failed, interrupted"
                    problems.append(
                        Diagnostic(
                            code: "invalid-value", message: "invalid 'status' in \(what)", hint: hint,
                            location: value.location))
                }
            case "findings", "open", "fixed":
                guard let names = value.json.arrayValue?.compactMap(\.stringValue), names.count == value.items?.count
                else {
                    problems.append(wrongType("'\(member.key)' of \(what)", "a list of names", value))
                    continue
                }
                switch member.key {
                case "findings": expect.findings = names
                case "open": expect.open = names
                default: expect.fixed = names
                }
            case "steps", "captures", "messages":
                guard let entries = value.members else {
                    problems.append(wrongType("'\(member.key)' of \(what)", "a mapping", value))
                    continue
                }
                for e in entries {
                    switch member.key {
                    case "steps":
                        if let text = e.value.json.stringValue, let state = StepState(rawValue: text) {
                            expect.steps.append((e.key, state, e.keyLocation))
                        } else {
                            let states = StepState.allCases.map(\.rawValue)
                            let hint =
                                e.value.json.stringValue.flatMap { Suggestion.closest(to: $0, in: states) }.map {
                                    "did you mean '\($0)'?"
                                }
                                ?? "states: " + states.joined(separator: ", ")
                            problems.append(
                                Diagnostic(
                                    code: "invalid-value", message: "invalid state for step '\(e.key)'", hint: hint,
                                    location: e.value.location))
                        }
                    case "captures": expect.captures.append((e.key, e.value.json, e.keyLocation))
                    default:
                        expect.messages.append((e.key, Evaluator.text(of: e.value.json), e.keyLocation))
                    }
                }
            default: break
            }
        }
        return expect
    }

    private static func wrongType(_ what: String, _ expected: String, _ node: LocatedYAML) -> Diagnostic {
        Diagnostic(
            code: "wrong-type", message: "\(what) must be \(expected), not \(node.kindName)", location: node.location)
    }
}
