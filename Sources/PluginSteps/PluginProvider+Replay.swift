package import Engine
package import RunbookCore

/// Replay and recording for `plugin` steps: a call is `{plugin: NAME, action: ACTION}` with
/// `inputs`; an answer is what the plugin wrote on stdout (`{"result": ...}` or `{"error": ...}`),
/// given in a test file as `answer: <result>` or `error: {message: ...}`.
extension PluginProvider: ReplayableProvider {
    /// `{plugin, action}` and the rendered inputs.
    package func recordedCall(for request: StepRequest) -> RecordedCall {
        let (pluginName, actionName) = names(request.action)
        var selector: JSONObject = ["plugin": .string(pluginName ?? "")]
        if let a = actionName ?? resolve(request.action)?.1.name { selector["action"] = .string(a) }
        return RecordedCall(
            kind: name, selector: selector, parametersKey: "inputs",
            parameters: request.payload["inputs"] ?? .object(JSONObject()))
    }

    /// The output of a plugin that answered this way.
    package func output(replaying answer: RecordedAnswer, for request: StepRequest) async throws -> StepOutput {
        let pluginName = names(request.action).plugin ?? "?"
        switch answer {
        case .answer(let result):
            return Self.output(answer: ["result": result], plugin: pluginName, log: nil, commandLine: nil)
        case .error(let error):
            return Self.output(
                answer: ["error": error["message"] ?? "failed"], plugin: pluginName, log: nil, commandLine: nil)
        }
    }

    /// The result, or the error message.
    package func recordedAnswer(for output: StepOutput, request: StepRequest) -> RecordedAnswer {
        if let failure = output.failure { return .error(["message": .string(failure)]) }
        return .answer(output.result)
    }

    /// An empty result.
    package func answerTemplate(for request: StepRequest) -> RecordedAnswer { .answer(.object(JSONObject())) }
}
