import ArgumentParser
import Foundation
import RunbookCore
import RunbookDSL

/// `runbook validate`: every problem in every file, with positions, in one run.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check runbook files and report every problem with its file:line:col.")

    @Argument(help: "Runbook files or folders of them.") var files: [String]

    mutating func run() async throws {
        let registry = defaultRegistry()
        var paths: [String] = []
        for f in files {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: f, isDirectory: &isDirectory), isDirectory.boolValue {
                paths += RunbookLoader.discover(searchPath: [f]).map(\.path)
            } else {
                paths.append(f)
            }
        }
        var failed = false
        for path in paths {
            let (_, diagnostics) = RunbookFiles.validate(path: path, registry: registry)
            if diagnostics.contains(where: { $0.severity == .error }) {
                failed = true
                printError("\(path): \(DiagnosticPrinter.countLine(diagnostics))")
            } else {
                printOut("\(path): ok")
            }
        }
        if failed { throw ExitCode(2) }
    }
}
