import Foundation
package import RunbookCore

/// Checks parameters (model member names) against an operation's input before serialization:
/// unknown names (with the closest valid one), missing required members, wrong JSON types.
/// It also fills idempotency tokens, as botocore does.
package struct ParameterValidator {
    let graph: ShapeGraph

    /// Validates `value` against the input node and returns it with idempotency tokens filled.
    package static func prepare(_ value: JSONValue, operation: OperationModel) throws(AWSClientError) -> JSONValue {
        guard let input = operation.input else {
            if let o = value.objectValue, let first = o.keys.first {
                throw AWSClientError(.unknownParameter, "The \(operation.name) operation takes no parameters, but '\(first)' was given.")
            }
            return .object(JSONObject())
        }
        let validator = ParameterValidator(graph: operation.graph)
        return try validator.check(value, node: input, path: "")
    }

    func check(_ value: JSONValue, node index: Int, path: String) throws(AWSClientError) -> JSONValue {
        let node = graph[index]
        let here = path.isEmpty ? "the input" : "'\(path)'"
        switch node.type {
        case "structure":
            if node.isDocument { return value }
            guard case .object(let object) = value else {
                throw AWSClientError(.invalidParameter, "\(here) must be an object (structure \(node.shapeName)), not \(value.typeName).")
            }
            var out = JSONObject()
            for m in object {
                guard let member = node.member(named: m.key) else {
                    let names = node.members.map(\.name)
                    let hint = Suggestion.closest(to: m.key, in: names).map { " Did you mean '\($0)'?" } ?? ""
                    let valid = names.count <= 12 ? " Valid names: \(names.joined(separator: ", "))." : ""
                    throw AWSClientError(.unknownParameter, "Unknown parameter '\(join(path, m.key))'.\(hint)\(valid)")
                }
                if m.value.isNull { continue }
                out[m.key] = try check(m.value, node: member.node, path: join(path, m.key))
            }
            for member in node.members where out[member.name] == nil {
                if graph[member.node].idempotencyToken {
                    out[member.name] = .string(UUID().uuidString.lowercased())
                } else if node.required.contains(member.name) {
                    throw AWSClientError(
                        .missingParameter,
                        "Missing required parameter '\(join(path, member.name))' (--\(CLIName.kebab(member.name)) on the command line).")
                }
            }
            return .object(out)
        case "list":
            guard case .array(let items) = value else {
                throw AWSClientError(.invalidParameter, "\(here) must be a list, not \(value.typeName).")
            }
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { out.append(try check(item, node: node.element, path: "\(path)[\(i)]")) }
            return .array(out)
        case "map":
            guard case .object(let object) = value else {
                throw AWSClientError(.invalidParameter, "\(here) must be a map (object), not \(value.typeName).")
            }
            var out = JSONObject()
            for m in object { out[m.key] = try check(m.value, node: node.value, path: join(path, m.key)) }
            return .object(out)
        case "string", "character":
            switch value {
            case .string: return value
            case .integer, .double, .bool: return .string(Self.scalarText(value))
            default: throw AWSClientError(.invalidParameter, "\(here) must be a string, not \(value.typeName).")
            }
        case "integer", "long", "short", "byte":
            switch value {
            case .integer: return value
            case .double(let d) where d == d.rounded(): return .integer(Int(d))
            case .string(let s):
                if let i = Int(s) { return .integer(i) }
            default: break
            }
            throw AWSClientError(.invalidParameter, "\(here) must be an integer, not \(Self.describe(value)).")
        case "float", "double":
            switch value {
            case .integer, .double: return value
            case .string(let s):
                if let d = Double(s) { return .double(d) }
            default: break
            }
            throw AWSClientError(.invalidParameter, "\(here) must be a number, not \(Self.describe(value)).")
        case "boolean":
            switch value {
            case .bool: return value
            case .string(let s) where s.lowercased() == "true": return .bool(true)
            case .string(let s) where s.lowercased() == "false": return .bool(false)
            default: throw AWSClientError(.invalidParameter, "\(here) must be true or false, not \(Self.describe(value)).")
            }
        case "timestamp":
            guard Timestamp.parse(value) != nil else {
                throw AWSClientError(
                    .invalidParameter, "\(here) must be a timestamp (ISO 8601 such as 2024-05-01T10:00:00Z, or epoch seconds), not \(Self.describe(value)).")
            }
            return value
        case "blob":
            guard value.stringValue != nil else { throw AWSClientError(.invalidParameter, "\(here) must be a string (blob), not \(value.typeName).") }
            return value
        default:
            return value
        }
    }

    private func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : path + "." + name }

    static func describe(_ value: JSONValue) -> String {
        if case .string(let s) = value { return "'\(s)'" }
        return value.typeName
    }

    /// A scalar as protocol text (`true`, `5`, `1.5`).
    package static func scalarText(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .double(let d): return JSONSerializer.formatDouble(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        default: return value.description
        }
    }
}
