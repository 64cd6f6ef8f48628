package import RunbookCore
import Foundation

/// Replaces secret values (params marked `secret`) with `***` in anything shown or stored.
package struct Redactor: Sendable, Equatable {
    /// The texts to hide, longest first so a secret containing another is hidden whole.
    package var secrets: [String]

    /// A redactor for these secret texts (empty strings ignored).
    package init(secrets: [String]) {
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// Hides every secret in `text`.
    package func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var out = text
        for secret in secrets { out = out.replacingOccurrences(of: secret, with: "***") }
        return out
    }

    /// Hides every secret in the strings of `value`.
    package func redact(_ value: JSONValue) -> JSONValue {
        guard !secrets.isEmpty else { return value }
        switch value {
        case .string(let s): return .string(redact(s))
        case .array(let items): return .array(items.map(redact))
        case .object(let o): return .object(JSONObject(o.members.map { ($0.key, redact($0.value)) }))
        default: return value
        }
    }
}
