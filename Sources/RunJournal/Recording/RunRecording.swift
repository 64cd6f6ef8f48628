import RunbookCore

/// A run's journal opened for writing by this process, with the run's lock held.
///
/// ``create(header:in:crashHook:now:)`` starts a new run; ``open(_:in:command:crashHook:now:)``
/// reopens one for `resume` or `undo` (reading its history and cutting a torn last record).
/// The lock is released when the recording is released.
package final class RunRecording: Sendable {
    /// The run's id.
    package let runID: String
    /// Where runs live.
    package let directory: RunsDirectory
    /// Appends to the journal; add it to the run's observers.
    package let writer: JournalWriter
    /// The run's lock (kept for the recording's lifetime).
    package let lock: RunLock
    private let now: @Sendable () -> Double

    private init(runID: String, directory: RunsDirectory, writer: JournalWriter, lock: RunLock, now: @escaping @Sendable () -> Double) {
        self.runID = runID
        self.directory = directory
        self.writer = writer
        self.lock = lock
        self.now = now
    }

    /// Creates the run's folder (`0700`), takes its lock and writes the header and a `run` session.
    package static func create(
        header: RunHeader, in directory: RunsDirectory, crashHook: CrashHook? = nil,
        now: @escaping @Sendable () -> Double
    ) throws(JournalError) -> RunRecording {
        try directory.create(header.runID)
        let lock = try RunLock(path: directory.lock(header.runID), command: "run", now: now())
        let store = try FileCheckpointStore(path: directory.journal(header.runID))
        let writer = JournalWriter(store: store, now: now, crashHook: crashHook)
        try writer.begin(header)
        try syncDirectory(directory.folder(header.runID))
        let recording = RunRecording(runID: header.runID, directory: directory, writer: writer, lock: lock, now: now)
        try recording.beginSession("run", dryRun: header.dryRun)
        return recording
    }

    /// Takes an existing run's lock and reads its history; the caller then checks it can go on
    /// and calls ``beginSession(_:dryRun:)``.
    package static func open(
        _ runID: String, in directory: RunsDirectory, command: String, crashHook: CrashHook? = nil,
        now: @escaping @Sendable () -> Double
    ) throws(JournalError) -> (RunRecording, RunHistory) {
        let journal = directory.journal(runID)
        guard FileManagerProbe.exists(journal) else {
            throw JournalError(.noSuchRun, "no run '\(runID)' in \(directory.root)", path: directory.root)
        }
        let lock = try RunLock(path: directory.lock(runID), command: command, now: now())
        let store = try FileCheckpointStore(path: journal)
        let history = try RunHistory(JournalReader.open(store))
        let writer = JournalWriter(store: store, now: now, crashHook: crashHook)
        return (RunRecording(runID: runID, directory: directory, writer: writer, lock: lock, now: now), history)
    }

    /// Writes a `session` record: this process now drives the run.
    package func beginSession(_ kind: String, dryRun: Bool = false) throws(JournalError) {
        var fields: JSONObject = ["kind": .string(kind), "pid": .integer(Int(ProcessIdentity.pid)), "host": .string(RunLock.hostName)]
        if dryRun { fields["dry_run"] = .bool(true) }
        try writer.write(type: "session", fields: fields)
    }

    /// Makes a new file's directory entry durable.
    private static func syncDirectory(_ path: String) throws(JournalError) {
        if !ProcessIdentity.syncDirectory(path) { throw FileCheckpointStore.failure("cannot sync the run folder", path) }
    }
}
