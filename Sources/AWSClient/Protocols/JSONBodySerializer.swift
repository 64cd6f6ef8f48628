import RunbookCore

/// Builds JSON bodies for the `json` and `rest-json` protocols: members under their
/// `locationName`, timestamps as epoch seconds (unless `timestampFormat` says otherwise), blobs
/// base64-encoded.
struct JSONBodySerializer {
    let graph: ShapeGraph

    /// The JSON value of `value` shaped by `node`, skipping members bound elsewhere (uri, header...).
    func serialize(_ value: JSONValue, node index: Int, bodyMembersOnly: Bool = false) -> JSONValue {
        let node = graph[index]
        switch node.type {
        case "structure":
            if node.isDocument { return value }
            guard case .object(let object) = value else { return value }
            var out = JSONObject()
            for m in object {
                guard let member = node.member(named: m.key) else { continue }
                let child = graph[member.node]
                if bodyMembersOnly && child.location != nil { continue }
                out[child.locationName ?? m.key] = serialize(m.value, node: member.node)
            }
            return .object(out)
        case "list":
            guard case .array(let items) = value else { return value }
            return .array(items.map { serialize($0, node: node.element) })
        case "map":
            guard case .object(let object) = value else { return value }
            var out = JSONObject()
            for m in object { out[m.key] = serialize(m.value, node: node.value) }
            return .object(out)
        case "timestamp":
            guard let t = Timestamp.parse(value) else { return value }
            return t.serialized(node.timestampFormat ?? "unixTimestamp")
        case "blob":
            return .string(Base64.encode(Array(ParameterValidator.scalarText(value).utf8)))
        default:
            return value
        }
    }

    /// A `json` protocol request: `POST /` with `X-Amz-Target` and the whole input as the body.
    static func serializeRPC(_ params: JSONValue, operation: OperationModel) -> SerializedRequest {
        var request = SerializedRequest(method: operation.httpMethod, path: "/")
        let service = operation.service
        request.headers = [
            ("X-Amz-Target", service.targetPrefix + "." + operation.name),
            ("Content-Type", "application/x-amz-json-" + service.jsonVersion),
        ]
        if service.metadata["awsQueryCompatible"] != nil { request.headers.append(("x-amzn-query-mode", "true")) }
        var body = JSONValue.object(JSONObject())
        if let input = operation.input { body = JSONBodySerializer(graph: operation.graph).serialize(params, node: input) }
        request.body = Array(JSONSerializer.serialize(body, style: .compact).utf8)
        return request
    }
}
