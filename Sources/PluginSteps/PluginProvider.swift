package import Engine
import Foundation
package import RunbookCore
package import RunbookDSL
package import ShellSteps

/// `plugin`: runs a plugin from `./plugins` or `RUNBOOK_PLUGIN_PATH`.
///
/// ```yaml
/// plugin:
///   name: policy-eval
///   action: evaluate            # optional when the plugin has one action
///   inputs:
///     policy: "${{ steps.key_policy.document }}"
///     principal: "${{ steps.role.arn }}"
///     action: kms:CreateGrant
/// ```
///
/// Protocol: the plugin's command gets one JSON request on stdin,
/// `{"protocol": 1, "plugin", "action", "inputs", "context": {run_id, step, attempt, mode, dry_run}}`,
/// and writes one JSON object on stdout, `{"result": ...}` or `{"error": "message"}`. Its stderr is
/// the step's log. Scalar inputs are also given as `RUNBOOK_INPUT_<NAME>` variables (others as
/// compact JSON), so a shell plugin needs no JSON parser. The environment holds only `PATH`,
/// `HOME`, `LANG`, `TMPDIR` and the variables the manifest lists: never credentials.
///
/// A timeout, a non-zero exit, or output that is not such an object is a step failure with a
/// message saying which, never a crash. Whether a step mutates comes from the manifest.
package struct PluginProvider: StepProvider {
    /// Keys of the mapping form.
    package static let keys = ["name", "action", "inputs"]
    /// The version of the stdin/stdout protocol.
    package static let protocolVersion = 1

    /// The action key.
    package let name = "plugin"
    /// The plugins available.
    package let catalog: PluginCatalog
    let runner: any ProcessRunner

    /// A provider for `catalog`, running plugins through `runner`.
    package init(catalog: PluginCatalog, runner: any ProcessRunner = SpawnProcessRunner(outputLimit: 8 << 20)) {
        self.catalog = catalog
        self.runner = runner
    }

    /// The plugin name and action name as written (literal only).
    func names(_ action: Action) -> (plugin: String?, action: String?) {
        switch action.payload {
        case .literal(.string(let s), _): return (s, nil)
        case .object:
            return (
                action.payload["name"]?.literalValue?.stringValue, action.payload["action"]?.literalValue?.stringValue
            )
        default: return (nil, nil)
        }
    }

    /// The manifest and action a step names, when both are known.
    func resolve(_ action: Action) -> (PluginManifest, PluginAction)? {
        let (pluginName, actionName) = names(action)
        guard let pluginName, let manifest = catalog.plugin(pluginName), let pluginAction = manifest.action(actionName)
        else {
            return nil
        }
        return (manifest, pluginAction)
    }

    /// From the manifest: always, never, or when one of the listed inputs is given.
    ///
    /// An unknown plugin or action counts as mutating.
    package func isMutating(_ action: Action) -> Bool {
        guard let (_, pluginAction) = resolve(action) else { return true }
        switch pluginAction.mutating {
        case .always: return true
        case .never: return false
        case .whenGiven(let inputs):
            let given = action.payload["inputs"]?.members ?? []
            return given.contains { member in
                inputs.contains(member.key) && member.value.literalValue != .null
            }
        }
    }

    /// `plugin policy-eval evaluate {inputs}`.
    package func describe(_ action: Action) -> String {
        let (pluginName, actionName) = names(action)
        var text = "plugin \(pluginName ?? "?")"
        if let a = actionName ?? resolve(action)?.1.name { text += " \(a)" }
        if let inputs = action.payload["inputs"] {
            text += " " + JSONSerializer.serialize(inputs.sourceJSON, style: .compact)
        }
        return text
    }

    /// The request the plugin would get and how to reproduce the call; runs nothing.
    package func plan(_ request: StepRequest, context: ProviderContext) async throws -> StepPlan {
        guard let (manifest, pluginAction) = resolve(request.action) else {
            throw StepFailure("unknown plugin or action")
        }
        let stdin = self.request(request, manifest: manifest, action: pluginAction, context: context)
        return StepPlan(
            summary: "run plugin '\(manifest.name)' action '\(pluginAction.name)'", request: stdin,
            commandLine: commandLine(manifest, stdin: stdin))
    }

    /// Runs the plugin's command with the request on stdin and reads its answer.
    package func execute(_ request: StepRequest, context: ProviderContext) async throws -> StepOutput {
        guard let (manifest, pluginAction) = resolve(request.action) else {
            throw StepFailure(
                "plugin '\(names(request.action).plugin ?? "?")' is not installed (looked in \(catalog.searchPath.joined(separator: ", ")))"
            )
        }
        if context.mode != .live, isMutating(request.action) {
            throw StepFailure(
                "refused: the run is \(context.mode.rawValue) and plugin '\(manifest.name)' action '\(pluginAction.name)' is mutating"
            )
        }
        let stdin = self.request(request, manifest: manifest, action: pluginAction, context: context)
        let inputs = request.payload["inputs"] ?? .object(JSONObject())
        let environment = self.environment(manifest, inputs: inputs, context: context, stepID: request.stepID)
        let timeout = request.timeout ?? manifest.timeout
        let result: ProcessResult
        do {
            result = try await runner.run(
                manifest.command, environment: environment, workingDirectory: context.workingDirectory,
                input: JSONSerializer.serialize(stdin, style: .compact) + "\n", timeout: timeout)
        } catch {
            throw StepFailure(
                "plugin '\(manifest.name)' could not be started: \(error.message) (command: \(manifest.command.joined(separator: " ")))"
            )
        }
        return Self.output(
            result, plugin: manifest.name, timeout: timeout, commandLine: commandLine(manifest, stdin: stdin))
    }

    /// The JSON request written on the plugin's stdin.
    func request(_ request: StepRequest, manifest: PluginManifest, action: PluginAction, context: ProviderContext)
        -> JSONValue
    {
        [
            "protocol": .integer(Self.protocolVersion), "plugin": .string(manifest.name),
            "action": .string(action.name),
            "inputs": request.payload["inputs"] ?? .object(JSONObject()),
            "context": [
                "run_id": .string(context.runID), "step": .string(request.stepID), "attempt": .integer(request.attempt),
                "mode": .string(context.mode.rawValue), "dry_run": .bool(context.mode != .live),
            ],
        ]
    }

    /// `echo '<request>' | <command>`, for reports and dry runs.
    func commandLine(_ manifest: PluginManifest, stdin: JSONValue) -> String {
        "echo " + ShellProvider.quote(JSONSerializer.serialize(stdin, style: .compact)) + " | "
            + manifest.command.map { $0.contains(" ") ? ShellProvider.quote($0) : $0 }.joined(separator: " ")
    }

    /// Only safe variables, the manifest's pass-through list, and the inputs as `RUNBOOK_INPUT_*`.
    func environment(_ manifest: PluginManifest, inputs: JSONValue, context: ProviderContext, stepID: String)
        -> [String: String]
    {
        var env: [String: String] = [:]
        for key in ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"] + manifest.passEnvironment {
            if let value = context.environment[key] { env[key] = value }
        }
        if env["PATH"] == nil { env["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        env["RUNBOOK_PLUGIN_DIR"] = manifest.directory
        env["RUNBOOK_RUN_ID"] = context.runID
        env["RUNBOOK_STEP"] = stepID
        env["RUNBOOK_MODE"] = context.mode.rawValue
        for member in inputs.objectValue ?? JSONObject() {
            let name =
                "RUNBOOK_INPUT_"
                + member.key.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            switch member.value {
            case .array, .object: env[name] = JSONSerializer.serialize(member.value, style: .compact)
            default: env[name] = Evaluator.text(of: member.value)
            }
        }
        return env
    }

    /// The step output for a finished plugin process: its answer, or why it is not one.
    static func output(_ result: ProcessResult, plugin: String, timeout: Duration, commandLine: String) -> StepOutput {
        let log = result.stderr.isEmpty ? nil : result.stderr
        func failed(_ message: String) -> StepOutput {
            StepOutput(result: .null, failure: message, log: log, commandLine: commandLine)
        }
        if result.timedOut { return failed("plugin '\(plugin)' timed out after \(DurationParser.format(timeout))") }
        if result.exitCode != 0 {
            let last = result.stderr.split(separator: "\n").last.map { ": \($0)" } ?? ""
            return failed("plugin '\(plugin)' exited with status \(result.exitCode)\(last)")
        }
        let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let answer: JSONValue
        do {
            answer = try JSONParser.parse(text)
        } catch {
            let start = text.isEmpty ? "nothing" : "'\(text.prefix(120))'"
            return failed(
                "plugin '\(plugin)' wrote malformed output: expected one JSON object on stdout, got \(start) (\(error))"
            )
        }
        return output(answer: answer, plugin: plugin, log: log, commandLine: commandLine)
    }

    /// The step output for a parsed answer (`{"result": ...}` or `{"error": "..."}`).
    static func output(answer: JSONValue, plugin: String, log: String?, commandLine: String?) -> StepOutput {
        guard let object = answer.objectValue, object["result"] != nil || object["error"] != nil else {
            let shown = JSONSerializer.serialize(answer, style: .compact).prefix(120)
            return StepOutput(
                result: .null,
                failure:
                    "plugin '\(plugin)' wrote malformed output: expected {\"result\": ...} or {\"error\": \"...\"}, got \(shown)",
                log: log, commandLine: commandLine)
        }
        let failure = object["error"].flatMap { $0.isNull ? nil : "plugin '\(plugin)': \(Evaluator.text(of: $0))" }
        return StepOutput(result: object["result"] ?? .null, failure: failure, log: log, commandLine: commandLine)
    }
}
