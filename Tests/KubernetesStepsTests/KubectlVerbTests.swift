import Kubernetes
import RunbookCore
import Testing

@Suite("kubectl command lines")
struct KubectlVerbTests {
    @Test("the verb decides read-only vs mutating; unknown verbs are mutating", arguments: [
        ("get nodes", true), ("describe node x", true), ("logs pod/x -c y", true), ("wait --for=condition=ready nodes -l a=b", true),
        ("top nodes", true), ("auth can-i list pods", true), ("config view", true), ("rollout status deploy/x", true),
        ("--context prod -n kube-system get pods", true), ("--kubeconfig /tmp/k get nodes", true),
        ("delete node x", false), ("apply -f -", false), ("cordon x", false), ("drain x", false), ("scale deploy/x --replicas=0", false),
        ("auth reconcile -f x", false), ("config use-context x", false), ("rollout restart deploy/x", false), ("frobnicate x", false),
        ("-n default", false),
    ])
    func classification(_ line: String, _ readOnly: Bool) throws {
        #expect(KubectlVerb(try ShellWords.split(line)).isReadOnly == readOnly)
    }

    @Test("get gets -o json unless the command chooses an output; context and namespace go first")
    func fullArguments() {
        #expect(KubectlCommand(["get", "nodes"]).fullArguments == ["get", "nodes", "-o", "json"])
        #expect(KubectlCommand(["get", "nodes", "-o", "wide"]).fullArguments == ["get", "nodes", "-o", "wide"])
        #expect(KubectlCommand(["get", "nodes", "-ojsonpath={.items}"]).fullArguments == ["get", "nodes", "-ojsonpath={.items}"])
        #expect(KubectlCommand(["wait", "--for=condition=ready", "nodes"]).fullArguments == ["wait", "--for=condition=ready", "nodes"])
        #expect(
            KubectlCommand(["get", "pods"], context: "prod", namespace: "kube-system").fullArguments
                == ["--context", "prod", "--namespace", "kube-system", "get", "pods", "-o", "json"])
        #expect(KubectlCommand(["--context=lab", "get", "pods"], context: "prod").fullArguments == ["--context=lab", "get", "pods", "-o", "json"])
    }

    @Test("shell words: quotes and escapes, nothing expanded")
    func shellWords() throws {
        #expect(try ShellWords.split("get nodes -l 'a in (x, y)'") == ["get", "nodes", "-l", "a in (x, y)"])
        #expect(try ShellWords.split(#"say "a \"b\" c" d\ e $HOME"#) == ["say", #"a "b" c"#, "d e", "$HOME"])
        #expect(try ShellWords.split("  ") == [])
        #expect(throws: ShellWords.SplitError.self) { try ShellWords.split("get 'nodes") }
        #expect(ShellWords.join(["kubectl", "get", "a b", "it's"]) == #"kubectl get 'a b' 'it'\''s'"#)
    }

    @Test("results: a List's items, one object, nothing found, and kubectl's error text")
    func results() {
        let list = KubectlResult(command: ["kubectl"], exitCode: 0, stdout: #"{"kind":"List","items":[{"kind":"Node"},{"kind":"Node"}]}"#, stderr: "")
        #expect(list.items.count == 2)
        let one = KubectlResult(command: ["kubectl"], exitCode: 0, stdout: #"{"kind":"Node","metadata":{"name":"a"}}"#, stderr: "")
        #expect(one.items.count == 1)
        let none = KubectlResult(command: ["kubectl"], exitCode: 0, stdout: "", stderr: "No resources found\n")
        #expect(none.foundNothing)
        #expect(none.items.isEmpty)
        #expect(none.value["items"] == .array([]))
        let failed = KubectlResult(
            command: ["kubectl"], exitCode: 1, stdout: "", stderr: "I1125 noise\nError from server (NotFound): nodes \"x\" not found\n")
        #expect(failed.errorMessage == #"Error from server (NotFound): nodes "x" not found"#)
        #expect(!failed.succeeded)
    }
}
