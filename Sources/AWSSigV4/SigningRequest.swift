/// The parts of an HTTP request that SigV4 signs.
public struct SigningRequest: Sendable, Equatable {
    /// The HTTP method, upper case.
    public var method: String
    /// The path exactly as sent on the wire (already percent-encoded where the protocol encodes it).
    public var path: String
    /// Query parameters, decoded, in any order; a name may repeat.
    public var query: [(name: String, value: String)]
    /// Headers to sign, in any order; a name may repeat. Must include `host`.
    public var headers: [(name: String, value: String)]
    /// The body, used for the payload hash unless ``payloadHash`` is set.
    public var body: [UInt8]
    /// A precomputed payload hash (e.g. `UNSIGNED-PAYLOAD`), overriding ``body``.
    public var payloadHash: String?

    /// Creates a request.
    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)], body: [UInt8] = [], payloadHash: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.payloadHash = payloadHash
    }

    /// Requests are equal when every part is.
    public static func == (lhs: SigningRequest, rhs: SigningRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.body == rhs.body && lhs.payloadHash == rhs.payloadHash
            && lhs.query.map { [$0.name, $0.value] } == rhs.query.map { [$0.name, $0.value] }
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }
}
