package import RunbookCore
package import RunbookDSL

/// A provider that can say what shape its action's payload must have: the seam `runbook validate`
/// uses to check names and types (with did-you-mean) and `runbook schema` uses for editors.
///
/// Implementers must:
/// - answer from the payload as written, without any call (`payloadShape(for:)` runs during
///   validation, before anything runs, and for `runbook plan`);
/// - return nil when the shape cannot be known (e.g. an operation the models do not have: report
///   that in ``StepProvider/validate(_:)`` instead, with its did-you-mean);
/// - describe the **rendered** payload: after templates are evaluated. Literal values are checked
///   against it (wrong types, unknown keys with the closest valid one, missing required keys), and
///   whole-value templates whose type is known statically (`${{ params.size }}` of an integer
///   parameter, a comparison, `length(...)`) are checked too; other templates pass.
///
/// The AWS provider implements it from the botocore input shape of the named operation (so
/// parameter names and types come from the models); the plugin provider from the manifest's input
/// schema. Problems found this way are reported by ``ProviderRegistry/typeCheck(_:)``, next to
/// the provider's own ``StepProvider/validate(_:)`` diagnostics, which should then not repeat them.
package protocol ActionSchemaProvider: StepProvider {
    /// The shape of the rendered payload of `action`, or nil when unknown.
    func payloadShape(for action: Action) -> ValueShape?

    /// The JSON Schema of this action key's payload as written in a runbook file (templates are
    /// strings there), for `runbook schema`; nil to leave it unconstrained.
    func editorSchema() -> JSONValue?
}

extension ActionSchemaProvider {
    /// No editor schema by default.
    package func editorSchema() -> JSONValue? { nil }
}

/// Helpers for editor schemas, which describe a runbook file as written.
package enum EditorSchema {
    /// A string that is one `${{ }}` template: it may stand for a value of any type.
    package static let template: JSONValue = [
        "type": "string", "pattern": "^\\s*\\$\\{\\{[\\s\\S]*\\}\\}\\s*$",
        "description": "A ${{ expression }} template (its value's type is checked by `runbook validate`).",
    ]

    /// `schema` (of a rendered value) made to accept a whole-value template for any typed value.
    ///
    /// In the file, `findings: "${{ run.findings }}"` is a string that becomes a list, so wherever a
    /// non-string value is expected a template is accepted too. Descriptions stay at the top.
    package static func allowingTemplates(_ schema: JSONValue) -> JSONValue {
        guard var o = schema.objectValue else { return schema }
        if let properties = o["properties"]?.objectValue {
            o["properties"] = .object(JSONObject(properties.members.map { ($0.key, allowingTemplates($0.value)) }))
        }
        if let items = o["items"] { o["items"] = allowingTemplates(items) }
        if let additional = o["additionalProperties"], additional.objectValue != nil {
            o["additionalProperties"] = allowingTemplates(additional)
        }
        for key in ["anyOf", "oneOf"] {
            if let options = o[key]?.arrayValue { o[key] = .array(options.map(allowingTemplates)) }
        }
        let type = o["type"]
        guard type != nil || o["enum"] != nil || o["const"] != nil, type != "string" else { return .object(o) }
        let description = o["description"]
        o["description"] = nil
        var wrapped: JSONObject = ["anyOf": [.object(o), template]]
        if let description { wrapped["description"] = description }
        return .object(wrapped)
    }
}

extension ProviderRegistry {
    /// Type problems in every action whose provider knows its payload's shape.
    package func typeCheck(_ runbook: Runbook) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for step in runbook.steps {
            guard let provider = provider(named: step.action.provider) as? any ActionSchemaProvider,
                let shape = provider.payloadShape(for: step.action)
            else { continue }
            var checker = PayloadTypeChecker(
                params: runbook.params, construct: "the '\(step.action.provider)' action of step '\(step.id)'")
            checker.check(step.action.payload, against: shape, path: "")
            diagnostics += checker.diagnostics
        }
        return diagnostics
    }
}
