import Engine
import Kubernetes
import KubernetesSteps
import RunbookCore
import RunbookDSL
import ShellSteps
import Synchronization
import Testing

/// A process runner that runs nothing: it records each argv and answers from a script.
final class FakeKubectl: ProcessRunner {
    let calls = Mutex<[[String]]>([])
    let answer: @Sendable ([String]) throws(ProcessLaunchError) -> ProcessResult

    init(_ answer: @escaping @Sendable ([String]) throws(ProcessLaunchError) -> ProcessResult) { self.answer = answer }

    func run(_ arguments: [String], environment: [String: String], workingDirectory: String?, input: String?, timeout: Duration?)
        async throws(ProcessLaunchError) -> ProcessResult
    {
        calls.withLock { $0.append(arguments) }
        return try answer(arguments)
    }
}

@Suite("the kubectl provider")
struct KubectlProviderTests {
    static let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    static func action(_ payload: TemplateValue) -> Action { Action(provider: "kubectl", payload: payload, location: here) }
    static func literal(_ s: String) -> TemplateValue { .literal(.string(s), here) }
    static func request(_ payload: JSONValue, mutating: Bool = false) -> StepRequest {
        StepRequest(stepID: "s", action: action(.literal(payload, here)), payload: payload, isMutating: mutating)
    }
    static func context(_ mode: ProviderMode) -> ProviderContext {
        ProviderContext(mode: mode, runID: "r", environment: ["PATH": "/usr/bin"], workingDirectory: "/")
    }

    @Test("isMutating comes from the verb as written, templates in values allowed")
    func mutating() {
        let p = KubectlProvider(kubectl: KubectlRunner(runner: FakeKubectl { _ in ProcessResult(exitCode: 0, stdout: "", stderr: "", timedOut: false) }))
        #expect(!p.isMutating(Self.action(Self.literal("get nodes"))))
        #expect(p.isMutating(Self.action(Self.literal("delete node x"))))
        let template = Template(parts: [.text("get nodes -l a="), .expression(ExpressionSource(text: "params.x", map: SourceMap(start: Self.here)))], location: Self.here)
        #expect(!p.isMutating(Self.action(.template(template))))
        let verbFromTemplate = Template(parts: [.expression(ExpressionSource(text: "params.verb", map: SourceMap(start: Self.here))), .text(" nodes")], location: Self.here)
        #expect(p.isMutating(Self.action(.template(verbFromTemplate))))
    }

    @Test("get runs with -o json and the step's context; the result has items")
    func getWithContext() async throws {
        let fake = FakeKubectl { _ in ProcessResult(exitCode: 0, stdout: #"{"kind":"List","items":[{"kind":"Node","metadata":{"name":"n1"}}]}"#, stderr: "", timedOut: false) }
        let p = KubectlProvider(kubectl: KubectlRunner(runner: fake), defaultContext: "default-ctx")
        let out = try await p.execute(Self.request(["command": "get nodes -l a=b", "context": "lab"]), context: Self.context(.readOnly))
        #expect(out.failure == nil)
        #expect(out.result["items"]?[0]?["metadata"]?["name"] == "n1")
        #expect(fake.calls.withLock { $0 } == [["kubectl", "--context", "lab", "get", "nodes", "-l", "a=b", "-o", "json"]])
        _ = try await p.execute(Self.request("get nodes"), context: Self.context(.live))
        #expect(fake.calls.withLock { $0.last } == ["kubectl", "--context", "default-ctx", "get", "nodes", "-o", "json"])
    }

    @Test("a failed command is a result with kubectl's message, not a thrown error; expect-exit accepts it")
    func failureIsResult() async throws {
        let fake = FakeKubectl { _ in ProcessResult(exitCode: 1, stdout: "", stderr: "error: no matching resources found\n", timedOut: false) }
        let p = KubectlProvider(kubectl: KubectlRunner(runner: fake))
        let out = try await p.execute(Self.request("wait --for=condition=ready nodes -l x=y"), context: Self.context(.live))
        #expect(out.failure == "kubectl exited with status 1: error: no matching resources found")
        #expect(out.result["exit_code"] == 1)
        let accepted = try await p.execute(Self.request(["command": "wait nodes", "expect-exit": [0, 1]]), context: Self.context(.live))
        #expect(accepted.failure == nil)
    }

    @Test("a dry run never starts a mutating command, and the plan shows it")
    func dryRun() async throws {
        let fake = FakeKubectl { _ in ProcessResult(exitCode: 0, stdout: "", stderr: "", timedOut: false) }
        let p = KubectlProvider(kubectl: KubectlRunner(runner: fake))
        await #expect(throws: StepFailure.self) {
            _ = try await p.execute(Self.request("cordon node-1", mutating: true), context: Self.context(.readOnly))
        }
        #expect(fake.calls.withLock { $0 }.isEmpty)
        let plan = try await p.plan(Self.request("cordon node-1", mutating: true), context: Self.context(.readOnly))
        #expect(plan.commandLine == "kubectl cordon node-1")
        #expect(fake.calls.withLock { $0 }.isEmpty)
    }

    @Test("a missing kubectl is a clear error naming what to install")
    func notInstalled() async throws {
        let p = KubectlProvider(kubectl: KubectlRunner(executable: "/nonexistent/kubectl"))
        do {
            _ = try await p.execute(Self.request("get nodes"), context: Self.context(.live))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("kubectl is not installed"))
            #expect("\(error)".contains("https://kubernetes.io/docs/tasks/tools/"))
        }
    }

    @Test("validation: unknown keys with did-you-mean, 'kubectl' repeated, unclosed quotes")
    func validation() {
        let p = KubectlProvider()
        let bad = TemplateValue.object(
            [TemplateMember(key: "comand", keyLocation: Self.here, value: Self.literal("get nodes"))], Self.here)
        let d = p.validate(Self.action(bad))
        #expect(d.contains { $0.message == "unknown key 'comand' in a kubectl action" && $0.hint == "did you mean 'command'?" })
        #expect(p.validate(Self.action(Self.literal("kubectl get nodes"))).first?.message == "the kubectl command starts with 'kubectl'")
        #expect(p.validate(Self.action(Self.literal("get 'nodes"))).first?.message.contains("unclosed") == true)
        #expect(p.validate(Self.action(Self.literal("get nodes"))).isEmpty)
    }
}
