import Foundation
import RunbookCore
import RunbookTesting
import TestSupport
import Testing

/// Runs the built `runbook` binary.
struct CLI {
    static var binary: String {
        // The test bundle sits next to the products in the build folder.
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while url.path != "/" {
            let candidate = url.appendingPathComponent("runbook").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url = url.deletingLastPathComponent()
        }
        return "runbook"
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Fixtures").path
    static let snapshots = root.appendingPathComponent("Snapshots").path
    static let repository = root.deletingLastPathComponent().deletingLastPathComponent().path

    typealias Result = ProgramOutcome

    /// Runs the binary with `arguments` in `directory`, stdin closed.
    static func run(_ arguments: [String], in directory: String = fixtures, environment: [String: String] = [:]) throws
        -> Result
    {
        try Program.run(binary, arguments, in: directory, environment: environment, unset: ["RUNBOOK_PATH"])
    }

    /// Replaces what changes between runs (timings, run ids, temporary folders) with placeholders.
    static func normalize(_ text: String, replacing: [String: String] = [:]) -> String {
        var t = text
        for (k, v) in replacing { t = t.replacingOccurrences(of: k, with: v) }
        t = t.replacingOccurrences(of: #"\d+\.\d\ds"#, with: "#.##s", options: .regularExpression)
        t = t.replacingOccurrences(of: #"after \d+ms waiting"#, with: "after #ms waiting", options: .regularExpression)
        t = t.replacingOccurrences(of: #"\(run \d{8}-\d{6}-[0-9a-f]+\)"#, with: "(run ID)", options: .regularExpression)
        return t
    }
}

@Suite("runbook command line", .serialized)
struct CLITests {
    func snapshot(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        if let problem = Snapshot.check(text, path: "\(CLI.snapshots)/\(name).txt") {
            Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
        }
    }

    @Test func validateReportsEveryMistakeInOneRun() throws {
        let result = try CLI.run(["validate", "ten-mistakes.yaml"])
        #expect(result.status == 2)
        snapshot(result.stderr, "validateTenMistakes()")
        let errors = result.stderr.split(separator: "\n").filter {
            $0.hasPrefix("ten-mistakes.yaml:") && $0.contains(": error: ")
        }
        #expect(errors.count >= 10)
    }

    @Test func everyLanguageErrorMessage() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: CLI.fixtures).filter { $0.hasPrefix("error-") }
            .sorted()
        #expect(!files.isEmpty)
        var all = ""
        for file in files {
            let result = try CLI.run(["validate", file])
            #expect(result.status == 2, "\(file) should not validate")
            all += "$ runbook validate \(file)\n" + result.stderr + "\n"
        }
        snapshot(all, "everyLanguageErrorMessage()")
    }

    @Test func examplesValidate() throws {
        let result = try CLI.run(["validate", "examples"], in: CLI.repository)
        #expect(result.status == 0, "\(result.stderr)")
    }

    func lockFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stale-lock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/lock", contents: Data())
        try "999999".write(toFile: dir + "/pid", atomically: true, encoding: .utf8)
        try "120".write(toFile: dir + "/lock-age", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func dryRunSendsNoMutatingStep() throws {
        let dir = try lockFolder()
        let result = try CLI.run(
            ["run", "stale-lock", "-p", "dir=\(dir)", "--dry-run", "--yes"], in: CLI.repository,
            environment: ["RUNBOOK_PATH": "examples"])
        #expect(result.status == 1)
        #expect(FileManager.default.fileExists(atPath: dir + "/lock"), "the dry run removed the lock")
        snapshot(CLI.normalize(result.stdout, replacing: [dir: "$DIR"]), "dryRunStaleLock()")
    }

    @Test func withoutTerminalOrYesFixesAreRefused() throws {
        let dir = try lockFolder()
        let result = try CLI.run(["run", "examples/stale-lock.yaml", "-p", "dir=\(dir)"], in: CLI.repository)
        #expect(result.status == 1)
        #expect(result.stdout.contains("not approved: no terminal to ask for approval; re-run with --yes"))
        #expect(FileManager.default.fileExists(atPath: dir + "/lock"))
    }

    @Test func yesRepairsAndWritesReports() throws {
        let dir = try lockFolder()
        let report = dir + "/report.md", junit = dir + "/junit.xml"
        let result = try CLI.run(
            ["run", "examples/stale-lock.yaml", "-p", "dir=\(dir)", "--yes", "--report", report, "--junit", junit],
            in: CLI.repository)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/lock"))
        snapshot(CLI.normalize(result.stdout, replacing: [dir: "$DIR"]), "repairStaleLock()")
        let md = try String(contentsOfFile: report, encoding: .utf8)
        #expect(md.contains("### stale-lock (fixed by `remove_lock`)"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains(#"name="holder.stale-lock""#) && xml.contains("<failure"))
        // A second run finds nothing to do.
        let again = try CLI.run(["run", "examples/stale-lock.yaml", "-p", "dir=\(dir)"], in: CLI.repository)
        #expect(again.status == 0)
    }

    @Test func jsonOutputIsOneEventPerLine() throws {
        let dir = try lockFolder()
        let result = try CLI.run(
            ["run", "examples/stale-lock.yaml", "-p", "dir=\(dir)", "--dry-run", "--output", "json"], in: CLI.repository
        )
        let events = try result.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(events.first?["event"] == "run_started")
        #expect(events.last?["event"] == "summary")
        #expect(events.last?["status"] == 1)
        #expect(events.contains { $0["event"] == "finding" && $0["name"] == "stale-lock" })
    }

    @Test func runFixtureScenarios() throws {
        let result = try CLI.run(["run", "scenarios.yaml"])
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        snapshot(CLI.normalize(result.stdout), "runScenarios()")
    }

    @Test func usageErrorsExitWith2() throws {
        let missing = try CLI.run(["run", "examples/stale-lock.yaml"], in: CLI.repository)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing required parameter 'dir'"))
        let unknown = try CLI.run(["run", "stale-lok"], in: CLI.repository, environment: ["RUNBOOK_PATH": "examples"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean 'stale-lock'?"))
    }

    @Test func planAndShowMakeNoCalls() throws {
        let plan = try CLI.run(["plan", "examples/stale-lock.yaml"], in: CLI.repository)
        #expect(plan.status == 0)
        snapshot(plan.stdout, "planStaleLock()")
        let list = try CLI.run(["list"], in: CLI.repository, environment: ["RUNBOOK_PATH": "examples"])
        #expect(list.stdout.contains("stale-lock"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func approvalPromptOnAPseudoTerminal() throws {
        let dir = try lockFolder()
        // `script` runs the command on a pseudo-terminal fed from our stdin: answer "y".
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = "\(CLI.binary) run examples/stale-lock.yaml -p dir=\(dir)"
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = URL(fileURLWithPath: CLI.repository)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data("y\n".utf8))
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("Run it? [y]es / [n]o / [a]ll:"), "\(text)")
        #expect(text.contains("fixed 'stale-lock', verified"), "\(text)")
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/lock"))
    }
}
