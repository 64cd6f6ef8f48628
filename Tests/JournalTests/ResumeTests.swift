import Engine
import Foundation
import RunJournal
import RunbookCore
import TestSupport
import Testing

@Suite("runbook resume", .serialized)
struct ResumeTests {
    @Test func resumeAfterCompletedStepsDoesNotRunThemAgain() throws {
        let w = try Workspace(Runbooks.crash)
        // Crash right after fix_a's step_finished record: inspect_a, inspect_b and fix_a are done.
        let clean = try Workspace(Runbooks.crash)
        try clean.run(["run", "runbook.yaml", "--yes"])
        let records = try clean.history().records
        let fixADone = try #require(records.firstIndex { $0.type == "step_finished" && $0["record"]?["id"]?.stringValue == "fix_a" })
        let first = try w.run(["run", "runbook.yaml", "--yes"], environment: ["RUNBOOK_CRASH_AT": "\(fixADone + 1)"])
        #expect(first.status == 9 || first.status == 137)
        #expect(w.count("count_fix_a") == 1)
        try w.write("inspect-was-run-again", "")
        let resumed = try w.run(["resume", "--yes"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.stdout.contains("3 of 6 steps done"))
        #expect(!resumed.stdout.contains("inspect_a"))
        #expect(!resumed.stdout.contains(" fix_a "))
        #expect(w.count("count_fix_a") == 1)
        #expect(w.count("count_fix_b") == 1)
        let history = try w.history()
        #expect(history.state == .finished(.healthy))
        #expect(history.findings.allSatisfy { !$0.isOpen })
    }

    @Test func readOnlyStepInFlightRunsAgain() throws {
        let w = try Workspace(Runbooks.crash)
        // Records: run, session, run_started, step_started(inspect_a) -> crash inside inspect_a.
        try w.run(["run", "runbook.yaml", "--yes"], environment: ["RUNBOOK_CRASH_AT": "4"])
        let history = try w.history()
        #expect(history.inFlight?.stepID == "inspect_a")
        #expect(history.inFlight?.isMutating == false)
        let resumed = try w.run(["resume", "--yes"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.stdout.contains("step 'inspect_a' was in flight; it is read-only, so it runs again"))
        #expect(w.count("count_fix_a") == 1)
    }

    @Test func mutatingStepInFlightWhoseChangeHappenedIsNotSentAgain() throws {
        let w = try Workspace(Runbooks.crash)
        let first = try w.run(["run", "runbook.yaml", "--yes"], environment: ["CRASH_IN": "fix_a:after"])
        #expect(first.status != 0)
        #expect(w.count("count_fix_a") == 1)
        let resumed = try w.run(["resume", "--yes"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.stdout.contains("step 'fix_a' was in flight: its change is in place"))
        #expect(w.count("count_fix_a") == 1)
        #expect(try w.history().decisions.map(\.decision) == ["applied"])
    }

    @Test func mutatingStepInFlightWhoseChangeDidNotHappenRunsAgain() throws {
        let w = try Workspace(Runbooks.crash)
        try w.run(["run", "runbook.yaml", "--yes"], environment: ["CRASH_IN": "fix_b:before"])
        #expect(w.count("count_fix_b") == 0)
        let resumed = try w.run(["resume", "--yes"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.stdout.contains("step 'fix_b' was in flight: its change is not in place"))
        #expect(w.count("count_fix_b") == 1)
        #expect(w.count("count_fix_a") == 1)
    }

    static let noProbe = """
        apiVersion: runbook/v1
        name: no-probe
        steps:

        """ + Runbooks.inspect("look", marker: "fix_a", finding: "a-broken") + Runbooks.fix("fix_a", finding: "a-broken", probe: false)

    @Test func mutatingStepInFlightWithoutCheckIsRefusedWithYesAndNamed() throws {
        let w = try Workspace(Self.noProbe)
        try w.run(["run", "runbook.yaml", "--yes"], environment: ["CRASH_IN": "fix_a:after"])
        let refused = try w.run(["resume", "--yes"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("step 'fix_a' (fix_a) was in flight when the run stopped and changes things"))
        #expect(refused.stderr.contains("--assume-applied fix_a"))
        #expect(w.count("count_fix_a") == 1)
        // Still resumable; a person who checked says it took effect.
        let resumed = try w.run(["resume", "--yes", "--assume-applied", "fix_a"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(w.count("count_fix_a") == 1)
    }

    @Test func mutatingStepInFlightWithoutCheckAndNoTerminalIsRefusedToo() throws {
        let w = try Workspace(Self.noProbe)
        try w.run(["run", "runbook.yaml", "--yes"], environment: ["CRASH_IN": "fix_a:before"])
        let refused = try w.run(["resume"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("fix_a"))
        let rerun = try w.run(["resume", "--yes", "--rerun", "fix_a"])
        #expect(rerun.status == 0, "\(rerun.output)")
        #expect(w.count("count_fix_a") == 1)
    }

    @Test func changedRunbookIsRefusedUnlessForced() throws {
        let w = try Workspace(Runbooks.crash)
        try w.run(["run", "runbook.yaml", "--yes"], environment: ["CRASH_IN": "fix_a:before"])
        try w.write("runbook.yaml", Runbooks.crash.replacingOccurrences(of: "echo ok\"", with: "echo fine && echo ok\""))
        let refused = try w.run(["resume", "--yes"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("changed since run"))
        #expect(refused.stderr.contains("'final' changed"))
        #expect(refused.stderr.contains("--force"))
        let forced = try w.run(["resume", "--yes", "--force"])
        #expect(forced.status == 0, "\(forced.output)")
        #expect(w.count("count_fix_a") == 1)
    }

    @Test func finishedRunIsNotResumed() throws {
        let w = try Workspace(Runbooks.crash)
        try w.run(["run", "runbook.yaml", "--yes"])
        let id = try #require(w.latestRun)
        let result = try w.run(["resume", id])
        #expect(result.status == 2)
        #expect(result.stderr.contains("already finished"))
    }

    @Test func secretParameterMustBeGivenAgainAndNeverReachesTheJournal() throws {
        let yaml = """
            apiVersion: runbook/v1
            name: secret
            params:
              token: {secret: true, env: SECRET_TOKEN}
            steps:
              - id: use
                shell: {run: "echo token=${{ params.token }}", read-only: true}
              - id: slow
                shell: {run: "echo ${{ params.token }} >> used", read-only: true}
            """
        let w = try Workspace(yaml)
        try w.run(["run", "runbook.yaml", "-p", "token=hunter2-secret"], environment: ["RUNBOOK_CRASH_AT": "6"])
        let id = try #require(w.latestRun)
        let journal = try String(contentsOfFile: w.directory.journal(id), encoding: .isoLatin1)
        #expect(!journal.contains("hunter2-secret"))
        #expect(journal.contains("token=***"))
        let missing = try w.run(["resume", "--yes"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("parameter 'token' is secret"))
        let resumed = try w.run(["resume", "--yes"], environment: ["SECRET_TOKEN": "hunter2-secret"])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(w.read("used").contains("hunter2-secret"))
        let after = try String(contentsOfFile: w.directory.journal(id), encoding: .isoLatin1)
        #expect(!after.contains("hunter2-secret"))
    }

    @Test func interruptPrintsHowToResumeAndExits130() throws {
        let yaml = """
            apiVersion: runbook/v1
            name: slow
            steps:
              - id: first
                shell: {run: "echo one", read-only: true}
              - id: wait
                shell: {run: "kill -INT $PPID; sleep 5", read-only: true}
              - id: last
                shell: {run: "echo last >> last.log", read-only: true}
            """
        let w = try Workspace(yaml)
        let result = try w.run(["run", "runbook.yaml"])
        #expect(result.status == 130)
        let id = try #require(w.latestRun)
        #expect(result.stderr.contains("resume it with: runbook resume \(id)"))
        #expect(try w.history().state == .interrupted)
        let resumed = try w.run(["resume", id], environment: [:])
        _ = resumed  // 'wait' interrupts itself again; the point is the journal stayed consistent
        #expect(try w.history().completedPrefix.first?.id == "first")
    }
}
