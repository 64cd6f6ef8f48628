import Engine
import RunbookCore
import RunbookDSL
import RunbookTesting
import Testing

/// A runbook from YAML text; fails the test with the diagnostics when it does not load.
func load(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Runbook {
    let (runbook, diagnostics) = RunbookLoader.load(source: yaml, file: "test.yaml")
    return try #require(runbook, "\(diagnostics.map { $0.rendered() })", sourceLocation: sourceLocation)
}

/// The outcome of running a runbook against a provider.
struct Outcome {
    var summary: RunSummary
    var events: [RunEvent]
    var clock: TestClock

    func state(_ id: String) -> StepState? { summary.steps.first { $0.id == id }?.state }
    func record(_ id: String) -> StepRecord? { summary.steps.first { $0.id == id } }
}

/// Runs `runbook` with `provider` registered as `shell`, on a test clock.
func run(
    _ runbook: Runbook, provider: any StepProvider, params: [(String, String)] = [], dryRun: Bool = false,
    approver: any Approver = ApproveAll(), approveAll: Bool = false, environment: [String: String] = [:]
) async -> Outcome {
    let registry = ProviderRegistry([provider])
    let (values, _) = ParamResolver.resolve(runbook, arguments: params, environment: environment)
    var machine = RunStateMachine(
        RunStateMachine.Configuration(
            runbook: runbook, params: values, environment: environment, aws: ["account": "123456789012", "region": "us-west-2"],
            runID: "test-run", dryRun: dryRun, mutating: runbook.steps.map(registry.isMutating), approveAll: approveAll))
    let clock = TestClock()
    let recorder = RecordingObserver()
    let driver = RunDriver(
        registry: registry, clock: clock, approver: approver, observers: [recorder],
        redactor: Redactor(secrets: ParamResolver.secrets(runbook, values: values)),
        providerContext: ProviderContext(mode: .live, runID: "test-run", environment: environment, workingDirectory: "/tmp"))
    let summary = await driver.run(&machine)
    return Outcome(summary: summary, events: recorder.events, clock: clock)
}
