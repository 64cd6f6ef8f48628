package import RunbookCore

/// One operation of a service, with its input and output shapes compiled into a ``ShapeGraph``.
package struct OperationModel: Sendable {
    /// The model name (`DescribeNodegroup`).
    package let name: String
    /// The HTTP method.
    package let httpMethod: String
    /// The request URI template (`/clusters/{name}/node-groups/{nodegroupName}`).
    package let requestURI: String
    /// The compiled shapes of input, output and modelled errors.
    package let graph: ShapeGraph
    /// The input structure node, or nil when the operation takes no input.
    package let input: Int?
    /// The output structure node, or nil.
    package let output: Int?
    /// Modelled error shapes by error code.
    package let errors: [String: Int]
    /// `endpoint.hostPrefix`, when the operation has one.
    package let hostPrefix: String?
    /// The service the operation belongs to.
    package let service: ServiceModel
    /// Whether the operation is known to be read-only (see ``OperationClassifier``).
    package let isReadOnly: Bool
    /// Whether the request body needs a checksum header (`httpChecksumRequired`).
    package let requiresChecksum: Bool

    /// Compiles the operation.
    init(name: String, definition: JSONObject, service: ServiceModel) throws(AWSClientError) {
        self.name = name
        self.service = service
        let http = definition["http"]?.objectValue ?? JSONObject()
        httpMethod = http["method"]?.stringValue ?? "POST"
        requestURI = http["requestUri"]?.stringValue ?? "/"
        hostPrefix = definition["endpoint"]?["hostPrefix"]?.stringValue
        requiresChecksum = definition["httpChecksumRequired"]?.boolValue == true
            || definition["httpChecksum"]?["requestChecksumRequired"]?.boolValue == true
        var graph = ShapeGraph()
        input = try definition["input"]?.objectValue.map { ref throws(AWSClientError) in try graph.add(reference: ref, shapes: service.shapeStore) }
        output = try definition["output"]?.objectValue.map { ref throws(AWSClientError) in try graph.add(reference: ref, shapes: service.shapeStore) }
        var errors: [String: Int] = [:]
        for ref in definition["errors"]?.arrayValue ?? [] {
            guard let ref = ref.objectValue else { continue }
            let node = try graph.add(reference: ref, shapes: service.shapeStore)
            errors[graph[node].errorCode ?? graph[node].shapeName] = node
            errors[graph[node].shapeName] = node
        }
        self.errors = errors
        self.graph = graph
        isReadOnly = OperationClassifier.isReadOnly(name: name, httpMethod: httpMethod, protocol: service.wireProtocol)
    }

    /// The CLI spelling of the name (`describe-nodegroup`).
    package var cliName: String { CLIName.kebab(name) }
}
