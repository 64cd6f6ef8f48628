import AWSSigV4
package import RunbookCore

/// Serializes the `query` and `ec2` protocols: a form body with `Action`, `Version` and the
/// parameters flattened to dotted names (`Filters.member.1.Name` for query, `Filter.1.Name` for
/// ec2, whose names come from `queryName` or the capitalised `locationName`).
struct QuerySerializer {
    let graph: ShapeGraph
    let isEC2: Bool

    static func serialize(_ params: JSONValue, operation: OperationModel) -> SerializedRequest {
        var request = SerializedRequest(method: "POST", path: "/")
        var pairs: [(String, String)] = [("Action", operation.name), ("Version", operation.service.apiVersion)]
        let serializer = QuerySerializer(graph: operation.graph, isEC2: operation.service.wireProtocol == .ec2)
        if let input = operation.input { serializer.serialize(params, node: input, prefix: "", into: &pairs) }
        request.headers = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
        request.body = FormEncoding.formBody(pairs)
        return request
    }

    func serializedName(_ node: ShapeNode, default name: String) -> String {
        if isEC2 {
            if let q = node.queryName { return q }
            if let l = node.locationName, let f = l.first { return f.uppercased() + l.dropFirst() }
            return name
        }
        return node.locationName ?? name
    }

    func serialize(_ value: JSONValue, node index: Int, prefix: String, into pairs: inout [(String, String)]) {
        let node = graph[index]
        switch node.type {
        case "structure":
            guard case .object(let object) = value else { return }
            for m in object {
                guard let member = node.member(named: m.key) else { continue }
                let name = serializedName(graph[member.node], default: m.key)
                serialize(m.value, node: member.node, prefix: prefix.isEmpty ? name : prefix + "." + name, into: &pairs)
            }
        case "list":
            guard case .array(let items) = value else { return }
            let element = graph[node.element]
            if isEC2 {
                for (i, item) in items.enumerated() { serialize(item, node: node.element, prefix: "\(prefix).\(i + 1)", into: &pairs) }
                return
            }
            if items.isEmpty {
                pairs.append((prefix, ""))
                return
            }
            var listPrefix: String
            if node.flattened {
                listPrefix = prefix
                if let name = element.locationName {
                    var parts = prefix.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                    parts[parts.count - 1] = name
                    listPrefix = parts.joined(separator: ".")
                }
            } else {
                listPrefix = prefix + "." + (element.locationName ?? "member")
            }
            for (i, item) in items.enumerated() { serialize(item, node: node.element, prefix: "\(listPrefix).\(i + 1)", into: &pairs) }
        case "map":
            guard case .object(let object) = value else { return }
            let full = node.flattened ? prefix : prefix + ".entry"
            let keyName = serializedName(graph[node.key], default: "key")
            let valueName = serializedName(graph[node.value], default: "value")
            for (i, m) in object.enumerated() {
                serialize(.string(m.key), node: node.key, prefix: "\(full).\(i + 1).\(keyName)", into: &pairs)
                serialize(m.value, node: node.value, prefix: "\(full).\(i + 1).\(valueName)", into: &pairs)
            }
        case "timestamp":
            if let t = Timestamp.parse(value) {
                pairs.append((prefix, ParameterValidator.scalarText(t.serialized(node.timestampFormat ?? "iso8601"))))
            }
        case "blob":
            pairs.append((prefix, Base64.encode(Array(ParameterValidator.scalarText(value).utf8))))
        case "boolean":
            pairs.append((prefix, value.boolValue == true ? "true" : "false"))
        default:
            pairs.append((prefix, ParameterValidator.scalarText(value)))
        }
    }
}
