public import RunbookCore

/// One step of a runbook: an action and what to do around it.
public struct Step: Sendable, Hashable {
    /// `id`: unique in the runbook, an identifier (`steps.<id>` in expressions).
    public var id: String
    /// `title`: what the step does, for people.
    public var title: String?
    /// `why`: the reason for the step, shown in plans and reports.
    public var why: String?
    /// The one action (`shell`, `aws`, `kubectl` or `plugin`).
    public var action: Action
    /// `capture`: named expressions over the step's result, in file order.
    public var captures: [Capture]
    /// `check`: assertions that raise findings.
    public var checks: [Check]
    /// `when`: the step runs only if this holds.
    public var when: ExpressionSource?
    /// `fixes`: the finding this fix step repairs; the step runs only if it was raised.
    public var fixes: String?
    /// Where `fixes` names its finding.
    public var fixesLocation: SourceLocation?
    /// `verify`: checks run after a fix to prove it worked.
    public var verify: [Check]
    /// `wait`: repeat the action until a condition holds.
    public var wait: Wait?
    /// `retries`: how often to retry a failed action.
    public var retry: Retry
    /// `timeout`: the longest one attempt may take.
    public var timeout: Duration?
    /// `on-failure`: what the run does when this step fails.
    public var onFailure: OnFailure
    /// `finish-if`: end the run early as healthy when this holds after the step.
    public var finishIf: ExpressionSource?
    /// Where the step starts.
    public var location: SourceLocation
    /// `undo`: how `runbook undo` reverts this step (see ``Undo``).
    public var undo: Undo? = nil
    /// `already-applied`: how `runbook resume` tells whether an interrupted run of this step took effect.
    public var alreadyApplied: AlreadyApplied? = nil

    /// Creates a step.
    public init(
        id: String, title: String? = nil, why: String? = nil, action: Action, captures: [Capture] = [],
        checks: [Check] = [], when: ExpressionSource? = nil, fixes: String? = nil,
        fixesLocation: SourceLocation? = nil, verify: [Check] = [], wait: Wait? = nil, retry: Retry = .none,
        timeout: Duration? = nil, onFailure: OnFailure = .stop, finishIf: ExpressionSource? = nil,
        location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.why = why
        self.action = action
        self.captures = captures
        self.checks = checks
        self.when = when
        self.fixes = fixes
        self.fixesLocation = fixesLocation
        self.verify = verify
        self.wait = wait
        self.retry = retry
        self.timeout = timeout
        self.onFailure = onFailure
        self.finishIf = finishIf
        self.location = location
    }

    /// Whether the step is a fix (mutating by definition).
    public var isFix: Bool { fixes != nil }

    /// The title, or the id when there is none.
    public var displayTitle: String { title ?? id }
}

/// The action of a step: a provider name and its payload, still templated.
public struct Action: Sendable, Hashable {
    /// The providers the language knows.
    public static let providerNames = ["shell", "aws", "kubectl", "plugin"]

    /// `shell`, `aws`, `kubectl` or `plugin`: which provider runs the action.
    public var provider: String
    /// What follows the provider key, as written (validated by the provider).
    public var payload: TemplateValue
    /// Where the provider key is.
    public var location: SourceLocation

    /// Creates an action.
    public init(provider: String, payload: TemplateValue, location: SourceLocation) {
        self.provider = provider
        self.payload = payload
        self.location = location
    }
}

/// `capture: {name: expression}`: a value read from the step's result.
public struct Capture: Sendable, Hashable, Codable {
    /// The name (`steps.<id>.<name>`).
    public var name: String
    /// Evaluated with the step's result as the current node.
    public var expression: ExpressionSource
    /// Where the name is.
    public var location: SourceLocation

    /// Creates a capture.
    public init(name: String, expression: ExpressionSource, location: SourceLocation) {
        self.name = name
        self.expression = expression
        self.location = location
    }
}

/// An assertion in `check` or `verify`.
public struct Check: Sendable, Hashable, Codable {
    /// `that`: the condition that must hold.
    public var assertion: ExpressionSource
    /// `finding`: the finding raised when the condition fails (required in `check`).
    public var finding: String?
    /// `message`: text rendered from the evidence when the check fails.
    public var message: Template?
    /// `evidence`: named values shown with the finding; by default the captures the condition reads.
    public var evidence: [Capture]
    /// Where the check starts.
    public var location: SourceLocation

    /// Creates a check.
    public init(
        assertion: ExpressionSource, finding: String? = nil, message: Template? = nil, evidence: [Capture] = [],
        location: SourceLocation
    ) {
        self.assertion = assertion
        self.finding = finding
        self.message = message
        self.evidence = evidence
        self.location = location
    }
}

/// `wait`: poll the action until `until` holds.
public struct Wait: Sendable, Hashable, Codable {
    /// The condition over the step's result and captures.
    public var until: ExpressionSource
    /// Give up (the step fails) after this long.
    public var timeout: Duration
    /// Time between attempts at first.
    public var interval: Duration
    /// Multiply the interval by this after each attempt (1 = constant).
    public var backoff: Double
    /// The interval never grows beyond this.
    public var maxInterval: Duration?

    /// Creates a wait.
    public init(
        until: ExpressionSource, timeout: Duration = .seconds(300), interval: Duration = .seconds(5),
        backoff: Double = 1, maxInterval: Duration? = nil
    ) {
        self.until = until
        self.timeout = timeout
        self.interval = interval
        self.backoff = backoff
        self.maxInterval = maxInterval
    }
}

/// `retries`: attempts after a failure, with a delay that can grow.
public struct Retry: Sendable, Hashable, Codable {
    /// Extra attempts after the first.
    public var count: Int
    /// Delay before the first retry.
    public var delay: Duration
    /// Multiply the delay by this after each retry.
    public var backoff: Double

    /// No retry.
    public static let none = Retry(count: 0)

    /// Creates a retry policy.
    public init(count: Int, delay: Duration = .seconds(1), backoff: Double = 2) {
        self.count = count
        self.delay = delay
        self.backoff = backoff
    }
}

/// `on-failure`: what a failed step does to the run.
public enum OnFailure: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stop the run (the default); exit status 3.
    case stop
    /// Record the failure and go on with the next step.
    case `continue`
}
