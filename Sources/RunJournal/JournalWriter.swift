#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import Engine
package import RunbookCore
import Synchronization

/// Appends a run's transitions to its journal, each made durable before the side effect it
/// announces: the ``RunObserver`` that makes a run resumable.
///
/// The driver awaits ``handle(_:)`` for every event before carrying out the next action, so a
/// `request_sent` record is on disk (`fsync`) before a mutating request can go out. If the
/// journal cannot be written, the writer cancels the run's task: the driver then treats it as an
/// interruption and sends nothing more, since an unrecorded change could not be resumed safely.
package final class JournalWriter: RunObserver {
    private struct State {
        var written = 0
        var failure: JournalError?
        var statistics = JournalStatistics()
    }

    private let store: any CheckpointStore
    private let now: @Sendable () -> Double
    private let crashHook: CrashHook?
    private let state = Mutex(State())

    /// A writer appending to `store` (whose intact records must end where appends go: see
    /// ``JournalReader/open(_:)``). `now` gives wall-clock seconds since 1970.
    package init(store: any CheckpointStore, now: @escaping @Sendable () -> Double, crashHook: CrashHook? = nil) {
        self.store = store
        self.now = now
        self.crashHook = crashHook
    }

    /// The first failure to write, if any.
    package var failure: JournalError? { state.withLock { $0.failure } }

    /// Writes the journal header of a new journal (empty store).
    package func begin(_ header: RunHeader) throws(JournalError) {
        try store.append(JournalFraming.magic)
        try write([JournalRecord(type: "run", at: now(), fields: header.json)])
    }

    /// Appends records, syncing when one of them needs it.
    package func write(_ records: [JournalRecord]) throws(JournalError) {
        var needsSync = false
        for record in records {
            let framed = JournalFraming.frame(record.payload)
            let number = state.withLock { s -> Int in
                s.written += 1
                return s.written
            }
            if let hook = crashHook, hook.recordNumber == number, hook.mode == .torn {
                try store.append(Array(framed.prefix(max(1, framed.count / 2))))
                hook.fire()
            }
            try store.append(framed)
            needsSync = needsSync || record.needsSync
            if let hook = crashHook, hook.recordNumber == number {
                if needsSync { try store.sync() }
                hook.fire()
            }
        }
        if needsSync { try store.sync() }
    }

    /// A record of another type (session, resume decision), stamped now.
    package func write(type: String, fields: JSONObject) throws(JournalError) {
        try write([JournalRecord(type: type, at: now(), fields: fields)])
    }

    /// Time spent journaling, per step: what the journal costs a run.
    package var statistics: JournalStatistics { state.withLock { $0.statistics } }

    /// Records one engine event; on failure, cancels the current task so nothing more is sent.
    package func handle(_ event: RunEvent) async {
        guard failure == nil else { return }
        let start = ContinuousClock.now
        do {
            try write(JournalRecord.records(for: event, at: now()))
            let spent = ContinuousClock.now - start
            state.withLock { $0.statistics.add(spent, step: event.stepID) }
        } catch {
            state.withLock { $0.failure = error }
            withUnsafeCurrentTask { $0?.cancel() }
        }
    }
}

/// A test hook that kills the process with `SIGKILL` at a chosen journal record, so crash tests
/// can stop a real run at every step boundary deterministically.
///
/// Set `RUNBOOK_CRASH_AT=N` to die right after the N-th record this process writes is appended
/// (and synced when it needs to be), or `N:torn` to die half-way through writing it.
package struct CrashHook: Sendable, Equatable {
    /// Where in the N-th record to die.
    package enum Mode: String, Sendable, Equatable {
        /// After the record is written.
        case after
        /// With half the record written (a torn record).
        case torn
    }

    /// 1-based number of the record, counting every record this process writes.
    package var recordNumber: Int
    /// Where in it.
    package var mode: Mode

    /// Creates a hook.
    package init(recordNumber: Int, mode: Mode) {
        self.recordNumber = recordNumber
        self.mode = mode
    }

    /// The hook described by `RUNBOOK_CRASH_AT`'s value (`N` or `N:torn`), if valid.
    package init?(_ text: String?) {
        guard let text, !text.isEmpty else { return nil }
        let parts = text.split(separator: ":")
        guard let n = Int(parts[0]), n > 0 else { return nil }
        let mode = parts.count > 1 ? Mode(rawValue: String(parts[1])) : .after
        guard let mode else { return nil }
        self.init(recordNumber: n, mode: mode)
    }

    /// Dies at once, as a power cut or `kill -9` would.
    package func fire() -> Never {
        kill(getpid(), SIGKILL)
        while true { pause() }
    }
}

/// What journaling cost a run: records written and time spent, in total and per step.
package struct JournalStatistics: Sendable, Equatable {
    /// Events journaled.
    package var events = 0
    /// Time spent in the journal for all events.
    package var total: Duration = .zero
    /// Time spent per step id, in the order steps were first seen.
    package var perStep: [(id: String, time: Duration)] = []

    /// Adds the time one event took.
    mutating func add(_ spent: Duration, step: String?) {
        events += 1
        total += spent
        guard let step else { return }
        if let last = perStep.indices.last, perStep[last].id == step {
            perStep[last].time += spent
        } else {
            perStep.append((step, spent))
        }
    }

    /// The median time per step.
    package var medianPerStep: Duration {
        let sorted = perStep.map(\.time).sorted()
        return sorted.isEmpty ? .zero : sorted[sorted.count / 2]
    }

    /// Compares counts and totals.
    package static func == (a: JournalStatistics, b: JournalStatistics) -> Bool {
        a.events == b.events && a.total == b.total && a.perStep.map(\.id) == b.perStep.map(\.id)
    }
}

extension RunEvent {
    /// The step an event is about, if any.
    var stepID: String? {
        switch self {
        case .stepStarted(let id, _, _, _, _), .requestPlanned(let id, _), .approvalDecided(let id, _),
            .attemptFailed(let id, _, _, _), .waiting(let id, _, _, _, _):
            return id
        case .findingRaised(let f): return f.stepID
        case .findingFixed(_, let id): return id
        case .stepFinished(let r): return r.id
        case .runStarted, .runFinished: return nil
        }
    }
}
