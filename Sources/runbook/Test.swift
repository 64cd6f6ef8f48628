import ArgumentParser
import Engine
import Foundation
import RunbookCore
import RunbookDSL
import RunbookReplay

/// `runbook test`: offline tests of runbooks, through the real engine with every provider
/// answering from the test file.
struct Test: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run runbook tests offline: every call is answered from a test file (*.test.yaml).",
        discussion: """
            With no argument, runs every *.test.yaml in ./runbooks and ./examples (or the current folder when neither exists). A test \
            file names its runbook (default: the same name without .test), and gives cases: params, \
            the answers to the calls (shell by command, plugin by name and inputs, aws by service and \
            operation, kubectl by arguments) and the expected outcome. A call the file does not answer \
            fails the case and prints the entry to add. See docs/authoring.md.
            Exit status: 0 every case passed; 1 a case failed; 2 a test file or runbook is invalid.
            """)

    @Argument(help: "Test files or folders of them.") var files: [String] = []
    @Flag(help: "Fail a case whose file has answers no call used.") var strict = false
    @Option(help: "Run only the cases whose name contains this text.") var filter: String?

    mutating func run() async throws {
        let registry = defaultRegistry()
        let paths = try testFiles()
        guard !paths.isEmpty else {
            printError(
                "error: no test files (*.test.yaml) found\n  hint: pass a file, or write one next to your runbook: runbook new NAME writes NAME.test.yaml"
            )
            throw ExitCode(2)
        }
        let runner = TestRunner(registry: registry)
        let kinds = Array(Set(registry.names + Action.providerNames)).sorted()
        var passed = 0, failed = 0, invalid = 0
        let started = ContinuousClock.now
        for path in paths {
            let (file, problems) = TestFileDecoder.load(path: path, kinds: kinds)
            guard let file else {
                report(problems, path: path)
                invalid += 1
                continue
            }
            guard let runbook = RunbookFiles.load(file.runbookPath, registry: registry) else {
                printError("\(path): the runbook \(file.runbookPath) is invalid (see above)")
                invalid += 1
                continue
            }
            let referenceProblems = TestFileChecker.check(file, against: runbook)
            if !referenceProblems.isEmpty {
                report(referenceProblems, path: path)
                invalid += 1
                continue
            }
            printOut("\(path) (\(runbook.name))")
            let folder = (path as NSString).deletingLastPathComponent
            for testCase in file.cases where filter.map({ testCase.name.contains($0) }) ?? true {
                let result = await runner.run(
                    testCase, runbook: runbook, workingDirectory: folder.isEmpty ? "." : folder)
                var failures = result.failures
                if strict, !result.unused.isEmpty {
                    failures.append(
                        "\(result.unused.count) answer\(result.unused.count == 1 ? "" : "s") never used (--strict)")
                }
                let ok = failures.isEmpty && result.unanswered.isEmpty
                if ok { passed += 1 } else { failed += 1 }
                printOut("  \(ok ? "ok  " : "FAIL") \(testCase.name) (\(TextPrinter.seconds(result.duration)))")
                for f in failures { printOut("       \(f)") }
                for use in result.unanswered {
                    printOut("       unanswered call from step '\(use.stepID)'; add to the 'calls' of this case:")
                    printOut(YAMLIndent.indent(TestRunner.entryToAdd(use), by: 9))
                }
                for entry in result.unused where !strict {
                    printOut("       note: the answer at line \(entry.location.line) (\(entry.kind)) was not used")
                }
            }
        }
        var line = "\(passed + failed) case\(passed + failed == 1 ? "" : "s"): \(passed) passed, \(failed) failed"
        if invalid > 0 { line += ", \(invalid) invalid file\(invalid == 1 ? "" : "s")" }
        printOut(line + " in \(TextPrinter.seconds(ContinuousClock.now - started))")
        if invalid > 0 { throw ExitCode(2) }
        if failed > 0 { throw ExitCode(1) }
    }

    private func report(_ problems: [Diagnostic], path: String) {
        DiagnosticPrinter.print(problems, sources: [path: RunbookFiles.source(path) ?? ""])
        printError("\(path): \(DiagnosticPrinter.countLine(problems))")
    }

    /// The files named, folders searched for `*.test.yaml`; by default ./runbooks and ./examples.
    private func testFiles() throws -> [String] {
        let fm = FileManager.default
        var roots = files.isEmpty ? ["runbooks", "examples"].filter { fm.fileExists(atPath: $0) } : files
        if roots.isEmpty { roots = ["."] }
        var out: [String] = []
        for root in roots {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: root, isDirectory: &isDirectory) else {
                printError("error: no such file or folder '\(root)'")
                throw ExitCode(2)
            }
            if !isDirectory.boolValue {
                out.append(root)
                continue
            }
            out += Self.walk(root).filter(RunbookLoader.isTestFile).sorted()
        }
        return out
    }
}

/// Indents every non-empty line of a text.
enum YAMLIndent {
    static func indent(_ text: String, by n: Int) -> String {
        let pad = String(repeating: " ", count: n)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
