import ArgumentParser
import Foundation
import RunbookCore
import RunbookDSL

/// `runbook validate`: every problem in every file, with positions, in one run.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check runbook files and report every problem with its file:line:col.",
        discussion: """
            Beyond syntax: references between steps, captures, parameters and findings; provider \
            payloads (plugin inputs, and AWS operations and parameters when the AWS provider is built \
            in) with did-you-mean; the types of literal values and of templates whose type is known. \
            Warnings: findings no fix handles, fixes without verify, names in checks that always read \
            null, unused parameters. Silence one with '# runbook: ignore <code>' on its line or above.
            Exit status: 0 clean; 1 warnings only; 2 errors.
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Runbook files, test files (*.test.yaml) or folders of them.") var files: [String]
    @Option(help: "text for people (stderr); json: one document on stdout, for editors and CI.") var output: Format =
        .text

    mutating func run() async throws {
        let registry = defaultRegistry()
        var paths: [String] = []
        for f in files {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: f, isDirectory: &isDirectory), isDirectory.boolValue {
                paths += RunbookLoader.discover(searchPath: [f]).map(\.path)
                paths += Test.walk(f).filter {
                    RunbookLoader.isTestFile($0) && !$0.dropFirst(f.count + 1).contains("/")
                }.sorted()
            } else {
                paths.append(f)
            }
        }
        var errors = 0
        var warnings = 0
        var reports: [JSONValue] = []
        for path in paths {
            let diagnostics =
                RunbookLoader.isTestFile(path)
                ? TestFiles.diagnose(path: path, registry: registry)
                : RunbookFiles.diagnose(path: path, registry: registry, warnings: true).1
            let fileErrors = diagnostics.filter { $0.severity == .error }.count
            errors += fileErrors
            warnings += diagnostics.filter { $0.severity == .warning }.count
            switch output {
            case .json:
                reports.append([
                    "file": .string(path), "ok": .bool(diagnostics.isEmpty),
                    "diagnostics": .array(diagnostics.map(Self.json)),
                ])
            case .text:
                DiagnosticPrinter.print(diagnostics, sources: [path: RunbookFiles.source(path) ?? ""])
                if diagnostics.isEmpty {
                    printOut("\(path): ok")
                } else {
                    printError("\(path): \(DiagnosticPrinter.countLine(diagnostics))")
                }
            }
        }
        if output == .json {
            let document: JSONValue = [
                "version": 1, "files": .array(reports),
                "summary": [
                    "files": .integer(paths.count), "errors": .integer(errors), "warnings": .integer(warnings),
                ],
            ]
            printOut(JSONSerializer.serialize(document, style: .default))
        }
        if errors > 0 { throw ExitCode(2) }
        if warnings > 0 { throw ExitCode(1) }
    }

    /// A diagnostic as JSON: severity, code, message, hint, file, line, column (1-based).
    static func json(_ d: Diagnostic) -> JSONValue {
        [
            "severity": .string(d.severity.rawValue), "code": .string(d.code), "message": .string(d.message),
            "hint": d.hint.map(JSONValue.string) ?? .null, "file": d.location.map { .string($0.file) } ?? .null,
            "line": d.location.map { .integer($0.line) } ?? .null,
            "column": d.location.map { .integer($0.column) } ?? .null,
        ]
    }
}
