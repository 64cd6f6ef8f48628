package import RunbookCore

/// Writes `rest-xml` request bodies the way botocore's serializer lays them out: structures as
/// elements (with `xmlns` when modelled), lists wrapped in `member` elements unless flattened,
/// maps as `entry`/`key`/`value`, XML attributes for `xmlAttribute` members.
struct XMLWriter {
    let graph: ShapeGraph
    private(set) var bytes: [UInt8] = []

    init(graph: ShapeGraph) { self.graph = graph }

    mutating func structure(_ object: JSONObject, shape: ShapeNode, name: String) {
        var attributes: [(String, String)] = namespace(shape)
        for m in object {
            guard let member = shape.member(named: m.key) else { continue }
            let node = graph[member.node]
            if node.xmlAttribute { attributes.append((node.locationName ?? m.key, ParameterValidator.scalarText(m.value))) }
        }
        open(name, attributes)
        for m in object {
            guard let member = shape.member(named: m.key) else { continue }
            let node = graph[member.node]
            if node.xmlAttribute || node.location != nil { continue }
            element(m.value, node: member.node, name: node.locationName ?? m.key)
        }
        close(name)
    }

    mutating func element(_ value: JSONValue, node index: Int, name: String) {
        let node = graph[index]
        switch node.type {
        case "structure":
            structure(value.objectValue ?? JSONObject(), shape: node, name: name)
        case "list":
            let element = graph[node.element]
            let items = value.arrayValue ?? []
            if node.flattened {
                for item in items { self.element(item, node: node.element, name: name) }
            } else {
                open(name, namespace(node))
                for item in items { self.element(item, node: node.element, name: element.locationName ?? "member") }
                close(name)
            }
        case "map":
            let keyName = graph[node.key].locationName ?? "key"
            let valueName = graph[node.value].locationName ?? "value"
            if !node.flattened { open(name, namespace(node)) }
            for m in value.objectValue ?? JSONObject() {
                open(node.flattened ? name : "entry", [])
                element(.string(m.key), node: node.key, name: keyName)
                element(m.value, node: node.value, name: valueName)
                close(node.flattened ? name : "entry")
            }
            if !node.flattened { close(name) }
        case "timestamp":
            let text = Timestamp.parse(value).map { ParameterValidator.scalarText($0.serialized(node.timestampFormat ?? "iso8601")) }
            leaf(name, text ?? ParameterValidator.scalarText(value), node)
        case "blob":
            leaf(name, Base64.encode(Array(ParameterValidator.scalarText(value).utf8)), node)
        case "boolean":
            leaf(name, value.boolValue == true ? "true" : "false", node)
        default:
            leaf(name, ParameterValidator.scalarText(value), node)
        }
    }

    private func namespace(_ node: ShapeNode) -> [(String, String)] {
        guard let uri = node.xmlNamespaceURI else { return [] }
        return [(node.xmlNamespacePrefix.map { "xmlns:\($0)" } ?? "xmlns", uri)]
    }

    private mutating func leaf(_ name: String, _ text: String, _ node: ShapeNode) {
        open(name, namespace(node))
        escape(text, attribute: false)
        close(name)
    }

    private mutating func open(_ name: String, _ attributes: [(String, String)]) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: name.utf8)
        for (k, v) in attributes {
            bytes.append(0x20)
            bytes.append(contentsOf: k.utf8)
            bytes.append(contentsOf: "=\"".utf8)
            escape(v, attribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: ">"))
    }

    private mutating func close(_ name: String) {
        bytes.append(contentsOf: "</".utf8)
        bytes.append(contentsOf: name.utf8)
        bytes.append(UInt8(ascii: ">"))
    }

    private mutating func escape(_ text: String, attribute: Bool) {
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\"") where attribute: bytes.append(contentsOf: "&quot;".utf8)
            case 0x0D: bytes.append(contentsOf: "&#13;".utf8)
            default: bytes.append(b)
            }
        }
    }
}
