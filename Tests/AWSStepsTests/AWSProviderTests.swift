import AWSClient
import AWSSteps
import Engine
import RunbookCore
import RunbookDSL
import Testing

@Suite("the aws provider")
struct AWSProviderTests {
    static let here = SourceLocation(file: "t.yaml", line: 3, column: 10)

    static func action(_ payload: TemplateValue) -> Action { Action(provider: "aws", payload: payload, location: here) }
    static func literal(_ v: JSONValue) -> TemplateValue { .literal(v, here) }
    static func object(_ members: [(String, TemplateValue)]) -> TemplateValue {
        .object(members.map { TemplateMember(key: $0.0, keyLocation: here, value: $0.1) }, here)
    }
    static func request(_ payload: JSONValue, mutating: Bool) -> StepRequest {
        StepRequest(stepID: "s", action: action(literal(payload)), payload: payload, isMutating: mutating)
    }
    static func context(_ mode: ProviderMode) -> ProviderContext {
        ProviderContext(mode: mode, runID: "r", environment: fakeEnvironment, workingDirectory: "/")
    }

    let models: (String) throws(AWSClientError) -> ServiceModel = { name throws(AWSClientError) in try ModelLoader(dataFolder: nil).load(name) }

    @Test("the CLI form: kebab names, shorthand values, waiters")
    func cliForm() throws {
        let call = try AWSCall.parse(
            "eks update-nodegroup-config --cluster-name c --nodegroup-name ng --scaling-config desiredSize=0", models: models)
        #expect(call.service == "eks")
        #expect(call.operation == "UpdateNodegroupConfig")
        #expect(call.parameters == ["clusterName": "c", "nodegroupName": "ng", "scalingConfig": ["desiredSize": 0]])
        #expect(call.commandLine == "aws eks update-nodegroup-config --cluster-name c --nodegroup-name ng --scaling-config '{\"desiredSize\":0}'")
        let wait = try AWSCall.parse("eks wait nodegroup-active --cluster-name c --nodegroup-name ng", models: models)
        #expect(wait.waiter == "NodegroupActive")
        #expect(wait.operation == "DescribeNodegroup")
        #expect(throws: AWSClientError.self) { try AWSCall.parse("eks describe-nodegrup --cluster-name c", models: models) }
    }

    @Test("the structured form: model names, wait-for, expect-errors")
    func structuredForm() throws {
        let call = try AWSCall.parse(
            ["service": "iam", "operation": "get-role", "parameters": ["RoleName": "r"], "expect-errors": ["NoSuchEntity"]], models: models)
        #expect(call.operation == "GetRole")
        #expect(call.expectedErrors == ["NoSuchEntity"])
        let wait = try AWSCall.parse(
            ["service": "eks", "wait-for": "nodegroup-active", "parameters": ["clusterName": "c", "nodegroupName": "n"], "delay": "2s"],
            models: models)
        #expect(wait.waiter == "NodegroupActive")
        #expect(wait.delay == 2)
    }

    @Test("read-only or mutating from the model; unknown calls are mutating")
    func classification() {
        let p = AWSProvider(environment: fakeEnvironment)
        #expect(!p.isMutating(Self.action(Self.literal("eks describe-nodegroup --cluster-name c --nodegroup-name n"))))
        #expect(!p.isMutating(Self.action(Self.literal("eks wait nodegroup-active --cluster-name c --nodegroup-name n"))))
        #expect(p.isMutating(Self.action(Self.literal("kms put-key-policy --key-id k --policy-name default --policy {}"))))
        #expect(p.isMutating(Self.action(Self.literal("kms no-such-thing"))))
        #expect(!p.isMutating(Self.action(Self.object([("service", Self.literal("kms")), ("operation", Self.literal("GetKeyPolicy"))]))))
        #expect(p.isMutating(Self.action(Self.object([("service", Self.literal("kms")), ("operation", Self.literal("PutKeyPolicy"))]))))
    }

    @Test("validation names the closest operation and parameter")
    func validation() {
        let p = AWSProvider(environment: fakeEnvironment)
        let op = p.validate(Self.action(Self.literal("eks describe-nodegrop --cluster-name c --nodegroup-name n")))
        #expect(op.first?.hint == "did you mean 'describe-nodegroup'?")
        #expect(op.first?.location == Self.here)
        let template = Template(
            parts: [.text("eks describe-nodegroup --cluster c --nodegroup-name "), .expression(ExpressionSource(text: "params.n", map: SourceMap(start: Self.here)))],
            location: Self.here)
        let param = p.validate(Self.action(.template(template)))
        #expect(param.first?.message == "eks describe-nodegroup has no parameter '--cluster'")
        #expect(param.first?.hint == "did you mean '--cluster-name'?")
        let structured = p.validate(Self.action(Self.object([("service", Self.literal("kms")), ("operation", Self.literal("PutKeyPolicyy"))])))
        #expect(structured.first?.hint == "did you mean 'PutKeyPolicy'?")
    }

    @Test("structured parameters are type-checked from the model, with did-you-mean")
    func payloadShape() {
        let p = AWSProvider(environment: fakeEnvironment)
        let payload = Self.object([
            ("service", Self.literal("kms")), ("operation", Self.literal("PutKeyPolicy")),
            ("parameters", Self.object([("KeyID", Self.literal("k")), ("Policy", Self.literal("{}"))])),
        ])
        let step = Step(id: "s", action: Self.action(payload), location: Self.here)
        let runbook = Runbook(file: "t.yaml", source: "", name: "t", steps: [step])
        let diagnostics = ProviderRegistry([p]).typeCheck(runbook)
        #expect(diagnostics.contains { $0.hint?.contains("did you mean 'KeyId'") == true }, "\(diagnostics)")
    }

    @Test("in a read-only context the client refuses a mutating call even if asked; nothing is sent")
    func readOnlyRefuses() async throws {
        let fake = FakeAWS([:])
        let p = AWSProvider(environment: fakeEnvironment, transport: fake)
        let out = try await p.execute(
            Self.request(["service": "kms", "operation": "PutKeyPolicy", "parameters": ["KeyId": "k", "Policy": "{}"]], mutating: true),
            context: Self.context(.readOnly))
        #expect(out.failure?.contains("read-only") == true)
        #expect(fake.sent.isEmpty)
    }

    @Test("a service error fails the attempt with the CLI's message, unless expect-errors names it")
    func serviceErrors() async throws {
        let fake = FakeAWS(["DescribeKey": (400, #"{"__type":"NotFoundException","message":"Key 'k' does not exist"}"#)])
        let p = AWSProvider(environment: fakeEnvironment, transport: fake)
        let failing = try await p.execute(
            Self.request(["service": "kms", "operation": "DescribeKey", "parameters": ["KeyId": "k"]], mutating: false), context: Self.context(.live))
        #expect(failing.failure == "An error occurred (NotFoundException) when calling the DescribeKey operation: Key 'k' does not exist")
        #expect(failing.commandLine == "aws kms describe-key --key-id k")
        let expected = try await p.execute(
            Self.request(
                ["service": "kms", "operation": "DescribeKey", "parameters": ["KeyId": "k"], "expect-errors": ["NotFoundException"]], mutating: false),
            context: Self.context(.live))
        #expect(expected.failure == nil)
        #expect(expected.result["Error"]?["Code"] == "NotFoundException")
    }

    @Test("plan: rendered parameters, the aws CLI line, and the key policy diff read with a read-only call")
    func planDiff() async throws {
        let current = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"kms:*","Resource":"*"}]}"#
        let fake = FakeAWS(["GetKeyPolicy": (200, JSONSerializer.serialize(["Policy": .string(current), "PolicyName": "default"], style: .compact))])
        let p = AWSProvider(environment: fakeEnvironment, transport: fake)
        let proposed = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"kms:*","Resource":"*"},{"Sid":"New","Effect":"Allow","Principal":{"AWS":"x"},"Action":"kms:Decrypt","Resource":"*"}]}"#
        let plan = try await p.plan(
            Self.request(["service": "kms", "operation": "PutKeyPolicy", "parameters": ["KeyId": "k1", "PolicyName": "default", "Policy": .string(proposed)]], mutating: true),
            context: Self.context(.readOnly))
        #expect(fake.sent == ["GetKeyPolicy"])
        #expect(plan.summary == "call kms PutKeyPolicy")
        #expect(plan.commandLine?.hasPrefix("aws kms put-key-policy --key-id k1 --policy-name default --policy '{") == true)
        let diff = try #require(plan.diff)
        #expect(diff.hasPrefix("--- current (kms GetKeyPolicy)\n+++ proposed (kms PutKeyPolicy)\n@@ "))
        #expect(diff.contains("+      \"Sid\": \"New\","))
        #expect(!diff.contains("-      \"Action\": \"kms:*\""))
    }

    @Test("unified diff: changes with context, nothing for equal texts")
    func unifiedDiff() {
        #expect(UnifiedDiff.diff("a\nb\n", "a\nb\n", oldLabel: "x", newLabel: "y") == nil)
        #expect(UnifiedDiff.diff("a\nb\nc\n", "a\nB\nc\n", oldLabel: "x", newLabel: "y", context: 1) == "--- x\n+++ y\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c")
    }
}
