import AWSSteps
import Engine
import Foundation
import KubernetesSteps
import RunbookCore
import RunbookDSL
import Testing

/// The providers themselves against the lab: real kubectl (plain and `--tls` with the EKS exec
/// credential plugin), the aws provider against moto with the scenario on top.
extension FlagshipTests {
    static let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    static func request(_ provider: String, _ payload: JSONValue, mutating: Bool = false) -> StepRequest {
        StepRequest(
            stepID: "s", action: Action(provider: provider, payload: .literal(payload, here), location: here), payload: payload,
            isMutating: mutating)
    }

    func context(_ mode: ProviderMode, environment: [String: String]? = nil) -> ProviderContext {
        ProviderContext(mode: mode, runID: "t", environment: environment ?? lab.environment, workingDirectory: Lab.repository.path)
    }

    @Test("kubectl provider: a selector matching nothing is an empty list; kubectl errors surface with their message")
    func kubectlAgainstLab() async throws {
        try lab.reset("missing-worker-nodes")
        let p = KubectlProvider()
        let none = try await p.execute(
            Self.request("kubectl", "get nodes --selector=eks.amazonaws.com/nodegroup=new_nodegroup_1"), context: context(.readOnly))
        #expect(none.failure == nil)
        #expect(none.result["items"] == .array([]))
        let all = try await p.execute(Self.request("kubectl", "get nodes"), context: context(.readOnly))
        #expect(all.result["items"]?.arrayValue?.count == 3)
        let wait = try await p.execute(
            Self.request("kubectl", "wait --for=condition=ready nodes --selector=eks.amazonaws.com/nodegroup=new_nodegroup_1 --timeout=5s"),
            context: context(.readOnly))
        #expect(wait.failure == "kubectl exited with status 1: error: no matching resources found")
        let missing = try await p.execute(Self.request("kubectl", "get node no-such-node"), context: context(.readOnly))
        #expect(missing.failure?.contains(#"Error from server (NotFound): nodes "no-such-node" not found"#) == true)
        let ready = try await p.execute(
            Self.request("kubectl", "wait --for=condition=ready nodes --selector=eks.amazonaws.com/nodegroup=default --timeout=10s"),
            context: context(.readOnly))
        #expect(ready.failure == nil)
        #expect(ready.result["lines"]?.arrayValue?.count == 3)
        let badContext = try await p.execute(Self.request("kubectl", ["command": "get nodes", "context": "no-such-context"]), context: context(.readOnly))
        #expect(badContext.failure?.contains("context was not found") == true)
    }

    @Test("kubectl provider through the lab's --tls mode (HTTPS, EKS token from aws eks get-token)",
          .enabled(if: Lab.which("aws") != nil, "the aws CLI is needed for the exec credential plugin"))
    func kubectlOverTLS() async throws {
        let dir = NSTemporaryDirectory() + "runbook-flagship-tls-\(getpid())"
        let up = Lab.lab(["up", "healthy", "--tls", "--state-dir", dir, "--timeout", "120", "--owner-pid", "\(getpid())"])
        defer {
            _ = Lab.lab(["down", "--state-dir", dir])
            try? FileManager.default.removeItem(atPath: dir)
        }
        try #require(up.status == 0, "\(up.output)")
        var env = ProcessInfo.processInfo.environment
        if case .object(let o)? = try? JSONParser.parse(Lab.lab(["env", "--json", "--state-dir", dir]).output) {
            for m in o { env[m.key] = m.value.stringValue ?? "" }
        }
        #expect(env["KUBECONFIG"] != nil)
        let p = KubectlProvider()
        let out = try await p.execute(
            Self.request("kubectl", "get nodes --selector=eks.amazonaws.com/nodegroup=new_nodegroup_1"), context: context(.readOnly, environment: env))
        #expect(out.failure == nil, "\(out.result["stderr"] ?? .null)")
        #expect(out.result["items"]?.arrayValue?.count == 1)
        let log = Lab.lab(["log", "--state-dir", dir, "--service", "kubernetes"]).output
        #expect(log.contains("\"status\": 200"))
    }

    @Test("aws provider: answers shaped like the CLI's, a waiter's last answer, and aws.account from STS")
    func awsAgainstLab() async throws {
        try lab.reset("missing-worker-nodes")
        let p = AWSProvider(environment: lab.environment)
        let ng = try await p.execute(
            Self.request("aws", "eks describe-nodegroup --cluster-name eks-workshop --nodegroup-name new_nodegroup_1"), context: context(.readOnly))
        #expect(ng.failure == nil)
        #expect(ng.result["nodegroup"]?["status"] == "DEGRADED")
        #expect(ng.result["nodegroup"]?["health"]?["issues"]?[0]?["code"] == "AsgInstanceLaunchFailures")
        #expect(ng.commandLine == "aws eks describe-nodegroup --cluster-name eks-workshop --nodegroup-name new_nodegroup_1")
        let waited = try await p.execute(
            Self.request("aws", ["service": "eks", "wait-for": "nodegroup-active", "parameters": ["clusterName": "eks-workshop", "nodegroupName": "default"], "delay": 0.2]),
            context: context(.readOnly))
        #expect(waited.failure == nil)
        #expect(waited.result["nodegroup"]?["status"] == "ACTIVE")
        let runbook = Runbook(file: "t.yaml", source: "aws.account", name: "t")
        let resolved = await AWSRunContext.resolve(runbook, params: ["region": "us-west-2"], environment: lab.environment)
        #expect(resolved.value["account"] == "123456789012")
        #expect(resolved.value["region"] == "us-west-2")
    }

    @Test("aws provider in a dry run: a mutating call is refused by the client and never reaches the lab")
    func awsDryRunRefuses() async throws {
        try lab.reset("missing-worker-nodes")
        let p = AWSProvider(environment: lab.environment)
        let key = lab.environment["NEW_KMS_KEY_ID"] ?? ""
        let out = try await p.execute(
            Self.request("aws", ["service": "kms", "operation": "PutKeyPolicy", "parameters": ["KeyId": .string(key), "Policy": "{}"]], mutating: true),
            context: context(.readOnly))
        #expect(out.failure?.contains("read-only") == true)
        let plan = try await p.plan(
            Self.request("aws", "eks update-nodegroup-config --cluster-name eks-workshop --nodegroup-name new_nodegroup_1 --scaling-config desiredSize=0", mutating: true),
            context: context(.readOnly))
        #expect(plan.diff?.contains("-    \"desiredSize\": 1\n+    \"desiredSize\": 0") == true, "\(plan.diff ?? "")")
        #expect(lab.log(mutatingOnly: true).isEmpty)
    }
}
