package import RunbookCore

/// One shape as a request or response member sees it: the shape's own definition with the
/// member reference's serialization traits (`locationName`, `location`, `flattened`, ...) laid
/// over it, the way botocore resolves shape references.
package struct ShapeNode: Sendable {
    /// A structure member: its model name and the node it points to.
    package struct Member: Sendable {
        /// The member name in the model (`InstanceIds`).
        package let name: String
        /// Index of the member's node in the graph.
        package let node: Int
    }

    /// The shape's name in the model.
    package var shapeName: String
    /// The shape type: `structure`, `list`, `map`, `string`, `integer`, `long`, `float`, `double`,
    /// `boolean`, `timestamp`, `blob`, ...
    package var type: String
    /// Structure members in model order.
    package var members: [Member] = []
    /// Member position by name.
    package var memberIndex: [String: Int] = [:]
    /// List element node.
    package var element: Int = -1
    /// Map key node.
    package var key: Int = -1
    /// Map value node.
    package var value: Int = -1
    /// `locationName`: the wire name (XML element, header, query or JSON key).
    package var locationName: String?
    /// `queryName` (ec2 protocol).
    package var queryName: String?
    /// `location`: `uri`, `querystring`, `header`, `headers` or `statusCode`; nil for the body.
    package var location: String?
    /// Whether a list or map is flattened (XML and query protocols).
    package var flattened = false
    /// Whether the member is an XML attribute.
    package var xmlAttribute = false
    /// The XML namespace URI, and prefix when any.
    package var xmlNamespaceURI: String?
    /// The XML namespace prefix.
    package var xmlNamespacePrefix: String?
    /// `timestampFormat` when the model sets one.
    package var timestampFormat: String?
    /// A header holding base64-encoded JSON.
    package var jsonValue = false
    /// The payload member of a REST structure.
    package var payload: String?
    /// The XML element wrapping a query-protocol result.
    package var resultWrapper: String?
    /// A streaming blob or string.
    package var streaming = false
    /// An event stream.
    package var eventStream = false
    /// A document (free-form JSON) shape.
    package var isDocument = false
    /// A tagged union.
    package var isUnion = false
    /// An error shape.
    package var isException = false
    /// The HTTP status of an error shape, when modelled.
    package var errorCode: String?
    /// Required member names.
    package var required: Set<String> = []
    /// An idempotency token the client fills in when absent.
    package var idempotencyToken = false
    /// A member that feeds a host prefix.
    package var hostLabel = false
    /// A member holding secrets, redacted from debug output.
    package var sensitive = false

    /// Whether the shape is a scalar (not structure, list or map).
    package var isScalar: Bool { type != "structure" && type != "list" && type != "map" }

    /// The member named `name`, if any.
    package func member(named name: String) -> Member? {
        if let i = memberIndex[name] { return members[i] }
        return nil
    }
}

/// Every node reachable from an operation's input or output, addressed by index so recursive
/// shapes cost nothing to represent.
package struct ShapeGraph: Sendable {
    /// The nodes.
    package private(set) var nodes: [ShapeNode] = []
    private var memo: [String: Int] = [:]

    /// An empty graph.
    package init() {}

    /// The node at `index`.
    package subscript(index: Int) -> ShapeNode {
        // A read accessor: callers reading one field do not copy the whole node.
        _read { yield nodes[index] }
    }

    /// Adds (or finds) the node for a shape reference `{"shape": name, ...traits}`.
    package mutating func add(reference: JSONObject, shapes: ShapeStore) throws(AWSClientError) -> Int {
        guard let name = reference["shape"]?.stringValue else {
            throw AWSClientError(.model, "a shape reference has no 'shape' name")
        }
        var traits: [JSONObject.Member] = []
        for m in reference where m.key != "shape" { traits.append(m) }
        let memoKey = traits.isEmpty ? name : name + "\u{1}" + JSONValue.object(JSONObject(uniqueMembers: traits)).description
        if let existing = memo[memoKey] { return existing }
        guard let definition = shapes[name]?.objectValue else {
            throw AWSClientError(.model, "the model has no shape named '\(name)'")
        }
        var merged = definition
        for m in traits { merged[m.key] = m.value }
        let index = nodes.count
        memo[memoKey] = index
        nodes.append(ShapeNode(shapeName: name, type: merged["type"]?.stringValue ?? "structure"))
        var node = nodes[index]
        node.locationName = merged["locationName"]?.stringValue
        node.queryName = merged["queryName"]?.stringValue
        node.location = merged["location"]?.stringValue
        node.flattened = merged["flattened"]?.boolValue ?? false
        node.xmlAttribute = merged["xmlAttribute"]?.boolValue ?? false
        if let ns = merged["xmlNamespace"] {
            node.xmlNamespaceURI = ns["uri"]?.stringValue ?? ns.stringValue
            node.xmlNamespacePrefix = ns["prefix"]?.stringValue
        }
        node.timestampFormat = merged["timestampFormat"]?.stringValue
        node.jsonValue = merged["jsonvalue"]?.boolValue ?? false
        node.payload = merged["payload"]?.stringValue
        node.resultWrapper = merged["resultWrapper"]?.stringValue
        node.streaming = merged["streaming"]?.boolValue ?? false
        node.eventStream = merged["eventstream"]?.boolValue ?? false
        node.isDocument = merged["document"]?.boolValue ?? false
        node.isUnion = merged["union"]?.boolValue ?? false
        node.isException = merged["exception"]?.boolValue ?? false
        if let code = merged["error"]?["code"]?.stringValue { node.errorCode = code }
        node.required = Set((merged["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        node.idempotencyToken = merged["idempotencyToken"]?.boolValue ?? false
        node.hostLabel = merged["hostLabel"]?.boolValue ?? false
        node.sensitive = merged["sensitive"]?.boolValue ?? false
        nodes[index] = node
        switch node.type {
        case "structure":
            var members: [ShapeNode.Member] = []
            var memberIndex: [String: Int] = [:]
            for m in merged["members"]?.objectValue ?? JSONObject() {
                guard let ref = m.value.objectValue else { continue }
                let child = try add(reference: ref, shapes: shapes)
                memberIndex[m.key] = members.count
                members.append(ShapeNode.Member(name: m.key, node: child))
            }
            nodes[index].members = members
            nodes[index].memberIndex = memberIndex
        case "list":
            if let ref = merged["member"]?.objectValue { nodes[index].element = try add(reference: ref, shapes: shapes) }
        case "map":
            if let ref = merged["key"]?.objectValue { nodes[index].key = try add(reference: ref, shapes: shapes) }
            if let ref = merged["value"]?.objectValue { nodes[index].value = try add(reference: ref, shapes: shapes) }
        default:
            break
        }
        return index
    }
}
