package import RunbookCore

/// Parses HTTP answers for every protocol into CLI-shaped JSON, or into an ``AWSServiceError``.
package enum ResponseParser {
    /// The parsed output of a successful answer (status < 300), without `ResponseMetadata`.
    package static func parse(
        _ response: HTTPResponse, operation: OperationModel, timestamps: TimestampOutput = .wire
    ) throws(AWSClientError) -> JSONValue {
        let graph = operation.graph
        guard let output = operation.output else { return .object(JSONObject()) }
        let wire = operation.service.wireProtocol
        switch wire {
        case .query, .ec2:
            if response.body.isEmpty { return .object(JSONObject()) }
            let root = try xml(response.body, operation: operation.name)
            var start = root
            if let wrapper = graph[output].resultWrapper {
                guard let wrapped = root.child(wrapper) else { return .object(JSONObject()) }
                start = wrapped
            }
            return XMLShapeParser(graph: graph, timestamps: timestamps).parse(start, node: output)
        case .json:
            let body = try json(response.body, operation: operation.name)
            return JSONShapeParser(graph: graph, timestamps: timestamps, isREST: false).parse(body, node: output)
        case .restJSON, .restXML:
            return try parseREST(response, operation: operation, output: output, timestamps: timestamps)
        }
    }

    private static func parseREST(
        _ response: HTTPResponse, operation: OperationModel, output: Int, timestamps: TimestampOutput
    ) throws(AWSClientError) -> JSONValue {
        let graph = operation.graph
        let shape = graph[output]
        let jsonParser = JSONShapeParser(graph: graph, timestamps: timestamps, isREST: true)
        var result = JSONObject()
        for member in shape.members {
            let node = graph[member.node]
            switch node.location {
            case "statusCode":
                result[member.name] = .integer(response.status)
            case "header":
                if let value = response.header(node.locationName ?? member.name) {
                    result[member.name] = jsonParser.headerValue(value, node: member.node)
                }
            case "headers":
                let prefix = (node.locationName ?? "").lowercased()
                var map = JSONObject()
                for (name, value) in response.headers where name.lowercased().hasPrefix(prefix) {
                    map[String(name.dropFirst(prefix.count))] = .string(value)
                }
                result[member.name] = .object(map)
            default:
                break
            }
        }
        let isXML = operation.service.wireProtocol == .restXML
        if let payload = shape.payload, let member = shape.member(named: payload) {
            let node = graph[member.node]
            if node.type == "blob" || node.type == "string" || node.eventStream {
                result[payload] = .string(String(decoding: response.body, as: UTF8.self))
            } else if isXML {
                let root = response.body.isEmpty ? XMLElement(name: "") : try xml(response.body, operation: operation.name)
                result[payload] = XMLShapeParser(graph: graph, timestamps: timestamps).parse(root, node: member.node)
            } else {
                result[payload] = jsonParser.parse(try json(response.body, operation: operation.name), node: member.node)
            }
        } else {
            let body: JSONValue
            if isXML {
                let root = response.body.isEmpty ? XMLElement(name: "") : try xml(response.body, operation: operation.name)
                body = .object(XMLShapeParser(graph: graph, timestamps: timestamps).structure(root, node: output))
            } else {
                body = jsonParser.parse(try json(response.body, operation: operation.name), node: output)
            }
            for m in body.objectValue ?? JSONObject() { result[m.key] = m.value }
        }
        return .object(result)
    }

    static func xml(_ body: [UInt8], operation: String) throws(AWSClientError) -> XMLElement {
        do {
            return try XMLTree.parse(body)
        } catch {
            throw AWSClientError(.response, "The \(operation) answer is not valid XML: \(error).")
        }
    }

    static func json(_ body: [UInt8], operation: String) throws(AWSClientError) -> JSONValue {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object(JSONObject()) }
        do {
            return try JSONParser.parse(bytes: body)
        } catch {
            throw AWSClientError(.response, "The \(operation) answer is not valid JSON: \(error).")
        }
    }
}
