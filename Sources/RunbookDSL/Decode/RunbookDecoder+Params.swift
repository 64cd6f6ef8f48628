import Foundation
public import RunbookCore
internal import Yams

extension RunbookDecoder {
    /// Keys allowed in a parameter.
    static let paramKeys = ["type", "default", "env", "required", "allowed", "pattern", "description", "secret"]

    /// `params: {name: {type: ..., default: ...}}`.
    static func decodeParams(_ node: Node, _ reader: inout NodeReader) -> [Param] {
        guard case .mapping(let mapping) = node else {
            reader.wrongType("'params'", expected: .mapping, node: node, hint: "write 'params:' then one 'name:' per parameter")
            return []
        }
        var params: [Param] = []
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            guard let name = reader.string(keyNode, "A parameter name") else { continue }
            if !seen.insert(name).inserted {
                reader.error("duplicate-key", "duplicate parameter '\(name)'", hint: "remove one of them", at: keyNode)
                continue
            }
            if !isIdentifier(name) {
                reader.error(
                    "invalid-identifier", "parameter name '\(name)' is not an identifier",
                    hint: "use letters, digits and '_' (e.g. '\(identifierSuggestion(name))'): expressions read '-' as a minus",
                    at: keyNode)
            }
            if let param = decodeParam(name: name, keyNode: keyNode, value, &reader) { params.append(param) }
        }
        return params
    }

    private static func decodeParam(name: String, keyNode: Node, _ node: Node, _ reader: inout NodeReader) -> Param? {
        let construct = "parameter '\(name)'"
        var param = Param(name: name, location: reader.location(keyNode))
        guard let entries = reader.entries(node, of: construct, allowed: paramKeys) else { return nil }
        var defaultNode: Node? = nil
        var allowedNodes: [Node] = []
        for entry in entries {
            let what = "'\(entry.key)' of \(construct)"
            switch entry.key {
            case "type":
                guard let text = reader.string(entry.value, what) else { continue }
                if let kind = Param.Kind(rawValue: text) {
                    param.kind = kind
                } else {
                    let names = Param.Kind.allCases.map(\.rawValue)
                    let hint = Suggestion.closest(to: text, in: names).map { "did you mean '\($0)'?" }
                        ?? "use one of " + names.map { "'\($0)'" }.joined(separator: ", ")
                    reader.error("invalid-value", "unknown type '\(text)' for \(construct)", hint: hint, at: entry.value)
                }
            case "default":
                defaultNode = entry.value
                param.defaultValue = reader.json(entry.value)
            case "env": param.env = reader.string(entry.value, what)
            case "required": param.required = reader.boolean(entry.value, what) ?? false
            case "allowed":
                if let items = reader.sequence(entry.value, what) {
                    allowedNodes = items
                    param.allowed = items.map { reader.json($0) }
                }
            case "pattern":
                if let pattern = reader.string(entry.value, what) {
                    if (try? NSRegularExpression(pattern: pattern)) == nil {
                        reader.error(
                            "invalid-pattern", "invalid regular expression '\(pattern)' in \(construct)",
                            hint: "check the brackets and escapes; in YAML, quote patterns with single quotes",
                            at: entry.value)
                    } else {
                        param.pattern = pattern
                    }
                }
            case "description": param.description = reader.string(entry.value, what)
            case "secret": param.secret = reader.boolean(entry.value, what) ?? false
            default: break
            }
        }
        if let defaultNode, let value = param.defaultValue, !value.isNull,
            let problem = ParamTypeCheck.problem(value, kind: param.kind)
        {
            reader.error("wrong-type", "default of \(construct) \(problem)", hint: "change the default or the 'type'", at: defaultNode)
        }
        for (node, value) in zip(allowedNodes, param.allowed ?? []) {
            if let problem = ParamTypeCheck.problem(value, kind: param.kind == .list ? .string : param.kind) {
                reader.error("wrong-type", "allowed value of \(construct) \(problem)", at: node)
            }
        }
        if let defaultNode, let allowed = param.allowed, let value = param.defaultValue, !value.isNull,
            !ParamTypeCheck.isAllowed(value, allowed: allowed)
        {
            reader.error(
                "invalid-value", "default of \(construct) is not one of its allowed values",
                hint: "allowed: " + allowed.map(\.description).joined(separator: ", "), at: defaultNode)
        }
        return param
    }
}

/// Checks that a value fits a parameter's type.
public enum ParamTypeCheck {
    /// "must be an integer, not a string", or nil when the value fits.
    public static func problem(_ value: JSONValue, kind: Param.Kind) -> String? {
        switch (kind, value) {
        case (.string, .string), (.integer, .integer), (.boolean, .bool): return nil
        case (.list, .array(let items)):
            return items.allSatisfy { if case .string = $0 { return true } else { return false } }
                ? nil : "must be a list of strings"
        case (.string, _): return "must be a string, not \(article(value))"
        case (.integer, _): return "must be an integer, not \(article(value))"
        case (.boolean, _): return "must be a boolean, not \(article(value))"
        case (.list, _): return "must be a list, not \(article(value))"
        }
    }

    /// Whether `value` (or, for a list, each element) is among `allowed`.
    public static func isAllowed(_ value: JSONValue, allowed: [JSONValue]) -> Bool {
        if case .array(let items) = value { return items.allSatisfy { allowed.contains($0) } }
        return allowed.contains(value)
    }

    /// "a string", "an integer", ...
    public static func article(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }
}
