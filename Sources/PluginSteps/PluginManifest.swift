package import Engine
package import RunbookCore

/// A plugin: a folder with `plugin.yaml` and an executable in any language.
///
/// ```yaml
/// name: policy-eval
/// description: May this principal do this action on this resource under this policy?
/// command: [python3, policy_eval.py]     # files of the plugin folder are found there
/// timeout: 10s                           # default 30s; a step's `timeout` overrides it
/// env: [AWS_REGION]                      # variables passed through (none else; never credentials)
/// actions:
///   evaluate:
///     description: Evaluate one request against a policy
///     mutating: false                    # true, false, or a list of inputs that make it mutating
///     inputs:                            # JSON Schema of the inputs (closed unless additionalProperties)
///       type: object
///       required: [policy, principal, action]
///       properties:
///         policy: {description: the policy document, anyOf: [{type: object}, {type: string}]}
/// ```
package struct PluginManifest: Sendable, Equatable {
    /// The plugin's name (`plugin: {name: ...}` in a step).
    package var name: String
    /// What it does.
    package var description: String
    /// The program and its arguments, with paths into the plugin folder made absolute.
    package var command: [String]
    /// The folder the plugin lives in.
    package var directory: String
    /// The manifest file.
    package var manifestPath: String
    /// The longest one call may take.
    package var timeout: Duration
    /// Environment variables passed through to the plugin.
    package var passEnvironment: [String]
    /// Its actions, in manifest order.
    package var actions: [PluginAction]

    /// The action named `name`, or the only action when `name` is nil.
    package func action(_ name: String?) -> PluginAction? {
        guard let name else { return actions.count == 1 ? actions[0] : nil }
        return actions.first { $0.name == name }
    }
}

/// One action of a plugin.
package struct PluginAction: Sendable, Equatable {
    /// When the action changes anything.
    package enum Mutating: Sendable, Equatable {
        /// Always (needs approval, never sent by a dry run).
        case always
        /// Never (runs in dry runs, without approval).
        case never
        /// Only when one of these inputs is given (e.g. a notifier posting to a `webhook`).
        case whenGiven([String])
    }

    /// The action's name.
    package var name: String
    /// What it does.
    package var description: String?
    /// When it mutates.
    package var mutating: Mutating
    /// The inputs' JSON Schema, as written.
    package var inputSchema: JSONValue
    /// The outputs' JSON Schema, when documented.
    package var outputSchema: JSONValue?

    /// The inputs' shape, for type-checking.
    package var inputShape: ValueShape { ValueShape(jsonSchema: inputSchema) }
}
