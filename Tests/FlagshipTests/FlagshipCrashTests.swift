import Foundation
import RunbookCore
import RunbookTesting
import Testing

/// Issue 7's proof on the real thing: the flagship against the lab is killed with SIGKILL after
/// every journal record (every step boundary, and every mutating step between its "request sent"
/// record and its answer), resumed each time, and must end repaired with each change sent once.
///
/// Part of the `FlagshipTests` suite, which is serialized: the tests share one lab, and a reset
/// from a test running in parallel would pull the scenario from under another.
extension FlagshipTests {
    /// Counts the lab's requests per operation.
    static func count(_ operation: String, in log: [JSONValue]) -> Int {
        log.filter { $0["operation"]?.stringValue == operation }.count
    }

    static func crashHarness(runs: String) -> CrashHarness {
        let lab = Lab.shared
        return CrashHarness(
            binary: Lab.runbookBinary, workingDirectory: Lab.repository.path, runsDirectory: runs,
            runArguments: ["run", "missing-worker-nodes", "--yes"], resumeArguments: ["resume", "--yes"],
            environment: lab.environment,
            reset: { try lab.reset("missing-worker-nodes") },
            check: {
                var problems: [String] = []
                let log = lab.log(mutatingOnly: true)
                let puts = Self.count("PutKeyPolicy", in: log)
                if puts != 1 { problems.append("PutKeyPolicy was sent \(puts) times, expected exactly once") }
                let scales = Self.count("UpdateNodegroupConfig", in: log)
                if scales != 2 { problems.append("UpdateNodegroupConfig was sent \(scales) times, expected 2 (to 0, back to 1)") }
                let nodes = lab.kubectl(["get", "nodes", "--selector=eks.amazonaws.com/nodegroup=new_nodegroup_1", "-o", "json"])
                let ready = (try? JSONParser.parse(nodes.output))?["items"]?.arrayValue?.filter { node in
                    node["status"]?["conditions"]?.arrayValue?.contains {
                        $0["type"] == "Ready" && $0["status"] == "True"
                    } ?? false
                }.count ?? 0
                if ready != 1 { problems.append("\(ready) Ready node(s) in new_nodegroup_1, expected 1") }
                return problems
            })
    }

    @Test("killed after each journal record (and torn mid-record), resumed: repaired, each change sent once")
    func killEverywhere() throws {
        let runs = NSTemporaryDirectory() + "flagship-crash-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: runs) }
        let harness = Self.crashHarness(runs: runs)
        let records = try harness.cleanRecordCount()
        // Every record boundary; torn writes at a spread of points (the torn tail is what resume must ignore).
        var points = (1...records).map { CrashHarness.KillPoint.record($0, torn: false) }
        points += stride(from: 2, through: records, by: max(records / 6, 1)).map { .record($0, torn: true) }
        #expect(points.count >= 20, "only \(points.count) kill points")
        var failures: [String] = []
        var killed = 0
        for point in points {
            let outcome = try harness.run(point)
            if outcome.killed { killed += 1 }
            if !outcome.problems.isEmpty {
                failures.append("\(point): \(outcome.problems.joined(separator: "; "))\n\(outcome.transcript.suffix(3000))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(points.count) kill points failed:\n\(failures.prefix(3).joined(separator: "\n---\n"))")
        #expect(killed >= 20, "only \(killed) of \(points.count) points actually killed the run")
    }
}
