import Engine
import Foundation
import PluginSteps
import RunbookCore
import RunbookDSL
import Testing

/// The repository's root (plugins/ and examples/ live there).
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The repository's plugins.
let shippedPlugins = PluginCatalog.discover(in: [repository + "/plugins"])

/// A temporary folder with one plugin: `plugin.yaml` and a `run.sh` body.
func scratchPlugin(_ manifest: String, script: String) throws -> String {
    // Each plugin in its own search folder, so tests never see each other's plugins.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plugins-\(UUID().uuidString)/plugin").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try manifest.write(toFile: dir + "/plugin.yaml", atomically: true, encoding: .utf8)
    try script.write(toFile: dir + "/run.sh", atomically: true, encoding: .utf8)
    return dir
}

/// A one-step runbook whose step is `action` (YAML under the step), loaded without errors.
func step(_ action: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Step {
    let yaml =
        "apiVersion: runbook/v1\nname: t\nsteps:\n  - id: s\n"
        + action.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
    let (runbook, diagnostics) = RunbookLoader.load(source: yaml, file: "t.yaml")
    return try #require(runbook?.steps.first, "\(diagnostics.map { $0.rendered() })", sourceLocation: sourceLocation)
}

/// A request for `step` with its payload rendered without context (literal payloads).
func request(_ step: Step, timeout: Duration? = nil) throws -> StepRequest {
    var evaluator = Evaluator()
    let payload = try evaluator.render(step.action.payload, over: .object(JSONObject()))
    return StepRequest(stepID: step.id, action: step.action, payload: payload, timeout: timeout, isMutating: false)
}

/// A live context with this environment.
func context(
    _ environment: [String: String] = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
    mode: ProviderMode = .live
) -> ProviderContext {
    ProviderContext(
        mode: mode, runID: "run-1", environment: environment,
        workingDirectory: FileManager.default.temporaryDirectory.path)
}
