import Engine
import Foundation
import RunJournal
import RunbookCore
import RunbookDSL
import RunbookTesting
import Testing

/// The journal observer and the history fold, with the in-memory provider and store (no I/O).
@Suite("Journal writer and history with the engine")
struct EngineJournalTests {
    static let runbookText = """
        apiVersion: runbook/v1
        name: t
        params:
          token: {secret: true}
        steps:
          - id: look
            shell: {run: look, read-only: true}
            capture: {ok: ok, seen: seen}
            check:
              - that: ok
                finding: broken
          - id: repair
            fixes: broken
            shell: {run: "repair ${{ params.token }}", mutating: true}
          - id: after
            shell: {run: "after ${{ steps.look.seen }}", read-only: true}
        """

    struct Journaled {
        var store: InMemoryCheckpointStore
        var summary: RunSummary
        var history: RunHistory
    }

    static func run(
        _ runbook: Runbook, provider: InMemoryProvider, store: InMemoryCheckpointStore = InMemoryCheckpointStore(),
        checkpoint: RunStateMachine.Checkpoint? = nil, header: Bool = true, cancelOn: String? = nil
    ) async throws -> Journaled {
        let registry = ProviderRegistry([provider])
        let (values, _) = ParamResolver.resolve(runbook, arguments: [("token", "s3cr3t-value")], environment: [:])
        let configuration = RunStateMachine.Configuration(
            runbook: runbook, params: values, runID: "r1", mutating: runbook.steps.map(registry.isMutating), approveAll: true)
        let machine = checkpoint.map { RunStateMachine(resuming: configuration, from: $0) } ?? RunStateMachine(configuration)
        let writer = JournalWriter(store: store, now: { 1000 })
        if header {
            var redacted = values
            redacted["token"] = "***"
            try writer.begin(
                RunHeader(
                    runID: "r1", runbook: "t", title: nil, file: "/x.yaml", workingDirectory: "/tmp",
                    fingerprint: RunbookFingerprint(runbook), params: redacted, secretParams: ["token"], dryRun: false,
                    startedAt: 1000, host: "h", pid: 1))
        }
        try writer.write(type: "session", fields: ["kind": .string(header ? "run" : "resume")])
        let driver = RunDriver(
            registry: registry, clock: TestClock(), approver: ApproveAll(), observers: [writer],
            redactor: Redactor(secrets: ParamResolver.secrets(runbook, values: values)),
            providerContext: ProviderContext(mode: .live, runID: "r1", environment: [:], workingDirectory: "/tmp"))
        // Its own task: a test that cancels the run must not cancel the test.
        let start = machine
        let summary = await Task {
            var m = start
            return await driver.run(&m)
        }.value
        return Journaled(store: store, summary: summary, history: try RunHistory(JournalReader.read(store)))
    }

    static func provider(cancelOn: String? = nil) -> InMemoryProvider {
        InMemoryProvider(
            name: "shell",
            answers: ["look": [.result(["ok": false, "seen": "n1"])], "repair": [.result(["done": true])]],
            mutating: { $0.payload["mutating"]?.literalValue == .bool(true) },
            onExecute: { request, _ in
                if request.stepID == cancelOn { withUnsafeCurrentTask { $0?.cancel() } }
            })
    }

    @Test func completeRunFoldsIntoFinalStepsAndFindings() async throws {
        let runbook = try load(Self.runbookText)
        let j = try await Self.run(runbook, provider: Self.provider())
        #expect(j.summary.status == .healthy)
        #expect(j.history.state == .finished(.healthy))
        #expect(j.history.completedPrefix.map(\.state) == [.finding, .fixed, .passed])
        #expect(j.history.findings.map(\.fixedBy) == ["repair"])
        #expect(j.history.inFlight == nil)
        #expect(j.history.appliedChanges.map(\.id) == ["repair"])
        // One sync for the header, the session, the request that went out and the end.
        #expect(j.store.syncCount == 4)
    }

    @Test func secretsNeverReachTheJournal() async throws {
        let runbook = try load(Self.runbookText)
        let j = try await Self.run(runbook, provider: Self.provider())
        let text = String(decoding: j.store.bytes, as: UTF8.self)
        #expect(!text.contains("s3cr3t-value"))
        #expect(text.contains("repair ***"))
    }

    @Test func interruptionRecordsDoNotCountAsDone() async throws {
        let runbook = try load(Self.runbookText)
        let j = try await Self.run(runbook, provider: Self.provider(cancelOn: "repair"))
        #expect(j.summary.status == .interrupted)
        #expect(j.history.state == .interrupted)
        #expect(j.history.completedPrefix.map(\.id) == ["look"])
        let inFlight = try #require(j.history.inFlight)
        #expect(inFlight.stepID == "repair")
        #expect(inFlight.isMutating && inFlight.requestSent)
        #expect(j.history.findings.map(\.isOpen) == [true])
    }

    @Test func resumeContinuesWithRecordedCapturesAndNeverRerunsCompletedSteps() async throws {
        let runbook = try load(Self.runbookText)
        let first = try await Self.run(runbook, provider: Self.provider(cancelOn: "repair"))
        let provider = Self.provider()
        let second = try await Self.run(
            runbook, provider: provider, store: first.store, checkpoint: first.history.checkpoint, header: false)
        #expect(provider.executed.map(\.stepID) == ["repair", "after"])
        #expect(provider.executed.last?.payload["run"] == "after n1")  // capture from the journal
        #expect(second.summary.status == .healthy)
        #expect(second.history.state == .finished(.healthy))
        #expect(second.history.completedPrefix.map(\.state) == [.finding, .fixed, .passed])
        #expect(second.history.sessions.map(\.kind) == ["run", "resume"])
    }

    @Test func findingOfAStepCutBeforeItsFinishIsNotKept() throws {
        var bytes = JournalFraming.magic
        let header = RunHeader(
            runID: "r", runbook: "t", title: nil, file: "/f", workingDirectory: "/", fingerprint: RunbookFingerprint(runbookHash: "h", steps: [.init(id: "look", hash: "x")]),
            params: [:], secretParams: [], dryRun: false, startedAt: 0, host: "h", pid: 1)
        for r in [
            JournalRecord(type: "run", at: 0, fields: header.json),
            JournalRecord(type: "session", at: 0, fields: ["kind": "run"]),
            JournalRecord(type: "step_started", at: 0, fields: ["step": "look", "index": 0, "mutating": false]),
            JournalRecord(type: "finding", at: 0, fields: ["finding": ["name": "broken", "step": "look", "message": "m"]]),
        ] { bytes += JournalFraming.frame(r.payload) }
        let history = try RunHistory(JournalReader.read(InMemoryCheckpointStore(bytes)))
        #expect(history.findings.isEmpty)
        #expect(history.inFlight == RunHistory.InFlight(stepID: "look", index: 0, isMutating: false, requestSent: false))
    }

    @Test func journalFailureStopsTheRunBeforeTheNextChange() async throws {
        struct Broken: CheckpointStore {
            func append(_ bytes: [UInt8]) throws(JournalError) { throw JournalError(.io, "disk full") }
            func sync() throws(JournalError) {}
            func read() throws(JournalError) -> [UInt8] { [] }
            func truncate(to length: Int) throws(JournalError) {}
        }
        let runbook = try load(Self.runbookText)
        let provider = Self.provider()
        let registry = ProviderRegistry([provider])
        let (values, _) = ParamResolver.resolve(runbook, arguments: [("token", "x")], environment: [:])
        let machine = RunStateMachine(
            .init(runbook: runbook, params: values, runID: "r", mutating: runbook.steps.map(registry.isMutating), approveAll: true))
        let writer = JournalWriter(store: Broken(), now: { 0 })
        let driver = RunDriver(
            registry: registry, clock: TestClock(), approver: ApproveAll(), observers: [writer],
            providerContext: ProviderContext(mode: .live, runID: "r", environment: [:], workingDirectory: "/"))
        let start = machine
        let summary = await Task {
            var m = start
            return await driver.run(&m)
        }.value
        #expect(summary.status == .interrupted)
        #expect(provider.executed.isEmpty)
        #expect(writer.failure?.code == .io)
    }

    @Test func fingerprintNamesChangedAddedAndRemovedSteps() throws {
        let before = try load(Self.runbookText)
        let changed = try load(
            Self.runbookText.replacingOccurrences(of: "shell: {run: look, read-only: true}", with: "shell: {run: look2, read-only: true}")
                .replacingOccurrences(of: "  - id: after", with: "  - id: later"))
        let changes = RunbookFingerprint(before).changes(comparedTo: RunbookFingerprint(changed))
        #expect(changes == ["'look' changed", "'later' added", "'after' removed"])
        #expect(RunbookFingerprint(before).changes(comparedTo: RunbookFingerprint(before)).isEmpty)
    }
}

/// A runbook from YAML text.
func load(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Runbook {
    let (runbook, diagnostics) = RunbookLoader.load(source: yaml, file: "test.yaml")
    return try #require(runbook, "\(diagnostics.map { $0.rendered() })", sourceLocation: sourceLocation)
}
