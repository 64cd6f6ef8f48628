package import RunbookCore
package import RunbookDSL

/// Checks an action's payload, as written, against the shape its provider expects: literal types,
/// allowed values, unknown keys (with the closest valid one), missing required keys, and
/// whole-value templates whose type is known statically (see ``ExpressionTypes``).
package struct PayloadTypeChecker {
    /// The runbook's parameters (their types type templates such as `${{ params.size }}`).
    let params: [Param]
    /// How messages name the action (`the 'plugin' action of step 'notify'`).
    let construct: String
    /// Everything found.
    package private(set) var diagnostics: [Diagnostic] = []

    /// A checker for one action.
    package init(params: [Param], construct: String) {
        self.params = params
        self.construct = construct
    }

    /// Checks `value` (at `path`, empty for the payload itself) against `shape`.
    package mutating func check(_ value: TemplateValue, against shape: ValueShape, path: String) {
        if case .anyOf(let options) = shape.kind {
            // Fits when one option reports nothing; otherwise report against the closest kind.
            var best: [Diagnostic]? = nil
            for option in options {
                var probe = PayloadTypeChecker(params: params, construct: construct)
                probe.check(value, against: option, path: path)
                if probe.diagnostics.isEmpty { return }
                if kindMatches(value, option), best == nil { best = probe.diagnostics }
            }
            if let best {
                diagnostics += best
            } else if case .template(let template) = value, let type = inferredType(template) {
                diagnostics.append(templateMismatch(template, type: type, shape: shape, path: path))
            } else {
                diagnostics.append(mismatch(value, expected: shape.typeName, path: path))
            }
            return
        }
        switch value {
        case .literal(let v, _):
            if v.isNull { return }
            guard literalFits(v, shape) else {
                diagnostics.append(mismatch(value, expected: shape.typeName, path: path))
                return
            }
            if let allowed = shape.allowed, !allowed.contains(v) {
                let list = allowed.map { Evaluator.text(of: $0) }
                let hint =
                    v.stringValue.flatMap { Suggestion.closest(to: $0, in: list) }.map { "did you mean '\($0)'?" }
                    ?? "allowed: " + list.joined(separator: ", ")
                diagnostics.append(
                    Diagnostic(
                        code: "invalid-value",
                        message: "\(where_(path)) is '\(Evaluator.text(of: v))', which is not allowed",
                        hint: hint, location: value.location))
            }
        case .template(let template):
            guard let type = inferredType(template) else { return }
            if !type.fits(shape) {
                diagnostics.append(templateMismatch(template, type: type, shape: shape, path: path))
            }
        case .array(let items, _):
            guard case .array(let itemShape) = shape.kind else {
                if shape.kind != .any { diagnostics.append(mismatch(value, expected: shape.typeName, path: path)) }
                return
            }
            for (i, item) in items.enumerated() { check(item, against: itemShape, path: "\(path)[\(i)]") }
        case .object(let members, let location):
            guard case .object(let known, let required, let open) = shape.kind else {
                if shape.kind != .any { diagnostics.append(mismatch(value, expected: shape.typeName, path: path)) }
                return
            }
            for member in members {
                let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                if let memberShape = known.first(where: { $0.name == member.key })?.shape {
                    check(member.value, against: memberShape, path: memberPath)
                } else if !open {
                    let names = known.map(\.name)
                    let hint =
                        Suggestion.closest(to: member.key, in: names).map { "did you mean '\($0)'?" }
                        ?? (names.isEmpty ? "it takes no keys here" : "valid keys: " + names.joined(separator: ", "))
                    diagnostics.append(
                        Diagnostic(
                            code: "unknown-key", message: "unknown key '\(memberPath)' in \(construct)", hint: hint,
                            location: member.keyLocation))
                }
            }
            for name in required where !members.contains(where: { $0.key == name }) {
                let full = path.isEmpty ? name : "\(path).\(name)"
                let description = known.first { $0.name == name }?.shape.description.map { " (\($0))" } ?? ""
                diagnostics.append(
                    Diagnostic(
                        code: "missing-key", message: "\(construct) has no '\(full)', which is required",
                        hint: "add '\(name): ...'\(description)", location: location))
            }
        }
    }

    private func where_(_ path: String) -> String {
        path.isEmpty ? construct : "'\(path)' in \(construct)"
    }

    private func templateMismatch(_ template: Template, type: ExpressionTypes.Inferred, shape: ValueShape, path: String)
        -> Diagnostic
    {
        let expression = template.wholeValueExpression?.text ?? template.sourceText
        return Diagnostic(
            code: "template-type",
            message: "\(where_(path)) takes \(shape.typeName), but '\(expression)' is \(type.name)",
            hint: type.conversionHint(to: shape), location: template.location)
    }

    private func mismatch(_ value: TemplateValue, expected: String, path: String) -> Diagnostic {
        let actual: String
        switch value {
        case .literal(let v, _): actual = Self.name(of: v)
        case .template: actual = "a string"
        case .array: actual = "a list"
        case .object: actual = "an object"
        }
        return Diagnostic(
            code: "wrong-type", message: "\(where_(path)) must be \(expected), not \(actual)", location: value.location)
    }

    private func kindMatches(_ value: TemplateValue, _ shape: ValueShape) -> Bool {
        switch (value, shape.kind) {
        case (.array, .array), (.object, .object): return true
        default: return false
        }
    }

    private func literalFits(_ v: JSONValue, _ shape: ValueShape) -> Bool {
        switch (shape.kind, v) {
        case (.any, _): return true
        case (.string, .string): return true
        case (.integer, .integer): return true
        case (.integer, .double(let d)): return d == d.rounded()
        case (.number, .integer), (.number, .double): return true
        case (.boolean, .bool): return true
        case (.array, .array), (.object, .object): return true
        default: return false
        }
    }

    private static func name(of v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    private func inferredType(_ template: Template) -> ExpressionTypes.Inferred? {
        guard let whole = template.wholeValueExpression else { return .string }
        return ExpressionTypes.infer(whole.text, params: params)
    }
}
