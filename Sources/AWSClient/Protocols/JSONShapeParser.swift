package import RunbookCore

/// Shapes JSON answers (json, rest-json) like botocore: members in model order under their model
/// names, nulls dropped, unknown keys ignored. In rest-json, integers and floats are converted
/// (`5` in a `double` member prints as `5.0`) exactly as botocore's REST-JSON handlers do.
struct JSONShapeParser {
    let graph: ShapeGraph
    let timestamps: TimestampOutput
    let isREST: Bool

    func parse(_ value: JSONValue, node index: Int) -> JSONValue {
        let node = graph[index]
        switch node.type {
        case "structure":
            if node.isDocument { return value }
            guard case .object(let object) = value else { return value.isNull ? .null : value }
            var members: [JSONObject.Member] = []
            members.reserveCapacity(min(object.count, node.members.count))
            for member in node.members {
                let m = graph[member.node]
                guard let raw = object[m.locationName ?? member.name], !raw.isNull else { continue }
                members.append(JSONObject.Member(key: member.name, value: parse(raw, node: member.node)))
            }
            return .object(JSONObject(uniqueMembers: members))
        case "list":
            guard case .array(let items) = value else { return value }
            return .array(items.map { $0.isNull ? .null : parse($0, node: node.element) })
        case "map":
            guard case .object(let object) = value else { return value }
            var members: [JSONObject.Member] = []
            members.reserveCapacity(object.count)
            for m in object { members.append(JSONObject.Member(key: m.key, value: parse(m.value, node: node.value))) }
            return .object(JSONObject(uniqueMembers: members))
        case "timestamp":
            return timestamps.render(value)
        case "integer", "long", "short", "byte":
            guard isREST else { return value }
            switch value {
            case .double(let d): return .integer(Int(d))
            case .string(let s): return Int(s).map(JSONValue.integer) ?? value
            default: return value
            }
        case "float", "double":
            guard isREST else { return value }
            switch value {
            case .integer(let i): return .double(Double(i))
            case .string(let s): return Double(s).map(JSONValue.double) ?? value
            default: return value
            }
        case "boolean":
            if isREST, case .string(let s) = value { return .bool(s.lowercased() == "true") }
            return value
        default:
            return value
        }
    }

    /// A header or status value shaped by `node` (REST protocols).
    func headerValue(_ text: String, node index: Int) -> JSONValue {
        let node = graph[index]
        switch node.type {
        case "integer", "long", "short", "byte": return Int(text).map(JSONValue.integer) ?? .string(text)
        case "float", "double": return Double(text).map(JSONValue.double) ?? .string(text)
        case "boolean": return .bool(text.lowercased() == "true")
        case "timestamp": return timestamps.render(.string(text))
        case "list":
            return .array(text.split(separator: ",").map { headerValue(String($0).trimmingSpaces, node: node.element) })
        case "string" where node.jsonValue:
            if let bytes = Base64.decode(text), let json = try? JSONParser.parse(bytes: bytes) { return json }
            return .string(text)
        default: return .string(text)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
