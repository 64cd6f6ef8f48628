import Foundation

/// The process environment and home folder the client reads settings from, passed explicitly so
/// tests can use a temporary `HOME` and their own variables.
package struct AWSEnvironment: Sendable {
    /// Environment variables.
    package var variables: [String: String]

    /// The current process's environment.
    package init(variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    /// A variable, nil when unset or empty.
    package subscript(name: String) -> String? {
        guard let v = variables[name], !v.isEmpty else { return nil }
        return v
    }

    /// `$HOME`.
    package var home: String { self["HOME"] ?? NSHomeDirectory() }

    /// `path` with a leading `~` expanded to ``home``.
    package func expand(_ path: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        return path
    }

    /// `AWS_CONFIG_FILE` or `~/.aws/config`.
    package var configFile: String { expand(self["AWS_CONFIG_FILE"] ?? "~/.aws/config") }
    /// `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`.
    package var credentialsFile: String { expand(self["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials") }
}

/// `~/.aws/config` and `~/.aws/credentials`, parsed.
///
/// The INI dialect: `[section]` headers (`[profile NAME]` and `[default]` in the config file,
/// `[NAME]` in the credentials file, `[services NAME]` for endpoint settings), `key = value`
/// lines, `#`/`;` comments, and nested keys: a key with an empty value followed by indented
/// `key = value` lines (`s3 =` / `  endpoint_url = ...`).
package struct AWSConfigFiles: Sendable {
    /// One section: plain values and nested groups.
    package struct Section: Sendable, Equatable {
        /// `key = value` pairs.
        package var values: [String: String] = [:]
        /// Nested groups (`s3 = \n  endpoint_url = ...`).
        package var nested: [String: [String: String]] = [:]
    }

    /// Profiles from the config file, by profile name.
    package var configProfiles: [String: Section] = [:]
    /// Profiles from the credentials file.
    package var credentialProfiles: [String: Section] = [:]
    /// `[services NAME]` sections.
    package var services: [String: Section] = [:]

    /// Reads both files (missing files are empty).
    package init(environment: AWSEnvironment) {
        if let text = try? String(contentsOfFile: environment.configFile, encoding: .utf8) {
            for (name, section) in Self.parse(text) {
                if name == "default" {
                    configProfiles["default"] = section
                } else if name.hasPrefix("profile ") {
                    configProfiles[String(name.dropFirst(8)).trimmingCharacters(in: .whitespaces)] = section
                } else if name.hasPrefix("services ") {
                    services[String(name.dropFirst(9)).trimmingCharacters(in: .whitespaces)] = section
                }
            }
        }
        if let text = try? String(contentsOfFile: environment.credentialsFile, encoding: .utf8) {
            for (name, section) in Self.parse(text) { credentialProfiles[name] = section }
        }
    }

    /// An empty configuration.
    package init() {}

    /// Whether either file defines `profile`.
    package func hasProfile(_ profile: String) -> Bool {
        configProfiles[profile] != nil || credentialProfiles[profile] != nil
    }

    /// A setting of `profile`: the credentials file wins for keys it defines, as in botocore.
    package func value(_ key: String, profile: String) -> String? {
        credentialProfiles[profile]?.values[key] ?? configProfiles[profile]?.values[key]
    }

    /// Every profile name.
    package var profileNames: [String] { Array(Set(configProfiles.keys).union(credentialProfiles.keys)).sorted() }

    /// Parses INI text into sections in file order.
    package static func parse(_ text: String) -> [(String, Section)] {
        var result: [(String, Section)] = []
        var current: Section?
        var currentName = ""
        var nestedKey: String?
        func flush() {
            if let current { result.append((currentName, current)) }
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                flush()
                currentName = String(trimmed.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                current = Section()
                nestedKey = nil
                continue
            }
            guard current != nil, let eq = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            // An inline comment needs whitespace before its marker.
            for marker in [" #", " ;", "\t#", "\t;"] {
                if let r = value.range(of: marker) { value = String(value[..<r.lowerBound]).trimmingCharacters(in: .whitespaces) }
            }
            let indented = line.first == " " || line.first == "\t"
            if indented, let nestedKey {
                current!.nested[nestedKey, default: [:]][key] = value
            } else if value.isEmpty {
                nestedKey = key
                current!.nested[key] = current!.nested[key] ?? [:]
            } else {
                nestedKey = nil
                current!.values[key] = value
            }
        }
        flush()
        return result
    }
}
