import Engine
import Foundation
import RunJournal
import RunbookCore
import TestSupport
import Testing

@Suite("runbook undo and runbook runs", .serialized)
struct UndoAndRunsTests {
    /// A runbook whose fix replaces a value and whose undo restores the value captured before.
    static let policy = """
        apiVersion: runbook/v1
        name: policy
        steps:
          - id: read_policy
            shell: {run: "cat policy.txt", read-only: true}
            capture: {previous: "lines[0]"}
            check:
              - that: previous == 'allow-role'
                finding: policy-gap
          - id: put_policy
            fixes: policy-gap
            shell: "echo allow-role > policy.txt; echo put >> count_put"
            undo:
              title: Restore the previous policy
              shell: "echo '${{ steps.read_policy.previous }}' > policy.txt; echo undo-put_policy >> undo.log"
          - id: scale
            shell: "echo scale >> count_scale"
            undo:
              shell: "echo undo-scale >> undo.log"

        """

    @Test func undoRevertsChangesInReverseOrderWithThePriorState() throws {
        let w = try Workspace(Self.policy)
        try w.write("policy.txt", "deny-all\n")
        #expect(try w.run(["run", "runbook.yaml", "--yes"]).status == 0)
        #expect(w.read("policy.txt") == "allow-role\n")
        let id = try #require(w.latestRun)

        let dry = try w.run(["undo", id, "--dry-run"])
        #expect(dry.status == 0, "\(dry.output)")
        #expect(dry.stdout.contains("echo '\\''deny-all'\\'' > policy.txt"))
        #expect(w.read("undo.log").isEmpty)
        #expect(w.read("policy.txt") == "allow-role\n")

        let refused = try w.run(["undo", id])
        #expect(refused.status == 1)
        #expect(w.read("undo.log").isEmpty)

        let undone = try w.run(["undo", id, "--yes"])
        #expect(undone.status == 0, "\(undone.output)")
        #expect(w.read("undo.log") == "undo-scale\nundo-put_policy\n")
        #expect(w.read("policy.txt") == "deny-all\n")

        let again = try w.run(["undo", id, "--yes"])
        #expect(again.stdout.contains("no change left to undo"))
        #expect(w.read("undo.log") == "undo-scale\nundo-put_policy\n")
        #expect(try w.run(["runs"]).stdout.contains("repaired, 2 undone"))
    }

    @Test func changeWithoutUndoIsReported() throws {
        let w = try Workspace(Self.policy.replacingOccurrences(of: "    undo:\n      shell: \"echo undo-scale >> undo.log\"\n", with: ""))
        try w.write("policy.txt", "deny-all\n")
        try w.run(["run", "runbook.yaml", "--yes"])
        let id = try #require(w.latestRun)
        let result = try w.run(["undo", id, "--yes"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("step 'scale' has no 'undo'"))
        #expect(w.read("undo.log") == "undo-put_policy\n")
    }

    @Test func runsListsShowsAndPrunes() throws {
        let w = try Workspace(Self.policy)
        try w.write("policy.txt", "deny-all\n")
        try w.run(["run", "runbook.yaml", "--yes"])
        try w.run(["run", "runbook.yaml", "--dry-run"])
        try w.write("policy.txt", "deny-all\n")
        try w.run(["run", "runbook.yaml", "--yes"], environment: ["RUNBOOK_CRASH_AT": "9"])
        let ids = w.directory.runIDs()
        #expect(ids.count == 3)

        let list = try w.run(["runs"])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.first?.contains("RUNBOOK  STARTED") == true)
        #expect(lines.contains { $0.contains("policy") && $0.contains("repaired") && $0.hasSuffix("1 (0 open)  1") })
        #expect(lines.contains { $0.contains("(dry run)") })
        #expect(lines.contains { $0.contains("interrupted") })

        let interrupted = try #require(lines.first { $0.contains("interrupted") }?.split(separator: " ").first.map(String.init))
        let show = try w.run(["runs", "show", interrupted])
        #expect(show.status == 0)
        #expect(show.stdout.contains("resume:  runbook resume \(interrupted)"))
        #expect(show.stdout.contains("step read_policy started"))
        #expect(show.stdout.contains("finding policy-gap"))

        let keep = try w.run(["runs", "prune", "--keep", "1"])
        #expect(keep.stdout.contains("pruned 2 run(s)"))
        #expect(w.directory.runIDs() == [interrupted])
        let old = try w.run(["runs", "prune", "--older-than", "7d"])
        #expect(old.stdout.contains("pruned 0 run(s)"))
        let all = try w.run(["runs", "prune", "--older-than", "0s"])
        #expect(all.stdout.contains("pruned 1 run(s)"))
        #expect(try w.run(["runs", "prune"]).status == 2)
    }

    @Test func runFolderIsPrivate() throws {
        let w = try Workspace(Self.policy)
        try w.write("policy.txt", "deny-all\n")
        try w.run(["run", "runbook.yaml", "--yes"])
        let id = try #require(w.latestRun)
        func mode(_ path: String) throws -> Int {
            try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        #expect(try mode(w.runs) == 0o700)
        #expect(try mode(w.directory.folder(id)) == 0o700)
        #expect(try mode(w.directory.journal(id)) == 0o600)
        #expect(try mode(w.directory.lock(id)) == 0o600)
    }

    @Test func runsFolderFollowsTheFlagAndTheEnvironment() throws {
        let w = try Workspace(Self.policy)
        try w.write("policy.txt", "allow-role\n")
        try w.run(["run", "runbook.yaml", "--runs-dir", "elsewhere"])
        #expect(RunsDirectory(root: w.path + "/elsewhere").runIDs().count == 1)
        try w.run(["run", "runbook.yaml"], environment: ["RUNBOOK_RUNS_DIR": w.path + "/from-env"])
        #expect(RunsDirectory(root: w.path + "/from-env").runIDs().count == 1)
        #expect(w.directory.runIDs().isEmpty)
    }
}
