import Foundation
import TestSupport
import Testing

/// What a person sees on a terminal: colour only on a TTY and never with NO_COLOR, the spinner
/// during waits, and Ctrl-C ending the run with status 130 and how to resume.
@Suite("runbook on a terminal", .serialized)
struct TerminalTests {
    static let hasScript = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

    /// A temporary folder with `runbook.yaml` written from `yaml`.
    static func folder(_ yaml: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("terminal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try yaml.write(toFile: dir + "/runbook.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    /// Runs `runbook ARGS` on a pseudo-terminal (through `script`) and returns what it printed.
    static func onTerminal(_ arguments: String, in dir: String, noColor: Bool) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "\(CLI.binary) \(arguments)", "/dev/null"]
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        if noColor { env["NO_COLOR"] = "1" }
        env["TERM"] = "xterm"
        process.environment = env
        let output = Pipe()
        process.standardInput = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let finding = """
        apiVersion: runbook/v1
        name: colours
        steps:
          - id: look
            shell: {run: "echo '{\\"ok\\": false}'", read-only: true}
            check:
              - that: result.json.ok
                finding: not-ok
                message: "the thing is not ok"
        """

    /// SGR colour sequences such as ESC[1;33m (not the erase-line sequence of the spinner).
    static func hasColour(_ text: String) -> Bool {
        text.range(of: "\u{1B}\\[[0-9;]*m", options: .regularExpression) != nil
    }

    @Test("colour on a terminal, none with NO_COLOR, none when piped", .enabled(if: hasScript))
    func colour() throws {
        let dir = try Self.folder(Self.finding)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, coloured) = try Self.onTerminal("run runbook.yaml", in: dir, noColor: false)
        #expect(status == 1, "\(coloured)")
        #expect(Self.hasColour(coloured), "\(coloured)")
        let (_, plain) = try Self.onTerminal("run runbook.yaml", in: dir, noColor: true)
        #expect(!Self.hasColour(plain), "\(plain)")
        #expect(plain.contains("finding not-ok: the thing is not ok"))
        let piped = try CLI.run(["run", "runbook.yaml"], in: dir)
        #expect(!Self.hasColour(piped.stdout + piped.stderr))
    }

    @Test("a wait shows a spinner with the elapsed time on a terminal only", .enabled(if: hasScript))
    func spinner() throws {
        let dir = try Self.folder(
            """
            apiVersion: runbook/v1
            name: spinner
            steps:
              - id: poll
                shell:
                  run: "n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; echo \\"{\\\\\\"n\\\\\\": $n}\\""
                  read-only: true
                wait:
                  until: result.json.n >= `4`
                  interval: 300ms
                  backoff: 1
                  timeout: 20s
            """)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, text) = try Self.onTerminal("run runbook.yaml", in: dir, noColor: true)
        #expect(status == 0, "\(text)")
        #expect(text.contains("poll: waiting for result.json.n >= `4`"), "\(text)")
        #expect(text.range(of: #"\(\d+\.\d\ds\)"#, options: .regularExpression) != nil, "elapsed time: \(text)")
        let piped = try CLI.run(["run", "runbook.yaml"], in: dir)
        #expect(!piped.stdout.contains("waiting for"), "no spinner when piped: \(piped.stdout)")
    }

    @Test("Ctrl-C ends the run with status 130 and says how to resume")
    func interrupt() throws {
        let dir = try Self.folder(
            """
            apiVersion: runbook/v1
            name: slow
            steps:
              - id: first
                shell: {run: "echo started", read-only: true}
              - id: slow
                shell: {run: "sleep 60", read-only: true}
            """)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["run", "runbook.yaml"]
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Wait until the slow step has started (the journal records it), then press Ctrl-C.
        let deadline = Date().addingTimeInterval(20)
        var started = false
        while Date() < deadline && !started {
            Thread.sleep(forTimeInterval: 0.2)
            let runs = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/.runbook/runs")) ?? []
            started = runs.contains { run in
                let journal = (try? Data(contentsOf: URL(fileURLWithPath: "\(dir)/.runbook/runs/\(run)/journal"))) ?? Data()
                return String(decoding: journal, as: UTF8.self).contains("\"slow\"")
            }
        }
        Thread.sleep(forTimeInterval: 0.3)
        kill(process.processIdentifier, SIGINT)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 130, "\(text)")
        #expect(text.contains("runbook resume"), "\(text)")
    }
}

/// The kubectl context a runbook names applies to its kubectl steps that name none.
@Suite("runbook-level kubectl context")
struct RunbookContextTests {
    static let hasKubectl = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .contains { FileManager.default.isExecutableFile(atPath: "\($0)/kubectl") }

    @Test("a runbook's `context:` reaches kubectl; `--context` overrides it", .enabled(if: hasKubectl))
    func runbookContext() throws {
        let dir = try TerminalTests.folder(
            """
            apiVersion: runbook/v1
            name: contexts
            context: context-from-the-runbook
            steps:
              - id: nodes
                kubectl: get nodes
            """)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // An empty kubeconfig: kubectl names the context it was asked for in its error.
        try "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n".write(
            toFile: dir + "/kubeconfig", atomically: true, encoding: .utf8)
        let fromRunbook = try CLI.run(["run", "runbook.yaml"], in: dir, environment: ["KUBECONFIG": dir + "/kubeconfig"])
        #expect(fromRunbook.status == 3)
        #expect((fromRunbook.stdout + fromRunbook.stderr).contains("context-from-the-runbook"), "\(fromRunbook.stdout)\(fromRunbook.stderr)")
        let fromFlag = try CLI.run(
            ["run", "runbook.yaml", "--context", "context-from-the-flag"], in: dir, environment: ["KUBECONFIG": dir + "/kubeconfig"])
        #expect((fromFlag.stdout + fromFlag.stderr).contains("context-from-the-flag"), "\(fromFlag.stdout)\(fromFlag.stderr)")
        #expect(!(fromFlag.stdout + fromFlag.stderr).contains("context-from-the-runbook"))
    }
}
