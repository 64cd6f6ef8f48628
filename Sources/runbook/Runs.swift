import ArgumentParser
import Engine
import Foundation
import RunJournal
import RunbookDSL

/// `runbook runs`: the runs kept in the runs folder.
struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List past runs, show one's timeline, or prune old ones.",
        subcommands: [RunsList.self, RunsShow.self, RunsPrune.self], defaultSubcommand: RunsList.self)
}

/// `runbook runs [list]`: id, runbook, start, state, findings and fixes of every run.
struct RunsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the runs, oldest first.")
    @OptionGroup var journal: JournalOptions

    mutating func run() async throws {
        let entries = RunCatalog.entries(in: journal.directory)
        guard !entries.isEmpty else {
            printOut("no runs in \(journal.directory.root)")
            return
        }
        var rows = [["ID", "RUNBOOK", "STARTED", "STATE", "FINDINGS", "FIXES"]]
        for e in entries {
            guard let h = e.history else {
                rows.append([e.id, "?", "?", RunCatalog.state(e), "", ""])
                continue
            }
            let open = h.findings.filter(\.isOpen).count
            let findings = h.findings.isEmpty ? "0" : "\(h.findings.count) (\(open) open)"
            let fixes = h.steps.values.filter { $0.state == .fixed }.count
            rows.append([e.id, h.header.runbook, JournalSupport.date(h.header.startedAt), RunCatalog.state(e), findings, "\(fixes)"])
        }
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            printOut(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingTrailingSpaces())
        }
    }
}

/// `runbook runs show ID`: a run's timeline.
struct RunsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a run's timeline from its journal.")
    @Argument(help: "The run's id.") var runID: String
    @OptionGroup var journal: JournalOptions

    mutating func run() async throws {
        let entry = RunCatalog.entry(runID, in: journal.directory)
        guard let history = entry.history else {
            printError("error: " + (entry.problem ?? "no run '\(runID)' in \(journal.directory.root)"))
            throw ExitCode(2)
        }
        printOut(RunTimeline.render(history, state: RunCatalog.state(entry)))
    }
}

/// `runbook runs prune`: remove old runs (never one that is running).
struct RunsPrune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Remove old runs: those older than a duration, or all but the newest N.")
    @Option(help: "Remove runs that started longer ago than this (e.g. 7d, 12h, 30m).") var olderThan: String?
    @Option(help: "Keep only the newest N runs.") var keep: Int?
    @OptionGroup var journal: JournalOptions

    mutating func run() async throws {
        guard olderThan != nil || keep != nil else {
            printError("error: say what to prune\n  hint: runbook runs prune --older-than 7d, or --keep 20")
            throw ExitCode(2)
        }
        var cutoff: Double? = nil
        if let olderThan {
            guard let seconds = Self.seconds(olderThan) else {
                printError("error: --older-than \(olderThan) is not a duration\n  hint: write a number and a unit: 7d, 12h, 30m, 45s")
                throw ExitCode(2)
            }
            cutoff = JournalSupport.now() - seconds
        }
        let entries = RunCatalog.entries(in: journal.directory)
        var removed = 0
        for (position, e) in entries.enumerated() {
            let newerCount = entries.count - position - 1
            let tooMany = keep.map { newerCount >= $0 } ?? false
            let started = e.history?.header.startedAt ?? 0
            let tooOld = cutoff.map { started < $0 } ?? false
            guard tooMany || tooOld else { continue }
            if e.holder != nil {
                printOut("kept \(e.id): it is running")
                continue
            }
            do {
                try journal.directory.remove(e.id)
                removed += 1
                printOut("removed \(e.id)")
            } catch {
                printError("error: \(error)")
            }
        }
        printOut("pruned \(removed) run(s); \(entries.count - removed) left in \(journal.directory.root)")
    }

    /// Seconds in `7d`, `12h`, `30m`, `45s` (or a plain number of seconds).
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["d": 86400, "h": 3600, "m": 60, "s": 1]
        if let last = text.last, let unit = units[last], let n = Double(text.dropLast()), n >= 0 { return n * unit }
        return Double(text).flatMap { $0 >= 0 ? $0 : nil }
    }
}
