public import RunbookCore
internal import Yams

/// A YAML document as JSON values that remember where they are in the file: for files beside
/// runbooks (test files, plugin manifests) whose errors must also name file:line:col.
///
/// Read with the same YAML 1.2 core schema as runbooks (only `true`/`false` are booleans).
public indirect enum LocatedYAML: Sendable, Hashable {
    /// A scalar: null, boolean, number or string.
    case scalar(JSONValue, SourceLocation)
    /// A sequence.
    case sequence([LocatedYAML], SourceLocation)
    /// A mapping, keys in file order.
    case mapping([Member], SourceLocation)

    /// One key of a mapping.
    public struct Member: Sendable, Hashable {
        /// The key.
        public var key: String
        /// Where the key is.
        public var keyLocation: SourceLocation
        /// The value.
        public var value: LocatedYAML
    }

    /// Parses `source`; nil and a diagnostic when it is not YAML or is empty.
    public static func parse(_ source: String, file: String) -> (LocatedYAML?, [Diagnostic]) {
        do {
            guard let node = try Yams.compose(yaml: source, coreSchemaResolver()) else {
                return (
                    nil,
                    [
                        Diagnostic(
                            code: "empty-file", message: "the file is empty",
                            location: SourceLocation(file: file, line: 1, column: 1))
                    ]
                )
            }
            let reader = NodeReader(file: file, source: source)
            return (convert(node, reader), [])
        } catch {
            return (nil, [diagnostic(for: error, file: file)])
        }
    }

    private static func convert(_ node: Node, _ reader: NodeReader) -> LocatedYAML {
        let here = reader.location(node)
        switch node {
        case .scalar: return .scalar(reader.json(node), here)
        case .sequence(let s): return .sequence(s.map { convert($0, reader) }, here)
        case .mapping(let m):
            return .mapping(
                m.map {
                    Member(
                        key: $0.key.string ?? "", keyLocation: reader.location($0.key), value: convert($0.value, reader)
                    )
                }, here)
        case .alias: return .scalar(.null, here)
        }
    }

    /// Where the value starts.
    public var location: SourceLocation {
        switch self {
        case .scalar(_, let l), .sequence(_, let l), .mapping(_, let l): return l
        }
    }

    /// The value without positions.
    public var json: JSONValue {
        switch self {
        case .scalar(let v, _): return v
        case .sequence(let items, _): return .array(items.map(\.json))
        case .mapping(let members, _): return .object(JSONObject(members.map { ($0.key, $0.value.json) }))
        }
    }

    /// The members of a mapping, or nil.
    public var members: [Member]? {
        if case .mapping(let m, _) = self { return m }
        return nil
    }

    /// The items of a sequence, or nil.
    public var items: [LocatedYAML]? {
        if case .sequence(let i, _) = self { return i }
        return nil
    }

    /// The member named `key` of a mapping.
    public subscript(key: String) -> LocatedYAML? { members?.first { $0.key == key }?.value }

    /// The kind of value as messages name it (`a mapping`, `a list`, `a string`).
    public var kindName: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let v, _):
            switch v {
            case .null: return "null"
            case .bool: return "a boolean"
            case .integer: return "an integer"
            case .double: return "a number"
            case .string: return "a string"
            case .array, .object: return "a value"
            }
        }
    }
}

extension LocatedYAML {
    /// Problems with a mapping's keys: not a mapping, unknown keys (with the closest valid one),
    /// missing `required` keys.
    public func checkKeys(_ allowed: [String], required: [String] = [], construct: String) -> [Diagnostic] {
        guard let members else {
            return [
                Diagnostic(
                    code: "wrong-type", message: "\(construct) must be a mapping, not \(kindName)", location: location)
            ]
        }
        var diagnostics: [Diagnostic] = []
        for member in members where !allowed.contains(member.key) {
            let hint =
                Suggestion.closest(to: member.key, in: allowed).map { "did you mean '\($0)'?" }
                ?? "valid keys are " + allowed.map { "'\($0)'" }.joined(separator: ", ")
            diagnostics.append(
                Diagnostic(
                    code: "unknown-key", message: "unknown key '\(member.key)' in \(construct)", hint: hint,
                    location: member.keyLocation))
        }
        for key in required where !members.contains(where: { $0.key == key }) {
            diagnostics.append(
                Diagnostic(
                    code: "missing-key", message: "\(construct) has no '\(key)'", hint: "add '\(key): ...'",
                    location: location))
        }
        return diagnostics
    }
}
