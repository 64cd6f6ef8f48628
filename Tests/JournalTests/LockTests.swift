import Engine
import Foundation
import RunJournal
import RunbookCore
import TestSupport
import Testing

@Suite("One process per run", .serialized)
struct LockTests {
    @Test func secondHolderIsRefusedWithPidAndHost() throws {
        let path = NSTemporaryDirectory() + "lock-" + UUID().uuidString
        let first = try RunLock(path: path, command: "run", now: 1000, host: "host-a")
        #expect(RunLock.currentHolder(path: path)?.pid == getpid())
        let error = #expect(throws: JournalError.self) { try RunLock(path: path, command: "resume", now: 1001) }
        #expect(error?.code == .locked)
        #expect(error?.message.contains("pid \(getpid()) on host-a (run,") == true)
        _ = first
    }

    @Test func lockIsFreeOnceReleased() throws {
        let path = NSTemporaryDirectory() + "lock-" + UUID().uuidString
        do { _ = try RunLock(path: path, command: "run", now: 0) }
        let again = try RunLock(path: path, command: "resume", now: 1)
        #expect(again.previousHolder == nil)
        #expect(RunLock.currentHolder(path: path) != nil)
    }

    @Test func staleLockOfADeadProcessIsTakenOver() throws {
        let path = NSTemporaryDirectory() + "lock-" + UUID().uuidString
        try "999999\nold-host\nrun\n1000\n".write(toFile: path, atomically: true, encoding: .utf8)
        let lock = try RunLock(path: path, command: "resume", now: 2000)
        #expect(lock.previousHolder?.pid == 999_999)
        #expect(lock.previousHolder?.host == "old-host")
    }

    @Test func resumeOfARunDrivenByAnotherProcessIsRefused() throws {
        let w = try Workspace(Runbooks.crash)
        try w.run(["run", "runbook.yaml", "--yes"], environment: ["RUNBOOK_CRASH_AT": "5"])
        let id = try #require(w.latestRun)
        let held = try RunLock(path: w.directory.lock(id), command: "resume", now: 0, host: "laptop-7")
        let refused = try w.run(["resume", id, "--yes"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is being driven by pid \(getpid()) on laptop-7"))
        let listed = try w.run(["runs"])
        #expect(listed.stdout.contains("running"))
        _ = held
    }

    @Test func killedProcessLeavesALockThatResumeTakesOver() throws {
        let w = try Workspace(Runbooks.crash)
        try w.run(["run", "runbook.yaml", "--yes"], environment: ["RUNBOOK_CRASH_AT": "5"])
        let id = try #require(w.latestRun)
        #expect(RunLock.currentHolder(path: w.directory.lock(id)) == nil)  // the kernel dropped it
        let resumed = try w.run(["resume", id, "--yes"])
        #expect(resumed.status == 0, "\(resumed.output)")
    }
}
