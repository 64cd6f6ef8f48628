public import Foundation

extension SigV4Signer {
    /// Query-string signing (a presigned URL): returns `request.query` plus the `X-Amz-*`
    /// parameters and `X-Amz-Signature`. Only `host` and the request's own headers are signed.
    /// S3 uses `UNSIGNED-PAYLOAD` unless the request sets ``SigningRequest/payloadHash``.
    public func presignedQuery(
        _ request: SigningRequest, expires: Int, date: Date
    ) -> [(name: String, value: String)] {
        var request = request
        if request.payloadHash == nil && isS3 { request.payloadHash = Self.unsignedPayload }
        let names = Set(request.headers.map { $0.name.lowercased() }).subtracting(CanonicalRequest.unsignedHeaders)
        var query = request.query
        query.append(("X-Amz-Algorithm", Self.algorithm))
        query.append(("X-Amz-Credential", credentials.accessKeyID + "/" + credentialScope(date: date)))
        query.append(("X-Amz-Date", SigV4Date(date).amzDate))
        query.append(("X-Amz-Expires", String(expires)))
        if let token = credentials.sessionToken { query.append(("X-Amz-Security-Token", token)) }
        query.append(("X-Amz-SignedHeaders", names.sorted().joined(separator: ";")))
        request.query = query
        let canonical = canonicalRequest(request)
        let sts = stringToSign(canonicalRequest: canonical.text, date: date)
        query.append(("X-Amz-Signature", signature(stringToSign: sts, date: date)))
        return query
    }
}
