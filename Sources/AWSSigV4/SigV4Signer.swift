public import Foundation

/// A pure AWS Signature Version 4 signer: the same inputs (including the date) always give the
/// same signature, so it is tested against AWS's published vectors without a clock.
///
/// ```swift
/// let signer = SigV4Signer(credentials: creds, region: "us-east-1", service: "eks")
/// let headers = signer.signHeaders(request, date: Date())
/// ```
public struct SigV4Signer: Sendable {
    /// The credentials that sign.
    public var credentials: AWSCredentials
    /// The signing region (`us-east-1` for global services).
    public var region: String
    /// The signing name of the service (`signingName` or `endpointPrefix` in the model).
    public var service: String
    /// S3 rules: no path normalisation, no second encoding, and `x-amz-content-sha256` is sent.
    public var isS3: Bool

    /// The algorithm name.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The payload hash S3 accepts for presigned URLs.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// Creates a signer.
    public init(credentials: AWSCredentials, region: String, service: String, isS3: Bool? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.isS3 = isS3 ?? (service == "s3")
    }

    /// The hex SHA-256 of `bytes`.
    public static func hexSHA256(_ bytes: [UInt8]) -> String {
        hex(Digest.sha256(bytes))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lower-case hex of `bytes`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `yyyyMMdd/region/service/aws4_request`.
    public func credentialScope(date: Date) -> String {
        SigV4Date(date).shortDate + "/" + region + "/" + service + "/aws4_request"
    }

    /// The canonical request of `request`, and its signed header list.
    package func canonicalRequest(_ request: SigningRequest) -> CanonicalRequest {
        let payload = request.payloadHash ?? Self.hexSHA256(request.body)
        return CanonicalRequest(request, payloadHash: payload, normalizePath: !isS3, encodePath: !isS3)
    }

    /// The string to sign for a canonical request text.
    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        let d = SigV4Date(date)
        return Self.algorithm + "\n" + d.amzDate + "\n" + credentialScope(date: date) + "\n"
            + Self.hexSHA256(Array(canonicalRequest.utf8))
    }

    /// The derived signing key: HMAC chain over date, region, service and `aws4_request`.
    func signingKey(date: Date) -> [UInt8] {
        var key = Array(("AWS4" + credentials.secretAccessKey).utf8)
        for part in [SigV4Date(date).shortDate, region, service, "aws4_request"] {
            key = Digest.hmacSHA256(key: key, data: Array(part.utf8))
        }
        return key
    }

    /// The hex signature of a string to sign.
    public func signature(stringToSign: String, date: Date) -> String {
        let mac = Digest.hmacSHA256(key: signingKey(date: date), data: Array(stringToSign.utf8))
        return Self.hex(mac)
    }

    /// The `Authorization` header value for `request`, which must already carry `X-Amz-Date` (and
    /// any token header it should sign).
    public func authorization(_ request: SigningRequest, date: Date) -> String {
        let canonical = canonicalRequest(request)
        let sts = stringToSign(canonicalRequest: canonical.text, date: date)
        return Self.algorithm + " Credential=" + credentials.accessKeyID + "/" + credentialScope(date: date)
            + ", SignedHeaders=" + canonical.signedHeaders + ", Signature=" + signature(stringToSign: sts, date: date)
    }

    /// Signs `request` at `date`: returns the headers to add (`X-Amz-Date`, `X-Amz-Security-Token`
    /// when there is a session token, `x-amz-content-sha256` for S3, and `Authorization`).
    public func signHeaders(_ request: SigningRequest, date: Date) -> [(name: String, value: String)] {
        var request = request
        var added: [(name: String, value: String)] = [("X-Amz-Date", SigV4Date(date).amzDate)]
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        if isS3 {
            let hash = request.payloadHash ?? Self.hexSHA256(request.body)
            request.payloadHash = hash
            added.append(("x-amz-content-sha256", hash))
        }
        request.headers.removeAll { h in added.contains { $0.name.lowercased() == h.name.lowercased() } }
        request.headers += added
        added.append(("Authorization", authorization(request, date: date)))
        return added
    }
}
