import Foundation
import RunbookCore
import Testing

/// The local lab (`lab/`, `python3 -m runbook_lab`) for end-to-end tests: started once per test
/// process on free loopback ports in a temporary state folder, reset between tests, and stopped
/// when the process exits.
final class Lab: @unchecked Sendable {
    // @unchecked Sendable: every field is set once in `init`; the lab is used by one serialized suite.

    /// The repository (the folder holding `runbooks/`, `plugins/`, `lab/`).
    static let repository: URL = {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// Why end-to-end tests cannot run here, or nil when they can.
    static let unavailable: String? = {
        guard let python = which("python3") else { return "python3 is not installed" }
        let moto = run([python, "-c", "import moto, boto3, flask, werkzeug; print(moto.__version__)"])
        guard moto.status == 0 else { return "moto is not installed: pip install -e lab  (or: pip install 'moto[all]==5.2.1')" }
        guard which("kubectl") != nil else { return "kubectl is not installed (https://kubernetes.io/docs/tasks/tools/)" }
        guard FileManager.default.isExecutableFile(atPath: runbookBinary) else {
            return "the runbook binary is not built at \(runbookBinary): run swift build (or set RUNBOOK_BIN)"
        }
        return nil
    }()

    /// The `runbook` executable under test (`RUNBOOK_BIN`, else beside the test bundle).
    static let runbookBinary: String = {
        if let b = ProcessInfo.processInfo.environment["RUNBOOK_BIN"], !b.isEmpty { return b }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("runbook").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repository.appendingPathComponent(".build/debug/runbook").path
    }()

    /// The shared lab, started on first use.
    static let shared: Lab = Lab()

    let stateDir: String
    private(set) var environment: [String: String] = [:]
    private(set) var startProblem: String?

    private init() {
        stateDir = NSTemporaryDirectory() + "runbook-flagship-lab-\(getpid())"
        try? FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        let up = Self.lab(["up", "missing-worker-nodes", "--state-dir", stateDir, "--timeout", "120", "--owner-pid", "\(getpid())"])
        guard up.status == 0 else {
            startProblem = "the lab did not start: \(up.output)"
            return
        }
        let dir = stateDir
        Self.atExitStateDir = dir
        atexit { Lab.stopAtExit() }
        loadEnvironment()
    }

    nonisolated(unsafe) private static var atExitStateDir: String?

    private static func stopAtExit() {
        guard let dir = atExitStateDir else { return }
        _ = lab(["down", "--state-dir", dir])
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func loadEnvironment() {
        let env = Self.lab(["env", "--json", "--state-dir", stateDir])
        var values = ProcessInfo.processInfo.environment
        for key in ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CA_BUNDLE", "KUBECONFIG"] { values[key] = nil }
        if case .object(let o)? = try? JSONParser.parse(env.output) {
            for m in o { values[m.key] = m.value.stringValue ?? "" }
        }
        environment = values
    }

    /// Re-seeds `scenario` (the request log is cleared), with the lab's delays at their test values.
    func reset(_ scenario: String) throws {
        if let startProblem { throw LabError(startProblem) }
        let r = Self.lab(["reset", scenario, "--state-dir", stateDir, "--delay", "degrade=3", "--delay", "node-ready=0"])
        guard r.status == 0 else { throw LabError("lab reset \(scenario) failed: \(r.output)") }
        loadEnvironment()
    }

    /// The request log (one object per request), optionally only mutating ones.
    func log(mutatingOnly: Bool = false) -> [JSONValue] {
        let r = Self.lab(["log", "--state-dir", stateDir] + (mutatingOnly ? ["--mutating"] : []))
        return r.output.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
    }

    /// The scenario state (`runbook lab state`).
    func state() -> JSONValue {
        (try? JSONParser.parse(Self.lab(["state", "--state-dir", stateDir]).output)) ?? .null
    }

    /// Runs `runbook ARGS` from the repository with the lab's environment (stdin not a terminal).
    func runbook(_ arguments: [String], extraEnvironment: [String: String] = [:]) -> (status: Int32, output: String) {
        var env = environment
        for (k, v) in extraEnvironment { env[k] = v }
        env["NO_COLOR"] = "1"
        env["RUNBOOK_RUNS_DIR"] = stateDir + "/runs"
        return Self.run([Self.runbookBinary] + arguments, environment: env, directory: Self.repository.path)
    }

    /// `kubectl ARGS` with the lab's kubeconfig.
    func kubectl(_ arguments: [String]) -> (status: Int32, output: String) {
        Self.run(["kubectl"] + arguments, environment: environment, directory: nil)
    }

    // MARK: processes

    static func lab(_ arguments: [String]) -> (status: Int32, output: String) {
        var env = ProcessInfo.processInfo.environment
        let labDir = repository.appendingPathComponent("lab").path
        env["PYTHONPATH"] = [labDir, env["PYTHONPATH"]].compactMap { $0 }.joined(separator: ":")
        return run(["python3", "-m", "runbook_lab"] + arguments, environment: env, directory: labDir)
    }

    static func which(_ program: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs a program to its end; stdout and stderr together (stdin is /dev/null).
    static func run(_ arguments: [String], environment: [String: String]? = nil, directory: String? = nil) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        if let environment { p.environment = environment }
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        do {
            try p.run()
        } catch {
            return (127, "cannot start \(arguments[0]): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A lab that could not be used.
struct LabError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
