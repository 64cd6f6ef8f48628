package import Engine
package import RunbookCore
package import RunbookDSL

extension PluginProvider: ActionSchemaProvider {
    /// The payload's form, the plugin and action names (with did-you-mean).
    ///
    /// Inputs are checked
    /// against the manifest's schema through ``payloadShape(for:)``.
    package func validate(_ action: Action) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let location: SourceLocation
        switch action.payload {
        case .literal(.string, let l):
            location = l
        case .object(let members, let l):
            location = l
            for member in members where !Self.keys.contains(member.key) {
                let hint =
                    Suggestion.closest(to: member.key, in: Self.keys).map { "did you mean '\($0)'?" }
                    ?? "valid keys are 'name', 'action' and 'inputs'"
                diagnostics.append(
                    Diagnostic(
                        code: "unknown-key", message: "unknown key '\(member.key)' in a plugin action", hint: hint,
                        location: member.keyLocation))
            }
            guard let name = action.payload["name"] else {
                diagnostics.append(
                    Diagnostic(
                        code: "missing-key", message: "the plugin action has no 'name'",
                        hint: "add 'name: <plugin>' (see 'runbook plugins')", location: l))
                return diagnostics
            }
            if name.literalValue?.stringValue == nil {
                diagnostics.append(
                    Diagnostic(
                        code: "wrong-type", message: "the plugin 'name' must be written literally",
                        hint: "which program runs cannot depend on a template", location: name.location))
                return diagnostics
            }
            if let a = action.payload["action"], a.literalValue?.stringValue == nil {
                diagnostics.append(
                    Diagnostic(
                        code: "wrong-type", message: "the plugin 'action' must be written literally",
                        location: a.location))
                return diagnostics
            }
        default:
            return [
                Diagnostic(
                    code: "wrong-type",
                    message: "a plugin action must be a plugin name or a mapping with 'name', 'action' and 'inputs'",
                    hint: "write 'plugin: {name: notify, inputs: {file: out.log}}'", location: action.payload.location)
            ]
        }
        let (pluginName, actionName) = names(action)
        guard let pluginName, let manifest = catalog.plugin(pluginName) else {
            let known = catalog.names
            let hint =
                Suggestion.closest(to: pluginName ?? "", in: known).map { "did you mean '\($0)'?" }
                ?? (known.isEmpty
                    ? "no plugin is installed: put plugin folders in ./plugins or in a folder of RUNBOOK_PLUGIN_PATH"
                    : "installed plugins: " + known.joined(separator: ", "))
                + (catalog.problems.isEmpty ? "" : " (some manifests failed to load: see 'runbook plugins')")
            diagnostics.append(
                Diagnostic(
                    code: "unknown-plugin", message: "no plugin named '\(pluginName ?? "")'", hint: hint,
                    location: action.payload["name"]?.location ?? location))
            return diagnostics
        }
        if manifest.action(actionName) == nil {
            let names = manifest.actions.map(\.name)
            let hint: String
            if actionName == nil {
                hint =
                    "plugin '\(manifest.name)' has several actions; add 'action:' with one of "
                    + names.joined(separator: ", ")
            } else {
                hint =
                    Suggestion.closest(to: actionName ?? "", in: names).map { "did you mean '\($0)'?" }
                    ?? "actions of '\(manifest.name)': " + names.joined(separator: ", ")
            }
            diagnostics.append(
                Diagnostic(
                    code: "unknown-plugin-action",
                    message: actionName.map { "plugin '\(manifest.name)' has no action '\($0)'" }
                        ?? "plugin '\(manifest.name)' needs an 'action'",
                    hint: hint, location: action.payload["action"]?.location ?? location))
        }
        if action.payload["inputs"] == nil, case .object(_, let l) = action.payload,
            let pluginAction = manifest.action(actionName),
            case .object(_, let required, _) = pluginAction.inputShape.kind, !required.isEmpty
        {
            diagnostics.append(
                Diagnostic(
                    code: "missing-key",
                    message: "plugin '\(manifest.name)' action '\(pluginAction.name)' needs 'inputs'",
                    hint: "required inputs: " + required.joined(separator: ", "), location: l))
        }
        return diagnostics
    }

    /// `{name, action, inputs: <the manifest's input schema>}`.
    package func payloadShape(for action: Action) -> ValueShape? {
        guard case .object = action.payload, action.payload["inputs"] != nil, let (_, pluginAction) = resolve(action)
        else { return nil }
        return .object([
            .init("name", ValueShape(.string)), .init("action", ValueShape(.string)),
            .init("inputs", pluginAction.inputShape),
        ])
    }

    /// `plugin: NAME` or `{name, action, inputs}`, with one branch per installed plugin so editors
    /// complete and describe each plugin's inputs.
    package func editorSchema() -> JSONValue? {
        var branches: [JSONValue] = []
        for manifest in catalog.plugins {
            for action in manifest.actions {
                var inputs = EditorSchema.allowingTemplates(action.inputSchema).objectValue ?? JSONObject()
                if let d = action.description { inputs["description"] = .string(d) }
                var properties: JSONObject = ["name": ["const": .string(manifest.name)]]
                if manifest.actions.count > 1 { properties["action"] = ["const": .string(action.name)] }
                branches.append([
                    "if": [
                        "properties": .object(properties), "required": .array(properties.keys.map(JSONValue.string)),
                    ],
                    "then": ["properties": ["inputs": .object(inputs)]],
                ])
            }
        }
        var object: JSONObject = [
            "type": "object",
            "description":
                "Run a plugin (see `runbook plugins`): one JSON request on stdin, one JSON answer on stdout.",
            "properties": [
                "name": catalog.names.isEmpty
                    ? ["type": "string", "description": "The plugin's name."]
                    : [
                        "type": "string", "description": "The plugin's name.",
                        "enum": .array(catalog.names.map(JSONValue.string)),
                    ],
                "action": ["type": "string", "description": "The plugin's action (optional when it has only one)."],
                "inputs": ["type": "object", "description": "The action's inputs, as its manifest describes them."],
            ],
            "required": ["name"], "additionalProperties": false,
        ]
        if !branches.isEmpty { object["allOf"] = .array(branches) }
        return [
            "anyOf": [
                ["type": "string", "description": "A plugin with one action and no required input."], .object(object),
            ]
        ]
    }
}
