package import RunbookCore

/// Turns XML answers (query, ec2, rest-xml) into JSON shaped like the aws CLI's output, following
/// botocore's XML parser: members in model order, repeated elements gathered into lists, empty
/// elements read as empty strings, numbers and booleans converted, timestamps and blobs kept as
/// they came over the wire (unless ISO 8601 output is asked for).
struct XMLShapeParser {
    let graph: ShapeGraph
    let timestamps: TimestampOutput

    /// The value of `first` shaped by `node`; `group` holds every element of the same name when
    /// it repeats (flattened lists and maps).
    func parse(_ first: XMLElement, group: [XMLElement]? = nil, node index: Int) -> JSONValue {
        let node = graph[index]
        switch node.type {
        case "structure":
            return .object(structure(first, node: node))
        case "list":
            var items: [JSONValue] = []
            if node.flattened {
                let elements = group ?? [first]
                items.reserveCapacity(elements.count)
                for e in elements { items.append(parse(e, node: node.element)) }
            } else {
                items.reserveCapacity(first.children.count)
                for child in first.children { items.append(parse(child, node: node.element)) }
            }
            return .array(items)
        case "map":
            let keyName = graph[node.key].locationName ?? "key"
            let valueName = graph[node.value].locationName ?? "value"
            let entries: [XMLElement] = node.flattened ? (group ?? [first]) : first.children
            var out = JSONObject()
            for entry in entries {
                var key: String?
                var value: JSONValue = .null
                for pair in entry.children {
                    if pair.name == keyName {
                        key = pair.text
                    } else if pair.name == valueName {
                        value = parse(pair, node: node.value)
                    }
                }
                if let key { out[key] = value }
            }
            return .object(out)
        default:
            return scalar(first.text, node: node)
        }
    }

    /// A structure's members, in model order.
    func structure(_ element: XMLElement, node: ShapeNode) -> JSONObject {
        var byName: [String: [XMLElement]] = [:]
        byName.reserveCapacity(element.children.count)
        for child in element.children { byName[child.name, default: []].append(child) }
        var members: [JSONObject.Member] = []
        members.reserveCapacity(min(byName.count, node.members.count))
        for member in node.members {
            let m = graph[member.node]
            if let location = m.location, location == "header" || location == "headers" || location == "statusCode" { continue }
            var xmlName = m.locationName ?? member.name
            if m.type == "list", m.flattened, let elementName = graph[m.element].locationName { xmlName = elementName }
            if let found = byName[xmlName] {
                members.append(JSONObject.Member(key: member.name, value: parse(found[0], group: found, node: member.node)))
            } else if m.xmlAttribute, let name = m.locationName, let value = element.attribute(name) {
                members.append(JSONObject.Member(key: member.name, value: .string(value)))
            }
        }
        return JSONObject(uniqueMembers: members)
    }

    /// A scalar from text: the same conversions as botocore's XML handlers.
    func scalar(_ text: String, node: ShapeNode) -> JSONValue {
        switch node.type {
        case "integer", "long", "short", "byte":
            if let i = Int(text) { return .integer(i) }
            return .string(text)
        case "float", "double":
            if let d = Double(text) { return .double(d) }
            return .string(text)
        case "boolean":
            return .bool(text == "true")
        case "timestamp":
            return timestamps.render(.string(text))
        default:
            return .string(text)
        }
    }
}

/// How timestamps appear in answers: as on the wire (the aws CLI v1 default, `wire`/`none`) or
/// as Python's ISO 8601 (`cli_timestamp_format = iso8601`).
package enum TimestampOutput: Sendable, Equatable {
    /// As the service sent them.
    case wire
    /// `2024-05-01T10:00:00+00:00`.
    case iso8601

    /// The output form of a wire timestamp.
    func render(_ value: JSONValue) -> JSONValue {
        guard self == .iso8601, let t = Timestamp.parse(value) else { return value }
        return .string(t.pythonISOFormat)
    }
}
