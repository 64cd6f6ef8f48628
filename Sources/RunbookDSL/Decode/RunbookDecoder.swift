public import RunbookCore
internal import Yams

/// Decodes a runbook file: YAML text → Yams nodes (positions kept) → ``Runbook``.
///
/// Decoding never stops at the first problem: every construct that can be read is read, and every
/// problem becomes a ``Diagnostic`` with its file:line:col. Cross-references (steps, params,
/// findings, order) are checked afterwards by ``RunbookValidator``; ``RunbookLoader`` runs both.
public enum RunbookDecoder {
    /// Keys allowed at the top of a runbook file.
    static let topKeys = ["apiVersion", "name", "title", "description", "context", "params", "steps"]

    /// The runbook (nil when the file cannot be read as one) and every problem found while decoding.
    public static func decode(source: String, file: String) -> (Runbook?, [Diagnostic]) {
        var reader = NodeReader(file: file, source: source)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: source, coreSchemaResolver()) else {
                reader.error(
                    "empty-file", "the file is empty", hint: "start with 'apiVersion: \(Runbook.apiVersion)'",
                    at: SourceLocation(file: file, line: 1, column: 1))
                return (nil, reader.diagnostics)
            }
            root = node
        } catch {
            return (nil, [diagnostic(for: error, file: file)])
        }
        guard let entries = reader.entries(root, of: "the runbook", allowed: topKeys) else {
            return (nil, reader.diagnostics)
        }
        var runbook = Runbook(file: file, source: source, name: "")
        var sawAPIVersion = false
        var sawName = false
        var sawSteps = false
        for entry in entries {
            switch entry.key {
            case "apiVersion":
                sawAPIVersion = true
                if let v = reader.string(entry.value, "'apiVersion'"), v != Runbook.apiVersion {
                    reader.error(
                        "api-version", "unsupported apiVersion '\(v)'",
                        hint: "this version of runbook reads 'apiVersion: \(Runbook.apiVersion)'", at: entry.value)
                }
            case "name":
                sawName = true
                if let name = reader.string(entry.value, "'name'") {
                    runbook.name = name
                    if !isRunbookName(name) {
                        reader.error(
                            "invalid-name", "runbook name '\(name)' is not a valid name",
                            hint: "use lowercase letters, digits and '-' (it is how 'runbook run NAME' finds it)",
                            at: entry.value)
                    }
                }
            case "title": runbook.title = reader.string(entry.value, "'title'")
            case "description": runbook.description = reader.string(entry.value, "'description'")
            case "context": runbook.context = reader.string(entry.value, "'context'")
            case "params": runbook.params = decodeParams(entry.value, &reader)
            case "steps":
                sawSteps = true
                runbook.steps = decodeSteps(entry.value, &reader)
            default: break
            }
        }
        let top = reader.location(root)
        if !sawAPIVersion {
            reader.error(
                "missing-key", "the runbook has no 'apiVersion'",
                hint: "add 'apiVersion: \(Runbook.apiVersion)' as the first line", at: top)
        }
        if !sawName {
            reader.error("missing-key", "the runbook has no 'name'", hint: "add 'name: my-runbook'", at: top)
        }
        if !sawSteps {
            reader.error("missing-key", "the runbook has no 'steps'", hint: "add a 'steps:' list with at least one step", at: top)
        }
        return (runbook, reader.diagnostics)
    }

    /// Lowercase letters, digits, `-` and `_`, starting with a letter or digit.
    static func isRunbookName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, isLowerAlnum(first) else { return false }
        return s.unicodeScalars.allSatisfy { isLowerAlnum($0) || $0 == "-" || $0 == "_" }
    }

    /// Letters, digits and `_`, not starting with a digit: usable after `steps.` in an expression.
    public static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || isLetter(first) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || isLetter($0) || ("0"..."9").contains($0) }
    }

    /// A suggested identifier for a name with dashes or spaces.
    static func identifierSuggestion(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
    private static func isLowerAlnum(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("0"..."9").contains(c) }
}
