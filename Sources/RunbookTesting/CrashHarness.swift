import Foundation
import Engine
import RunJournal

/// Kills a real `runbook` process at chosen points, resumes it, and checks that the run
/// completes with every change made exactly once.
///
/// Kill points are deterministic: ``KillPoint/record(_:torn:)`` sets `RUNBOOK_CRASH_AT`, which
/// makes the binary `SIGKILL` itself right after (or half-way through) its N-th journal record,
/// so a clean run's record count gives every step boundary. ``KillPoint/environment(_:_:)``
/// passes variables a runbook's own commands read to kill their parent mid-step. The same harness
/// drives any runbook: the caller says how to reset the world before each point and how to
/// check it afterwards (for the flagship: reset the lab, count `PutKeyPolicy` in its request log).
package struct CrashHarness: Sendable {
    /// Where and how the first process dies.
    package enum KillPoint: Sendable, Equatable, CustomStringConvertible {
        /// `SIGKILL` after the N-th journal record (or, `torn`, half-way through writing it).
        case record(Int, torn: Bool)
        /// Extra environment for the first process only (e.g. `CRASH_IN=fix_a:after`).
        case environment(String, String)

        /// `record 7`, `record 7 (torn)`, `CRASH_IN=fix_a:after`.
        package var description: String {
            switch self {
            case .record(let n, let torn): return "record \(n)\(torn ? " (torn)" : "")"
            case .environment(let k, let v): return "\(k)=\(v)"
            }
        }
    }

    /// What happened at one kill point.
    package struct Outcome: Sendable {
        /// The kill point.
        package var point: KillPoint
        /// Whether the first process died by `SIGKILL`.
        package var killed: Bool
        /// Exit status of each process after the first (resumes, or a fresh run).
        package var statuses: [Int32]
        /// Problems found (by the harness or the caller's check).
        package var problems: [String]
        /// Everything the processes printed, for failure messages.
        package var transcript: String
    }

    /// The `runbook` binary.
    package var binary: String
    /// The folder processes run in.
    package var workingDirectory: String
    /// The runs folder (passed with `--runs-dir`).
    package var runsDirectory: String
    /// Arguments of the first process, e.g. `["run", "crash.yaml", "--yes"]`.
    package var runArguments: [String]
    /// Arguments of each resume, e.g. `["resume", "--yes"]`.
    package var resumeArguments: [String]
    /// Environment for every process.
    package var environment: [String: String]
    /// Exit statuses that mean the run completed.
    package var completed: Set<Int32> = [0]
    /// Restores the world before each kill point.
    package var reset: @Sendable () throws -> Void
    /// Problems with the world after the run completed (empty when all is well).
    package var check: @Sendable () throws -> [String]

    /// Creates a harness.
    package init(
        binary: String, workingDirectory: String, runsDirectory: String, runArguments: [String], resumeArguments: [String],
        environment: [String: String] = [:], reset: @escaping @Sendable () throws -> Void,
        check: @escaping @Sendable () throws -> [String]
    ) {
        self.binary = binary
        self.workingDirectory = workingDirectory
        self.runsDirectory = runsDirectory
        self.runArguments = runArguments
        self.resumeArguments = resumeArguments
        self.environment = environment
        self.reset = reset
        self.check = check
    }

    /// How many journal records a run without crash writes: the record kill points are
    /// `1...count`, each after and torn.
    package func cleanRecordCount() throws -> Int {
        try reset()
        try? FileManager.default.removeItem(atPath: runsDirectory)
        let result = try launch(runArguments, extra: [:])
        guard completed.contains(result.status) else {
            throw HarnessError("the clean run exited \(result.status):\n\(result.output)")
        }
        let directory = RunsDirectory(root: runsDirectory)
        guard let id = directory.runIDs().last else { throw HarnessError("the clean run left no journal in \(runsDirectory)") }
        let store = try FileCheckpointStore(path: directory.journal(id))
        return try JournalReader.read(store).records.count
    }

    /// Every record boundary, after and torn.
    package func recordKillPoints(count: Int) -> [KillPoint] {
        (1...count).flatMap { [KillPoint.record($0, torn: false), .record($0, torn: true)] }
    }

    /// Kills the first process at `point`, resumes until the run completes (at most
    /// `maxResumes` times), then checks the world.
    package func run(_ point: KillPoint, maxResumes: Int = 3) throws -> Outcome {
        try reset()
        try? FileManager.default.removeItem(atPath: runsDirectory)
        var extra: [String: String] = [:]
        switch point {
        case .record(let n, let torn): extra["RUNBOOK_CRASH_AT"] = "\(n)\(torn ? ":torn" : "")"
        case .environment(let k, let v): extra[k] = v
        }
        let first = try launch(runArguments, extra: extra)
        var outcome = Outcome(point: point, killed: first.killed, statuses: [], problems: [], transcript: "$ first run\n" + first.output)
        var status: Int32? = first.killed ? nil : first.status
        var resumes = 0
        while status.map({ !completed.contains($0) }) ?? true {
            guard resumes < maxResumes else {
                outcome.problems.append("the run did not complete after \(maxResumes) resumes")
                break
            }
            resumes += 1
            let next: Launched
            switch latestState() {
            case .none:
                // The crash came before the journal's header was durable: nothing ran; start again.
                next = try launch(runArguments, extra: [:])
                outcome.transcript += "$ run again (no readable journal)\n" + next.output
            case .finished(let s)?:
                // The crash came after the run's last record: it had completed.
                status = s.rawValue
                continue
            case .interrupted?:
                next = try launch(resumeArguments, extra: [:])
                outcome.transcript += "$ \(resumes == 1 ? "resume" : "resume again")\n" + next.output
            }
            outcome.statuses.append(next.status)
            status = next.killed ? nil : next.status
        }
        outcome.problems += try check()
        return outcome
    }

    /// The state of the latest run with a readable journal.
    private func latestState() -> RunHistory.State? {
        let directory = RunsDirectory(root: runsDirectory)
        for id in directory.runIDs().reversed() {
            if let store = try? FileCheckpointStore(path: directory.journal(id)), let contents = try? JournalReader.read(store),
                let history = try? RunHistory(contents)
            {
                return history.state
            }
        }
        return nil
    }

    private struct Launched {
        var status: Int32
        var killed: Bool
        var output: String
    }

    private func launch(_ arguments: [String], extra: [String: String]) throws -> Launched {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments + ["--runs-dir", runsDirectory]
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "RUNBOOK_CRASH_AT")
        for (k, v) in environment { env[k] = v }
        for (k, v) in extra { env[k] = v }
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == 9
        return Launched(status: process.terminationStatus, killed: killed, output: String(decoding: data, as: UTF8.self))
    }
}

/// A harness failure with its explanation.
package struct HarnessError: Error, CustomStringConvertible {
    /// What went wrong.
    package var description: String
    /// Creates an error.
    package init(_ description: String) { self.description = description }
}
