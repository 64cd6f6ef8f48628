package import RunJournal
import Synchronization

/// A journal store in memory: the in-memory seam for journal tests, with the bytes exposed so a
/// test can tear or corrupt them the way a crash or a bad disk would.
package final class InMemoryCheckpointStore: CheckpointStore {
    private let state: Mutex<(bytes: [UInt8], syncs: Int, syncedLength: Int)>

    /// A store holding `bytes`.
    package init(_ bytes: [UInt8] = []) { state = Mutex((bytes, 0, bytes.count)) }

    /// Every byte appended so far.
    package var bytes: [UInt8] {
        get { state.withLock { $0.bytes } }
        set { state.withLock { $0.bytes = newValue } }
    }

    /// How many times ``sync()`` was called.
    package var syncCount: Int { state.withLock { $0.syncs } }

    /// How many bytes were durable at the last sync (what a power cut would keep).
    package var syncedLength: Int { state.withLock { $0.syncedLength } }

    /// Appends.
    package func append(_ bytes: [UInt8]) throws(JournalError) { state.withLock { $0.bytes += bytes } }

    /// Records a sync.
    package func sync() throws(JournalError) {
        state.withLock {
            $0.syncs += 1
            $0.syncedLength = $0.bytes.count
        }
    }

    /// The bytes.
    package func read() throws(JournalError) -> [UInt8] { bytes }

    /// Drops the bytes after `length`.
    package func truncate(to length: Int) throws(JournalError) {
        state.withLock { $0.bytes = Array($0.bytes.prefix(length)) }
    }
}
