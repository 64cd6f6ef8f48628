import Engine
import Foundation
import RunJournal
import RunbookCore
import RunbookTesting
import Testing

@Suite("Journal format: checksums, hashes, framing")
struct FormatTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func sha256MatchesFIPSVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)).count == 64)
    }

    static func journal(_ count: Int) -> [UInt8] {
        var bytes = JournalFraming.magic
        for i in 0..<count {
            bytes += JournalFraming.frame(JournalRecord(type: "step_started", at: Double(i), fields: ["step": .string("s\(i)")]).payload)
        }
        return bytes
    }

    @Test func intactJournalDecodesEveryRecord() throws {
        let bytes = Self.journal(5)
        let decoded = try JournalFraming.decode(bytes)
        #expect(decoded.payloads.count == 5)
        #expect(decoded.validLength == bytes.count)
        #expect(decoded.ignoredBytes == 0)
    }

    @Test func tornLastRecordIsIgnoredAtEveryCut() throws {
        let four = Self.journal(4)
        let five = Self.journal(5)
        for cut in four.count..<five.count {
            let decoded = try JournalFraming.decode(Array(five.prefix(cut)))
            #expect(decoded.payloads.count == 4, "cut at \(cut)")
            #expect(decoded.validLength == four.count)
            #expect(decoded.ignoredBytes == cut - four.count)
        }
    }

    @Test func corruptedLastRecordIsIgnored() throws {
        var bytes = Self.journal(3)
        bytes[bytes.count - 3] ^= 0x20  // a flipped bit in the last payload
        let decoded = try JournalFraming.decode(bytes)
        #expect(decoded.payloads.count == 2)
        var garbageLength = Self.journal(2)
        garbageLength += [0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0, 1, 2, 3]
        #expect(try JournalFraming.decode(garbageLength).payloads.count == 2)
    }

    @Test func aFileThatIsNotAJournalIsRejected() {
        #expect(throws: JournalError.self) { try JournalFraming.decode(Array("hello, world".utf8)) }
    }

    @Test func openingCutsTheTornTailSoAppendsFollowTheLastIntactRecord() throws {
        let store = InMemoryCheckpointStore(Array(Self.journal(3).dropLast(5)))
        let contents = try JournalReader.open(store)
        #expect(contents.records.count == 2)
        #expect(store.bytes.count == contents.validLength)
        try store.append(JournalFraming.frame(JournalRecord(type: "waiting", at: 9).payload))
        #expect(try JournalReader.read(store).records.map(\.type) == ["step_started", "step_started", "waiting"])
    }

    @Test func recordsRoundTrip() throws {
        let record = JournalRecord(type: "finding", at: 12.5, fields: ["finding": ["name": "x", "evidence": ["a": [1, 2]]]])
        let back = try JournalRecord(payload: ArraySlice(record.payload))
        #expect(back == record)
    }
}
