/// Reads a journal's intact records, and prepares it for appending by cutting a torn tail.
package enum JournalReader {
    /// What a journal holds.
    package struct Contents: Sendable {
        /// The intact records, in order.
        package var records: [JournalRecord]
        /// Bytes of a torn or corrupted tail that were ignored.
        package var ignoredBytes: Int
        /// Where the intact records end.
        package var validLength: Int
    }

    /// The intact records of `store`; a torn last record is ignored (not an error).
    package static func read(_ store: any CheckpointStore) throws(JournalError) -> Contents {
        let decoded = try JournalFraming.decode(try store.read())
        var records: [JournalRecord] = []
        records.reserveCapacity(decoded.payloads.count)
        for payload in decoded.payloads { records.append(try JournalRecord(payload: payload)) }
        return Contents(records: records, ignoredBytes: decoded.ignoredBytes, validLength: decoded.validLength)
    }

    /// Reads `store` and cuts any torn tail, so the next append follows the last intact record.
    package static func open(_ store: any CheckpointStore) throws(JournalError) -> Contents {
        let contents = try read(store)
        if contents.ignoredBytes > 0 { try store.truncate(to: contents.validLength) }
        return contents
    }
}
