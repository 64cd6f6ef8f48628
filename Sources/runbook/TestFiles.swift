import Engine
import Foundation
import RunbookCore
import RunbookDSL
import RunbookReplay

extension Test {
    /// Every file under `folder` (following a symlinked folder given by the user), hidden ones aside.
    static func walk(_ folder: String) -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        for entry in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []) where !entry.hasPrefix(".") {
            let path = folder == "." ? entry : folder.hasSuffix("/") ? folder + entry : folder + "/" + entry
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                out += walk(path)
            } else {
                out.append(path)
            }
        }
        return out
    }
}

/// Test files checked without running them (`runbook validate x.test.yaml`).
enum TestFiles {
    /// The test file's problems, then its references against its runbook (whose own problems are
    /// reported as one error pointing at it).
    static func diagnose(path: String, registry: ProviderRegistry) -> [Diagnostic] {
        let kinds = Array(Set(registry.names + Action.providerNames)).sorted()
        let (file, problems) = TestFileDecoder.load(path: path, kinds: kinds)
        guard let file else { return problems }
        let (runbook, runbookProblems) = RunbookFiles.diagnose(path: file.runbookPath, registry: registry)
        guard let runbook else {
            let count = runbookProblems.filter { $0.severity == .error }.count
            return [
                Diagnostic(
                    code: "invalid-runbook",
                    message: "the runbook \(file.runbookPath) has \(count) error\(count == 1 ? "" : "s")",
                    hint: "run 'runbook validate \(file.runbookPath)'",
                    location: SourceLocation(file: path, line: 1, column: 1))
            ]
        }
        return TestFileChecker.check(file, against: runbook)
    }
}
