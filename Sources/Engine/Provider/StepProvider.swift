package import RunbookCore
package import RunbookDSL

/// Runs one kind of action (`shell`, `aws`, `kubectl`, `plugin`) for the engine.
///
/// The engine never knows what an action does; it asks its provider. Implementers must:
/// - answer ``validate(_:)`` and ``isMutating(_:)`` statically, without any call, from the
///   action's payload (every key and value carries its file position for diagnostics);
/// - make ``plan(_:context:)`` side-effect free: it renders what would be sent (parameters, the
///   equivalent CLI line, a diff of a document it would replace). It may make read-only calls to
///   fetch the current document only when `context.mode` allows calls;
/// - in ``execute(_:context:)``, return a failed command (non-zero exit, API error answer) as a
///   ``StepOutput`` with `failure` set, and throw only when the action could not be attempted;
/// - refuse, in their transport, any request not known to be read-only when `context.mode` is
///   ``ProviderMode/readOnly`` (dry runs): the engine already skips mutating steps, this is the
///   second line of defence;
/// - honour `request.timeout` and task cancellation (Ctrl-C).
package protocol StepProvider: Sendable {
    /// The action key this provider handles, e.g. `shell`.
    var name: String { get }

    /// Problems with an action's payload (unknown keys, wrong types), with positions.
    func validate(_ action: Action) -> [Diagnostic]

    /// Whether running the action may change anything. Unknown means yes.
    func isMutating(_ action: Action) -> Bool

    /// One line saying what the action does, templates unrendered (for `runbook plan` and `show`).
    func describe(_ action: Action) -> String

    /// What the request would send, without sending anything that changes state.
    func plan(_ request: StepRequest, context: ProviderContext) async throws -> StepPlan

    /// Performs the request.
    func execute(_ request: StepRequest, context: ProviderContext) async throws -> StepOutput
}

extension StepProvider {
    /// No static checks by default.
    package func validate(_ action: Action) -> [Diagnostic] { [] }

    /// The payload as compact JSON, templates shown as written.
    package func describe(_ action: Action) -> String {
        "\(name) \(JSONSerializer.serialize(action.payload.sourceJSON, style: .compact))"
    }
}

/// How much a provider may do.
package enum ProviderMode: String, Sendable, Equatable, Codable {
    /// Anything the runbook asks for (after approval).
    case live
    /// Only requests known to be read-only (dry runs); anything else must be refused.
    case readOnly = "read-only"
    /// No call at all (`runbook plan`).
    case noCalls = "no-calls"
}

/// What a provider knows about the run it works for.
package struct ProviderContext: Sendable {
    /// What the provider may do.
    package var mode: ProviderMode
    /// The run's id (for logs and request tokens).
    package var runID: String
    /// The environment given to the run.
    package var environment: [String: String]
    /// The folder relative paths start from.
    package var workingDirectory: String

    /// Creates a context.
    package init(mode: ProviderMode, runID: String, environment: [String: String], workingDirectory: String) {
        self.mode = mode
        self.runID = runID
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}

/// One rendered action, ready for a provider.
package struct StepRequest: Sendable, Equatable {
    /// The step's id.
    package var stepID: String
    /// The action as written (with positions).
    package var action: Action
    /// The payload with every template rendered.
    package var payload: JSONValue
    /// The longest this attempt may take.
    package var timeout: Duration?
    /// 1 for the first attempt.
    package var attempt: Int
    /// Whether the engine considers the request mutating.
    package var isMutating: Bool

    /// Creates a request.
    package init(stepID: String, action: Action, payload: JSONValue, timeout: Duration? = nil, attempt: Int = 1, isMutating: Bool) {
        self.stepID = stepID
        self.action = action
        self.payload = payload
        self.timeout = timeout
        self.attempt = attempt
        self.isMutating = isMutating
    }
}

/// What an action returned.
package struct StepOutput: Sendable, Equatable {
    /// The result expressions read as `result`.
    package var result: JSONValue
    /// Why the action failed (non-zero exit, API error), or nil when it succeeded.
    package var failure: String?
    /// Text shown as the step's log (stderr, warnings).
    package var log: String?
    /// The command that reproduces the call, for reports (`aws kms get-key-policy ...`).
    package var commandLine: String?

    /// Creates an output.
    package init(result: JSONValue, failure: String? = nil, log: String? = nil, commandLine: String? = nil) {
        self.result = result
        self.failure = failure
        self.log = log
        self.commandLine = commandLine
    }
}

/// What a request would do, shown by dry runs and approval prompts.
package struct StepPlan: Sendable, Equatable {
    /// One line: what would happen.
    package var summary: String
    /// The rendered parameters that would be sent.
    package var request: JSONValue
    /// The equivalent command line, when there is one.
    package var commandLine: String?
    /// A unified diff of the document the request would replace, when the provider knows it.
    package var diff: String?

    /// Creates a plan.
    package init(summary: String, request: JSONValue, commandLine: String? = nil, diff: String? = nil) {
        self.summary = summary
        self.request = request
        self.commandLine = commandLine
        self.diff = diff
    }
}
