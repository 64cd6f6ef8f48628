package import RunbookCore

/// One call an action makes, named the way a test file names it (`runbook test`, `--record`).
///
/// `kind` is the action key (`aws`, `kubectl`, `plugin`, `shell`). `selector` says which call it is
/// (`{service: eks, operation: DescribeNodegroup}`, `{kubectl: "get nodes -o json"}`,
/// `{shell: "..."}`): in a test file its strings may use `*` wildcards. `parameters` are the
/// call's inputs, which a test file's entry matches partially (only the keys it gives).
package struct RecordedCall: Sendable, Equatable {
    /// The action key.
    package var kind: String
    /// Which call, as written under the action key in a test file (strings may be globs there).
    package var selector: JSONObject
    /// The name of the parameters member in a test file (`params`, `inputs`), or nil when none.
    package var parametersKey: String?
    /// The call's inputs.
    package var parameters: JSONValue

    /// Creates a call.
    package init(kind: String, selector: JSONObject, parametersKey: String? = nil, parameters: JSONValue = .null) {
        self.kind = kind
        self.selector = selector
        self.parametersKey = parametersKey
        self.parameters = parameters
    }
}

/// What a call answered, as a test file writes it: an `answer` (the call's output, shaped as
/// the provider's real transport returns it) or an `error` (a failed call).
package enum RecordedAnswer: Sendable, Equatable {
    /// The call succeeded with this output.
    case answer(JSONValue)
    /// The call failed; the object gives at least `message` (and e.g. AWS's `code`).
    case error(JSONObject)
}

/// A provider that can run in **replay** mode (answers from a test file instead of the network or
/// a process) and be **recorded** (`runbook run --record`), so a runbook can be tested offline
/// through the real engine and the provider's own result shaping.
///
/// Implementers must:
/// - name each call in the test file's vocabulary (``recordedCall(for:)``): the AWS provider as
///   `{service, operation}` with `params` (model member names); kubectl as its arguments; plugins
///   by name and action with `inputs`. Secrets are redacted by the caller, not here;
/// - build, in ``output(replaying:for:)``, exactly the ``StepOutput`` a real call answering this
///   way would give (same `result` shape, same `failure` text), without any I/O. For AWS the
///   answer is the operation's output as the aws CLI prints it; for kubectl its `-o json` output;
/// - invert it in ``recordedAnswer(for:request:)`` for `--record`;
/// - give, in ``answerTemplate(for:)``, the skeleton an author fills in when a call is unanswered.
///
/// Providers that do not conform still replay: the call is `{<kind>: <rendered payload>}` and the
/// answer is the step's `result` as is (see the RunbookReplay module).
package protocol ReplayableProvider: StepProvider {
    /// The call `request` makes.
    func recordedCall(for request: StepRequest) -> RecordedCall
    /// The output a real call answering `answer` would have produced.
    func output(replaying answer: RecordedAnswer, for request: StepRequest) async throws -> StepOutput
    /// The answer to write for a real output.
    func recordedAnswer(for output: StepOutput, request: StepRequest) -> RecordedAnswer
    /// A skeleton answer for an unanswered call (shown in the message that says what to add).
    func answerTemplate(for request: StepRequest) -> RecordedAnswer
}
