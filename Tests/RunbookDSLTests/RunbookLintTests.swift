import RunbookCore
import RunbookDSL
import RunbookTesting
import Testing

@Suite("validate warnings")
struct RunbookLintTests {
    func warnings(_ marked: MarkedText) throws -> [String] {
        let (runbook, diagnostics) = RunbookLoader.load(source: marked.text, file: "w.yaml")
        let rb = try #require(runbook, "\(diagnostics.map { $0.rendered() })")
        return RunbookLint.warnings(rb).map { d in
            let marker =
                marked.markers.first { $0.value.line == d.location?.line && $0.value.column == d.location?.column }?.key
                ?? "\(d.location!.line):\(d.location!.column)"
            return "\(marker) \(d.code): \(d.message)" + (d.hint.map { " | \($0)" } ?? "")
        }
    }

    @Test func eachWarningPointsAtItsCause() throws {
        let marked = MarkedText(
            """
            apiVersion: runbook/v1
            name: w
            params:
              cluster: {type: string}
              1️⃣unused: {type: string}
            steps:
              - id: look
                shell: {run: "echo ${{ params.cluster }}", read-only: true}
                capture:
                  status: json.status
                  count: length(json.items)
                  code: 8️⃣result.json.code
                check:
                  - 2️⃣that: 3️⃣stauts == 'ACTIVE'
                    finding: not-active
                    message: "status ${{ 4️⃣evidence.code }}"
              - id: other
                shell: {run: "true", read-only: true}
                when: "5️⃣!steps.look.status"
                check:
                  - that: 6️⃣count > `0`
                    finding: empty
              - id: fix
                fixes: 7️⃣empty
                shell: "true"
            """)
        let found = try warnings(marked)
        #expect(
            found == [
                "2️⃣ unhandled-finding: finding 'not-active' has no fix step: a run that raises it ends with exit 1 and the operator repairs by hand | add a step with 'fixes: not-active', or, if the repair is manual by design, add '# runbook: ignore unhandled-finding' above",
                "3️⃣ unknown-name: 'stauts' is not a capture of step 'look' nor in scope, so it always reads null | did you mean 'status'?",
                "4️⃣ unknown-evidence: the message reads 'evidence.code', which this check does not have | without 'evidence:', the evidence is the captures the condition reads (); add 'evidence: {code: ...}'",
                "8️⃣ capture-reads-result: capture 'code' reads 'result', but captures are evaluated over the result itself | write 'json.code'",
                "6️⃣ unknown-name: 'count' is not a capture of step 'other' nor in scope, so it always reads null | 'count' is a capture of step 'look': write 'steps.look.count'",
                "7️⃣ fix-without-verify: fix step 'fix' has no 'verify': nothing proves that 'empty' is repaired | add 'verify:' with a check over the fix's result, e.g. '- that: result.json.ok'",
                "1️⃣ unused-param: parameter 'unused' is never read | use it as '${{ params.unused }}', or remove it",
                "5️⃣ negation-precedence: '!steps.look.status' reads as '(!steps).look.status', which is always null | '!' applies before '.' and '[]' in JMESPath: write '!(steps.look.status)'",
            ])
    }

    @Test func filtersProjectionsAndPipesAreNotRootNames() throws {
        let marked = MarkedText(
            """
            apiVersion: runbook/v1
            name: w
            steps:
              - id: nodes
                shell: {run: "true", read-only: true}
                capture:
                  items: json.items
                check:
                  - that: "length(items[?status.phase == 'Ready']) == length(items) && items[0] | name != `null` && !(items[0].x)"
                    finding: x
                  - that: "sort_by(items, &metadata.name)[0].kind == {a: 'b'}.a && $params == `{}`"
                    finding: x
              - id: fix
                fixes: x
                shell: "true"
                verify:
                  - that: result.exit_code == `0`
            """)
        let found = try warnings(marked)
        #expect(found == [])
    }

    @Test func aCommentSilencesAWarning() throws {
        let marked = MarkedText(
            """
            apiVersion: runbook/v1
            name: w
            steps:
              - id: look
                shell: {run: "true", read-only: true}
                check:
                  # A person repairs this one.
                  # runbook: ignore unhandled-finding
                  - that: result.exit_code == `0`
                    finding: manual
                  - that: result.exit_code == `0`  # runbook: ignore unhandled-finding, unknown-name
                    finding: manual-too
                  - that: result.exit_code == `0`
                    finding: reported
            """)
        let found = try warnings(marked)
        #expect(found.count == 1 && found[0].hasPrefix("13:9 unhandled-finding: finding 'reported'"), "\(found)")
    }
}
