package import AWSSigV4
package import Foundation
import RunbookCore

/// Supplies credentials for signing. The seam between the client and where keys come from.
///
/// Implementers must: return usable credentials or throw ``AWSClientError`` with code
/// `.credentials` and a message saying which source failed and why, without ever putting a
/// secret or token in the message; set `expiration` on temporary credentials so callers can
/// refresh them; and be safe to call from several tasks at once.
package protocol CredentialProvider: Sendable {
    /// The credentials to sign with now.
    func credentials() async throws -> AWSCredentials
}

/// Fixed credentials (tests, or keys given in code).
package struct StaticCredentialProvider: CredentialProvider {
    /// The credentials.
    package let value: AWSCredentials
    /// Wraps `value`.
    package init(_ value: AWSCredentials) { self.value = value }
    package func credentials() async throws -> AWSCredentials { value }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (or the older
/// `AWS_SECURITY_TOKEN`), with `AWS_CREDENTIAL_EXPIRATION` when set.
package struct EnvironmentCredentialProvider: CredentialProvider {
    let environment: AWSEnvironment
    /// Reads from `environment`.
    package init(environment: AWSEnvironment) { self.environment = environment }

    /// Whether the variables are set at all.
    package var isConfigured: Bool { environment["AWS_ACCESS_KEY_ID"] != nil }

    package func credentials() async throws -> AWSCredentials {
        guard let key = environment["AWS_ACCESS_KEY_ID"] else {
            throw AWSClientError(.credentials, "AWS_ACCESS_KEY_ID is not set.")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"] ?? environment["AWS_SECRET_KEY"] else {
            throw AWSClientError(.credentials, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.")
        }
        let expiration = environment["AWS_CREDENTIAL_EXPIRATION"].flatMap(Timestamp.parse).map(\.date)
        return AWSCredentials(
            accessKeyID: key, secretAccessKey: secret,
            sessionToken: environment["AWS_SESSION_TOKEN"] ?? environment["AWS_SECURITY_TOKEN"], expiration: expiration)
    }
}

/// Tries providers in order and returns the first credentials found.
package struct CredentialChain: CredentialProvider {
    /// The providers, with a name for messages.
    package let providers: [(name: String, provider: any CredentialProvider)]

    /// A chain of `providers`.
    package init(_ providers: [(name: String, provider: any CredentialProvider)]) { self.providers = providers }

    package func credentials() async throws -> AWSCredentials {
        var failures: [String] = []
        for (name, provider) in providers {
            do {
                return try await provider.credentials()
            } catch let error as AWSClientError where error.code == .credentials {
                failures.append("\(name): \(error.message)")
            }
        }
        throw AWSClientError(
            .credentials,
            "Unable to locate credentials. You can configure credentials by running \"aws configure\".",
            cause: failures.isEmpty ? nil : failures.joined(separator: "; "))
    }
}

/// Caches another provider's credentials until five minutes before they expire.
package actor CachingCredentialProvider: CredentialProvider {
    private let base: any CredentialProvider
    private let clock: any AWSClock
    private var cached: AWSCredentials?

    /// Caches `base`.
    package init(_ base: any CredentialProvider, clock: any AWSClock = SystemClock()) {
        self.base = base
        self.clock = clock
    }

    package func credentials() async throws -> AWSCredentials {
        if let cached {
            guard let expiration = cached.expiration else { return cached }
            if expiration.timeIntervalSince(clock.now()) > 300 { return cached }
        }
        let fresh = try await base.credentials()
        cached = fresh
        return fresh
    }
}

extension Timestamp {
    /// The timestamp as a `Date`.
    package var date: Date { Date(timeIntervalSince1970: Double(seconds) + Double(microseconds) / 1_000_000) }
}

/// Reads the credential JSON that container endpoints, IMDS and `credential_process` return:
/// `AccessKeyId`, `SecretAccessKey`, `Token`/`SessionToken`, `Expiration`.
enum CredentialDocument {
    static func parse(_ bytes: [UInt8], source: String) throws(AWSClientError) -> AWSCredentials {
        guard let json = try? JSONParser.parse(bytes: bytes), case .object = json else {
            throw AWSClientError(.credentials, "\(source) did not return a JSON object.")
        }
        guard let key = json["AccessKeyId"]?.stringValue, let secret = json["SecretAccessKey"]?.stringValue else {
            let code = json["Code"]?.stringValue.map { " (\($0))" } ?? ""
            throw AWSClientError(.credentials, "\(source) returned no AccessKeyId/SecretAccessKey\(code).")
        }
        let token = json["Token"]?.stringValue ?? json["SessionToken"]?.stringValue
        let expiration = json["Expiration"]?.stringValue.flatMap(Timestamp.parse).map(\.date)
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }
}
