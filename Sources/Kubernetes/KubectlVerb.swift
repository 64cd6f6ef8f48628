/// What a kubectl command line does, read from its arguments: the verb (and sub-verb), whether
/// it is known to be read-only, and whether it prints objects that `-o json` can shape.
///
/// Only commands *known* to change nothing are read-only (`get`, `describe`, `logs`, `wait`,
/// `auth can-i`, `config view`, ...); every other verb, including unknown ones and kubectl
/// plugins, counts as mutating, so a dry run never runs it.
package struct KubectlVerb: Sendable, Equatable {
    /// The verb (`get`), or nil when the arguments name none.
    package var verb: String?
    /// The word after the verb, for verbs with sub-commands (`rollout status`, `config view`).
    package var subverb: String?

    /// Verbs that never change anything.
    package static let readOnlyVerbs: Set<String> = [
        "get", "describe", "logs", "top", "explain", "api-resources", "api-versions", "version", "cluster-info",
        "wait", "events", "diff", "completion",
    ]
    /// Sub-commands that never change anything, by verb.
    package static let readOnlySubverbs: [String: Set<String>] = [
        "auth": ["can-i", "whoami"],
        "config": ["view", "get-contexts", "current-context", "get-clusters", "get-users"],
        "rollout": ["status", "history"],
    ]
    /// Verbs whose output `-o json` turns into objects (added when the command sets no output).
    package static let jsonVerbs: Set<String> = ["get"]

    /// Flags (global or common) that take the next word as their value when written without `=`.
    static let valuedFlags: Set<String> = [
        "--context", "--kubeconfig", "-n", "--namespace", "--cluster", "--user", "-s", "--server", "--token", "--as",
        "--as-group", "--as-uid", "--request-timeout", "--certificate-authority", "--client-certificate",
        "--client-key", "--tls-server-name", "--cache-dir", "-v", "--v", "--log-file", "--profile", "--profile-output",
        "-l", "--selector", "--field-selector", "-o", "--output", "-f", "--filename", "--for", "--timeout",
        "-c", "--container", "--template", "--sort-by", "-L", "--label-columns", "--chunk-size", "--password",
        "--username", "--vmodule",
    ]

    /// Reads the verb of `arguments` (everything after `kubectl`).
    package init(_ arguments: [String]) {
        let words = Self.positionals(arguments)
        verb = words.first
        subverb = words.dropFirst().first
    }

    /// The words that are not flags or flag values, in order.
    static func positionals(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { break }
            if a.hasPrefix("-") && a.count > 1 {
                i += (valuedFlags.contains(a) && !a.contains("=")) ? 2 : 1
                continue
            }
            out.append(a)
            i += 1
        }
        return out
    }

    /// Whether the command is known to change nothing.
    package var isReadOnly: Bool {
        guard let verb else { return false }
        if Self.readOnlyVerbs.contains(verb) { return true }
        if let subs = Self.readOnlySubverbs[verb], let subverb { return subs.contains(subverb) }
        return false
    }

    /// Whether the runbook should ask for `-o json` (a get-like verb).
    package var wantsJSON: Bool { verb.map(Self.jsonVerbs.contains) ?? false }
}

extension KubectlVerb {
    /// Whether `arguments` already choose an output format (`-o`, `--output`, `-ojson`).
    package static func setsOutput(_ arguments: [String]) -> Bool {
        arguments.contains { a in a == "-o" || a == "--output" || a.hasPrefix("--output=") || (a.hasPrefix("-o") && a.count > 2 && !a.hasPrefix("--")) }
    }

    /// Whether `arguments` already name a context.
    package static func setsContext(_ arguments: [String]) -> Bool {
        arguments.contains { $0 == "--context" || $0.hasPrefix("--context=") }
    }
}
