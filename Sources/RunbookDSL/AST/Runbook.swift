public import RunbookCore

/// A decoded runbook file: metadata, typed parameters and the steps, every part with its position.
public struct Runbook: Sendable, Hashable {
    /// The only language version this build reads.
    public static let apiVersion = "runbook/v1"

    /// The file the runbook came from, as the user named it.
    public var file: String
    /// The file's text (kept for rendering diagnostics and hashing steps).
    public var source: String
    /// `name`: the identifier used by `runbook run NAME`.
    public var name: String
    /// `title`: a one-line human title.
    public var title: String?
    /// `description`: what the runbook is for.
    public var description: String?
    /// `context`: the kubeconfig context for every kubectl step that names none (a step's own
    /// `context:` wins, then `runbook run --context`, then this, then the kubeconfig's current one).
    public var context: String?
    /// `params`, in file order.
    public var params: [Param]
    /// `steps`, in the order they run.
    public var steps: [Step]

    /// Creates a runbook.
    public init(
        file: String, source: String, name: String, title: String? = nil, description: String? = nil,
        params: [Param] = [], steps: [Step] = []
    ) {
        self.file = file
        self.source = source
        self.name = name
        self.title = title
        self.description = description
        self.params = params
        self.steps = steps
    }

    /// The step with `id`, if any.
    public func step(_ id: String) -> Step? { steps.first { $0.id == id } }

    /// The position of the step with `id`, if any.
    public func index(ofStep id: String) -> Int? { steps.firstIndex { $0.id == id } }
}

/// A typed runbook parameter (`params.<name>`).
public struct Param: Sendable, Hashable {
    /// The types a parameter can have.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Any text.
        case string
        /// A whole number.
        case integer
        /// `true` or `false`.
        case boolean
        /// A list of strings (`-p zones=a,b` or a YAML list).
        case list
    }

    /// The parameter's name.
    public var name: String
    /// `type` (default `string`).
    public var kind: Kind
    /// `default`: the value when neither `-p` nor the environment gives one.
    public var defaultValue: JSONValue?
    /// `env`: an environment variable whose value is used when `-p` gives none.
    public var env: String?
    /// `required`: the run refuses to start without a value.
    public var required: Bool
    /// `allowed`: the only values accepted.
    public var allowed: [JSONValue]?
    /// `pattern`: a regular expression a string value must match entirely.
    public var pattern: String?
    /// `description`: shown by `runbook show` and in errors.
    public var description: String?
    /// `secret`: the value is redacted from output, reports and journals.
    public var secret: Bool
    /// Where the parameter is declared.
    public var location: SourceLocation

    /// Creates a parameter.
    public init(
        name: String, kind: Kind = .string, defaultValue: JSONValue? = nil, env: String? = nil,
        required: Bool = false, allowed: [JSONValue]? = nil, pattern: String? = nil, description: String? = nil,
        secret: Bool = false, location: SourceLocation
    ) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.env = env
        self.required = required
        self.allowed = allowed
        self.pattern = pattern
        self.description = description
        self.secret = secret
        self.location = location
    }
}
