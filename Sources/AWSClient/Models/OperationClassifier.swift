/// Decides which operations are read-only. Only operations *known* to be read-only count: a
/// name starting with a reading verb, and, for REST protocols (where the method means something),
/// an HTTP `GET` or `HEAD`. Everything else is mutating. Dry-run relies on this.
package enum OperationClassifier {
    /// Verbs that name reading operations in AWS models.
    package static let readOnlyPrefixes = ["Describe", "Get", "List", "Head", "BatchGet", "Search", "Lookup", "Filter"]

    /// Names that start with a reading verb yet change state or reveal secrets on use.
    package static let mutatingExceptions: Set<String> = ["GetSessionToken", "GetFederationToken"]

    /// Whether `name` is a read-only operation.
    package static func isReadOnly(name: String, httpMethod: String, protocol wire: WireProtocol) -> Bool {
        guard hasReadOnlyVerb(name), !mutatingExceptions.contains(name) else { return false }
        switch wire {
        case .restJSON, .restXML:
            return httpMethod == "GET" || httpMethod == "HEAD"
        case .json, .query, .ec2:
            return true
        }
    }

    /// Whether `name` starts with a reading verb followed by an upper-case letter (or ends there).
    static func hasReadOnlyVerb(_ name: String) -> Bool {
        for prefix in readOnlyPrefixes where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            if rest.isEmpty || rest.first!.isUppercase { return true }
        }
        return false
    }
}
