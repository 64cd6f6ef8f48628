import Foundation
package import RunbookCore

/// Removes credentials from recorded calls and answers before they are written to a test file:
/// values of keys that name secrets, AWS access key ids, bearer and EKS tokens, and the values
/// of parameters marked `secret` (given as `secrets`).
package struct CredentialScrubber: Sendable {
    /// Texts to hide wherever they appear (secret parameter values).
    package var secrets: [String]

    /// Key names (compared lowercased, without `-` and `_`) whose values are always hidden.
    static let secretKeys: Set<String> = [
        "password", "secret", "secretaccesskey", "awssecretaccesskey", "sessiontoken", "awssessiontoken", "token",
        "accesstoken", "refreshtoken", "idtoken", "authorization", "privatekey", "clientsecret", "credentials",
        "apikey", "bearertoken",
    ]

    /// Patterns hidden in any text, with what replaces them (`$1` keeps the name before a value).
    static let patterns: [(String, String)] = [
        (#"\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b"#, "***"),
        (#"(?i)(bearer )[A-Za-z0-9._~+/=-]{8,}"#, "$1***"),
        (#"k8s-aws-v1\.[A-Za-z0-9_-]+"#, "***"),
        (#"(?i)(x-amz-security-token=)[^&\s"']+"#, "$1***"),
        (#"(?i)(x-amz-signature=)[0-9a-f]+"#, "$1***"),
        (#"(?i)(aws_secret_access_key\s*[=:]\s*)[A-Za-z0-9/+=]{40}"#, "$1***"),
        (#"(?i)(aws_session_token\s*[=:]\s*)[A-Za-z0-9/+=]{20,}"#, "$1***"),
    ]

    /// A scrubber hiding these secret values too.
    package init(secrets: [String]) {
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// Hides secrets in `text`.
    package func scrub(_ text: String) -> String {
        var out = text
        for secret in secrets { out = out.replacingOccurrences(of: secret, with: "***") }
        for (pattern, template) in Self.patterns {
            out = out.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        return out
    }

    /// Hides secrets in every string of `value`, and the whole value of secret-named keys.
    package func scrub(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(scrub(s))
        case .array(let items): return .array(items.map(scrub))
        case .object(let o):
            return .object(
                JSONObject(
                    o.members.map { member in
                        let key = member.key.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(
                            of: "-", with: "")
                        if Self.secretKeys.contains(key), !member.value.isNull { return (member.key, .string("***")) }
                        return (member.key, scrub(member.value))
                    }))
        default: return value
        }
    }
}
