public import RunbookCore
import Foundation

/// Reads runbook files and finds runbooks by name.
public enum RunbookLoader {
    /// Decodes and validates `source`; the runbook is nil when any error was found.
    public static func load(source: String, file: String) -> (runbook: Runbook?, diagnostics: [Diagnostic]) {
        let (decoded, decodeDiagnostics) = RunbookDecoder.decode(source: source, file: file)
        var diagnostics = decodeDiagnostics
        if let decoded { diagnostics += RunbookValidator.validate(decoded) }
        diagnostics.sort { a, b in
            let l = a.location.map { ($0.line, $0.column) } ?? (0, 0)
            let r = b.location.map { ($0.line, $0.column) } ?? (0, 0)
            return l < r
        }
        let hasError = diagnostics.contains { $0.severity == .error }
        return (hasError ? nil : decoded, diagnostics)
    }

    /// Reads and loads the file at `path`.
    public static func load(path: String) -> (runbook: Runbook?, diagnostics: [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path), let source = String(data: data, encoding: .utf8) else {
            return (nil, [Diagnostic(code: "unreadable-file", message: "cannot read '\(path)'", hint: "check the path and its permissions")])
        }
        return load(source: source, file: path)
    }

    /// The folders searched by name: `./runbooks`, then each folder of `RUNBOOK_PATH` (colon separated).
    public static func searchPath(environment: [String: String], currentDirectory: String) -> [String] {
        var folders = [currentDirectory + "/runbooks"]
        if let extra = environment["RUNBOOK_PATH"] {
            folders += extra.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        return folders
    }

    /// The file for `nameOrPath`: an existing file path as is, otherwise `<name>.yaml` or `.yml` in
    /// the search path. Nil when nothing matches.
    public static func resolve(_ nameOrPath: String, searchPath: [String]) -> String? {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            if fm.fileExists(atPath: nameOrPath, isDirectory: &isDirectory), !isDirectory.boolValue { return nameOrPath }
        }
        for folder in searchPath {
            for ext in ["yaml", "yml"] {
                let candidate = "\(folder)/\(nameOrPath).\(ext)"
                if fm.fileExists(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Whether `path` names a test file (`*.test.yaml`, `*.test.yml`) rather than a runbook.
    public static func isTestFile(_ path: String) -> Bool { path.hasSuffix(".test.yaml") || path.hasSuffix(".test.yml") }

    /// Every runbook file in the search path (first folder wins on equal names), sorted by name.
    public static func discover(searchPath: [String]) -> [(name: String, path: String)] {
        var seen: Set<String> = []
        var found: [(String, String)] = []
        for folder in searchPath {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            // Test files (`x.test.yaml`, see `runbook test`) sit beside runbooks and are not runbooks.
            for file in files.sorted() where (file.hasSuffix(".yaml") || file.hasSuffix(".yml")) && !isTestFile(file) {
                let name = String(file.prefix { $0 != "." })
                if seen.insert(name).inserted { found.append((name, "\(folder)/\(file)")) }
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }
}
