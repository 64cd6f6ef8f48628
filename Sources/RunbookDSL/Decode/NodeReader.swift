import RunbookCore
internal import Yams

/// One key of a YAML mapping with its key and value nodes.
struct Entry {
    /// The key as text.
    var key: String
    /// The key node (for its position).
    var keyNode: Node
    /// The value node.
    var value: Node
}

/// Reads Yams nodes into runbook values, recording every problem instead of stopping at the first.
///
/// Each method returns nil when the node has the wrong shape and appends a diagnostic that names
/// the construct (`step 'nodes'`, `parameter 'cluster'`), so one run reports every mistake.
struct NodeReader {
    /// The file name used in locations.
    let file: String
    /// The file's text (for mapping offsets in block scalars).
    let lines: [Substring]
    /// Everything found so far.
    var diagnostics: [Diagnostic] = []

    init(file: String, source: String) {
        self.file = file
        self.lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The position of a node (line 1, column 1 when Yams has none).
    func location(_ node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// Records an error.
    mutating func error(_ code: String, _ message: String, hint: String? = nil, at node: Node) {
        diagnostics.append(Diagnostic(code: code, message: message, hint: hint, location: location(node)))
    }

    /// Records an error at a location.
    mutating func error(_ code: String, _ message: String, hint: String? = nil, at location: SourceLocation) {
        diagnostics.append(Diagnostic(code: code, message: message, hint: hint, location: location))
    }

    /// Records a "must be X, not Y" error.
    mutating func wrongType(_ what: String, expected: NodeKind, node: Node, hint: String? = nil) {
        error("wrong-type", "\(what) must be \(expected.rawValue), not \(node.kind.rawValue)", hint: hint, at: node)
    }

    /// The entries of a mapping; checks for duplicate and unknown keys (with a did-you-mean).
    mutating func entries(_ node: Node, of construct: String, allowed: [String]) -> [Entry]? {
        guard case .mapping(let mapping) = node else {
            wrongType(construct.prefix(1).uppercased() + construct.dropFirst(), expected: .mapping, node: node)
            return nil
        }
        var result: [Entry] = []
        var seen: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                wrongType("A key in \(construct)", expected: .string, node: keyNode)
                continue
            }
            let key = scalar.string
            if let first = seen[key] {
                error(
                    "duplicate-key", "duplicate key '\(key)' in \(construct)",
                    hint: "remove one of them; the first is at \(location(first).line):\(location(first).column)",
                    at: keyNode)
                continue
            }
            seen[key] = keyNode
            if !allowed.contains(key) {
                let hint: String
                if let suggestion = Suggestion.closest(to: key, in: allowed) {
                    hint = "did you mean '\(suggestion)'?"
                } else {
                    hint = "valid keys are " + allowed.map { "'\($0)'" }.joined(separator: ", ")
                }
                error("unknown-key", "unknown key '\(key)' in \(construct)", hint: hint, at: keyNode)
                continue
            }
            result.append(Entry(key: key, keyNode: keyNode, value: value))
        }
        return result
    }

    /// A string scalar (numbers and booleans written bare are accepted as their text).
    mutating func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, node.kind != .null else {
            wrongType(what, expected: .string, node: node)
            return nil
        }
        return scalar.string
    }

    /// An integer scalar.
    mutating func integer(_ node: Node, _ what: String) -> Int? {
        guard case .scalar(let scalar) = node, node.kind == .integer, let value = Int(scalar.string) else {
            wrongType(what, expected: .integer, node: node)
            return nil
        }
        return value
    }

    /// A number scalar (integer or not).
    mutating func number(_ node: Node, _ what: String) -> Double? {
        guard case .scalar(let scalar) = node, node.kind == .integer || node.kind == .number,
            let value = Double(scalar.string)
        else {
            wrongType(what, expected: .number, node: node)
            return nil
        }
        return value
    }

    /// A boolean scalar.
    mutating func boolean(_ node: Node, _ what: String) -> Bool? {
        guard case .scalar(let scalar) = node, node.kind == .boolean else {
            wrongType(what, expected: .boolean, node: node, hint: "write true or false")
            return nil
        }
        return scalar.string.lowercased() == "true"
    }

    /// A duration such as `30s` or `5m` (a bare integer is seconds).
    mutating func duration(_ node: Node, _ what: String) -> Duration? {
        guard case .scalar(let scalar) = node, node.kind != .null else {
            wrongType(what, expected: .string, node: node, hint: "write durations like 30s, 5m, 1h30m or 250ms")
            return nil
        }
        guard let duration = DurationParser.parse(scalar.string) else {
            error(
                "invalid-duration", "invalid duration '\(scalar.string)' for \(what)",
                hint: "write durations like 30s, 5m, 1h30m or 250ms", at: node)
            return nil
        }
        return duration
    }

    /// A sequence's items.
    mutating func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            wrongType(what, expected: .sequence, node: node)
            return nil
        }
        return Array(sequence)
    }

    /// The scalar as JSON, typed by the core schema.
    func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch node.kind {
            case .null: return .null
            case .boolean: return .bool(scalar.string.lowercased() == "true")
            case .integer: return Int(scalar.string).map(JSONValue.integer) ?? .string(scalar.string)
            case .number: return Double(scalar.string).map(JSONValue.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let sequence): return .array(sequence.map { json($0) })
        case .mapping(let mapping):
            return .object(JSONObject(mapping.map { (key, value) in (key.string ?? "", json(value)) }))
        case .alias: return .null
        }
    }
}
