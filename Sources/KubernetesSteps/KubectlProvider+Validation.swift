import Engine
import Foundation
import Kubernetes
package import RunbookCore
package import RunbookDSL

extension KubectlProvider {
    /// Checks the payload's shape, and that the command names a verb.
    package func validate(_ action: Action) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let payload = action.payload
        switch payload {
        case .literal(.string, _), .template:
            diagnostics += checkCommand(payload)
        case .object(let members, let location):
            for member in members where !Self.keys.contains(member.key) {
                let hint = Suggestion.closest(to: member.key, in: Self.keys).map { "did you mean '\($0)'?" }
                    ?? "valid keys are " + Self.keys.map { "'\($0)'" }.joined(separator: ", ")
                diagnostics.append(
                    Diagnostic(code: "unknown-key", message: "unknown key '\(member.key)' in a kubectl action", hint: hint, location: member.keyLocation))
            }
            switch (payload["command"], payload["args"]) {
            case (nil, nil):
                diagnostics.append(
                    Diagnostic(
                        code: "missing-key", message: "the kubectl action has no 'command'",
                        hint: "add 'command: get nodes' (or 'args: [get, nodes]')", location: location))
            case (.some(let command), nil):
                diagnostics += checkCommand(command)
            case (nil, .some(let args)):
                if case .array = args {} else {
                    diagnostics.append(
                        Diagnostic(code: "wrong-type", message: "'args' of a kubectl action must be a list of words", hint: "write 'args: [get, nodes]'", location: args.location))
                }
            case (.some, .some(let args)):
                diagnostics.append(
                    Diagnostic(code: "conflicting-keys", message: "a kubectl action has both 'command' and 'args'", hint: "keep one of them", location: args.location))
            }
            if let expect = payload["expect-exit"] {
                let ok = expect.literalValue.map { v -> Bool in
                    if case .integer = v { return true }
                    return v.arrayValue?.allSatisfy { if case .integer = $0 { return true } else { return false } } ?? false
                } ?? false
                if !ok {
                    diagnostics.append(
                        Diagnostic(code: "wrong-type", message: "'expect-exit' of a kubectl action must be an exit code or a list of them", location: expect.location))
                }
            }
        default:
            diagnostics.append(
                Diagnostic(
                    code: "wrong-type", message: "a kubectl action must be a command or a mapping with 'command'",
                    hint: "write 'kubectl: get nodes' or 'kubectl: {command: get nodes, context: prod}'", location: payload.location))
        }
        return diagnostics
    }

    private func checkCommand(_ value: TemplateValue) -> [Diagnostic] {
        guard case .literal(.string(let line), let location) = value else { return [] }
        do {
            let words = try ShellWords.split(line)
            if words.isEmpty {
                return [Diagnostic(code: "missing-value", message: "the kubectl command is empty", hint: "write e.g. 'kubectl: get nodes'", location: location)]
            }
            if words.first == "kubectl" {
                return [
                    Diagnostic(
                        code: "invalid-value", message: "the kubectl command starts with 'kubectl'",
                        hint: "leave it out: write 'kubectl: \(words.dropFirst().joined(separator: " "))'", location: location)
                ]
            }
        } catch {
            return [Diagnostic(code: "invalid-value", message: "the kubectl command cannot be split into words: \(error.message)", location: location)]
        }
        return []
    }

    /// The command's words as written, when no template can change the verb; nil otherwise.
    ///
    /// Templates are replaced by a placeholder word part, so `get nodes -l ${{ x }}` still reads
    /// as `get`, while `${{ params.verb }} nodes` has no known verb (and counts as mutating).
    static func staticWords(_ payload: TemplateValue) -> [String]? {
        let command: TemplateValue?
        if payload.members == nil { command = payload } else { command = payload["command"] ?? payload["args"] }
        guard let command else { return nil }
        let placeholder = "\u{1}"
        var words: [String]
        switch command {
        case .literal(.string(let line), _):
            guard let w = try? ShellWords.split(line) else { return nil }
            words = w
        case .template(let t):
            guard let w = try? ShellWords.split(t.text(placeholder: placeholder)) else { return nil }
            words = w
        case .array(let items, _):
            words = items.map { item in
                if let v = item.literalValue { return Evaluator.text(of: v) }
                return placeholder
            }
        default:
            return nil
        }
        let verb = KubectlVerb(words)
        if verb.verb?.contains(placeholder) ?? true { return nil }
        if KubectlVerb.readOnlySubverbs[verb.verb ?? ""] != nil, verb.subverb?.contains(placeholder) ?? false { return nil }
        return words
    }
}

extension Template {
    /// The template's text with every expression replaced by `placeholder`.
    func text(placeholder: String) -> String {
        parts.map { part in
            switch part {
            case .text(let t): return t
            case .expression: return placeholder
            }
        }.joined()
    }
}
