import Engine
import RunbookCore
import RunbookDSL
import RunbookTesting
import Testing

/// A provider shaped like the AWS one: the payload's shape depends on the operation it names,
/// the way the AWS provider derives it from the botocore input shape.
struct FakeOperationProvider: ActionSchemaProvider {
    let name = "aws"
    func isMutating(_ action: Action) -> Bool { true }
    func plan(_ request: StepRequest, context: ProviderContext) async throws -> StepPlan {
        StepPlan(summary: "", request: .null)
    }
    func execute(_ request: StepRequest, context: ProviderContext) async throws -> StepOutput {
        StepOutput(result: .null)
    }

    func payloadShape(for action: Action) -> ValueShape? {
        guard action.payload["operation"]?.literalValue == "UpdateNodegroupConfig" else { return nil }
        let scaling = ValueShape.object([
            .init("minSize", ValueShape(.integer)), .init("maxSize", ValueShape(.integer)),
            .init("desiredSize", ValueShape(.integer)),
        ])
        return .object([
            .init("service", ValueShape(.string)), .init("operation", ValueShape(.string)),
            .init(
                "parameters",
                .object(
                    [
                        .init("clusterName", ValueShape(.string, description: "the cluster")),
                        .init("nodegroupName", ValueShape(.string)),
                        .init("scalingConfig", scaling),
                        .init("labels", ValueShape(.object([], required: [], open: true))),
                        .init(
                            "taints",
                            ValueShape(
                                .array(
                                    .object([
                                        .init("effect", ValueShape(.string, allowed: ["NO_SCHEDULE", "NO_EXECUTE"]))
                                    ])))),
                    ], required: ["clusterName", "nodegroupName"])),
        ])
    }
}

@Suite("payload type checks")
struct PayloadTypeCheckerTests {
    @Test func namesTypesAndTemplatesAreCheckedAgainstTheShape() throws {
        let marked = MarkedText(
            """
            apiVersion: runbook/v1
            name: t
            params:
              size: {type: integer}
              name: {type: string}
              zones: {type: list}
            steps:
              - id: scale
                aws:
                  service: eks
                  operation: UpdateNodegroupConfig
                  parameters:
                    clusterNme: x
                    nodegroupName: 2️⃣${{ params.zones }}
                    scalingConfig: {desiredSize: 3️⃣"3", minSize: "${{ params.size }}", maxSize: "4️⃣${{ params.name }}"}
                    labels: {any: thing}
                    taints: [{effect: 5️⃣NO_SCHEDUEL}]
              - id: ok
                aws:
                  service: eks
                  operation: UpdateNodegroupConfig
                  parameters:
                    clusterName: "cluster-${{ params.size }}"
                    nodegroupName: ${{ steps.scale.result.name }}
                    scalingConfig: {desiredSize: "${{ length(params.zones) }}"}
            """)
        let (runbook, diagnostics) = RunbookLoader.load(source: marked.text, file: "t.yaml")
        let rb = try #require(runbook, "\(diagnostics.map { $0.rendered() })")
        let found = ProviderRegistry([FakeOperationProvider()]).typeCheck(rb).map { d -> String in
            let marker =
                marked.markers.first { $0.value.line == d.location!.line && $0.value.column == d.location!.column }?.key
                ?? "\(d.location!.line):\(d.location!.column)"
            return "\(marker) \(d.code): \(d.message)" + (d.hint.map { " | \($0)" } ?? "")
        }
        #expect(
            found == [
                "13:9 unknown-key: unknown key 'parameters.clusterNme' in the 'aws' action of step 'scale' | did you mean 'clusterName'?",
                "2️⃣ template-type: 'parameters.nodegroupName' in the 'aws' action of step 'scale' takes a string, but 'params.zones' is a list | convert it with to_string(...), or write it inside text",
                "3️⃣ wrong-type: 'parameters.scalingConfig.desiredSize' in the 'aws' action of step 'scale' must be an integer, not a string",
                "4️⃣ template-type: 'parameters.scalingConfig.maxSize' in the 'aws' action of step 'scale' takes an integer, but 'params.name' is a string | convert it with to_number(...)",
                "5️⃣ invalid-value: 'parameters.taints[0].effect' in the 'aws' action of step 'scale' is 'NO_SCHEDUEL', which is not allowed | did you mean 'NO_SCHEDULE'?",
                "13:9 missing-key: the 'aws' action of step 'scale' has no 'parameters.clusterName', which is required | add 'clusterName: ...' (the cluster)",
            ])
    }

    @Test func expressionTypesAreOnlyClaimedWhenCertain() {
        let params = [Param(name: "n", kind: .integer, location: .init(file: "f", line: 1, column: 1))]
        let cases: [(String, ExpressionTypes.Inferred?)] = [
            ("params.n", .integer), ("'text'", .string), ("`[1]`", .array), ("`3`", .integer), ("a == b", .boolean),
            ("!a", .boolean), ("length(a)", .integer), ("to_string(a) ", .string), ("a", nil), ("a[?b == c]", nil),
            ("length(a) + b", nil), ("steps.x.y", nil), ("'a' || b", .boolean), ("a | b", nil),
        ]
        for (text, type) in cases { #expect(ExpressionTypes.infer(text, params: params) == type, "\(text)") }
    }
}
