import Engine
import Foundation
import PluginSteps
import RunbookCore
import RunbookDSL
import RunbookTesting
import Testing

@Suite("plugin provider", .serialized)
struct PluginProviderTests {
    let provider = PluginProvider(catalog: shippedPlugins)

    @Test func policyEvalAnswersThroughTheRealProcess() async throws {
        let s = try step(
            """
            plugin:
              name: policy-eval
              action: evaluate
              inputs:
                policy: '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}'
                principal: arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling
                actions: [kms:Decrypt, kms:CreateGrant]
            """)
        #expect(!provider.isMutating(s.action))
        let output = try await provider.execute(try request(s), context: context())
        #expect(output.failure == nil, "\(output)")
        #expect(output.result["decision"] == "delegated-to-iam")
        #expect(output.result["denied_actions"] == ["kms:Decrypt", "kms:CreateGrant"])
        #expect(
            output.commandLine?.hasPrefix("echo '{\"protocol\":1,\"plugin\":\"policy-eval\",\"action\":\"evaluate\"")
                == true)
    }

    @Test func anErrorAnswerIsAStepFailure() async throws {
        let s = try step(
            "plugin: {name: policy-eval, action: evaluate, inputs: {policy: '{oops', principal: x, action: y}}")
        let output = try await provider.execute(try request(s), context: context())
        #expect(
            output.failure?.hasPrefix("plugin 'policy-eval': invalid input: policy is not valid JSON") == true,
            "\(output)")
    }

    func scratch(_ script: String, timeout: String = "5s", mutating: String = "false") throws -> PluginProvider {
        let dir = try scratchPlugin(
            "name: scratch\ncommand: [sh, run.sh]\ntimeout: \(timeout)\nactions:\n  go:\n    mutating: \(mutating)\n    inputs: {properties: {word: {type: string}}}\n",
            script: script)
        return PluginProvider(catalog: PluginCatalog.discover(in: [(dir as NSString).deletingLastPathComponent]))
    }

    func run(
        _ provider: PluginProvider, inputs: String = "{word: hi}", environment: [String: String]? = nil,
        timeout: Duration? = nil
    ) async throws -> StepOutput {
        let s = try step("plugin: {name: scratch, inputs: \(inputs)}")
        return try await provider.execute(
            try request(s, timeout: timeout), context: environment.map { context($0) } ?? context())
    }

    @Test func aTimeoutIsAClearFailure() async throws {
        let p = try scratch("cat >/dev/null; sleep 5", timeout: "300ms")
        let started = ContinuousClock.now
        let output = try await run(p)
        #expect(output.failure == "plugin 'scratch' timed out after 300ms")
        #expect(ContinuousClock.now - started < .seconds(4))
        let overridden = try await run(p, timeout: .milliseconds(200))
        #expect(
            overridden.failure == "plugin 'scratch' timed out after 200ms", "a step's timeout overrides the manifest's")
    }

    @Test func aNonZeroExitShowsStderr() async throws {
        let output = try await run(
            try scratch("cat >/dev/null; echo 'starting' >&2; echo 'cannot reach the API' >&2; exit 3"))
        #expect(output.failure == "plugin 'scratch' exited with status 3: cannot reach the API")
        #expect(output.log == "starting\ncannot reach the API\n")
    }

    @Test func malformedOutputIsAClearFailure() async throws {
        let notJSON = try await run(try scratch("cat >/dev/null; echo hello"))
        #expect(
            notJSON.failure?.hasPrefix(
                "plugin 'scratch' wrote malformed output: expected one JSON object on stdout, got 'hello'") == true,
            "\(notJSON)")
        let noResult = try await run(try scratch("cat >/dev/null; echo '{\"answer\": 1}'"))
        #expect(
            noResult.failure
                == "plugin 'scratch' wrote malformed output: expected {\"result\": ...} or {\"error\": \"...\"}, got {\"answer\":1}"
        )
        let nothing = try await run(try scratch("cat >/dev/null"))
        #expect(nothing.failure?.contains("got nothing") == true)
    }

    @Test func thePluginSeesTheRequestAndNoCredentials() async throws {
        let p = try scratch(
            #"read -r request; printf '{"result": {"request": %s, "word": "%s", "secret": "%s", "path": "%s"}}' "$request" "$RUNBOOK_INPUT_WORD" "${AWS_SECRET_ACCESS_KEY:-none}" "${PATH:+set}""#
        )
        let output = try await run(
            p, environment: ["PATH": "/usr/bin:/bin", "AWS_SECRET_ACCESS_KEY": "s3cr3t", "AWS_SESSION_TOKEN": "t"])
        #expect(output.failure == nil, "\(output)")
        #expect(output.result["word"] == "hi")
        #expect(output.result["secret"] == "none")
        #expect(output.result["path"] == "set")
        let request = try #require(output.result["request"])
        #expect(request["protocol"] == 1)
        #expect(request["action"] == "go")
        #expect(request["inputs"] == ["word": "hi"])
        #expect(request["context"]?["step"] == "s")
        #expect(request["context"]?["dry_run"] == false)
    }

    @Test func mutatingComesFromTheManifestPerInput() throws {
        #expect(!provider.isMutating(try step("plugin: {name: notify, inputs: {file: out.md}}").action))
        #expect(
            provider.isMutating(
                try step("plugin: {name: notify, inputs: {file: out.md, webhook: 'http://127.0.0.1:1/'}}").action))
        #expect(provider.isMutating(try step("plugin: {name: nope}").action), "an unknown plugin counts as mutating")
    }

    @Test func aReadOnlyRunRefusesAMutatingPlugin() async throws {
        let p = try scratch("echo '{\"result\": 1}'", mutating: "true")
        let s = try step("plugin: {name: scratch, inputs: {word: hi}}")
        await #expect(throws: StepFailure.self) {
            try await p.execute(try request(s), context: context(mode: .readOnly))
        }
        let plan = try await p.plan(try request(s), context: context(mode: .noCalls))
        #expect(plan.summary == "run plugin 'scratch' action 'go'")
        #expect(plan.request["inputs"] == ["word": "hi"])
    }

    @Test func validationNamesPluginsActionsAndInputs() throws {
        let marked = MarkedText(
            """
            apiVersion: runbook/v1
            name: t
            steps:
              - id: a
                plugin: {name: 1️⃣polcy-eval, inputs: {}}
              - id: b
                plugin: {name: policy-eval, action: 2️⃣evalute, inputs: {policy: x, principal: y}}
              - id: c
                plugin:
                  name: policy-eval
                  action: evaluate
                  inputs:
                    3️⃣principals: x
                    policy: 4️⃣[1]
                    actions: 5️⃣kms:Decrypt
              - id: d
                plugin: 6️⃣{name: policy-eval}
            """)
        let (runbook, _) = RunbookLoader.load(source: marked.text, file: "t.yaml")
        let registry = ProviderRegistry([provider])
        let diagnostics = registry.validate(try #require(runbook)) + registry.typeCheck(try #require(runbook))
        let found = Set(
            diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message) | \($0.hint ?? "")" })
        func at(_ m: String) -> String { "\(marked.markers[m]!.line):\(marked.markers[m]!.column)" }
        let expected: Set<String> = [
            "\(at("1️⃣")) no plugin named 'polcy-eval' | did you mean 'policy-eval'?",
            "\(at("2️⃣")) plugin 'policy-eval' has no action 'evalute' | did you mean 'evaluate'?",
            "\(at("3️⃣")) unknown key 'inputs.principals' in the 'plugin' action of step 'c' | did you mean 'principal'?",
            "13:9 the 'plugin' action of step 'c' has no 'inputs.principal', which is required | add 'principal: ...' (Who asks: a role or user ARN, an assumed-role session ARN, an account id, or a service principal such as autoscaling.amazonaws.com.)",
            "\(at("4️⃣")) 'inputs.policy' in the 'plugin' action of step 'c' must be an object or a string, not a list | ",
            "\(at("5️⃣")) 'inputs.actions' in the 'plugin' action of step 'c' must be a list, not a string | ",
            "\(at("6️⃣")) plugin 'policy-eval' needs an 'action' | plugin 'policy-eval' has several actions; add 'action:' with one of evaluate, add-statements",
        ]
        #expect(found.subtracting(expected) == [], "unexpected")
        #expect(expected.subtracting(found) == [], "missing")
    }

    @Test func aDryRunOfARunbookSkipsTheWebhookButWritesTheFile() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let yaml = """
            apiVersion: runbook/v1
            name: t
            steps:
              - id: file
                plugin: {name: notify, inputs: {file: "\(dir)/out.md", title: "dry ${{ run.id }}", findings: "${{ run.findings }}"}}
              - id: hook
                plugin: {name: notify, inputs: {webhook: "http://127.0.0.1:9/", title: never}}
            """
        let (runbook, diagnostics) = RunbookLoader.load(source: yaml, file: "t.yaml")
        let rb = try #require(runbook, "\(diagnostics)")
        let registry = ProviderRegistry([provider])
        var machine = RunStateMachine(
            .init(
                runbook: rb, params: JSONObject(), runID: "r-9", dryRun: true,
                mutating: rb.steps.map(registry.isMutating)))
        let driver = RunDriver(
            registry: registry, clock: TestClock(), approver: ApproveAll(),
            providerContext: context(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]))
        let summary = await driver.run(&machine)
        #expect(summary.steps.map(\.state) == [.passed, .skipped])
        #expect(summary.steps[1].message == "dry run: mutating request not sent")
        let text = try String(contentsOfFile: dir + "/out.md", encoding: .utf8)
        #expect(
            text.contains("## dry r-9 (") && text.contains("(dry run)") && text.contains("findings: 0 raised, 0 open"))
    }
}
