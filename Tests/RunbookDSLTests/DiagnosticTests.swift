import Foundation
import JMESPath
import RunbookCore
import RunbookDSL
import RunbookTesting
import Testing

/// An expected diagnostic at a marker.
struct FindingSpec: Sendable, CustomStringConvertible {
    var marker: String
    var message: String
    var hint: String?

    init(_ marker: String, message: String, hint: String? = nil) {
        self.marker = marker
        self.message = message
        self.hint = hint
    }

    var description: String { "\(marker) \(message)" }
}

/// Loads a marked fixture and checks that exactly the expected diagnostics come out, each at its marker.
func assertDiagnostics(fixture: String, _ expected: [FindingSpec], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(fixture)").path
    let marked = MarkedText(try String(contentsOfFile: path, encoding: .utf8))
    try assertDiagnostics(marked, file: fixture, expected, sourceLocation: sourceLocation)
}

/// Checks the diagnostics of marked text.
func assertDiagnostics(_ marked: MarkedText, file: String = "test.yaml", _ expected: [FindingSpec], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let (_, diagnostics) = RunbookLoader.load(source: marked.text, file: file)
    let got = diagnostics.map { $0.rendered() }.joined(separator: "\n")
    #expect(diagnostics.count == expected.count, "got:\n\(got)", sourceLocation: sourceLocation)
    for spec in expected {
        let position = try #require(marked.markers[spec.marker], "no marker \(spec.marker)", sourceLocation: sourceLocation)
        let match = diagnostics.first { $0.message == spec.message }
        let found = try #require(match, "missing diagnostic '\(spec.message)'; got:\n\(got)", sourceLocation: sourceLocation)
        let at = found.location.map { "\($0.line):\($0.column)" } ?? "nowhere"
        #expect(found.location?.line == position.line && found.location?.column == position.column,
                "'\(spec.message)' at \(at), expected \(position.line):\(position.column)",
                sourceLocation: sourceLocation)
        if let hint = spec.hint { #expect(found.hint == hint, sourceLocation: sourceLocation) }
    }
}

@Suite("Runbook language diagnostics")
struct DiagnosticTests {
    @Test func tenMistakesAllReportedWithPositions() throws {
        try assertDiagnostics(fixture: "ten-mistakes.yaml", [
            FindingSpec("1️⃣", message: "unknown key 'titel' in the runbook", hint: "did you mean 'title'?"),
            FindingSpec("2️⃣", message: "default of parameter 'size' must be an integer, not a string"),
            FindingSpec("3️⃣", message: "unknown key 'captur' in step 'nodes'", hint: "did you mean 'capture'?"),
            FindingSpec("4️⃣", message: "duplicate step id 'nodes'"),
            FindingSpec("5️⃣", message: "unknown step 'nodez' in 'when' of step 'nodegroup'", hint: "did you mean 'nodes'?"),
            FindingSpec("6️⃣", message: "unknown parameter 'clustr' in the 'shell' action of step 'nodegroup'", hint: "did you mean 'cluster'?"),
            FindingSpec("7️⃣", message: "'retries' of step 'nodegroup' must be an integer, not a string"),
            FindingSpec("8️⃣", message: "step 'later' is used in 'when' of step 'early' before it runs"),
            FindingSpec("9️⃣", message: "invalid duration 'five minutes' for 'timeout' of step 'later'"),
            FindingSpec("🔟", message: "step 'fix_it' fixes unknown finding 'nodegroup-degarded'", hint: "did you mean 'nodegroup-degraded'?"),
            FindingSpec("🅰️", message: "invalid expression in 'until' of 'wait' of step 'fix_it': \(jmespathMessage("status == "))"),
        ])
    }

    /// The JMESPath engine's own message for a syntax error (pinned by its tests, not ours).
    func jmespathMessage(_ text: String) -> String {
        do {
            _ = try JMESPathProbe.compile(text)
            return "(compiled)"
        } catch {
            return error.message
        }
    }

    @Test func yamlSyntaxErrorHasPosition() throws {
        try assertDiagnostics(MarkedText("apiVersion: runbook/v1\nname: x\nsteps:\n  - id: a\n    shell: echo a1️⃣: b\n"), [
            FindingSpec("1️⃣", message: "invalid YAML: mapping values are not allowed in this context"),
        ])
    }

    @Test func missingActionAndTwoActions() throws {
        try assertDiagnostics(MarkedText("""
            apiVersion: runbook/v1
            name: x
            steps:
              - 1️⃣id: a
                title: nothing to do
              - id: b
                shell: echo b
                2️⃣aws: {}
            """), [
            FindingSpec("1️⃣", message: "step 'a' has no action", hint: "add one of 'shell', 'aws', 'kubectl', 'plugin'"),
            FindingSpec("2️⃣", message: "step 'b' has more than one action ('shell' and 'aws')"),
        ])
    }

    @Test func identifiersAndApiVersion() throws {
        try assertDiagnostics(MarkedText("""
            apiVersion: 1️⃣runbook/v2
            name: x
            steps:
              - id: 2️⃣check-nodes
                shell: echo b
                on-failure: 3️⃣contine
            """), [
            FindingSpec("1️⃣", message: "unsupported apiVersion 'runbook/v2'", hint: "this version of runbook reads 'apiVersion: runbook/v1'"),
            FindingSpec("2️⃣", message: "step id 'check-nodes' is not an identifier",
                        hint: "use letters, digits and '_' (e.g. 'check_nodes'): expressions read '-' as a minus"),
            FindingSpec("3️⃣", message: "'on-failure' of step 'check_nodes' must be 'stop' or 'continue', not 'contine'", hint: "did you mean 'continue'?"),
        ].map { spec in
            // The step is named by its (invalid) id in later messages.
            var s = spec
            s.message = s.message.replacingOccurrences(of: "step 'check_nodes'", with: "step 'check-nodes'")
            return s
        })
    }

    @Test func unknownCaptureAndUnclosedTemplate() throws {
        try assertDiagnostics(MarkedText("""
            apiVersion: runbook/v1
            name: x
            steps:
              - id: a
                shell: {run: echo, read-only: true}
                capture: {count: length(lines)}
              - id: b
                when: steps.a.1️⃣cout > `0`
                shell: "echo 2️⃣${{ steps.a.count"
            """), [
            FindingSpec("1️⃣", message: "step 'a' has no capture 'cout' (in 'when' of step 'b')", hint: "did you mean 'count'?"),
            FindingSpec("2️⃣", message: "'${{' in the 'shell' action of step 'b' is never closed"),
        ])
    }

    @Test func fixBeforeItsFindingAndCheckWithoutFinding() throws {
        try assertDiagnostics(MarkedText("""
            apiVersion: runbook/v1
            name: x
            steps:
              - id: fix
                fixes: 1️⃣broken
                shell: echo fix
              - id: look
                shell: {run: echo, read-only: true}
                check:
                  - that: result.exit_code == `0`
                    finding: broken
                  - 2️⃣that: result.exit_code == `0`
            """), [
            FindingSpec("1️⃣", message: "step 'fix' fixes finding 'broken', which step 'look' raises only later", hint: "move the fix after step 'look'"),
            FindingSpec("2️⃣", message: "check 2 of step 'look' has no 'finding'"),
        ])
    }

    @Test func paramProblems() throws {
        try assertDiagnostics(MarkedText("""
            apiVersion: runbook/v1
            name: x
            params:
              mode:
                type: 1️⃣strng
              level:
                type: string
                allowed: [low, high]
                default: 2️⃣medium
              zone:
                pattern: 3️⃣'[a-z'
            steps:
              - id: a
                shell: echo
            """), [
            FindingSpec("1️⃣", message: "unknown type 'strng' for parameter 'mode'", hint: "did you mean 'string'?"),
            FindingSpec("2️⃣", message: "default of parameter 'level' is not one of its allowed values"),
            FindingSpec("3️⃣", message: "invalid regular expression '[a-z' in parameter 'zone'"),
        ])
    }

    @Test func blockScalarExpressionErrorMapsIntoTheFile() throws {
        let marked = MarkedText("""
            apiVersion: runbook/v1
            name: x
            steps:
              - id: a
                shell: {run: echo, read-only: true}
                check:
                  - that: |
                      result.exit_code == `0` &&
                      1️⃣)
                    finding: f
            """)
        let (_, diagnostics) = RunbookLoader.load(source: marked.text, file: "t.yaml")
        let d = try #require(diagnostics.first)
        #expect(d.code == "expression-syntax")
        #expect(d.location?.line == marked.markers["1️⃣"]?.line)
        #expect(d.location?.column == marked.markers["1️⃣"]?.column)
    }
}
