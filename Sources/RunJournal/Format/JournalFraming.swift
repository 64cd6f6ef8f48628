/// The journal's byte format: a magic header, then records, each framed so a torn write is seen.
///
/// ```
/// file   = magic record*
/// magic  = "RBJRNL1\n"                       (8 bytes)
/// record = length:u32le crc32:u32le payload  (payload: `length` bytes of compact JSON)
/// ```
/// Records are only ever appended. Reading stops at the first frame that is incomplete (a
/// length running past the end of the file) or whose checksum does not match: that is a torn
/// last record from a crash or power loss, and it is ignored together with anything after it.
package enum JournalFraming {
    /// The first bytes of every journal.
    package static let magic: [UInt8] = Array("RBJRNL1\n".utf8)
    /// The largest payload a frame may declare (guards against a garbage length).
    package static let maximumPayload = 256 << 20

    /// One framed record.
    package static func frame(_ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 8)
        append(UInt32(payload.count), to: &out)
        append(CRC32.checksum(payload), to: &out)
        out.append(contentsOf: payload)
        return out
    }

    /// What reading a journal's bytes found.
    package struct Decoded: Sendable, Equatable {
        /// The payloads of the intact records, in order.
        package var payloads: [ArraySlice<UInt8>]
        /// Bytes up to the end of the last intact record (where the next append must go).
        package var validLength: Int
        /// Bytes after that: a torn or corrupted tail, ignored.
        package var ignoredBytes: Int
    }

    /// Splits `bytes` into payloads, stopping at the first torn or corrupted frame.
    ///
    /// - Throws: ``JournalError`` when the bytes do not start with the journal magic.
    package static func decode(_ bytes: [UInt8]) throws(JournalError) -> Decoded {
        if bytes.isEmpty { return Decoded(payloads: [], validLength: 0, ignoredBytes: 0) }
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            if bytes.count < magic.count, Array(magic[0..<bytes.count]) == bytes {
                return Decoded(payloads: [], validLength: 0, ignoredBytes: bytes.count)
            }
            throw JournalError(.notAJournal, "the file is not a runbook journal (it does not start with the journal header)")
        }
        var payloads: [ArraySlice<UInt8>] = []
        var offset = magic.count
        while offset + 8 <= bytes.count {
            let length = Int(read(bytes, offset))
            let crc = read(bytes, offset + 4)
            let start = offset + 8
            guard length <= maximumPayload, start + length <= bytes.count else { break }
            let payload = bytes[start..<(start + length)]
            guard CRC32.checksum(payload) == crc else { break }
            payloads.append(payload)
            offset = start + length
        }
        return Decoded(payloads: payloads, validLength: offset, ignoredBytes: bytes.count - offset)
    }

    private static func append(_ value: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    private static func read(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
