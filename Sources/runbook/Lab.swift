import ArgumentParser
import Foundation

/// `runbook lab`: the local lab (a Python program in `lab/`) that reproduces the workshop's broken
/// cluster on loopback. This command finds the lab — in the checkout the binary was built from, in
/// the current directory's checkout, or installed with pip — and hands it the arguments.
struct Lab: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start, inspect and stop the local lab (moto + a small Kubernetes API on loopback).",
        discussion: """
            runbook lab up [SCENARIO] [--tls]   start it (default scenario: missing-worker-nodes); returns once ready
            eval "$(runbook lab env)"           export AWS_ENDPOINT_URL, fake credentials, region, KUBECONFIG, ...
            runbook lab state | log | reset     inspect it, read its request log, reseed it
            runbook lab down                    stop it (no process left behind)
            runbook lab scenarios               list the scenarios and variants
            Every subcommand takes --help; see lab/README.md.
            """
    )

    @Argument(parsing: .captureForPassthrough, help: "The lab subcommand and its options.")
    var arguments: [String] = []

    func run() throws {
        guard let python = LabLocator.python() else {
            throw ValidationError(
                "the lab needs Python 3: install it (e.g. apt-get install -y python3 python3-pip), then run "
                    + "`python3 -m pip install -e ./lab` from a checkout of runbook")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["RUNBOOK_LAB_PROG"] = "runbook lab"
        if let source = LabLocator.checkoutLab() {
            let existing = environment["PYTHONPATH"].map { ":" + $0 } ?? ""
            environment["PYTHONPATH"] = source + existing
        } else if !LabLocator.isInstalled(python: python) {
            throw ValidationError(
                "the lab is not installed and no checkout of runbook was found: run `python3 -m pip install -e ./lab` "
                    + "in a checkout (or set RUNBOOK_LAB_SOURCE to its lab/ folder)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", "runbook_lab"] + (arguments.isEmpty ? ["--help"] : arguments)
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
    }
}

/// Finds Python and the lab's sources.
enum LabLocator {
    /// The `python3` on PATH (or `RUNBOOK_PYTHON`).
    static func python() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["RUNBOOK_PYTHON"], FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The `lab/` folder of a checkout: `RUNBOOK_LAB_SOURCE`, else the checkout the binary was built
    /// in, else one containing the current directory.
    static func checkoutLab() -> String? {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["RUNBOOK_LAB_SOURCE"] { return explicit }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for start in [binary.deletingLastPathComponent(), URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] {
            var url = start
            while url.path != "/" {
                let lab = url.appendingPathComponent("lab")
                if FileManager.default.fileExists(atPath: lab.appendingPathComponent("runbook_lab/__init__.py").path) {
                    return lab.path
                }
                url = url.deletingLastPathComponent()
            }
        }
        return nil
    }

    /// Whether `import runbook_lab` works without a checkout.
    static func isInstalled(python: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import runbook_lab"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
