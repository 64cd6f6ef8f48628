import AWSSigV4
import Foundation
import RunbookCore
import Testing

@testable import AWSClient

/// Every credential source against a local fake: files in a temporary HOME, a loopback STS,
/// container endpoint and instance metadata service.
@Suite("credentials", .serialized)
struct CredentialTests {
    static let assumed = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
        <Credentials><AccessKeyId>ASIAASSUMED</AccessKeyId><SecretAccessKey>assumed-secret</SecretAccessKey>
        <SessionToken>assumed-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
        <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/ops/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>
        </AssumeRoleResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleResponse>
        """
    static let webIdentity = assumed.replacingOccurrences(of: "AssumeRoleResponse", with: "AssumeRoleWithWebIdentityResponse")
        .replacingOccurrences(of: "AssumeRoleResult", with: "AssumeRoleWithWebIdentityResult")
        .replacingOccurrences(of: "ASIAASSUMED", with: "ASIAWEBID")

    func chain(_ variables: [String: String], profile: String? = nil, transport: (any AWSTransport)? = nil) throws -> AWSClient {
        try AWSClient(options: AWSOptions(region: "us-east-1", profile: profile), environment: AWSEnvironment(variables: variables), transport: transport)
    }

    @Test("environment variables")
    func environment() async throws {
        let client = try chain(["HOME": "/none", "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t"])
        let creds = try await client.credentialProvider.credentials()
        #expect(creds.accessKeyID == "AKIDENV")
        #expect(creds.sessionToken == "t")
    }

    @Test("static keys from the credentials file; --profile beats the environment, AWS_PROFILE does not")
    func sharedFiles() async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write(".aws/credentials", "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n\n[ops]\naws_access_key_id=AKIDOPS\naws_secret_access_key=o # comment\n")
        try home.write(".aws/config", "[default]\nregion = eu-west-1\n[profile ops]\nregion = eu-central-1\n")
        let base = ["HOME": home.path, "AWS_EC2_METADATA_DISABLED": "true"]
        #expect(try await chain(base).credentialProvider.credentials().accessKeyID == "AKIDDEFAULT")
        let ops = try chain(base, profile: "ops")
        #expect(try await ops.credentialProvider.credentials().accessKeyID == "AKIDOPS")
        #expect(try await ops.credentialProvider.credentials().secretAccessKey == "o")
        var withEnv = base
        withEnv["AWS_ACCESS_KEY_ID"] = "AKIDENV"
        withEnv["AWS_SECRET_ACCESS_KEY"] = "e"
        #expect(try await chain(withEnv, profile: "ops").credentialProvider.credentials().accessKeyID == "AKIDOPS")
        withEnv["AWS_PROFILE"] = "ops"
        #expect(try await chain(withEnv).credentialProvider.credentials().accessKeyID == "AKIDENV")
        let settings = try AWSSettings(options: AWSOptions(), environment: AWSEnvironment(variables: ["HOME": home.path, "AWS_PROFILE": "ops"]))
        #expect(settings.region == "eu-central-1")
        #expect(throws: AWSClientError.self) { try chain(base, profile: "missing") }
    }

    @Test("credential_process")
    func credentialProcess() async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let json = #"{"Version":1,"AccessKeyId":"AKIDPROC","SecretAccessKey":"p","SessionToken":"pt","Expiration":"2099-01-01T00:00:00Z"}"#
        try home.write("creds.sh", "#!/bin/sh\necho '\(json)'\n")
        try home.write(".aws/config", "[profile proc]\ncredential_process = /bin/sh \(home.path)/creds.sh\n")
        let creds = try await chain(["HOME": home.path], profile: "proc").credentialProvider.credentials()
        #expect(creds.accessKeyID == "AKIDPROC")
        #expect(creds.sessionToken == "pt")
        #expect(creds.expiration == Date(timeIntervalSince1970: 4_070_908_800))
    }

    @Test("role_arn + source_profile assumes the role through STS, signed with the source keys")
    func assumeRole() async throws {
        let sts = try LoopbackServer { _, _ in .respond(200, [:], Self.assumed) }
        defer { sts.stop() }
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write(".aws/credentials", "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n")
        try home.write(
            ".aws/config",
            "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = base\nrole_session_name = s\nexternal_id = ext\n")
        let env = ["HOME": home.path, "AWS_ENDPOINT_URL_STS": sts.endpoint]
        let creds = try await chain(env, profile: "ops").credentialProvider.credentials()
        #expect(creds.accessKeyID == "ASIAASSUMED")
        #expect(creds.sessionToken == "assumed-token")
        let request = try #require(sts.requests.first)
        #expect(request.headers["authorization"]?.contains("Credential=AKIDBASE/") == true)
        #expect(request.body.contains("Action=AssumeRole"))
        #expect(request.body.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fops"))
        #expect(request.body.contains("ExternalId=ext"))
    }

    @Test("web_identity_token_file calls AssumeRoleWithWebIdentity unsigned")
    func webIdentity() async throws {
        let sts = try LoopbackServer { _, _ in .respond(200, [:], Self.webIdentity) }
        defer { sts.stop() }
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write("token", "eyJ.token.sig\n")
        try home.write(".aws/config", "[profile irsa]\nrole_arn = arn:aws:iam::123456789012:role/irsa\nweb_identity_token_file = \(home.path)/token\n")
        let creds = try await chain(["HOME": home.path, "AWS_ENDPOINT_URL": sts.endpoint], profile: "irsa").credentialProvider.credentials()
        #expect(creds.accessKeyID == "ASIAWEBID")
        let request = try #require(sts.requests.first)
        #expect(request.headers["authorization"] == nil)
        #expect(request.body.contains("WebIdentityToken=eyJ.token.sig"))
        // The same through AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN.
        let viaEnv = try await chain([
            "HOME": "/none", "AWS_ENDPOINT_URL": sts.endpoint, "AWS_WEB_IDENTITY_TOKEN_FILE": home.path + "/token",
            "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/irsa",
        ]).credentialProvider.credentials()
        #expect(viaEnv.accessKeyID == "ASIAWEBID")
    }

    @Test("container credentials with an authorization token")
    func container() async throws {
        let body = #"{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"c","Token":"ct","Expiration":"2099-01-01T00:00:00Z"}"#
        let server = try LoopbackServer { request, _ in
            request.headers["authorization"] == "Bearer abc" && request.path == "/creds" ? .respond(200, [:], body) : .respond(401, [:], "")
        }
        defer { server.stop() }
        let env = ["HOME": "/none", "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer abc"]
        let creds = try await chain(env).credentialProvider.credentials()
        #expect(creds.accessKeyID == "ASIACONTAINER")
        #expect(creds.sessionToken == "ct")
        let bad = ["HOME": "/none", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds", "AWS_EC2_METADATA_DISABLED": "true"]
        await #expect(throws: AWSClientError.self) { try await chain(bad).credentialProvider.credentials() }
    }

    @Test("IMDSv2: a session token, then the role, then its credentials")
    func instanceMetadata() async throws {
        let body = #"{"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"i","Token":"it","Expiration":"2099-01-01T00:00:00Z"}"#
        let server = try LoopbackServer { request, _ in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"):
                return request.headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600" ? .respond(200, [:], "imds-token") : .respond(400, [:], "")
            case (_, _) where request.headers["x-aws-ec2-metadata-token"] != "imds-token":
                return .respond(401, [:], "")
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return .respond(200, [:], "node-role\n")
            case ("GET", "/latest/meta-data/iam/security-credentials/node-role"):
                return .respond(200, [:], body)
            default:
                return .respond(404, [:], "")
            }
        }
        defer { server.stop() }
        let creds = try await chain(["HOME": "/none", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint]).credentialProvider.credentials()
        #expect(creds.accessKeyID == "ASIAIMDS")
        #expect(server.requests.map(\.method) == ["PUT", "GET", "GET"])
    }

    @Test("no source at all gives the CLI's message")
    func none() async throws {
        do {
            _ = try await chain(["HOME": "/none", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1"]).credentialProvider.credentials()
            Issue.record("expected an error")
        } catch let error as AWSClientError {
            #expect(error.message == "Unable to locate credentials. You can configure credentials by running \"aws configure\".")
        }
    }

    @Test("secrets never appear in errors or debug output")
    func redaction() async throws {
        let sts = try LoopbackServer { _, _ in
            .respond(403, [:], "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>")
        }
        defer { sts.stop() }
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write(".aws/credentials", "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = TOP-SECRET-VALUE\naws_session_token = TOKEN-VALUE\n")
        try home.write(".aws/config", "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = base\n")
        let env = ["HOME": home.path, "AWS_ENDPOINT_URL": sts.endpoint, "AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": "us-east-1"]
        let (status, out, err) = await runRunbookAWS(["sts", "get-caller-identity", "--profile", "ops", "--debug"], environment: env)
        #expect(status != 0)
        for secret in ["TOP-SECRET-VALUE", "TOKEN-VALUE"] {
            #expect(!out.contains(secret))
            #expect(!err.contains(secret))
        }
        #expect(err.contains("Could not assume the role arn:aws:iam::123456789012:role/ops"))
        let line = Redaction.headers([("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=abc"), ("X-Amz-Security-Token", "TOKEN-VALUE")])
        #expect(!line.contains("abc") && !line.contains("TOKEN-VALUE"))
    }
}
