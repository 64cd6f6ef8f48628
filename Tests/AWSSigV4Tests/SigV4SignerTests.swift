import Foundation
import Testing

@testable import AWSSigV4

@Suite("SigV4 signer")
struct SigV4SignerTests {
    static let s3Credentials = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

    @Test("presigned S3 GET matches the example in the S3 API reference")
    func presignS3() throws {
        let signer = SigV4Signer(credentials: Self.s3Credentials, region: "us-east-1", service: "s3")
        let date = try #require(SigV4Date.parse(amzDate: "20130524T000000Z"))
        let request = SigningRequest(method: "GET", path: "/test.txt", headers: [("Host", "examplebucket.s3.amazonaws.com")])
        let query = signer.presignedQuery(request, expires: 86400, date: date)
        #expect(query.last?.name == "X-Amz-Signature")
        #expect(query.last?.value == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test("header-signed S3 GET with a Range header matches the S3 API reference")
    func signS3Header() throws {
        let signer = SigV4Signer(credentials: Self.s3Credentials, region: "us-east-1", service: "s3")
        let date = try #require(SigV4Date.parse(amzDate: "20130524T000000Z"))
        let request = SigningRequest(
            method: "GET", path: "/test.txt",
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")])
        let headers = signer.signHeaders(request, date: date)
        let authorization = try #require(headers.first { $0.name == "Authorization" }?.value)
        #expect(
            authorization
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("a session token is signed as X-Amz-Security-Token")
    func sessionToken() throws {
        var creds = Self.s3Credentials
        creds.sessionToken = "TOKEN"
        let signer = SigV4Signer(credentials: creds, region: "eu-west-1", service: "eks")
        let request = SigningRequest(method: "GET", path: "/clusters", headers: [("Host", "eks.eu-west-1.amazonaws.com")])
        let headers = signer.signHeaders(request, date: Date(timeIntervalSince1970: 0))
        #expect(headers.contains { $0.name == "X-Amz-Security-Token" && $0.value == "TOKEN" })
        #expect(headers.last?.value.contains("SignedHeaders=host;x-amz-date;x-amz-security-token") == true)
        #expect(headers.first?.value == "19700101T000000Z")
    }

    @Test("credentials never print their secret")
    func redaction() {
        var creds = Self.s3Credentials
        creds.sessionToken = "SECRET-TOKEN"
        let text = "\(creds) \(String(reflecting: creds))"
        #expect(!text.contains(creds.secretAccessKey))
        #expect(!text.contains("SECRET-TOKEN"))
    }

    @Test("double encoding of an already-encoded path for non-S3 services")
    func doubleEncoding() {
        let signer = SigV4Signer(credentials: Self.s3Credentials, region: "us-east-1", service: "eks")
        let request = SigningRequest(method: "GET", path: "/clusters/a%20b", headers: [("host", "h")])
        #expect(signer.canonicalRequest(request).text.split(separator: "\n")[1] == "/clusters/a%2520b")
        let s3 = SigV4Signer(credentials: Self.s3Credentials, region: "us-east-1", service: "s3")
        #expect(s3.canonicalRequest(SigningRequest(method: "GET", path: "/b//k%20x", headers: [("host", "h")])).text.split(separator: "\n")[1] == "/b//k%20x")
    }
}
