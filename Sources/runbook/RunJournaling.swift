import ArgumentParser
import Dispatch
import Engine
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RunJournal
import RunbookCore
import RunbookDSL

/// `--runs-dir`: where run journals live; shared by `run`, `resume`, `undo` and `runs`.
struct JournalOptions: ParsableArguments {
    @Option(
        name: .customLong("runs-dir"),
        help: "Folder of run journals (default: .runbook/runs, or $RUNBOOK_RUNS_DIR).")
    var runsDir: String?

    /// The runs folder chosen by the flag, the environment or the default.
    var directory: RunsDirectory {
        RunsDirectory(
            flag: runsDir, environment: ProcessInfo.processInfo.environment,
            currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// Creates a new run's folder and journal, with its header, and takes its lock.
    func startRun(_ runbook: RunbookDSL.Runbook, params: JSONObject, dryRun: Bool, aws: JSONValue = .null) throws(JournalError) -> RunRecording {
        var redacted = params
        for p in runbook.params where p.secret && !(params[p.name]?.isNull ?? true) { redacted[p.name] = "***" }
        let cwd = FileManager.default.currentDirectoryPath
        var attempt = 0
        while true {
            var header = RunHeader(
                runID: Run.newRunID(), runbook: runbook.name, title: runbook.title,
                file: runbook.file.hasPrefix("/") ? runbook.file : cwd + "/" + runbook.file, workingDirectory: cwd,
                fingerprint: RunbookFingerprint(runbook), params: redacted,
                secretParams: runbook.params.filter(\.secret).map(\.name), dryRun: dryRun, startedAt: JournalSupport.now(),
                host: RunLock.hostName, pid: ProcessInfo.processInfo.processIdentifier)
            header.aws = aws
            do {
                return try RunRecording.create(header: header, in: directory, crashHook: JournalSupport.crashHook, now: JournalSupport.now)
            } catch where error.code == .io && attempt < 5 && FileManager.default.fileExists(atPath: directory.folder(header.runID)) {
                attempt += 1  // two runs started in the same second drew the same id
            }
        }
    }
}

/// What `run`, `resume` and `undo` share: the clock, the crash hook, driving and the ending.
enum JournalSupport {
    /// Wall-clock seconds since 1970, for journal records.
    static let now: @Sendable () -> Double = { Date().timeIntervalSince1970 }

    /// `RUNBOOK_CRASH_AT=N[:torn]`: a test hook that kills the process at the N-th journal record.
    static let crashHook = CrashHook(ProcessInfo.processInfo.environment["RUNBOOK_CRASH_AT"])

    /// Runs the machine with the driver, turning SIGINT and SIGTERM into an interruption.
    static func drive(_ machine: RunStateMachine, with driver: RunDriver) async -> RunSummary {
        let task = Task {
            var m = machine
            return await driver.run(&m)
        }
        let signals = Run.forwardSignals(to: task)
        let summary = await task.value
        signals.forEach { $0.cancel() }
        return summary
    }

    /// Reports a journal failure or an interruption, with how to resume.
    static func finish(_ recording: RunRecording, _ summary: RunSummary) {
        if let failure = recording.writer.failure {
            printError("error: \(failure)\n  the run stopped before its next change because its journal could not be written")
        }
        if ProcessInfo.processInfo.environment["RUNBOOK_JOURNAL_STATS"] == "1" { printStatistics(recording.writer.statistics) }
        if summary.status == .interrupted {
            printError("interrupted: run \(recording.runID) stopped\n  resume it with: runbook resume \(recording.runID)")
        }
    }

    /// `RUNBOOK_JOURNAL_STATS=1`: one JSON line on stderr with what journaling cost (benchmarks).
    static func printStatistics(_ s: JournalStatistics) {
        func ms(_ d: Duration) -> JSONValue { .double(Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15) }
        let sorted = s.perStep.map(\.time).sorted()
        let p90 = sorted.isEmpty ? .zero : sorted[min(sorted.count - 1, sorted.count * 9 / 10)]
        let line: JSONValue = [
            "journal_events": .integer(s.events), "journal_ms": ms(s.total), "steps": .integer(s.perStep.count),
            "step_median_ms": ms(s.medianPerStep), "step_p90_ms": ms(p90),
        ]
        printError("journal-stats " + JSONSerializer.serialize(line, style: .compact))
    }

    /// Prints a journal error the way other errors are printed and exits 2.
    static func fail(_ error: JournalError) -> ExitCode {
        printError("error: \(error)")
        return ExitCode(2)
    }

    /// `-p key=value` pairs.
    static func pairs(_ params: [String]) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        for p in params {
            guard let eq = p.firstIndex(of: "=") else {
                printError("error: -p \(p) is not key=value\n  hint: write -p \(p)=VALUE")
                throw ExitCode(2)
            }
            pairs.append((String(p[..<eq]), String(p[p.index(after: eq)...])))
        }
        return pairs
    }

    /// `aws` as the run recorded it, else from the environment.
    static func aws(_ history: RunHistory, _ environment: [String: String]) -> JSONValue {
        history.header.aws.isNull ? aws(environment) : history.header.aws
    }

    /// `aws` in expressions, from the environment.
    static func aws(_ environment: [String: String]) -> JSONValue {
        let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
        return [
            "account": environment["AWS_ACCOUNT_ID"].map(JSONValue.string) ?? .null,
            "region": region.map(JSONValue.string) ?? .null,
        ]
    }

    /// The approver for `--yes`, a terminal, or neither.
    static func approver(yes: Bool) -> any Approver {
        if yes { return ApproveAll() }
        if Terminal.stdinIsTTY { return TerminalApprover(terminal: Terminal.current) }
        return RefuseWithoutTerminal()
    }

    /// CPU time this process used so far, in seconds (benchmarks: wall time on a shared machine
    /// measures the neighbours too).
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// `2025-11-25 11:42:05Z`.
    static func date(_ seconds: Double) -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        f.timeZone = TimeZone(identifier: "UTC")
        f.locale = Locale(identifier: "en_US_POSIX")
        return f.string(from: Date(timeIntervalSince1970: seconds))
    }
}
