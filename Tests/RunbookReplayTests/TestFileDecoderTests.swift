import Foundation
import RunbookCore
import RunbookDSL
import RunbookReplay
import RunbookTesting
import Testing

@Suite("test file decoding")
struct TestFileDecoderTests {
    @Test func everyMistakeIsReportedWithItsPosition() throws {
        let marked = MarkedText(
            """
            runbook: lock.yaml
            1️⃣case: []
            cases:
              - name: a
                2️⃣parms: {}
                approve: 3️⃣maybe
                calls:
                  - 4️⃣shel: x
                    answer: {}
                  - 5️⃣shell: x
                  - shell: y
                    6️⃣anwser: {}
                    answer: {}
                expect:
                  status: 7️⃣fixed
                  steps: {a: 8️⃣passd}
            """)
        let (file, problems) = TestFileDecoder.decode(
            source: marked.text, path: "t.test.yaml", kinds: ["shell", "aws"])
        #expect(file == nil)
        let found = problems.map {
            "\($0.location!.line):\($0.location!.column) \($0.message)" + ($0.hint.map { " | \($0)" } ?? "")
        }
        func at(_ m: String) -> String { "\(marked.markers[m]!.line):\(marked.markers[m]!.column)" }
        #expect(
            found
                == [
                    "\(at("1️⃣")) unknown key 'case' in the test file | did you mean 'cases'?",
                    "\(at("2️⃣")) unknown key 'parms' in case 'a' | did you mean 'params'?",
                    "\(at("3️⃣")) 'approve' of case 'a' must be all, none or a list of step ids",
                    "\(at("4️⃣")) a call of case 'a' names no action | did you mean 'shell'?",
                    "\(at("5️⃣")) the shell call has no 'answer' | give exactly one: 'answer:' (repeats), 'answers:' (in order, the last repeats) or 'error:'",
                    "\(at("6️⃣")) unknown key 'anwser' in a shell call | did you mean 'answer'?",
                    "\(at("7️⃣")) invalid 'status' in 'expect' of case 'a' | did you mean 'failed'?",
                    "\(at("8️⃣")) invalid state for step 'a' | did you mean 'passed'?",
                ].map { $0.replacingOccurrences(of: "4:5", with: "4:5") })
    }

    @Test func referencesAreCheckedAgainstTheRunbook() throws {
        let file = try testFile(
            """
            runbook: lock.yaml
            cases:
              - name: a
                params: {dri: x}
                approve: [unlok]
                expect:
                  findings: [stale-lok]
                  fixed: [owner]
                  steps: {stauts: passed}
                  captures: {owner.stat: x}
            """)
        let rb = try runbook("lock.yaml")
        let found = TestFileChecker.check(file, against: rb).map { "\($0.message) | \($0.hint ?? "")" }
        #expect(
            found == [
                "lock has no parameter 'dri' | did you mean 'dir'?",
                "lock has no step 'unlok' | did you mean 'unlock'?",
                "lock has no finding 'stale-lok' | did you mean 'stale-lock'?",
                "lock has no fix step 'owner' | known: unlock",
                "lock has no step 'stauts' | did you mean 'status'?",
                "lock has no capture 'owner.stat' | did you mean 'owner.state'?",
            ])
    }

    @Test func theRunbookDefaultsToTheTestFilesName() throws {
        #expect(TestFileDecoder.defaultRunbookPath(for: "examples/x.test.yaml") == "examples/x.yaml")
        let file = try testFile("cases: [{name: a}]", path: "dir/lock.test.yaml")
        #expect(file.runbookPath == "dir/lock.yaml")
        #expect(file.cases[0].approval == .all)
        #expect(file.cases[0].aws == ["account": "123456789012", "region": "us-west-2"])
    }
}
