import Engine
import Foundation
import RunJournal
import RunbookCore
import RunbookTesting
import TestSupport
import Testing

/// Kills the real binary at every journal record (after it, and half-way through it) and in the
/// middle of every mutating step (before and after its side effect), resumes, and checks every
/// change happened exactly once and the run completed.
@Suite("Crash and resume", .serialized)
struct CrashTests {
    static func harness(_ w: Workspace) -> CrashHarness {
        let path = w.path
        return CrashHarness(
            binary: Workspace.binary, workingDirectory: path, runsDirectory: w.runs,
            runArguments: ["run", "runbook.yaml", "--yes"], resumeArguments: ["resume", "--yes"],
            reset: {
                for name in ["count_fix_a", "count_fix_b", "count_scale", "fix_a.done", "fix_b.done", "scale.done"] {
                    try? FileManager.default.removeItem(atPath: path + "/" + name)
                }
            },
            check: {
                var problems: [String] = []
                for name in ["count_fix_a", "count_fix_b", "count_scale"] {
                    let text = (try? String(contentsOfFile: path + "/" + name, encoding: .utf8)) ?? ""
                    let count = text.split(separator: "\n").count
                    if count != 1 { problems.append("\(name): the change happened \(count) times, not once") }
                }
                // A crash before the header was durable leaves an unreadable journal and a fresh run.
                let directory = RunsDirectory(root: path + "/.runbook/runs")
                let histories = directory.runIDs().compactMap { id in
                    try? RunHistory(JournalReader.read(FileCheckpointStore(path: directory.journal(id))))
                }
                if histories.count != 1 { problems.append("\(histories.count) readable runs, expected 1") }
                for history in histories where history.state != .finished(.healthy) {
                    problems.append("run \(history.header.runID) ended \(history.state)")
                }
                return problems
            })
    }

    @Test func everyKillPointResumesToCompletionWithEachChangeOnce() throws {
        let w = try Workspace(Runbooks.crash)
        let harness = Self.harness(w)
        let records = try harness.cleanRecordCount()
        #expect(records >= 25)
        var points = harness.recordKillPoints(count: records)
        for step in ["fix_a", "fix_b", "scale"] {
            points += [.environment("CRASH_IN", "\(step):before"), .environment("CRASH_IN", "\(step):after")]
        }
        #expect(points.count >= 20)
        var killed = 0
        for point in points {
            let outcome = try harness.run(point)
            if outcome.killed { killed += 1 }
            #expect(outcome.problems.isEmpty, "\(point): \(outcome.problems)\n\(outcome.transcript)")
        }
        #expect(killed == points.count, "every kill point must really kill the first process")
    }

    @Test func crashDuringResumeIsResumedToo() throws {
        let w = try Workspace(Runbooks.crash)
        let harness = Self.harness(w)
        try harness.reset()
        try w.run(["run", "runbook.yaml", "--yes"], environment: ["CRASH_IN": "fix_a:after"])
        // The resume writes a session, a decision, fix_a's records, then dies in fix_b.
        let second = try w.run(["resume", "--yes"], environment: ["CRASH_IN": "fix_b:after"])
        #expect(second.status != 0)
        let third = try w.run(["resume", "--yes"])
        #expect(third.status == 0, "\(third.output)")
        #expect(try harness.check().isEmpty)
    }
}
