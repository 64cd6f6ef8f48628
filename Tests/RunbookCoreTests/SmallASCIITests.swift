import RunbookCore
import Testing

/// Short ASCII strings built directly in Swift's inline form are the very strings the standard
/// library would have made: same bits, same behaviour; anything else is left to the standard library.
@Suite("Short ASCII strings")
struct SmallASCIITests {
    static func made(_ text: String) -> String? {
        // A byte after the text, so the pointer of an empty text is a real one.
        let bytes = Array(text.utf8) + [0]
        return bytes.withUnsafeBufferPointer { String.smallASCII($0.baseAddress!, count: $0.count - 1) }
    }

    @Test("this Swift keeps short ASCII strings the way the shortcut builds them")
    func layoutIsKnown() {
        #expect(SmallStringLayout.isKnown)
    }

    @Test("every length up to 15 gives the standard library's string, bit for bit")
    func everyLength() {
        let alphabet = Array("az_AZ09-. ~!\u{7F}\u{1}Q".utf8)
        for count in 1...15 {
            for shift in 0..<alphabet.count {
                let bytes = (0..<count).map { alphabet[($0 + shift) % alphabet.count] }
                let expected = String(decoding: bytes, as: UTF8.self)
                let got = bytes.withUnsafeBufferPointer { String.smallASCII($0.baseAddress!, count: count) }
                #expect(got == expected, "\(bytes)")
                if let got {
                    let same = withUnsafeBytes(of: got) { g in withUnsafeBytes(of: expected) { g.elementsEqual($0) } }
                    #expect(same, "\(bytes)")
                }
            }
        }
    }

    @Test("the strings behave as any other: hashing, comparing, growing, as dictionary keys")
    func behaviour() throws {
        let key = try #require(Self.made("InstanceId"))
        let dictionary = ["InstanceId": 1]
        #expect(dictionary[key] == 1)
        #expect(key.hashValue == "InstanceId".hashValue)
        #expect(key < "InstanceIe" && key > "InstanceIc")
        var grown = key
        grown += "-with-a-long-tail-past-fifteen-bytes"
        #expect(grown == "InstanceId-with-a-long-tail-past-fifteen-bytes")
        #expect(key.count == 10 && key.utf8.count == 10 && Array(key.utf8) == Array("InstanceId".utf8))
        #expect(Self.made("")?.isEmpty == true)
    }

    @Test("non-ASCII bytes anywhere and strings past 15 bytes are left to the standard library")
    func declines() {
        #expect(Self.made("sixteen-bytes-xx") == nil)
        for text in ["é", "caf\u{E9}", "abcdefgh\u{E9}", "abcdefghijkl\u{E9}", "\u{1F600}"] {
            #expect(Self.made(text) == nil, "\(text)")
        }
        // A byte past the count is never read as part of the string (nor at all).
        let bytes = Array("abcdefghij\u{E9}".utf8)
        let got = bytes.withUnsafeBufferPointer { String.smallASCII($0.baseAddress!, count: 10) }
        #expect(got == "abcdefghij")
    }
}
