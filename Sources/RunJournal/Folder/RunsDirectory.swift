#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The folder holding one sub-folder per run (`<root>/<run id>/journal`, `lock`).
///
/// Default `.runbook/runs` under the current folder; `--runs-dir` or `RUNBOOK_RUNS_DIR` move it.
/// Folders are created `0700` and files `0600`: a journal shows what a run saw and did.
package struct RunsDirectory: Sendable, Equatable {
    /// The environment variable that moves the folder.
    package static let environmentVariable = "RUNBOOK_RUNS_DIR"
    /// The journal's file name in a run folder.
    package static let journalName = "journal"
    /// The lock's file name in a run folder.
    package static let lockName = "lock"

    /// The folder's path.
    package var root: String

    /// A runs folder at `root`.
    package init(root: String) { self.root = root }

    /// The folder chosen by the flag, else the environment variable, else `.runbook/runs`.
    package init(flag: String?, environment: [String: String], currentDirectory: String) {
        let chosen = flag ?? environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let path = chosen ?? ".runbook/runs"
        root = path.hasPrefix("/") ? path : currentDirectory + "/" + path
    }

    /// A run's folder.
    package func folder(_ runID: String) -> String { root + "/" + runID }
    /// A run's journal.
    package func journal(_ runID: String) -> String { folder(runID) + "/" + Self.journalName }
    /// A run's lock file.
    package func lock(_ runID: String) -> String { folder(runID) + "/" + Self.lockName }

    /// Creates the run's folder (and missing parents) `0700`; fails if it already exists.
    package func create(_ runID: String) throws(JournalError) {
        try Self.makeDirectories(root)
        let path = folder(runID)
        guard mkdir(path, 0o700) == 0 else {
            throw FileCheckpointStore.failure("cannot create the run folder", path)
        }
        _ = chmod(path, 0o700)
    }

    /// The ids of every run with a journal, oldest first (ids sort by start time).
    package func runIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: journal($0)) }.sorted()
    }

    /// Removes a run's folder.
    package func remove(_ runID: String) throws(JournalError) {
        do {
            try FileManager.default.removeItem(atPath: folder(runID))
        } catch {
            throw JournalError(.io, "cannot remove '\(folder(runID))': \(error.localizedDescription)", path: folder(runID))
        }
    }

    /// `mkdir -p` with mode 0700 for every folder it creates.
    static func makeDirectories(_ path: String) throws(JournalError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o700) != 0, errno != EEXIST { throw FileCheckpointStore.failure("cannot create the runs folder", path) }
    }
}
