import Foundation
package import RunbookCore

/// The few per-operation adjustments botocore makes on top of the models (its `handlers.py`),
/// so that answers match the aws CLI exactly.
package enum Customizations {
    /// Adjusts parameters before validation: S3 list calls ask for URL-encoded keys (decoded
    /// again in the answer), EC2 `UserData` is base64-encoded.
    package static func request(_ parameters: JSONValue, operation: OperationModel) -> (JSONValue, autoEncoding: Bool) {
        guard case .object(var params) = parameters else { return (parameters, false) }
        var autoEncoding = false
        switch (operation.service.endpointPrefix, operation.name) {
        case ("s3", "ListObjects"), ("s3", "ListObjectsV2"), ("s3", "ListObjectVersions"):
            if params["EncodingType"] == nil {
                params["EncodingType"] = "url"
                autoEncoding = true
            }
        case ("ec2", "RunInstances"):
            if case .string(let data)? = params["UserData"] { params["UserData"] = .string(Base64.encode(Array(data.utf8))) }
        default:
            break
        }
        return (.object(params), autoEncoding)
    }

    /// Adjusts a parsed answer.
    package static func response(
        _ value: JSONValue, operation: OperationModel, body: [UInt8], autoEncoding: Bool
    ) -> JSONValue {
        guard case .object(var result) = value else { return value }
        switch (operation.service.endpointPrefix, operation.name) {
        case ("iam", _):
            if let output = operation.output { return decodePolicies(value, node: output, graph: operation.graph) }
        case ("ec2", "GetConsoleOutput"):
            if let text = result["Output"]?.stringValue, let bytes = Base64.decode(text) {
                result["Output"] = .string(String(decoding: bytes, as: UTF8.self))
            }
        case ("cloudformation", "GetTemplate"):
            if let text = result["TemplateBody"]?.stringValue, let json = try? JSONParser.parse(text) {
                result["TemplateBody"] = json
            }
        case ("s3", "GetBucketLocation"):
            let text = (try? XMLTree.parse(body))?.text ?? ""
            result["LocationConstraint"] = text.isEmpty ? .null : .string(text)
        case ("s3", "ListObjects"), ("s3", "ListObjectsV2"), ("s3", "ListObjectVersions"):
            guard autoEncoding, result["EncodingType"] == "url" else { break }
            let top = operation.name == "ListObjects" ? ["Delimiter", "Marker", "NextMarker"]
                : operation.name == "ListObjectsV2" ? ["Delimiter", "Prefix", "StartAfter"] : ["KeyMarker", "NextKeyMarker", "Prefix", "Delimiter"]
            for key in top { if let s = result[key]?.stringValue { result[key] = .string(unquote(s)) } }
            for (list, child) in [("Contents", "Key"), ("CommonPrefixes", "Prefix"), ("Versions", "Key"), ("DeleteMarkers", "Key")] {
                guard case .array(var items)? = result[list] else { continue }
                for i in items.indices {
                    if case .object(var o) = items[i], let s = o[child]?.stringValue {
                        o[child] = .string(unquote(s))
                        items[i] = .object(o)
                    }
                }
                result[list] = .array(items)
            }
        default:
            break
        }
        return .object(result)
    }

    /// `urllib.parse.unquote`: `%XX` decoded, `+` kept.
    static func unquote(_ s: String) -> String { s.removingPercentEncoding ?? s }

    /// IAM returns policy documents URL-encoded; botocore decodes them into JSON objects.
    static func decodePolicies(_ value: JSONValue, node index: Int, graph: ShapeGraph) -> JSONValue {
        let node = graph[index]
        switch (node.type, value) {
        case ("structure", .object(var object)):
            for member in node.members {
                guard let v = object[member.name] else { continue }
                let m = graph[member.node]
                if m.type == "string" && m.shapeName == "policyDocumentType", let s = v.stringValue,
                    let json = try? JSONParser.parse(unquote(s))
                {
                    object[member.name] = json
                } else if m.type == "structure" || m.type == "list" {
                    object[member.name] = decodePolicies(v, node: member.node, graph: graph)
                }
            }
            return .object(object)
        case ("list", .array(let items)):
            return .array(items.map { decodePolicies($0, node: node.element, graph: graph) })
        default:
            return value
        }
    }
}
