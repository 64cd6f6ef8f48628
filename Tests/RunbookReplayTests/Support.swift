import Engine
import Foundation
import RunbookCore
import RunbookDSL
import RunbookReplay
import RunbookTesting
import ShellSteps
import Testing

/// The fixtures folder.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

/// Shell, plus a generic (not replay-aware) `aws` provider: an in-memory one whose steps
/// are mutating when their payload says `mutating: true`.
func registry() -> ProviderRegistry {
    ProviderRegistry([ShellProvider(), InMemoryProvider(name: "aws")])
}

/// The action keys a test file may name.
let kinds = ["aws", "kubectl", "plugin", "shell"]

/// Loads a runbook fixture or fails the test.
func runbook(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Runbook {
    let (runbook, diagnostics) = RunbookLoader.load(path: fixtures + "/" + name)
    return try #require(runbook, "\(diagnostics.map { $0.rendered() })", sourceLocation: sourceLocation)
}

/// Decodes test-file text or fails the test.
func testFile(_ text: String, path: String = "t.test.yaml", sourceLocation: Testing.SourceLocation = #_sourceLocation)
    throws -> TestFile
{
    let (file, problems) = TestFileDecoder.decode(source: text, path: path, kinds: kinds)
    return try #require(file, "\(problems.map { $0.rendered() })", sourceLocation: sourceLocation)
}
