package import Engine
import Foundation
package import RunbookCore
package import RunbookDSL

/// `shell`: runs a command with `/bin/sh -c`.
///
/// ```yaml
/// shell: kubectl get nodes -o json          # mutating: needs approval, skipped in dry runs
/// shell:
///   run: kubectl get nodes -o json
///   read-only: true                         # runs in dry runs and without approval
///   env: {KUBECONFIG: /tmp/kubeconfig}
///   expect-exit: [0, 1]                     # exit codes that are not a failure (default [0])
///   workdir: /tmp
///   stdin: "${{ steps.policy.document }}"
/// ```
///
/// The result is `{exit_code, stdout, stderr, lines, json}`: `lines` are stdout's non-empty lines
/// and `json` is stdout parsed as JSON (null when it is not JSON).
///
/// Safe default: a shell command can do anything, so a `shell` step is **mutating unless it says
/// `read-only: true`**. A mutating step needs approval and is never run by a dry run; in a
/// read-only context (dry run) this provider refuses to start any command not declared read-only.
package struct ShellProvider: StepProvider {
    /// Keys allowed in the mapping form.
    package static let keys = ["run", "read-only", "env", "expect-exit", "workdir", "stdin"]

    /// The action key.
    package let name = "shell"
    let runner: any ProcessRunner
    let shell: String

    /// A provider running commands with `shell -c` through `runner`.
    package init(runner: any ProcessRunner = SpawnProcessRunner(), shell: String = "/bin/sh") {
        self.runner = runner
        self.shell = shell
    }

    /// Checks the payload's shape.
    package func validate(_ action: Action) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        switch action.payload {
        case .literal(.string, _), .template: return []
        case .object(let members, let location):
            for member in members where !Self.keys.contains(member.key) {
                let hint = Suggestion.closest(to: member.key, in: Self.keys).map { "did you mean '\($0)'?" }
                    ?? "valid keys are " + Self.keys.map { "'\($0)'" }.joined(separator: ", ")
                diagnostics.append(
                    Diagnostic(code: "unknown-key", message: "unknown key '\(member.key)' in a shell action", hint: hint, location: member.keyLocation))
            }
            if action.payload["run"] == nil {
                diagnostics.append(
                    Diagnostic(code: "missing-key", message: "the shell action has no 'run'", hint: "add 'run: <command>'", location: location))
            }
            if let readOnly = action.payload["read-only"], readOnly.literalValue?.boolValue == nil {
                diagnostics.append(
                    Diagnostic(
                        code: "wrong-type", message: "'read-only' of a shell action must be true or false, written literally",
                        hint: readOnly.literalValue == nil
                            ? "whether a step may change things cannot depend on a template"
                            : "write true or false (in YAML 1.2, 'yes' and 'no' are text)",
                        location: readOnly.location))
            }
            if let expect = action.payload["expect-exit"] {
                let value = expect.literalValue
                let ok = value.map { v -> Bool in
                    if case .integer = v { return true }
                    return v.arrayValue?.allSatisfy { if case .integer = $0 { return true } else { return false } } ?? false
                } ?? false
                if !ok {
                    diagnostics.append(
                        Diagnostic(code: "wrong-type", message: "'expect-exit' of a shell action must be an exit code or a list of them", location: expect.location))
                }
            }
        default:
            diagnostics.append(
                Diagnostic(
                    code: "wrong-type", message: "a shell action must be a command or a mapping with 'run'",
                    hint: "write 'shell: echo hello' or 'shell: {run: echo hello, read-only: true}'", location: action.payload.location))
        }
        return diagnostics
    }

    /// Mutating unless the step says `read-only: true`.
    package func isMutating(_ action: Action) -> Bool {
        action.payload["read-only"]?.literalValue?.boolValue != true
    }

    /// `shell: <command>`.
    package func describe(_ action: Action) -> String {
        let command: TemplateValue? = action.payload.members == nil ? action.payload : action.payload["run"]
        return "shell: " + (command.map { value -> String in
            if case .template(let t) = value { return t.sourceText }
            return value.literalValue.map { Evaluator.text(of: $0) } ?? ""
        } ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The command that would run; never starts it.
    package func plan(_ request: StepRequest, context: ProviderContext) async throws -> StepPlan {
        let command = Self.command(request.payload).trimmingCharacters(in: .whitespacesAndNewlines)
        return StepPlan(summary: "run a shell command", request: request.payload, commandLine: "\(shell) -c \(Self.quote(command))")
    }

    /// Runs the command.
    package func execute(_ request: StepRequest, context: ProviderContext) async throws -> StepOutput {
        let readOnly = !isMutating(request.action)
        guard context.mode == .live || (context.mode == .readOnly && readOnly) else {
            throw StepFailure("refused: the run is \(context.mode.rawValue) and this shell step is not declared 'read-only: true'")
        }
        let command = Self.command(request.payload)
        var environment = context.environment
        for member in request.payload["env"]?.objectValue ?? JSONObject() {
            environment[member.key] = Evaluator.text(of: member.value)
        }
        let input = request.payload["stdin"].map { Evaluator.text(of: $0) }
        let workdir = request.payload["workdir"]?.stringValue ?? context.workingDirectory
        let result: ProcessResult
        do {
            result = try await runner.run(
                [shell, "-c", command], environment: environment, workingDirectory: workdir, input: input,
                timeout: request.timeout)
        } catch {
            throw StepFailure(error.message)
        }
        let expected = Self.expectedExitCodes(request.payload)
        var failure: String? = nil
        if result.timedOut {
            failure = "timed out after \(DurationParser.format(request.timeout ?? .zero))"
        } else if !expected.contains(Int(result.exitCode)) {
            let lastLine = result.stderr.split(separator: "\n").last.map { ": \($0)" } ?? ""
            failure = "exited with status \(result.exitCode)\(lastLine)"
        }
        let json = (try? JSONParser.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))) ?? .null
        let lines = result.stdout.split(separator: "\n").map { JSONValue.string(String($0)) }
        let value: JSONValue = .object(
            JSONObject([
                ("exit_code", .integer(Int(result.exitCode))), ("stdout", .string(result.stdout)),
                ("stderr", .string(result.stderr)), ("lines", .array(lines)), ("json", json),
                ("timed_out", .bool(result.timedOut)),
            ]))
        return StepOutput(
            result: value, failure: failure, log: result.stderr.isEmpty ? nil : result.stderr,
            commandLine: "\(shell) -c \(Self.quote(command.trimmingCharacters(in: .whitespacesAndNewlines)))")
    }

    /// The command text of a rendered payload.
    static func command(_ payload: JSONValue) -> String {
        if case .object(let o) = payload { return o["run"].map { Evaluator.text(of: $0) } ?? "" }
        return Evaluator.text(of: payload)
    }

    static func expectedExitCodes(_ payload: JSONValue) -> [Int] {
        switch payload["expect-exit"] {
        case .integer(let i): return [i]
        case .array(let items): return items.compactMap { if case .integer(let i) = $0 { return i } else { return nil } }
        default: return [0]
        }
    }

    /// Single-quotes text for a POSIX shell.
    package static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
