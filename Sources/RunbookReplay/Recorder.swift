package import Foundation
package import Engine
package import RunbookCore
package import RunbookDSL
import Synchronization

/// Records the calls of a real run (`runbook run --record FILE`) as a test file.
///
/// A test can so be made from a real incident. Credentials and secrets are scrubbed.
package final class Recorder: Sendable {
    private struct Entry {
        var stepID: String
        var call: RecordedCall
        var answer: RecordedAnswer
    }

    private let state = Mutex<[Entry]>([])

    /// An empty recorder.
    package init() {}

    /// The same providers, each recording what it executes.
    package func wrap(_ registry: ProviderRegistry) -> ProviderRegistry {
        ProviderRegistry(
            registry.names.compactMap { registry.provider(named: $0) }.map {
                RecordingProvider(inner: $0, recorder: self)
            })
    }

    fileprivate func add(_ stepID: String, _ call: RecordedCall, _ answer: RecordedAnswer) {
        state.withLock { $0.append(Entry(stepID: stepID, call: call, answer: answer)) }
    }

    /// How many calls were recorded.
    package var count: Int { state.withLock { $0.count } }

    /// The test file: one case with the run's parameters, its calls and what it ended with.
    package func testFile(
        runbook: Runbook, runbookPath: String, params: JSONObject, secrets: [String], aws: JSONValue, dryRun: Bool,
        summary: RunSummary, date: Date = Date()
    ) -> String {
        let scrubber = CredentialScrubber(secrets: secrets)
        let secretNames = Set(runbook.params.filter(\.secret).map(\.name))
        var paramsOut = JSONObject()
        for member in params where !member.value.isNull {
            paramsOut[member.key] = secretNames.contains(member.key) ? "***" : scrubber.scrub(member.value)
        }
        // One entry per distinct call, answers in the order they came.
        var calls: [(call: RecordedCall, answers: [RecordedAnswer])] = []
        for entry in state.withLock({ $0 }) {
            var call = entry.call
            call.selector = scrubber.scrub(.object(call.selector)).objectValue ?? call.selector
            call.parameters = scrubber.scrub(call.parameters)
            let answer: RecordedAnswer
            switch entry.answer {
            case .answer(let v): answer = .answer(scrubber.scrub(v))
            case .error(let e): answer = .error(scrubber.scrub(.object(e)).objectValue ?? e)
            }
            if let i = calls.firstIndex(where: { $0.call == call }) {
                calls[i].answers.append(answer)
            } else {
                calls.append((call, [answer]))
            }
        }
        var callValues: [JSONValue] = []
        for (call, answers) in calls {
            var o = call.selector
            if let key = call.parametersKey, !call.parameters.isNull { o[key] = call.parameters }
            if Set(answers.map { "\($0)" }).count == 1 || answers.count == 1 {
                switch answers[0] {
                case .answer(let v): o["answer"] = v
                case .error(let e): o["error"] = .object(e)
                }
            } else {
                o["answers"] = .array(answers.map { if case .answer(let v) = $0 { return v } else { return .null } })
            }
            callValues.append(.object(o))
        }
        let approved = summary.steps.filter { $0.isMutating && $0.attempts > 0 }.map { JSONValue.string($0.id) }
        var expect: JSONObject = [
            "status": .integer(Int(summary.status.rawValue)),
            "findings": .array(Array(Set(summary.findings.map(\.name))).sorted().map(JSONValue.string)),
            "open": .array(Array(Set(summary.openFindings.map(\.name))).sorted().map(JSONValue.string)),
            "fixed": .array(summary.steps.filter { $0.state == .fixed }.map { .string($0.id) }),
        ]
        expect["steps"] = .object(JSONObject(summary.steps.map { ($0.id, .string($0.state.rawValue)) }))
        let stamp = ISO8601DateFormatter().string(from: date)
        var testCase: JSONObject = ["name": .string("recorded \(stamp) (run \(summary.runID))")]
        if !paramsOut.isEmpty { testCase["params"] = .object(paramsOut) }
        if let o = aws.objectValue, o.values.contains(where: { !$0.isNull }) {
            testCase["aws"] = scrubber.scrub(
                .object(JSONObject(o.members.filter { !$0.value.isNull }.map { ($0.key, $0.value) })))
        }
        testCase["approve"] = approved.isEmpty ? "none" : .array(approved)
        if dryRun { testCase["dry-run"] = true }
        testCase["calls"] = .array(callValues)
        testCase["expect"] = .object(expect)
        let document: JSONValue = ["runbook": .string(runbookPath), "cases": [.object(testCase)]]
        let header = """
            # Recorded by `runbook run --record` from a real run of \(runbook.name) on \(stamp).
            # Credentials and secret parameters are replaced by ***. Review it, give the case a
            # meaningful name, trim answers to what the runbook reads, then run `runbook test`.

            """
        return header + YAMLWriter.write(document)
    }
}

/// Executes through the real provider and records the call and its answer.
struct RecordingProvider: StepProvider {
    let inner: any StepProvider
    let recorder: Recorder

    var name: String { inner.name }
    func validate(_ action: Action) -> [Diagnostic] { inner.validate(action) }
    func isMutating(_ action: Action) -> Bool { inner.isMutating(action) }
    func describe(_ action: Action) -> String { inner.describe(action) }
    func plan(_ request: StepRequest, context: ProviderContext) async throws -> StepPlan {
        try await inner.plan(request, context: context)
    }

    func execute(_ request: StepRequest, context: ProviderContext) async throws -> StepOutput {
        let call = ReplayProvider.call(inner, request)
        do {
            let output = try await inner.execute(request, context: context)
            let answer: RecordedAnswer
            if let replayable = inner as? any ReplayableProvider {
                answer = replayable.recordedAnswer(for: output, request: request)
            } else if let failure = output.failure {
                answer = .error(["message": .string(failure)])
            } else {
                answer = .answer(output.result)
            }
            recorder.add(request.stepID, call, answer)
            return output
        } catch {
            recorder.add(request.stepID, call, .error(["message": .string("\(error)")]))
            throw error
        }
    }
}
