package import RunbookCore
package import RunbookDSL
import Foundation

/// Turns `-p key=value` arguments, environment variables and defaults into typed parameter values.
///
/// Order of precedence: `-p`, then the parameter's `env` variable, then its `default`. Values from
/// the command line and the environment are text and are converted to the parameter's type.
package enum ParamResolver {
    /// The parameters' values and every problem (unknown names, wrong types, missing values).
    package static func resolve(
        _ runbook: Runbook, arguments: [(String, String)], environment: [String: String]
    ) -> (JSONObject, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var given: [String: String] = [:]
        let names = runbook.params.map(\.name)
        for (key, value) in arguments {
            if names.contains(key) {
                given[key] = value
            } else {
                let hint = Suggestion.closest(to: key, in: names).map { "did you mean '\($0)'?" }
                    ?? (names.isEmpty ? "this runbook takes no parameters" : "parameters: " + names.joined(separator: ", "))
                diagnostics.append(Diagnostic(code: "unknown-param", message: "unknown parameter '\(key)' (-p \(key)=...)", hint: hint))
            }
        }
        var values = JSONObject()
        for param in runbook.params {
            var value: JSONValue? = nil
            var origin = ""
            if let text = given[param.name] {
                origin = "-p \(param.name)"
                value = convert(text, to: param.kind, origin: origin, &diagnostics)
            } else if let variable = param.env, let text = environment[variable], !text.isEmpty {
                origin = "$\(variable)"
                value = convert(text, to: param.kind, origin: origin, &diagnostics)
            } else if let d = param.defaultValue, !d.isNull {
                value = d
                origin = "default"
            }
            guard let value else {
                if param.required {
                    var hint = "pass -p \(param.name)=VALUE"
                    if let variable = param.env { hint += " or set \(variable)" }
                    if let description = param.description { hint += " (\(description))" }
                    diagnostics.append(
                        Diagnostic(code: "missing-param", message: "missing required parameter '\(param.name)'", hint: hint, location: param.location))
                }
                values[param.name] = .null
                continue
            }
            if let allowed = param.allowed, !ParamTypeCheck.isAllowed(value, allowed: allowed) {
                diagnostics.append(
                    Diagnostic(
                        code: "invalid-param", message: "parameter '\(param.name)' (\(origin)) is \(shown(value, param)), which is not allowed",
                        hint: "allowed: " + allowed.map { Evaluator.text(of: $0) }.joined(separator: ", ")))
            }
            if let pattern = param.pattern, let regex = try? NSRegularExpression(pattern: "^(?:\(pattern))$") {
                let texts: [String] = value.arrayValue?.compactMap(\.stringValue) ?? [Evaluator.text(of: value)]
                for text in texts where regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                    diagnostics.append(
                        Diagnostic(
                            code: "invalid-param",
                            message: "parameter '\(param.name)' (\(origin)) is \(param.secret ? "'***'" : "'\(text)'"), which does not match \(pattern)",
                            hint: param.description.map { "expected: \($0)" }))
                }
            }
            values[param.name] = value
        }
        return (values, diagnostics)
    }

    private static func shown(_ value: JSONValue, _ param: Param) -> String {
        param.secret ? "'***'" : "'\(Evaluator.text(of: value))'"
    }

    /// Converts command-line or environment text to a parameter type.
    static func convert(_ text: String, to kind: Param.Kind, origin: String, _ diagnostics: inout [Diagnostic]) -> JSONValue? {
        switch kind {
        case .string: return .string(text)
        case .integer:
            if let i = Int(text.trimmingCharacters(in: .whitespaces)) { return .integer(i) }
            diagnostics.append(Diagnostic(code: "invalid-param", message: "\(origin) must be an integer, not '\(text)'"))
            return nil
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1", "on": return .bool(true)
            case "false", "no", "0", "off": return .bool(false)
            default:
                diagnostics.append(Diagnostic(code: "invalid-param", message: "\(origin) must be true or false, not '\(text)'"))
                return nil
            }
        case .list:
            if text.hasPrefix("["), let parsed = try? JSONParser.parse(text), case .array = parsed { return parsed }
            return .array(text.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
        }
    }

    /// The secret parameter values, for a ``Redactor``.
    package static func secrets(_ runbook: Runbook, values: JSONObject) -> [String] {
        runbook.params.filter(\.secret).flatMap { param -> [String] in
            guard let value = values[param.name] else { return [] }
            if let items = value.arrayValue { return items.map { Evaluator.text(of: $0) } }
            return [Evaluator.text(of: value)]
        }
    }
}
