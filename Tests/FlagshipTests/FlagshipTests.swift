import Foundation
import RunbookCore
import Testing

/// The flagship runbook, end to end: the built `runbook` binary against the lab, every scenario.
/// Skipped (with the reason) when Python with moto, or kubectl, is missing.
@Suite("missing-worker-nodes against the lab", .serialized, .enabled(if: Lab.unavailable == nil, "\(Lab.unavailable ?? "")"))
struct FlagshipTests {
    /// One run's JSON events.
    struct Events {
        let status: Int32
        let lines: [JSONValue]
        let text: String

        init(_ result: (status: Int32, output: String)) {
            status = result.status
            text = result.output
            lines = result.output.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        }

        /// Names of the findings raised, in order.
        var findings: [String] { lines.filter { $0["event"] == "finding" }.compactMap { $0["name"]?.stringValue } }
        /// Step id -> final state.
        var states: [String: String] {
            var out: [String: String] = [:]
            for l in lines where l["event"] == "step_finished" {
                if let s = l["step"]?.stringValue { out[s] = l["state"]?.stringValue }
            }
            return out
        }
        /// Steps whose mutating request was planned (shown), by id, with the plan.
        var planned: [String: JSONValue] {
            var out: [String: JSONValue] = [:]
            for l in lines where l["event"] == "request_planned" { if let s = l["step"]?.stringValue { out[s] = l } }
            return out
        }
    }

    /// The fix steps of the runbook.
    static let fixSteps = [
        "create_service_role", "cancel_key_deletion", "enable_key", "fix_key_policy", "fix_default_key_policy", "scale_up",
    ]

    /// Per scenario: the findings the diagnosis must raise and the fixes that must run (and no other).
    static let variants: [(scenario: String, findings: Set<String>, fixes: Set<String>)] = [
        ("missing-worker-nodes", ["nodes-missing", "key-policy-gap"], ["fix_key_policy", "scale_up"]),
        ("key-disabled", ["nodes-missing", "key-disabled"], ["enable_key", "scale_up"]),
        ("key-pending-deletion", ["nodes-missing", "key-pending-deletion", "key-disabled"], ["cancel_key_deletion", "enable_key", "scale_up"]),
        ("grant-only", ["nodes-missing"], ["scale_up"]),
        ("no-service-linked-role", ["nodes-missing", "service-linked-role-missing", "key-policy-gap"], ["create_service_role", "fix_key_policy", "scale_up"]),
        ("default-ebs-key", ["nodes-missing", "default-ebs-key-policy-gap"], ["fix_default_key_policy", "scale_up"]),
    ]

    let lab = Lab.shared

    /// The node group's Ready nodes, through kubectl.
    func readyNodes() -> [String] {
        let r = lab.kubectl(["get", "nodes", "--selector=eks.amazonaws.com/nodegroup=new_nodegroup_1", "-o", "json"])
        guard r.status == 0, let list = try? JSONParser.parse(r.output) else { return [] }
        return (list["items"]?.arrayValue ?? []).compactMap { node in
            let ready = node["status"]?["conditions"]?.arrayValue?.contains { $0["type"] == "Ready" && $0["status"] == "True" } ?? false
            return ready ? node["metadata"]?["name"]?.stringValue : nil
        }
    }

    @Test("the workshop's broken node group is repaired, reported, and a second run finds nothing")
    func brokenScenarioRepaired() throws {
        try lab.reset("missing-worker-nodes")
        #expect(readyNodes().isEmpty)
        let report = lab.stateDir + "/report.md"
        let run = lab.runbook(["run", "missing-worker-nodes", "--yes", "--report", report])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("fixed 'key-policy-gap', verified"))
        #expect(run.output.contains("repaired:"))
        #expect(readyNodes().count == 1)
        let markdown = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
        #expect(markdown.contains("key-policy-gap"))
        #expect(markdown.contains("aws kms put-key-policy"))
        // Every existing statement was kept, and the two statements were added.
        let statements = lab.state()["key"]?["policy"]?["Statement"]?.arrayValue ?? []
        #expect(statements.count == 3, "\(statements)")
        #expect(statements.first?["Principal"]?["AWS"] == "arn:aws:iam::123456789012:root")
        let sids = statements.compactMap { $0["Sid"]?.stringValue }
        #expect(sids.contains("AllowAttachmentOfPersistentResources"))

        // A second run: healthy at once, nothing sent that changes anything.
        _ = Lab.lab(["log", "--clear", "--state-dir", lab.stateDir])
        let again = lab.runbook(["run", "missing-worker-nodes", "--yes"])
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.contains("healthy:"))
        #expect(lab.log(mutatingOnly: true).isEmpty)
    }

    @Test("each variant: the right findings, only the right fixes, and a Ready node", arguments: Self.variants.map(\.scenario))
    func variant(_ scenario: String) throws {
        let expected = try #require(Self.variants.first { $0.scenario == scenario })
        try lab.reset(scenario)
        let events = Events(lab.runbook(["run", "missing-worker-nodes", "--yes", "--output", "json"]))
        #expect(events.status == 0, "\(events.text)")
        #expect(Set(events.findings) == expected.findings, "findings: \(events.findings)")
        let states = events.states
        for fix in Self.fixSteps {
            if expected.fixes.contains(fix) {
                #expect(states[fix] == "fixed", "\(fix) should have fixed its finding: \(states[fix] ?? "not run")")
            } else {
                #expect(states[fix] == "skipped", "\(fix) must not run in \(scenario): \(states[fix] ?? "not run")")
            }
        }
        #expect(readyNodes().count == 1)
        // Nothing was changed that the variant does not need.
        let writes = Set(lab.log(mutatingOnly: true).compactMap { $0["operation"]?.stringValue })
        if !expected.fixes.contains("fix_key_policy") && !expected.fixes.contains("fix_default_key_policy") {
            #expect(!writes.contains("PutKeyPolicy"))
        }
        if !expected.fixes.contains("enable_key") { #expect(!writes.contains("EnableKey")) }
    }

    @Test("a healthy node group ends early and nothing is changed")
    func healthyIsNoOp() throws {
        try lab.reset("healthy")
        let events = Events(lab.runbook(["run", "missing-worker-nodes", "--yes", "--output", "json"]))
        #expect(events.status == 0, "\(events.text)")
        #expect(events.findings.isEmpty)
        #expect(events.states["nodegroup"] == "passed")
        #expect(events.states["scale_down"] == "skipped")
        #expect(lab.log(mutatingOnly: true).isEmpty)
    }

    @Test("a dry run sends no mutating request, and shows the key policy diff", arguments: Self.variants.map(\.scenario) + ["healthy"])
    func dryRunSendsNothingMutating(_ scenario: String) throws {
        try lab.reset(scenario)
        let events = Events(lab.runbook(["run", "missing-worker-nodes", "--dry-run", "--output", "json"]))
        #expect(events.status == (scenario == "healthy" ? 0 : 1), "\(events.text)")
        let mutating = lab.log(mutatingOnly: true)
        #expect(mutating.isEmpty, "mutating requests in a dry run: \(mutating)")
        #expect(!lab.log().isEmpty)
        if let expected = Self.variants.first(where: { $0.scenario == scenario }) {
            #expect(Set(events.findings) == expected.findings.subtracting(["key-disabled"]).union(scenario == "key-disabled" ? ["key-disabled"] : []))
        }
        if scenario == "missing-worker-nodes" || scenario == "default-ebs-key" {
            let step = scenario == "missing-worker-nodes" ? "fix_key_policy" : "fix_default_key_policy"
            let diff = events.planned[step]?["diff"]?.stringValue ?? ""
            #expect(diff.contains("--- current (kms GetKeyPolicy)"))
            #expect(diff.contains("+      \"Sid\": \"AllowAutoScalingServiceRole\""))
            #expect(diff.contains(" \"AWS\": \"arn:aws:iam::123456789012:root\"") || diff.contains("arn:aws:iam::123456789012:root"))
            #expect(events.planned[step]?["command_line"]?.stringValue?.hasPrefix("aws kms put-key-policy --key-id") == true)
        }
    }

    @Test("without a terminal and without --yes, fixes are refused and the run exits 1 with the findings")
    func nonInteractiveRefusesFixes() throws {
        try lab.reset("missing-worker-nodes")
        let run = lab.runbook(["run", "missing-worker-nodes"])
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("finding key-policy-gap"))
        #expect(run.output.contains("re-run with --yes"))
        #expect(lab.log(mutatingOnly: true).isEmpty)
        #expect(readyNodes().isEmpty)
    }
}
