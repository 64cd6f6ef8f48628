import Engine
import Foundation
import RunbookCore
import RunbookDSL
import RunbookTesting
import Testing

@Suite("Run engine with an in-memory provider")
struct RunEngineTests {
    static let header = "apiVersion: runbook/v1\nname: t\n"

    @Test func capturesAndTypedWholeValueTemplates() async throws {
        let runbook = try load(Self.header + """
            params:
              zones: {type: list, default: [a, b]}
              size: {type: integer, default: 3}
            steps:
              - id: describe
                shell: {run: describe, read-only: true}
                capture:
                  names: items[].name
                  first: items[0].name
              - id: use
                shell:
                  run: use
                  read-only: true
                  names: "${{ steps.describe.names }}"
                  size: "${{ params.size }}"
                  zones: "${{ params.zones }}"
                  text: "first=${{ steps.describe.first }} size=${{ params.size }} region=${{ aws.region }}"
            """)
        let provider = InMemoryProvider(name: "shell", answers: ["describe": [.result(["items": [["name": "n1"], ["name": "n2"]]])]])
        let outcome = await run(runbook, provider: provider)
        #expect(outcome.summary.status == .healthy)
        #expect(outcome.record("describe")?.captures["names"] == ["n1", "n2"])
        let payload = try #require(provider.executed.last?.payload)
        #expect(payload["names"] == ["n1", "n2"])
        #expect(payload["size"] == .integer(3))
        #expect(payload["zones"] == ["a", "b"])
        #expect(payload["text"] == "first=n1 size=3 region=us-west-2")
    }

    @Test func failedCheckRaisesFindingWithEvidenceAndMessage() async throws {
        let runbook = try load(Self.header + """
            steps:
              - id: key
                shell: {run: describe-key, read-only: true}
                capture:
                  key_state: KeyState
                  id: KeyId
                check:
                  - that: key_state == 'Enabled'
                    finding: key-disabled
                    message: "key ${{ id }} is ${{ evidence.key_state }}"
                  - that: id != null
                    finding: no-key
            """)
        let provider = InMemoryProvider(name: "shell", answers: ["key": [.result(["KeyState": "Disabled", "KeyId": "k-1"])]])
        let outcome = await run(runbook, provider: provider)
        #expect(outcome.summary.status == .findings)
        #expect(outcome.state("key") == .finding)
        let finding = try #require(outcome.summary.findings.first)
        #expect(outcome.summary.findings.count == 1)
        #expect(finding.name == "key-disabled")
        #expect(finding.message == "key k-1 is Disabled")
        #expect(finding.evidence["key_state"] == "Disabled")
    }

    static let fixRunbook = header + """
        steps:
          - id: look
            shell: {run: look, read-only: true}
            capture: {ok: ok}
            check:
              - that: ok
                finding: broken
          - id: repair
            fixes: broken
            shell: {run: repair}
            verify:
              - that: result.repaired
          - id: other
            fixes: never-raised-here
            shell: {run: other}
          - id: later
            shell: {run: later, read-only: true}
            check:
              - that: "`true`"
                finding: never-raised-here
        """

    @Test func fixRunsOnlyWhenItsFindingWasRaisedAndIsVerified() async throws {
        let runbook = try load(Self.fixRunbook.replacingOccurrences(of: "fixes: never-raised-here\n", with: "fixes: broken\n"))
        let provider = InMemoryProvider(
            name: "shell", answers: ["look": [.result(["ok": false])], "repair": [.result(["repaired": true])]],
            mutating: { $0.payload["run"]?.literalValue == "repair" || $0.payload["run"]?.literalValue == "other" })
        let approver = ScriptedApprover([.yes, .no])
        let outcome = await run(runbook, provider: provider, approver: approver)
        #expect(outcome.state("repair") == .fixed)
        // The second fix of the same finding is skipped: the finding is no longer open.
        #expect(outcome.state("other") == .skipped)
        #expect(approver.asked.map(\.stepID) == ["repair"])
        #expect(approver.asked.first?.finding?.name == "broken")
        #expect(outcome.summary.status == .healthy)
    }

    @Test func fixIsSkippedWhenFindingNotRaised() async throws {
        let runbook = try load(Self.fixRunbook.replacingOccurrences(of: "fixes: never-raised-here\n", with: "fixes: broken\n"))
        let provider = InMemoryProvider(name: "shell", answers: ["look": [.result(["ok": true])]], mutating: { _ in true })
        let outcome = await run(runbook, provider: provider)
        #expect(outcome.state("repair") == .skipped)
        #expect(outcome.record("repair")?.message == "finding 'broken' was not raised")
        #expect(!provider.executed.contains { $0.stepID == "repair" })
    }

    @Test func approvalDeniedOrRefusedLeavesFindingOpen() async throws {
        let runbook = try load(Self.fixRunbook.replacingOccurrences(of: "fixes: never-raised-here\n", with: "fixes: broken\n"))
        for approver in [ScriptedApprover([.no]), ScriptedApprover([.refused("no terminal; use --yes")])] as [any Approver] {
            let provider = InMemoryProvider(name: "shell", answers: ["look": [.result(["ok": false])]],
                                            mutating: { $0.payload["run"]?.literalValue != "look" && $0.payload["run"]?.literalValue != "later" })
            let outcome = await run(runbook, provider: provider, approver: approver)
            #expect(outcome.state("repair") == .skipped)
            #expect(!provider.executed.contains { $0.stepID == "repair" })
            #expect(outcome.summary.status == .findings)
        }
    }

    @Test func approveAllStopsAsking() async throws {
        let runbook = try load(Self.header + """
            steps:
              - {id: a, shell: {run: a}}
              - {id: b, shell: {run: b}}
              - {id: c, shell: {run: c}}
            """)
        let provider = InMemoryProvider(name: "shell", mutating: { _ in true })
        let approver = ScriptedApprover([.yes, .all])
        let outcome = await run(runbook, provider: provider, approver: approver)
        #expect(approver.asked.map(\.stepID) == ["a", "b"])
        #expect(provider.executed.map(\.stepID) == ["a", "b", "c"])
        #expect(outcome.summary.status == .healthy)
    }

    @Test func dryRunExecutesNoMutatingStep() async throws {
        let runbook = try load(Self.fixRunbook.replacingOccurrences(of: "fixes: never-raised-here\n", with: "fixes: broken\n"))
        let provider = InMemoryProvider(
            name: "shell", answers: ["look": [.result(["ok": false])]],
            mutating: { ["repair", "other"].contains($0.payload["run"]?.literalValue?.stringValue ?? "") },
            onExecute: { request, context in
                precondition(context.mode == .readOnly, "dry runs give providers a read-only context")
            })
        let outcome = await run(runbook, provider: provider, dryRun: true, approver: ScriptedApprover([]), approveAll: true)
        #expect(provider.executed.map(\.stepID) == ["look", "later"])
        #expect(provider.planned.map(\.stepID) == ["repair", "other"])
        #expect(outcome.state("repair") == .skipped)
        #expect(outcome.record("repair")?.plan?.summary == "fake repair")
        #expect(outcome.summary.status == .findings)
    }

    @Test func whenFalseSkips() async throws {
        let runbook = try load(Self.header + """
            params: {mode: {type: string, default: safe}}
            steps:
              - id: a
                when: params.mode == 'fast'
                shell: {run: a, read-only: true}
              - id: b
                when: steps.a.state == 'skipped'
                shell: {run: b, read-only: true}
            """)
        let provider = InMemoryProvider(name: "shell")
        let outcome = await run(runbook, provider: provider)
        #expect(outcome.state("a") == .skipped)
        #expect(outcome.state("b") == .passed)
    }

    @Test func waitPollsWithBackoffAndTimesOut() async throws {
        let runbook = try load(Self.header + """
            steps:
              - id: poll
                shell: {run: poll, read-only: true}
                wait: {until: result.status == 'ACTIVE', timeout: 60s, interval: 10s, backoff: 2}
            """)
        let provider = InMemoryProvider(name: "shell", answers: ["poll": [.result(["status": "UPDATING"])]])
        let outcome = await run(runbook, provider: provider)
        #expect(outcome.state("poll") == .failed)
        #expect(outcome.clock.sleeps == [.seconds(10), .seconds(20)])
        #expect(outcome.record("poll")?.message == "timed out after 30s waiting for 'result.status == 'ACTIVE'' (timeout 1m)")
        #expect(outcome.summary.status == .stepFailed)
    }

    @Test func waitSucceedsWhenConditionHolds() async throws {
        let runbook = try load(Self.header + """
            steps:
              - id: poll
                shell: {run: poll, read-only: true}
                wait: {until: result.status == 'ACTIVE', timeout: 5m, interval: 15s}
            """)
        let provider = InMemoryProvider(name: "shell", answers: ["poll": [.result(["status": "UPDATING"]), .result(["status": "UPDATING"]), .result(["status": "ACTIVE"])]])
        let outcome = await run(runbook, provider: provider)
        #expect(outcome.state("poll") == .passed)
        #expect(outcome.record("poll")?.attempts == 3)
        #expect(outcome.clock.now == .seconds(30))
    }

    @Test func retriesThenSucceedsOrFails() async throws {
        let runbook = try load(Self.header + """
            steps:
              - id: flaky
                shell: {run: flaky, read-only: true}
                retries: {count: 2, delay: 1s, backoff: 3}
            """)
        let ok = InMemoryProvider(name: "shell", answers: ["flaky": [.failure("503"), .error("reset"), .result(["fine": true])]])
        let outcome = await run(runbook, provider: ok)
        #expect(outcome.state("flaky") == .passed)
        #expect(outcome.clock.sleeps == [.seconds(1), .seconds(3)])

        let bad = InMemoryProvider(name: "shell", answers: ["flaky": [.failure("503")]])
        let failed = await run(runbook, provider: bad)
        #expect(failed.state("flaky") == .failed)
        #expect(failed.record("flaky")?.message == "503 (after 3 attempts)")
        #expect(failed.summary.status == .stepFailed)
    }

    @Test func onFailureContinueAndStop() async throws {
        let runbook = try load(Self.header + """
            steps:
              - {id: a, shell: {run: a, read-only: true}, on-failure: continue}
              - {id: b, shell: {run: b, read-only: true}}
              - {id: c, shell: {run: c, read-only: true}}
            """)
        let provider = InMemoryProvider(name: "shell", answers: ["a": [.failure("nope")], "b": [.failure("broken")]])
        let outcome = await run(runbook, provider: provider)
        #expect(outcome.state("a") == .failed)
        #expect(outcome.state("b") == .failed)
        #expect(outcome.state("c") == .skipped)
        #expect(outcome.record("c")?.message == "not run: step 'b' failed")
        #expect(outcome.summary.status == .stepFailed)
    }

    @Test func finishIfEndsTheRunAsHealthy() async throws {
        let runbook = try load(Self.header + """
            steps:
              - id: nodes
                shell: {run: nodes, read-only: true}
                capture:
                  ready: length(items[?ready])
                finish-if: ready > `0`
              - id: diagnose
                shell: {run: diagnose, read-only: true}
            """)
        let provider = InMemoryProvider(name: "shell", answers: ["nodes": [.result(["items": [["ready": true]]])]])
        let outcome = await run(runbook, provider: provider)
        #expect(outcome.state("diagnose") == .skipped)
        #expect(outcome.summary.finishedEarlyBy == "nodes")
        #expect(outcome.summary.status == .healthy)
        #expect(provider.executed.map(\.stepID) == ["nodes"])
    }

    @Test func secretsAreRedactedFromEvents() async throws {
        let runbook = try load(Self.header + """
            params: {token: {type: string, secret: true, required: true}}
            steps:
              - id: a
                shell: {run: "curl -H 'x: ${{ params.token }}'", read-only: true}
                capture: {echo: echo}
            """)
        let provider = InMemoryProvider(name: "shell", answers: ["a": [.result(["echo": "got s3cr3t"])]])
        let outcome = await run(runbook, provider: provider, params: [("token", "s3cr3t")])
        #expect(provider.executed.first?.payload["run"] == "curl -H 'x: s3cr3t'")
        let shown = "\(outcome.events)"
        #expect(!shown.contains("s3cr3t"))
        #expect(shown.contains("***"))
    }

    @Test func everyStepTransitionIsObservable() async throws {
        let runbook = try load(Self.header + """
            steps:
              - {id: a, shell: {run: a, read-only: true}}
              - {id: b, when: "`false`", shell: {run: b, read-only: true}}
            """)
        let outcome = await run(runbook, provider: InMemoryProvider(name: "shell"))
        let kinds = outcome.events.map { event -> String in
            switch event {
            case .runStarted: return "runStarted"
            case .stepStarted(let id, _, _, _, _): return "started \(id)"
            case .stepFinished(let r): return "finished \(r.id) \(r.state.rawValue)"
            case .runFinished: return "runFinished"
            default: return "other"
            }
        }
        #expect(kinds == ["runStarted", "started a", "finished a passed", "finished b skipped", "runFinished"])
    }
}
