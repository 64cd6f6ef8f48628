package import AWSSigV4
import Foundation
package import RunbookCore

/// Calls an STS operation: `(operation, parameters, signing credentials or nil for unsigned)`.
package typealias STSCall = @Sendable (String, JSONValue, AWSCredentials?) async throws -> JSONValue

/// Temporary credentials from `sts:AssumeRole`, signed with a source profile's credentials
/// (profile `role_arn` + `source_profile` or `credential_source`).
package struct AssumeRoleCredentialProvider: CredentialProvider {
    /// The role to assume.
    package let roleARN: String
    /// `role_session_name`, or a generated one.
    package let sessionName: String
    /// `external_id`.
    package let externalID: String?
    /// `duration_seconds`.
    package let durationSeconds: Int?
    /// Where the signing credentials come from.
    package let source: any CredentialProvider
    let sts: STSCall

    /// Creates the provider.
    package init(
        roleARN: String, sessionName: String?, externalID: String?, durationSeconds: Int?, source: any CredentialProvider,
        sts: @escaping STSCall
    ) {
        self.roleARN = roleARN
        self.sessionName = sessionName ?? "runbook-session-\(Int(Date().timeIntervalSince1970))"
        self.externalID = externalID
        self.durationSeconds = durationSeconds
        self.source = source
        self.sts = sts
    }

    package func credentials() async throws -> AWSCredentials {
        let sourceCredentials = try await source.credentials()
        var params = JSONObject()
        params["RoleArn"] = .string(roleARN)
        params["RoleSessionName"] = .string(sessionName)
        if let externalID { params["ExternalId"] = .string(externalID) }
        if let durationSeconds { params["DurationSeconds"] = .integer(durationSeconds) }
        do {
            let answer = try await sts("AssumeRole", .object(params), sourceCredentials)
            return try Self.credentials(from: answer, source: "AssumeRole for \(roleARN)")
        } catch let error as AWSServiceError {
            throw AWSClientError(.credentials, "Could not assume the role \(roleARN).", cause: error.description)
        }
    }

    /// The `Credentials` member of an AssumeRole* answer.
    static func credentials(from answer: JSONValue, source: String) throws(AWSClientError) -> AWSCredentials {
        guard let c = answer["Credentials"], let key = c["AccessKeyId"]?.stringValue, let secret = c["SecretAccessKey"]?.stringValue
        else { throw AWSClientError(.credentials, "\(source) returned no credentials.") }
        let expiration = c["Expiration"].flatMap(Timestamp.parse).map(\.date)
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: c["SessionToken"]?.stringValue, expiration: expiration)
    }
}

/// Temporary credentials from `sts:AssumeRoleWithWebIdentity` (unsigned) with the token read
/// from a file: profile `web_identity_token_file` + `role_arn`, or `AWS_WEB_IDENTITY_TOKEN_FILE`
/// + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`), as on EKS with IRSA.
package struct WebIdentityCredentialProvider: CredentialProvider {
    /// The role to assume.
    package let roleARN: String
    /// The file holding the OIDC token.
    package let tokenFile: String
    /// The session name.
    package let sessionName: String
    let sts: STSCall

    /// Creates the provider.
    package init(roleARN: String, tokenFile: String, sessionName: String?, sts: @escaping STSCall) {
        self.roleARN = roleARN
        self.tokenFile = tokenFile
        self.sessionName = sessionName ?? "runbook-session-\(Int(Date().timeIntervalSince1970))"
        self.sts = sts
    }

    package func credentials() async throws -> AWSCredentials {
        guard let token = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
            throw AWSClientError(.credentials, "Cannot read the web identity token file \(tokenFile).")
        }
        var params = JSONObject()
        params["RoleArn"] = .string(roleARN)
        params["RoleSessionName"] = .string(sessionName)
        params["WebIdentityToken"] = .string(token.trimmingCharacters(in: .whitespacesAndNewlines))
        do {
            let answer = try await sts("AssumeRoleWithWebIdentity", .object(params), nil)
            return try AssumeRoleCredentialProvider.credentials(from: answer, source: "AssumeRoleWithWebIdentity for \(roleARN)")
        } catch let error as AWSServiceError {
            throw AWSClientError(.credentials, "Could not assume the role \(roleARN) with a web identity.", cause: error.description)
        }
    }
}
