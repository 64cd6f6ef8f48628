package import RunbookCore

/// A service's botocore models: `service-2` (metadata, operations, shapes), `paginators-1` and
/// `waiters-2`. Shapes stay as parsed JSON; an operation compiles only the part it needs.
package struct ServiceModel: Sendable {
    /// The name the service was asked for by (`cloudwatch`, `elbv2`).
    package let name: String
    /// `metadata`.
    package let metadata: JSONObject
    /// `operations` by name, parsed on demand.
    package let operations: ShapeStore
    /// `shapes` by name, parsed on demand (the cheap way to read a shape).
    package let shapeStore: ShapeStore
    /// `pagination` by operation name.
    package let paginators: JSONObject
    /// `waiters` by waiter name.
    package let waiters: JSONObject

    /// Builds the model from parsed documents.
    package init(name: String, service: JSONValue, paginators: JSONValue?, waiters: JSONValue?) throws(AWSClientError) {
        guard let metadata = service["metadata"]?.objectValue, let operations = service["operations"]?.objectValue,
            let shapes = service["shapes"]?.objectValue
        else { throw AWSClientError(.model, "the \(name) service model lacks metadata, operations or shapes") }
        self.name = name
        self.metadata = metadata
        self.operations = ShapeStore(parsed: operations)
        self.shapeStore = ShapeStore(parsed: shapes)
        self.paginators = paginators?["pagination"]?.objectValue ?? JSONObject()
        self.waiters = waiters?["waiters"]?.objectValue ?? JSONObject()
    }

    /// Builds the model from the `service-2` text, parsing metadata and operations now and
    /// shapes only when used.
    package init(name: String, serviceBytes: [UInt8], paginators: JSONValue?, waiters: JSONValue?) throws(AWSClientError) {
        var top: [(String, Range<Int>)] = []
        try serviceBytes.withUnsafeBufferPointer { b throws(AWSClientError) in
            var scanner = ShallowScanner(bytes: b, position: 0)
            top = try scanner.members()
        }
        func parse(_ key: String) throws(AWSClientError) -> JSONObject? {
            guard let range = top.first(where: { $0.0 == key })?.1 else { return nil }
            let value = serviceBytes.withUnsafeBytes { raw in try? JSONParser.parse(bytes: UnsafeRawBufferPointer(rebasing: raw[range])) }
            return value?.objectValue
        }
        guard let metadata = try parse("metadata"), let operationsRange = top.first(where: { $0.0 == "operations" })?.1,
            let shapesRange = top.first(where: { $0.0 == "shapes" })?.1
        else { throw AWSClientError(.model, "the \(name) service model lacks metadata, operations or shapes") }
        self.name = name
        self.metadata = metadata
        self.operations = try ShapeStore(bytes: serviceBytes, range: operationsRange)
        self.shapeStore = try ShapeStore(bytes: serviceBytes, range: shapesRange)
        self.paginators = paginators?["pagination"]?.objectValue ?? JSONObject()
        self.waiters = waiters?["waiters"]?.objectValue ?? JSONObject()
    }

    /// Every shape, fully parsed once and cached; prefer ``shapeStore`` to read a few shapes.
    package var shapes: JSONObject { shapeStore.all }

    /// The wire protocol the client uses: the first of `protocols` it supports, else `protocol`.
    package var wireProtocol: WireProtocol {
        let supported = (metadata["protocols"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(WireProtocol.init(rawValue:)) }
        if let first = supported.first { return first }
        return metadata["protocol"]?.stringValue.flatMap(WireProtocol.init(rawValue:)) ?? .json
    }

    /// `metadata.apiVersion`.
    package var apiVersion: String { metadata["apiVersion"]?.stringValue ?? "" }
    /// `metadata.endpointPrefix`.
    package var endpointPrefix: String { metadata["endpointPrefix"]?.stringValue ?? name }
    /// The SigV4 signing name.
    package var signingName: String { metadata["signingName"]?.stringValue ?? endpointPrefix }
    /// `metadata.serviceId` (`Elastic Load Balancing v2`).
    package var serviceID: String { metadata["serviceId"]?.stringValue ?? name }
    /// `metadata.targetPrefix` (json protocol).
    package var targetPrefix: String { metadata["targetPrefix"]?.stringValue ?? "" }
    /// `metadata.jsonVersion` (json protocol).
    package var jsonVersion: String { metadata["jsonVersion"]?.stringValue ?? "1.0" }
    /// Whether the service is S3 (its own addressing and signing rules).
    package var isS3: Bool { endpointPrefix == "s3" }
    /// The `globalEndpoint` host of global services (IAM).
    package var globalEndpoint: String? { metadata["globalEndpoint"]?.stringValue }

    /// Operation names in model order.
    package var operationNames: [String] { operations.orderedNames }

    /// The operation named `name` (model spelling), or an error suggesting the closest name.
    package func operation(named name: String) throws(AWSClientError) -> OperationModel {
        guard let definition = operations[name]?.objectValue else {
            let hint = Suggestion.closest(to: name, in: operationNames).map { " Did you mean '\($0)'?" } ?? ""
            throw AWSClientError(.unknownOperation, "The \(self.name) service has no operation '\(name)'.\(hint)")
        }
        return try OperationModel(name: name, definition: definition, service: self)
    }

    /// The operation whose CLI name (`describe-nodegroup`) or model name (`DescribeNodegroup`) is `name`.
    package func operation(cliName name: String) throws(AWSClientError) -> OperationModel {
        if operations[name] != nil { return try operation(named: name) }
        for op in operationNames where CLIName.kebab(op) == name { return try operation(named: op) }
        let cliNames = operationNames.map { CLIName.kebab($0) }
        let hint = Suggestion.closest(to: name, in: cliNames).map { " Did you mean '\($0)'?" } ?? ""
        throw AWSClientError(.unknownOperation, "The \(self.name) service has no operation '\(name)'.\(hint)")
    }
}

/// The wire protocols the client speaks.
package enum WireProtocol: String, Sendable {
    /// AWS JSON 1.0/1.1 (`X-Amz-Target`).
    case json
    /// REST with JSON bodies.
    case restJSON = "rest-json"
    /// REST with XML bodies (S3).
    case restXML = "rest-xml"
    /// AWS Query (form-encoded requests, XML answers).
    case query
    /// EC2's variant of Query.
    case ec2
}
