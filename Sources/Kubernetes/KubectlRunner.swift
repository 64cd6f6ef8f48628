import Foundation
import RunbookCore
package import ShellSteps

/// One kubectl invocation: the arguments after `kubectl`, and where it should point.
package struct KubectlCommand: Sendable, Equatable {
    /// Arguments after `kubectl`, as the user wrote them.
    package var arguments: [String]
    /// `--context` to add (unless the arguments name one).
    package var context: String?
    /// `--kubeconfig` to add (unless the arguments name one); nil uses `KUBECONFIG` or `~/.kube/config`.
    package var kubeconfig: String?
    /// `--namespace` to add (unless the arguments name one).
    package var namespace: String?
    /// Text for kubectl's standard input (`apply -f -`).
    package var input: String?

    /// Creates a command.
    package init(_ arguments: [String], context: String? = nil, kubeconfig: String? = nil, namespace: String? = nil, input: String? = nil) {
        self.arguments = arguments
        self.context = context
        self.kubeconfig = kubeconfig
        self.namespace = namespace
        self.input = input
    }

    /// What the command does.
    package var verb: KubectlVerb { KubectlVerb(arguments) }

    /// The full argument list after `kubectl`: connection flags first, then the arguments, then
    /// `-o json` for get-like verbs that chose no output format.
    package var fullArguments: [String] {
        var out: [String] = []
        if let context, !context.isEmpty, !KubectlVerb.setsContext(arguments) { out += ["--context", context] }
        if let kubeconfig, !kubeconfig.isEmpty, !arguments.contains(where: { $0 == "--kubeconfig" || $0.hasPrefix("--kubeconfig=") }) {
            out += ["--kubeconfig", kubeconfig]
        }
        if let namespace, !namespace.isEmpty,
            !arguments.contains(where: { $0 == "-n" || $0 == "--namespace" || $0.hasPrefix("--namespace=") || $0.hasPrefix("-n=") })
        {
            out += ["--namespace", namespace]
        }
        out += arguments
        if verb.wantsJSON && !KubectlVerb.setsOutput(arguments) { out += ["-o", "json"] }
        return out
    }
}

/// Runs the real kubectl (with the caller's environment: `KUBECONFIG`, `PATH` for exec credential
/// plugins such as `aws eks get-token`) through a ``ProcessRunner``.
///
/// A command that fails is a ``KubectlResult`` with its exit status and capped output; the runner
/// throws only when kubectl cannot be started, with a message saying what to install.
package struct KubectlRunner: Sendable {
    /// The program: `RUNBOOK_KUBECTL` when set, else `kubectl` on `PATH`.
    package var executable: String
    /// Starts processes.
    package var runner: any ProcessRunner
    /// Stdout and stderr are each cut at this many bytes.
    package var outputLimit: Int

    /// A runner for `executable` (default: `RUNBOOK_KUBECTL` from `environment`, else `kubectl`).
    package init(executable: String? = nil, environment: [String: String] = [:], runner: (any ProcessRunner)? = nil, outputLimit: Int = 8 << 20) {
        self.executable = executable ?? environment["RUNBOOK_KUBECTL"].flatMap { $0.isEmpty ? nil : $0 } ?? "kubectl"
        self.outputLimit = outputLimit
        self.runner = runner ?? SpawnProcessRunner(outputLimit: outputLimit)
    }

    /// The whole argument vector `command` runs as.
    package func argv(_ command: KubectlCommand) -> [String] { [executable] + command.fullArguments }

    /// Runs `command` in `environment`, killing it after `timeout`.
    package func run(_ command: KubectlCommand, environment: [String: String], timeout: Duration? = nil) async throws(KubectlError) -> KubectlResult {
        let argv = argv(command)
        let result: ProcessResult
        do {
            result = try await runner.run(argv, environment: environment, workingDirectory: nil, input: command.input, timeout: timeout)
        } catch {
            throw Self.launchError(error, executable: executable, environment: environment)
        }
        return KubectlResult(
            command: argv, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, timedOut: result.timedOut,
            truncated: result.stdout.utf8.count >= outputLimit)
    }

    /// The error for a kubectl that could not start: not installed, or something else.
    static func launchError(_ error: ProcessLaunchError, executable: String, environment: [String: String]) -> KubectlError {
        let text = error.message
        if text.contains("No such file") || text.contains("not found") || text.contains("ENOENT") {
            let where_ = executable.contains("/") ? "at \(executable)" : "on PATH (\(environment["PATH"] ?? "PATH is not set"))"
            return KubectlError(
                .notInstalled,
                "kubectl is not installed: no '\(executable)' \(where_). Install kubectl (https://kubernetes.io/docs/tasks/tools/, "
                    + "or your distribution's kubectl package) or set RUNBOOK_KUBECTL to its path.")
        }
        return KubectlError(.launchFailed, "cannot start kubectl (\(executable))", cause: text)
    }
}
