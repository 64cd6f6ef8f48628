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
        switch graph[index].type {
        case "structure":
            return .object(structure(first, node: index))
        case "list":
            let element = graph[index].element
            var items: [JSONValue] = []
            if graph[index].flattened {
                let elements = group ?? [first]
                items.reserveCapacity(elements.count)
                for e in elements { items.append(parse(e, node: element)) }
            } else {
                items.reserveCapacity(first.children.count)
                for child in first.children { items.append(parse(child, node: element)) }
            }
            return .array(items)
        case "map":
            let keyName = graph[graph[index].key].locationName ?? "key"
            let valueNode = graph[index].value
            let valueName = graph[valueNode].locationName ?? "value"
            let entries: [XMLElement] = graph[index].flattened ? (group ?? [first]) : first.children
            var out = JSONObject()
            for entry in entries {
                var key: String?
                var value: JSONValue = .null
                for pair in entry.children {
                    if pair.name == keyName {
                        key = pair.text
                    } else if pair.name == valueName {
                        value = parse(pair, node: valueNode)
                    }
                }
                if let key { out[key] = value }
            }
            return .object(out)
        default:
            return scalar(first.text, node: index)
        }
    }

    /// A structure's members, in model order.
    func structure(_ element: XMLElement, node index: Int) -> JSONObject {
        let children = element.children
        var members: [JSONObject.Member] = []
        let memberCount = graph[index].members.count
        members.reserveCapacity(min(children.count, memberCount))
        // Few children: a linear scan beats building a dictionary.
        var first: [String: Int] = [:]
        var repeats = false
        let small = children.count <= 16
        if small {
            for i in children.indices where !repeats {
                for j in 0..<i where children[j].name == children[i].name {
                    repeats = true
                    break
                }
            }
        } else {
            first.reserveCapacity(children.count)
            for (i, child) in children.enumerated() where first.updateValue(first[child.name] ?? i, forKey: child.name) != nil {
                repeats = true
            }
        }
        for k in 0..<memberCount {
            let member = graph[index].members[k]
            let m = member.node
            if let location = graph[m].location, location == "header" || location == "headers" || location == "statusCode" { continue }
            var xmlName = graph[m].locationName ?? member.name
            if graph[m].flattened, graph[m].type == "list", let elementName = graph[graph[m].element].locationName { xmlName = elementName }
            let found: Int?
            if small {
                found = children.firstIndex { $0.name == xmlName }
            } else {
                found = first[xmlName]
            }
            if let found {
                let group = repeats ? children.filter { $0.name == xmlName } : nil
                members.append(JSONObject.Member(key: member.name, value: parse(children[found], group: group, node: m)))
            } else if graph[m].xmlAttribute, let name = graph[m].locationName, let value = element.attribute(name) {
                members.append(JSONObject.Member(key: member.name, value: .string(value)))
            }
        }
        return JSONObject(uniqueMembers: members)
    }

    /// A scalar from text: the same conversions as botocore's XML handlers.
    func scalar(_ text: String, node index: Int) -> JSONValue {
        switch graph[index].type {
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
