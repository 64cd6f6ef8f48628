import Engine
import Foundation
import RunJournal

/// Finds runs in the runs folder and summarises them for `runs` and `resume`.
enum RunCatalog {
    /// One line of `runbook runs`.
    struct Entry {
        var id: String
        var history: RunHistory?
        var holder: RunLock.Holder?
        var problem: String?
    }

    /// Every run, oldest first (by start time, then id).
    static func entries(in directory: RunsDirectory) -> [Entry] {
        directory.runIDs().map { entry($0, in: directory) }.sorted {
            ($0.history?.header.startedAt ?? 0, $0.id) < ($1.history?.header.startedAt ?? 0, $1.id)
        }
    }

    /// One run.
    static func entry(_ id: String, in directory: RunsDirectory) -> Entry {
        let holder = RunLock.currentHolder(path: directory.lock(id))
        do {
            let store = try FileCheckpointStore(path: directory.journal(id))
            let history = try RunHistory(JournalReader.read(store))
            return Entry(id: id, history: history, holder: holder, problem: nil)
        } catch {
            return Entry(id: id, history: nil, holder: holder, problem: error.description)
        }
    }

    /// The latest run that was interrupted and is not running now.
    static func latestInterrupted(in directory: RunsDirectory) throws(JournalError) -> String {
        for e in entries(in: directory).reversed() where e.holder == nil {
            if let h = e.history, h.state == .interrupted { return e.id }
        }
        throw JournalError(.noRuns, "no interrupted run in \(directory.root); 'runbook runs' lists the runs there", path: directory.root)
    }

    /// `running`, `interrupted`, `healthy`, `findings`, `failed` (plus `dry run`, `undone`).
    static func state(_ e: Entry) -> String {
        if e.holder != nil { return "running" }
        guard let h = e.history else { return "unreadable" }
        var text: String
        switch h.state {
        case .interrupted: text = "interrupted"
        case .finished(let status):
            switch status {
            case .healthy: text = h.steps.values.contains { $0.state == .fixed } ? "repaired" : "healthy"
            case .findings: text = "findings"
            case .stepFailed: text = "failed"
            case .usage: text = "error"
            case .interrupted: text = "interrupted"
            }
        }
        if h.header.dryRun { text += " (dry run)" }
        if !h.undone.isEmpty { text += ", \(h.undone.count) undone" }
        return text
    }
}
