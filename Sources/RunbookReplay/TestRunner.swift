import Foundation
package import Engine
package import RunbookCore
package import RunbookDSL

/// Runs test cases through the real engine with every provider in replay mode, and compares the
/// outcome with the case's expectations.
package struct TestRunner: Sendable {
    /// The providers of this build (used for validation, mutability and result shaping).
    package var registry: ProviderRegistry

    /// A runner over these providers.
    package init(registry: ProviderRegistry) { self.registry = registry }

    /// The outcome of one case.
    package struct CaseResult: Sendable {
        /// The case's name.
        package var name: String
        /// What did not match, in words; empty when the case passed.
        package var failures: [String]
        /// Calls the test file did not answer.
        package var unanswered: [Tape.Use]
        /// Entries no call used.
        package var unused: [CallEntry]
        /// The run's summary (nil when it could not start).
        package var summary: RunSummary?
        /// Wall time of the case.
        package var duration: Duration

        /// Whether everything matched and every call was answered.
        package var passed: Bool { failures.isEmpty && unanswered.isEmpty }
    }

    /// Runs one case of `runbook`.
    package func run(_ testCase: TestCase, runbook: Runbook, workingDirectory: String) async -> CaseResult {
        let started = ContinuousClock.now
        let tape = Tape(testCase.calls)
        let replay = ProviderRegistry(
            registry.names.compactMap { registry.provider(named: $0) }.map { ReplayProvider($0, tape: tape) })
        let arguments = testCase.params.map { ($0.0, Self.argument($0.1)) }
        let (values, problems) = ParamResolver.resolve(runbook, arguments: arguments, environment: testCase.environment)
        if !problems.isEmpty {
            return CaseResult(
                name: testCase.name,
                failures: problems.map { "parameters: " + $0.message + ($0.hint.map { " (\($0))" } ?? "") },
                unanswered: [], unused: [], summary: nil, duration: ContinuousClock.now - started)
        }
        var machine = RunStateMachine(
            RunStateMachine.Configuration(
                runbook: runbook, params: values, environment: testCase.environment, aws: testCase.aws, runID: "test",
                dryRun: testCase.dryRun, mutating: runbook.steps.map(replay.isMutating),
                approveAll: testCase.approval == .all))
        let driver = RunDriver(
            registry: replay, clock: ReplayClock(), approver: CaseApprover(approval: testCase.approval),
            redactor: Redactor(secrets: ParamResolver.secrets(runbook, values: values)),
            providerContext: ProviderContext(
                mode: .live, runID: "test", environment: testCase.environment, workingDirectory: workingDirectory))
        let summary = await driver.run(&machine)
        let failures = Self.compare(testCase.expect, summary)
        return CaseResult(
            name: testCase.name, failures: failures, unanswered: tape.unanswered, unused: tape.unused, summary: summary,
            duration: ContinuousClock.now - started)
    }

    /// A test file value as `-p` text.
    static func argument(_ value: JSONValue) -> String {
        switch value {
        case .array, .object: return JSONSerializer.serialize(value, style: .compact)
        default: return Evaluator.text(of: value)
        }
    }

    /// What differs between `expect` and the run.
    package static func compare(_ expect: Expectation, _ summary: RunSummary) -> [String] {
        var failures: [String] = []
        func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.sorted().joined(separator: ", ") }
        if let status = expect.status, status != summary.status {
            failures.append(
                "exit status: expected \(status.rawValue) (\(describe(status))), got \(summary.status.rawValue) (\(describe(summary.status)))"
            )
        }
        let raised = Array(Set(summary.findings.map(\.name)))
        if let findings = expect.findings, Set(findings) != Set(raised) {
            failures.append("findings: expected \(list(findings)), got \(list(raised))")
        }
        let open = Array(Set(summary.openFindings.map(\.name)))
        if let expected = expect.open, Set(expected) != Set(open) {
            failures.append("open findings: expected \(list(expected)), got \(list(open))")
        }
        let fixed = summary.steps.filter { $0.state == .fixed }.map(\.id)
        if let expected = expect.fixed, Set(expected) != Set(fixed) {
            failures.append("fixes run: expected \(list(expected)), got \(list(fixed))")
        }
        for s in expect.steps {
            guard let record = summary.steps.first(where: { $0.id == s.id }) else { continue }
            if record.state != s.state {
                failures.append(
                    "step '\(s.id)': expected \(s.state.rawValue), got \(record.state.rawValue)"
                        + (record.message.map { " (\($0))" } ?? ""))
            }
        }
        for c in expect.captures {
            let parts = c.path.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, let record = summary.steps.first(where: { $0.id == parts[0] }) else { continue }
            let actual: JSONValue
            switch parts[1] {
            case "result": actual = record.result ?? .null
            case "state": actual = .string(record.state.rawValue)
            default: actual = record.captures[parts[1]] ?? .null
            }
            if actual != c.value {
                failures.append(
                    "capture \(c.path): expected \(JSONSerializer.serialize(c.value, style: .compact)), got \(JSONSerializer.serialize(actual, style: .compact))"
                )
            }
        }
        for m in expect.messages {
            let messages = summary.findings.filter { $0.name == m.finding }.map(\.message)
            if messages.isEmpty {
                failures.append("finding '\(m.finding)' was not raised, so its message cannot contain '\(m.text)'")
            } else if !messages.contains(where: { $0.contains(m.text) }) {
                failures.append("finding '\(m.finding)': message does not contain '\(m.text)': \(messages[0])")
            }
        }
        if !failures.isEmpty {
            // Context that explains most mismatches: what failed or stopped the run.
            for record in summary.steps where record.state == .failed {
                failures.append("  step '\(record.id)' failed: \(record.message ?? "")")
            }
        }
        return failures
    }

    static func describe(_ status: ExitStatus) -> String {
        switch status {
        case .healthy: return "healthy or repaired"
        case .findings: return "findings remain"
        case .usage: return "usage error"
        case .stepFailed: return "a step failed"
        case .interrupted: return "interrupted"
        }
    }

    /// The entry to add for an unanswered call, as YAML for a case's `calls:` list.
    package static func entryToAdd(_ use: Tape.Use) -> String {
        var entry = use.call.selector
        if let key = use.call.parametersKey, !use.call.parameters.isNull, use.call.parameters != .object(JSONObject()) {
            entry[key] = use.call.parameters
        }
        switch use.template {
        case .answer(let value): entry["answer"] = value
        case .error(let error): entry["error"] = .object(error)
        }
        return YAMLWriter.write(.array([.object(entry)]))
    }
}

/// Approves what a test case says.
struct CaseApprover: Approver {
    let approval: TestCase.Approval

    func approve(_ request: ApprovalRequest) async -> ApprovalDecision {
        switch approval {
        case .all: return .yes
        case .none: return .refused("the test case approves no change (approve: none)")
        case .steps(let ids): return ids.contains(request.stepID) ? .yes : .no
        }
    }
}
