import Engine
import RunbookCore
import RunbookReplay
import Testing

@Suite("call matching")
struct CallMatcherTests {
    @Test(arguments: [
        ("aws eks *", "aws eks describe-nodegroup --name x", true),
        ("*--name x", "aws eks describe-nodegroup --name x", true),
        ("aws eks", "aws eks describe-nodegroup", false),
        ("a?c", "abc", true),
        ("a*b*c", "a--b--c", true),
        ("a*b", "a*b", true),
        ("a*", "a*b", true),
        ("*", "", true),
        ("x*y", "xay z", false),
    ])
    func globs(pattern: String, text: String, matches: Bool) {
        #expect(CallMatcher.glob(pattern, text) == matches)
    }

    func entry(_ criteria: JSONObject, kind: String = "shell", step: String? = nil) -> CallEntry {
        CallEntry(
            kind: kind, criteria: criteria, step: step, answers: [.answer(.null)],
            location: .init(file: "t", line: 1, column: 1))
    }

    @Test func whiteSpaceRunsCountAsOneSpace() {
        let call = RecordedCall(kind: "shell", selector: ["shell": "kubectl get nodes \\\n    -o json"])
        #expect(CallMatcher.matches(entry(["shell": "kubectl get nodes \\ -o json"]), call, stepID: "s"))
        #expect(CallMatcher.matches(entry(["shell": "kubectl   get *"]), call, stepID: "s"))
        #expect(!CallMatcher.matches(entry(["shell": "kubectl get pods*"]), call, stepID: "s"))
    }

    @Test func parametersMatchPartially() {
        let call = RecordedCall(
            kind: "plugin", selector: ["plugin": "policy-eval", "action": "evaluate"], parametersKey: "inputs",
            parameters: ["principal": "arn:role", "context": ["a": 1, "b": 2], "actions": ["x", "y"]])
        #expect(CallMatcher.matches(entry(["plugin": "policy-eval"], kind: "plugin"), call, stepID: "s"))
        #expect(
            CallMatcher.matches(
                entry(["plugin": "policy-*", "inputs": ["context": ["b": 2]]], kind: "plugin"), call, stepID: "s"))
        #expect(
            !CallMatcher.matches(
                entry(["plugin": "policy-eval", "inputs": ["principal": "arn:*"]], kind: "plugin"), call, stepID: "s"),
            "parameters compare exactly, without wildcards")
        #expect(
            !CallMatcher.matches(
                entry(["plugin": "policy-eval", "inputs": ["actions": ["x"]]], kind: "plugin"), call, stepID: "s"))
        #expect(
            !CallMatcher.matches(
                entry(["plugin": "policy-eval", "action": "add-statements"], kind: "plugin"), call, stepID: "s"))
        #expect(!CallMatcher.matches(entry(["plugin": "policy-eval"], kind: "shell"), call, stepID: "s"))
        #expect(
            !CallMatcher.matches(entry(["plugin": "policy-eval"], kind: "plugin", step: "other"), call, stepID: "s"))
    }

    @Test func aGenericCallMatchesItsPayloadPartially() {
        let call = RecordedCall(
            kind: "aws",
            selector: ["aws": ["service": "eks", "operation": "DescribeNodegroup", "params": ["clusterName": "c"]]])
        #expect(
            CallMatcher.matches(
                entry(["aws": ["service": "eks", "operation": "Describe*"]], kind: "aws"), call, stepID: "s"))
        #expect(
            !CallMatcher.matches(
                entry(["aws": ["service": "eks", "params": ["clusterName": "d"]]], kind: "aws"), call, stepID: "s"))
    }

    @Test func answersComeInOrderAndTheLastRepeats() {
        var e = entry(["shell": "x"])
        e.answers = [.answer(1), .answer(2)]
        let tape = Tape([e])
        let call = RecordedCall(kind: "shell", selector: ["shell": "x"])
        let answers = (0..<3).map { _ in tape.answer(call, stepID: "s", template: .answer(.null)) }
        #expect(answers == [.answer(1), .answer(2), .answer(2)])
        #expect(
            tape.answer(RecordedCall(kind: "shell", selector: ["shell": "y"]), stepID: "t", template: .answer(.null))
                == nil)
        #expect(tape.unanswered.map(\.stepID) == ["t"])
        #expect(tape.unused.isEmpty)
    }
}
