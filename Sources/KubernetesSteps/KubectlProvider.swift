package import Engine
import Foundation
package import Kubernetes
import RunbookCore
package import RunbookDSL

/// `kubectl`: runs the real kubectl against the user's cluster (their `KUBECONFIG` and context).
///
/// ```yaml
/// kubectl: get nodes --selector=eks.amazonaws.com/nodegroup=${{ params.nodegroup }}
/// kubectl:
///   command: wait --for=condition=ready nodes --selector=... --timeout=120s   # or args: [wait, ...]
///   context: prod-admin        # default: `runbook run --context`, then the kubeconfig's current context
///   namespace: kube-system
///   kubeconfig: ~/.kube/prod   # default: KUBECONFIG, then ~/.kube/config
///   stdin: "${{ steps.manifest.yaml }}"
///   expect-exit: [0, 1]        # exit statuses that are not a failure (default [0])
/// ```
///
/// The string form is split into words like a shell would (quotes respected, nothing expanded)
/// after templates are rendered; use `args:` when a rendered value may hold spaces or quotes.
///
/// The result is `{items, json, exit_code, stdout, stderr, lines, error, timed_out, command}`:
/// `get` gets `-o json` unless the command chooses an output, `json` is stdout parsed, `items`
/// the objects it holds (a list's items, one object as a one-element list, `[]` for "No resources
/// found"). A non-zero exit fails the attempt with kubectl's own error message (retries apply).
///
/// The verb decides whether a step is read-only (`get`, `describe`, `logs`, `wait`, `top`,
/// `auth can-i`, `config view`, ...); every other verb, unknown ones and plugins included, is
/// mutating: it needs approval, and a dry run shows the command without running it. In a
/// read-only context this provider refuses to start a mutating command even if asked.
package struct KubectlProvider: StepProvider {
    /// Keys of the mapping form.
    package static let keys = ["command", "args", "context", "namespace", "kubeconfig", "stdin", "expect-exit"]

    /// The action key.
    package let name = "kubectl"
    /// Runs kubectl.
    package let kubectl: KubectlRunner
    /// The context when a step names none (`runbook run --context`).
    package let defaultContext: String?

    /// A provider running `kubectl` (see ``KubectlRunner``), with an optional default context.
    package init(kubectl: KubectlRunner = KubectlRunner(environment: ProcessInfo.processInfo.environment), defaultContext: String? = nil) {
        self.kubectl = kubectl
        self.defaultContext = defaultContext
    }

    /// Mutating unless the verb, as written, is known to be read-only.
    package func isMutating(_ action: Action) -> Bool {
        guard let words = Self.staticWords(action.payload) else { return true }
        return !KubectlVerb(words).isReadOnly
    }

    /// `kubectl <command as written>`.
    package func describe(_ action: Action) -> String {
        let payload = action.payload
        let command: TemplateValue? = payload.members == nil ? payload : (payload["command"] ?? payload["args"])
        guard let command else { return "kubectl" }
        switch command {
        case .template(let t): return "kubectl " + t.sourceText.trimmingCharacters(in: .whitespacesAndNewlines)
        case .array(let items, _):
            return "kubectl " + items.map { item -> String in
                if case .template(let t) = item { return t.sourceText }
                return item.literalValue.map { Evaluator.text(of: $0) } ?? ""
            }.joined(separator: " ")
        default: return "kubectl " + (command.literalValue.map { Evaluator.text(of: $0) } ?? "")
        }
    }

    /// The command that would run (never runs it).
    package func plan(_ request: StepRequest, context: ProviderContext) async throws -> StepPlan {
        let command = try makeCommand(request.payload)
        let verb = command.verb
        let summary = verb.isReadOnly ? "run kubectl \(verb.verb ?? "")" : "run kubectl \(verb.verb ?? "") (changes the cluster)"
        return StepPlan(summary: summary, request: request.payload, commandLine: ShellWords.join(kubectl.argv(command)))
    }

    /// Runs the command; a non-zero exit (outside `expect-exit`) fails the attempt.
    package func execute(_ request: StepRequest, context: ProviderContext) async throws -> StepOutput {
        let command = try makeCommand(request.payload)
        let verb = command.verb
        switch context.mode {
        case .live: break
        case .readOnly:
            guard verb.isReadOnly else {
                throw StepFailure(
                    "refused: the run is read-only (dry run) and 'kubectl \(verb.verb ?? "")' is not known to be read-only")
            }
        case .noCalls:
            throw StepFailure("refused: no calls may be made (plan)")
        }
        let result: KubectlResult
        do {
            result = try await kubectl.run(command, environment: context.environment, timeout: request.timeout)
        } catch {
            throw StepFailure(error.description)
        }
        return Self.output(result, expected: Self.expectedExitCodes(request.payload))
    }

    /// The step output for a kubectl result.
    static func output(_ result: KubectlResult, expected: [Int]) -> StepOutput {
        var failure: String? = nil
        let shown = ShellWords.join(result.command)
        if result.timedOut {
            failure = "\(shown) timed out"
        } else if !expected.contains(Int(result.exitCode)) {
            failure = "kubectl exited with status \(result.exitCode)" + (result.errorMessage.map { ": \($0)" } ?? "")
        }
        return StepOutput(result: result.value, failure: failure, log: result.stderr.isEmpty ? nil : result.stderr, commandLine: shown)
    }

    /// The command a rendered payload asks for.
    func makeCommand(_ payload: JSONValue) throws(StepFailure) -> KubectlCommand {
        let arguments: [String]
        switch payload {
        case .string(let line):
            arguments = try Self.split(line)
        case .object(let o):
            if let args = o["args"]?.arrayValue {
                arguments = args.map { Evaluator.text(of: $0) }
            } else {
                arguments = try Self.split(o["command"].map { Evaluator.text(of: $0) } ?? "")
            }
        default:
            throw StepFailure("a kubectl action must be a command or a mapping with 'command' or 'args'")
        }
        guard !arguments.isEmpty else { throw StepFailure("the kubectl command is empty") }
        func text(_ key: String) -> String? {
            payload[key].flatMap { $0.isNull ? nil : Evaluator.text(of: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        return KubectlCommand(
            arguments, context: text("context") ?? defaultContext, kubeconfig: text("kubeconfig").map(Self.expandHome),
            namespace: text("namespace"), input: payload["stdin"].map { Evaluator.text(of: $0) })
    }

    static func split(_ line: String) throws(StepFailure) -> [String] {
        do {
            return try ShellWords.split(line)
        } catch {
            throw StepFailure("cannot split the kubectl command into words: \(error.message)")
        }
    }

    static func expandHome(_ path: String) -> String {
        guard path.hasPrefix("~/") else { return path }
        return (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst(1)
    }

    static func expectedExitCodes(_ payload: JSONValue) -> [Int] {
        switch payload["expect-exit"] {
        case .integer(let i): return [i]
        case .array(let items): return items.compactMap { if case .integer(let i) = $0 { return i } else { return nil } }
        default: return [0]
        }
    }
}
