import Engine
import Foundation
import RunbookCore
import RunbookDSL

/// Finds, loads and validates runbooks for the subcommands; prints diagnostics on failure.
enum RunbookFiles {
    /// The folders searched by name.
    static var searchPath: [String] {
        RunbookLoader.searchPath(
            environment: ProcessInfo.processInfo.environment, currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// The runbook named or at `nameOrPath`, fully validated (language and providers), or nil after
    /// printing why.
    static func load(_ nameOrPath: String, registry: ProviderRegistry) -> RunbookDSL.Runbook? {
        guard let path = RunbookLoader.resolve(nameOrPath, searchPath: searchPath) else {
            let known = RunbookLoader.discover(searchPath: searchPath).map(\.name)
            var message = "error: no runbook named '\(nameOrPath)' in " + searchPath.joined(separator: ", ")
            if let s = Suggestion.closest(to: nameOrPath, in: known) { message += "\n  hint: did you mean '\(s)'?" }
            else if !known.isEmpty { message += "\n  hint: known runbooks: " + known.joined(separator: ", ") }
            else { message += "\n  hint: pass a file path, or set RUNBOOK_PATH to folders of runbooks" }
            printError(message)
            return nil
        }
        let (runbook, diagnostics) = validate(path: path, registry: registry)
        return diagnostics.contains { $0.severity == .error } ? nil : runbook
    }

    /// Loads and validates one file, printing its diagnostics.
    static func validate(path: String, registry: ProviderRegistry) -> (RunbookDSL.Runbook?, [Diagnostic]) {
        let (runbook, diagnostics) = diagnose(path: path, registry: registry)
        DiagnosticPrinter.print(diagnostics, sources: [path: source(path) ?? ""])
        return (runbook, diagnostics)
    }

    /// Loads and validates one file (language, providers, payload types), sorted by position;
    /// `warnings` adds the deeper checks of `runbook validate`. Prints nothing.
    static func diagnose(path: String, registry: ProviderRegistry, warnings: Bool = false) -> (RunbookDSL.Runbook?, [Diagnostic]) {
        var (runbook, diagnostics) = RunbookLoader.load(path: path)
        if let loaded = runbook {
            diagnostics += registry.validate(loaded) + registry.typeCheck(loaded)
            if warnings { diagnostics += RunbookLint.warnings(loaded) }
            if diagnostics.contains(where: { $0.severity == .error }) { runbook = nil }
        } else {
            // Provider checks still help when the language has errors: run them on what decoded.
            let (decoded, _) = RunbookDecoder.decode(source: source(path) ?? "", file: path)
            if let decoded { diagnostics += registry.validate(decoded).filter { $0.code != "no-provider" } }
        }
        diagnostics.sort { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) }
        return (runbook, diagnostics)
    }

    static func source(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
    }
}
