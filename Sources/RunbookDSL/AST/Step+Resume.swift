public import RunbookCore

/// `already-applied`: how `runbook resume` tells whether a mutating step that was interrupted
/// mid-flight already took effect, so it is never blindly sent twice.
///
/// ```yaml
/// already-applied:
///   shell: {run: "aws kms get-key-policy --key-id k", read-only: true}   # optional read-only probe
///   that: contains(result.stdout, 'autoscaling')                           # true: the change is in place
/// ```
/// The short form `already-applied: <expression>` evaluates the condition over the run context
/// without a probe. Only resume uses it; a normal run always executes the step.
public struct AlreadyApplied: Sendable, Hashable {
    /// A read-only action whose result is `result` in the condition (nil: no probe).
    public var action: Action?
    /// True when the step's change is already in place.
    public var assertion: ExpressionSource
    /// Where `already-applied` starts.
    public var location: SourceLocation

    /// Creates a check.
    public init(action: Action?, assertion: ExpressionSource, location: SourceLocation) {
        self.action = action
        self.assertion = assertion
        self.location = location
    }
}

/// `undo`: the action that reverts a mutating step, run by `runbook undo RUN_ID`.
///
/// Its templates are rendered over the step's scope as recorded in the run's journal, so they can
/// use the state the step replaced (captured by an earlier step, e.g. the previous key policy).
public struct Undo: Sendable, Hashable {
    /// `title`: what undoing does, for people.
    public var title: String?
    /// The action that reverts the step (mutating: approval and dry-run rules apply).
    public var action: Action
    /// Where `undo` starts.
    public var location: SourceLocation

    /// Creates an undo.
    public init(title: String?, action: Action, location: SourceLocation) {
        self.title = title
        self.action = action
        self.location = location
    }
}
