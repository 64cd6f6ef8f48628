import Engine
import Foundation
import RunJournal
import RunbookCore
import TestSupport
import Testing

/// A scratch folder with a runbook file, and the built `runbook` binary to run in it.
struct Workspace {
    static var binary: String {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while url.path != "/" {
            let candidate = url.appendingPathComponent("runbook").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url = url.deletingLastPathComponent()
        }
        return "runbook"
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        .path

    typealias Result = ProgramOutcome

    let path: String
    var runs: String { path + "/.runbook/runs" }
    var directory: RunsDirectory { RunsDirectory(root: runs) }

    /// A fresh folder holding `runbook.yaml` with `yaml`.
    init(_ yaml: String) throws {
        path = NSTemporaryDirectory() + "journal-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try write("runbook.yaml", yaml)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
    }

    func read(_ name: String) -> String {
        (try? String(contentsOfFile: path + "/" + name, encoding: .utf8)) ?? ""
    }

    /// Lines of a file (a counter file: one line per side effect).
    func count(_ name: String) -> Int { read(name).split(separator: "\n").count }

    /// Runs the binary with `arguments` in the folder, stdin closed.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try Program.run(
            Self.binary, arguments, in: path, environment: environment,
            unset: ["RUNBOOK_PATH", "RUNBOOK_RUNS_DIR", "RUNBOOK_CRASH_AT", "CRASH_IN"])
    }

    /// The only (or latest) run's id.
    var latestRun: String? { directory.runIDs().last }

    /// The latest run's history.
    func history() throws -> RunHistory {
        let id = try #require(latestRun)
        return try RunHistory(JournalReader.read(FileCheckpointStore(path: directory.journal(id))))
    }
}

/// Runbooks used by several tests. Each fix appends a line to a counter file and leaves a marker
/// its `already-applied` probe looks for; `$CRASH_IN=<step>:before|after` makes the fix kill
/// its parent (the runbook process) before or after its side effect, deterministically.
enum Runbooks {
    static func crashPoint(_ step: String, _ when: String) -> String {
        "if [ \"$CRASH_IN\" = \"\(step):\(when)\" ]; then kill -9 $PPID; exit 1; fi"
    }

    static func fix(_ id: String, finding: String, probe: Bool = true, undo: Bool = true) -> String {
        var text = """
              - id: \(id)
                fixes: \(finding)
                shell: '\(crashPoint(id, "before")); echo \(id) >> count_\(id); touch \(id).done; \(crashPoint(id, "after"))'

            """
        if probe {
            text += """
                    already-applied:
                      shell: {run: "test -f \(id).done && echo yes || echo no", read-only: true}
                      that: result.lines[0] == 'yes'

                """
        }
        if undo {
            text += """
                    undo:
                      shell: "echo undo-\(id) >> undo.log; rm -f \(id).done"

                """
        }
        return text
    }

    static func inspect(_ id: String, marker: String, finding: String) -> String {
        """
          - id: \(id)
            shell: {run: "test -f \(marker).done && echo ok || echo broken", read-only: true}
            capture: {status: "lines[0]"}
            check:
              - that: status == 'ok'
                finding: \(finding)

        """
    }

    /// Two diagnoses, two fixes, a mutating step that is not a fix, and a final read.
    static let crash = """
        apiVersion: runbook/v1
        name: crash-demo
        steps:

        """ + inspect("inspect_a", marker: "fix_a", finding: "a-broken")
        + inspect("inspect_b", marker: "fix_b", finding: "b-broken")
        + fix("fix_a", finding: "a-broken") + fix("fix_b", finding: "b-broken")
            + """
              - id: scale
                shell: '\(crashPoint("scale", "before")); echo scale >> count_scale; touch scale.done; \(crashPoint("scale", "after"))'
                already-applied:
                  shell: {run: "test -f scale.done && echo yes || echo no", read-only: true}
                  that: result.lines[0] == 'yes'
              - id: final
                shell: {run: "test -f fix_a.done && test -f fix_b.done && echo ok", read-only: true}

            """
}
