/// Where a run's journal bytes live: the seam between the journal and the file system.
///
/// Implementers must:
/// - make ``append(_:)`` add the bytes after everything appended before, in order (a crash may
///   leave only a prefix of the last append, never reorder appends);
/// - return from ``sync()`` only once every byte appended so far is durable (`fsync`);
/// - make ``read()`` return every byte appended so far, and ``truncate(to:)`` drop the bytes
///   after `length` (resume uses it to cut a torn last record before appending again).
///
/// ``FileCheckpointStore`` is the real one; `RunbookTesting` ships an in-memory one.
package protocol CheckpointStore: Sendable {
    /// Appends bytes at the end.
    func append(_ bytes: [UInt8]) throws(JournalError)
    /// Makes every appended byte durable.
    func sync() throws(JournalError)
    /// Every byte appended so far.
    func read() throws(JournalError) -> [UInt8]
    /// Drops the bytes after `length`.
    func truncate(to length: Int) throws(JournalError)
}
