import Foundation
package import Engine
package import RunbookCore

/// Replay and recording for `shell` steps (`runbook test`, `runbook run --record`).
///
/// A call is its command text (`shell: "aws eks describe-nodegroup ..."`); an answer is what the
/// process printed: `stdout` (or `json`, printed with 4-space indentation as the aws CLI does),
/// `stderr`, `exit` (default 0). Replay
/// runs this provider's own `execute` over a process runner that returns the recorded output, so
/// the step's result (`exit_code`, `stdout`, `lines`, `json`, ...) is shaped exactly as in a real run.
extension ShellProvider: ReplayableProvider {
    /// `{shell: <command>}`.
    package func recordedCall(for request: StepRequest) -> RecordedCall {
        let command = Self.command(request.payload).trimmingCharacters(in: .whitespacesAndNewlines)
        return RecordedCall(kind: name, selector: JSONObject([("shell", .string(command))]))
    }

    /// The output of a process that printed the recorded text.
    package func output(replaying answer: RecordedAnswer, for request: StepRequest) async throws -> StepOutput {
        switch answer {
        case .error(let error):
            throw StepFailure(error["message"]?.stringValue ?? "the command could not be started")
        case .answer(let value):
            var stdout = value["stdout"].map { Evaluator.text(of: $0) } ?? ""
            if let json = value["json"] { stdout = JSONSerializer.serialize(json, style: .default) + "\n" }
            let result = ProcessResult(
                exitCode: Int32(value["exit"]?.doubleValue ?? 0), stdout: stdout,
                stderr: value["stderr"].map { Evaluator.text(of: $0) } ?? "",
                timedOut: value["timed-out"]?.boolValue ?? false)
            let replaying = ShellProvider(runner: RecordedProcess(result: result), shell: shell)
            let context = ProviderContext(mode: .live, runID: "replay", environment: [:], workingDirectory: "/")
            return try await replaying.execute(request, context: context)
        }
    }

    /// `{json | stdout, stderr, exit}` from a real result.
    package func recordedAnswer(for output: StepOutput, request: StepRequest) -> RecordedAnswer {
        let result = output.result
        var answer = JSONObject()
        let stdout = result["stdout"]?.stringValue ?? ""
        // `json:` reads better, but only when replaying it prints exactly what the command printed
        // (`lines` and `stdout` must stay the same); otherwise the text as it was.
        if let json = result["json"], json.arrayValue != nil || json.objectValue != nil,
            JSONSerializer.serialize(json, style: .default) + "\n" == stdout
        {
            answer["json"] = json
        } else if !stdout.isEmpty {
            answer["stdout"] = .string(stdout)
        }
        if let stderr = result["stderr"]?.stringValue, !stderr.isEmpty { answer["stderr"] = .string(stderr) }
        if let exit = result["exit_code"], exit != .integer(0) { answer["exit"] = exit }
        if result["timed_out"]?.boolValue == true { answer["timed-out"] = true }
        return .answer(.object(answer))
    }

    /// `{stdout: "", exit: 0}`.
    package func answerTemplate(for request: StepRequest) -> RecordedAnswer {
        .answer(["stdout": "", "exit": 0])
    }
}

/// A process runner that "runs" nothing and returns a recorded result: the replay building block
/// for any provider that runs a program through ``ProcessRunner`` (shell here; kubectl can do the
/// same through `KubectlRunner(runner:)`).
package struct RecordedProcess: ProcessRunner {
    /// What every run returns.
    package let result: ProcessResult

    /// A runner returning `result`.
    package init(result: ProcessResult) { self.result = result }

    /// Returns the recorded result without starting anything.
    package func run(
        _ arguments: [String], environment: [String: String], workingDirectory: String?, input: String?,
        timeout: Duration?
    ) async throws(ProcessLaunchError) -> ProcessResult { result }
}
