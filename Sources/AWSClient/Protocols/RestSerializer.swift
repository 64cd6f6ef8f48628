import Foundation
import RunbookCore

/// Serializes `rest-json` and `rest-xml`: members bound to the URI, query string and headers go
/// there; the payload member (or every unbound member) forms the JSON or XML body.
struct RestSerializer {
    let graph: ShapeGraph
    let isXML: Bool

    static func serialize(_ params: JSONValue, operation: OperationModel) throws(AWSClientError) -> SerializedRequest {
        let isXML = operation.service.wireProtocol == .restXML
        let serializer = RestSerializer(graph: operation.graph, isXML: isXML)
        return try serializer.build(params, operation: operation)
    }

    func build(_ params: JSONValue, operation: OperationModel) throws(AWSClientError) -> SerializedRequest {
        // The URI template may carry a fixed query part (`/{Bucket}?tagging`, `?list-type=2`).
        var template = operation.requestURI
        var fixedQuery: [(name: String, value: String)] = []
        if let q = template.firstIndex(of: "?") {
            for pair in template[template.index(after: q)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                fixedQuery.append((String(kv[0]), kv.count > 1 ? String(kv[1]) : ""))
            }
            template = String(template[..<q])
        }
        var request = SerializedRequest(method: operation.httpMethod, path: template)
        request.query = fixedQuery
        guard let input = operation.input else { return request }
        let shape = graph[input]
        let object = params.objectValue ?? JSONObject()
        var labels: [String: String] = [:]
        var bodyMembers = JSONObject()
        for m in object {
            guard let member = shape.member(named: m.key) else { continue }
            let node = graph[member.node]
            let wireName = node.locationName ?? m.key
            switch node.location {
            case "uri":
                labels[wireName] = scalarForURI(m.value, node: node)
            case "querystring":
                if node.type == "map", case .object(let map) = m.value {
                    for entry in map {
                        if case .array(let values) = entry.value {
                            for v in values { request.query.append((entry.key, ParameterValidator.scalarText(v))) }
                        } else {
                            request.query.append((entry.key, ParameterValidator.scalarText(entry.value)))
                        }
                    }
                } else if node.type == "list", case .array(let values) = m.value {
                    for v in values { request.query.append((wireName, scalarForURI(v, node: graph[node.element]))) }
                } else {
                    request.query.append((wireName, scalarForURI(m.value, node: node)))
                }
            case "header":
                if node.type == "list", (m.value.arrayValue ?? []).isEmpty { continue }
                request.headers.append((wireName, headerValue(m.value, node: node)))
            case "headers":
                for entry in m.value.objectValue ?? JSONObject() {
                    request.headers.append((wireName + entry.key, ParameterValidator.scalarText(entry.value)))
                }
            default:
                bodyMembers[m.key] = m.value
            }
        }
        request.path = try render(template, labels: labels, operation: operation.name)
        if let hostPrefix = operation.hostPrefix { request.hostPrefix = expand(hostPrefix, labels: labels, params: object) }
        try body(&request, shape: shape, params: object, bodyMembers: bodyMembers)
        return request
    }

    func body(_ request: inout SerializedRequest, shape: ShapeNode, params: JSONObject, bodyMembers: JSONObject) throws(AWSClientError) {
        if let payloadName = shape.payload, let member = shape.member(named: payloadName) {
            let node = graph[member.node]
            if node.type == "blob" || node.type == "string" {
                if let v = params[payloadName] { request.body = Array(ParameterValidator.scalarText(v).utf8) }
                return
            }
            guard let value = params[payloadName] else {
                if !isXML { request.body = Array("{}".utf8) }
                return
            }
            if isXML {
                var xml = XMLWriter(graph: graph)
                xml.element(value, node: member.node, name: node.locationName ?? payloadName)
                request.body = xml.bytes
                request.headers.append(("Content-Type", "application/xml"))
            } else {
                let json = JSONBodySerializer(graph: graph).serialize(value, node: member.node)
                request.body = Array(JSONSerializer.serialize(json, style: .compact).utf8)
                request.headers.append(("Content-Type", "application/json"))
            }
            return
        }
        let hasBodyMembers = shape.members.contains { graph[$0.node].location == nil }
        if isXML {
            guard !bodyMembers.isEmpty else { return }
            var xml = XMLWriter(graph: graph)
            let root = shape.locationName ?? shape.shapeName
            xml.structure(bodyMembers, shape: shape, name: root)
            request.body = xml.bytes
            request.headers.append(("Content-Type", "application/xml"))
        } else if !bodyMembers.isEmpty || hasBodyMembers {
            var json = JSONObject()
            for m in bodyMembers {
                guard let member = shape.member(named: m.key) else { continue }
                json[graph[member.node].locationName ?? m.key] = JSONBodySerializer(graph: graph).serialize(m.value, node: member.node)
            }
            request.body = Array(JSONSerializer.serialize(.object(json), style: .compact).utf8)
            request.headers.append(("Content-Type", "application/json"))
        }
    }

    func scalarForURI(_ value: JSONValue, node: ShapeNode) -> String {
        if node.type == "timestamp", let t = Timestamp.parse(value) {
            return ParameterValidator.scalarText(t.serialized(node.timestampFormat ?? "iso8601"))
        }
        return ParameterValidator.scalarText(value)
    }

    func headerValue(_ value: JSONValue, node: ShapeNode) -> String {
        switch node.type {
        case "timestamp":
            guard let t = Timestamp.parse(value) else { return ParameterValidator.scalarText(value) }
            return ParameterValidator.scalarText(t.serialized(node.timestampFormat ?? "rfc822"))
        case "list":
            return (value.arrayValue ?? []).map { item -> String in
                let s = ParameterValidator.scalarText(item)
                if s.contains("\"") || s.contains(",") { return "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
                return s
            }.joined(separator: ",")
        case "string" where node.jsonValue:
            return Base64.encode(Array(JSONSerializer.serialize(value, style: .compact).utf8))
        default:
            return ParameterValidator.scalarText(value)
        }
    }

    /// Fills `{Label}` (encoded, `/` included) and `{Label+}` (greedy, `/` kept) in the template.
    func render(_ template: String, labels: [String: String], operation: String) throws(AWSClientError) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            var name = String(rest[rest.index(after: open)..<close])
            let greedy = name.hasSuffix("+")
            if greedy { name.removeLast() }
            guard let value = labels[name] else {
                throw AWSClientError(.missingParameter, "The \(operation) operation needs '\(name)' for its URI.")
            }
            out += FormEncoding.rfc3986(value, safe: greedy ? [UInt8(ascii: "/")] : [])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    func expand(_ prefix: String, labels: [String: String], params: JSONObject) -> String {
        var out = prefix
        for m in params {
            out = out.replacingOccurrences(of: "{\(m.key)}", with: ParameterValidator.scalarText(m.value))
        }
        return out
    }
}
