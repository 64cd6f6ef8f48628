@testable import JMESPath
import RunbookCore
import TestSupport
import Testing

/// `sort` and `sort_by` order strings by code point, stably, though the engine sorts 16-byte
/// windows of the keys taken after the prefix they all share, and compares whole strings only when
/// windows are equal. Each shape of keys below steers into one of the edges of that shortcut; the
/// answer is always that of a plain stable sort.
@Suite("JMESPath string sorting")
struct StringSortTests {
    /// Kinds of keys runbooks sort by, and keys made to hit the edges of the shortcuts.
    static let shapes: [(name: String, make: @Sendable (inout SeededGenerator) -> String)] = [
        (
            "timestamps",
            { rng in
                let d = rng.below(3) == 0 ? 13 : 1 + rng.below(28)
                return "2026-\(pad(1 + rng.below(12)))-\(pad(d))T\(pad(rng.below(24))):\(pad(rng.below(60))):\(pad(rng.below(60)))+00:00"
            }
        ),
        ("states (mostly ties)", { rng in ["running", "stopped", "pending", "stopping"][rng.below(4)] }),
        (
            "ARNs differing past the window",
            { rng in
                "arn:aws:iam::123456789012:role/" + String(repeating: "x", count: rng.below(20)) + "-\(rng.below(5))"
            }
        ),
        ("short and empty", { rng in String((0..<rng.below(4)).map { _ in Array("ab\u{0}")[rng.below(3)] }) }),
        ("lengths only (NUL padding)", { rng in "same-prefix" + String(repeating: "\u{0}", count: rng.below(4)) }),
        (
            "non-ASCII",
            { rng in String((0..<(1 + rng.below(6))).map { _ in ["é", "e", "😀", "中", "z", "\u{FFFF}", "\u{10000}"][rng.below(7)] }) }
        ),
        ("random digits", { rng in String((0..<20).map { _ in "\(rng.below(10))" }.joined()) }),
        ("counters", { rng in "node-\(rng.below(40))" }),
        (
            "sharing 18 bytes, differing past the 32nd",
            { rng in "cluster-node-pool-\(rng.below(3))" + String(repeating: "z", count: 14) + "\(rng.below(50))" }
        ),
    ]

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Positions of `strings` in code point order, ties by position.
    static func expectedOrder(_ strings: [String]) -> [Int] {
        let scalars = strings.map { Array($0.unicodeScalars.map(\.value)) }
        return strings.indices.sorted { a, b in
            scalars[a] != scalars[b] ? scalars[a].lexicographicallyPrecedes(scalars[b]) : a < b
        }
    }

    /// `sort_by(@, &k)[].i` and `sort(@[].k)` over `strings`, checked against the plain sort.
    static func check(_ strings: [String], _ label: String) throws {
        let items = JSONValue.array(
            strings.enumerated().map { .object(JSONObject([("k", .string($0.element)), ("i", .integer($0.offset))])) })
        let order = try Expression.compile("sort_by(@, &k)[].i").search(items)
        let expected = expectedOrder(strings)
        #expect(order == .array(expected.map { .integer($0) }), "\(label): sort_by")
        let sorted = try Expression.compile("sort(@)").search(.array(strings.map { .string($0) }))
        #expect(sorted == .array(expected.map { .string(strings[$0]) }), "\(label): sort")
        // A key that is not a plain name is evaluated per element: the other way to the same order.
        let evaluated = try Expression.compile("sort_by(@, &join('', [k]))[].i").search(items)
        #expect(evaluated == order, "\(label): evaluated keys")
    }

    @Test("every shape of key, at sizes on both sides of introsort's insertion-sort threshold, sorts as a plain stable sort")
    func shapesAndSizes() throws {
        var rng = SeededGenerator(seed: 2026_12_03)
        for (name, make) in Self.shapes {
            for n in [0, 1, 2, 16, 17, 18, 65, 300, 2_500, 9_000] {
                try Self.check((0..<n).map { _ in make(&rng) }, "\(name), n = \(n)")
            }
        }
    }

    @Test("keys of which many, but not all, share a long prefix sort by the bytes that differ")
    func partlySharedPrefix() throws {
        // Every 20th key shares a long prefix with the first, the others a short one.
        let n = 320
        let strings = (0..<n).map { i in
            i % (n / 16) == 0 ? "shared-long-prefix-\(n - i)" : "shared-\(i % 7)-\(n - i)"
        }
        try Self.check(strings, "partly shared prefix")
        try Self.check(strings.reversed(), "partly shared prefix, reversed")
    }

    @Test("keys whose windows are equal but whose strings are not are ordered by the whole string")
    func tiesBeyondTheWindow() throws {
        // No shared prefix, so windows are the first 16 bytes: equal within each letter, while the
        // strings differ after them.
        let strings = (0..<200).map { i in
            "\(Array("abcd")[i % 4])" + String(repeating: "w", count: 15) + "\(199 - i)" + (i % 3 == 0 ? "z" : "")
        }
        try Self.check(strings, "ties beyond the window")
        try Self.check(strings.map { $0 + "-" } + strings, "ties beyond the window, duplicated")
    }

    @Test("keys differing in few bits (digits, a short run of bits) are sorted as packed words; others are compared")
    func packedOrComparison() throws {
        /// The packed sort's order of `strings`, nil when it declines them (the comparison sort's ties
        /// rule stands in for the full comparison: these keys' windows settle every tie).
        func packedOrder(_ strings: [String]) -> [Int]? {
            let values = strings.map { JSONValue.string($0) }
            return values.withUnsafeBufferPointer { buffer in
                let refs = (0..<buffer.count).map { buffer.baseAddress! + $0 }
                return refs.withUnsafeBufferPointer { refs in
                    PackedKeySort.order(StringSortKey.keys(of: refs)) { a, b in
                        StringSortKey.order(a, b) ?? (a.index < b.index)
                    }
                }
            }
        }
        var rng = SeededGenerator(seed: 11)
        let timestamps = (0..<500).map { _ in Self.shapes[0].make(&rng) }
        #expect(packedOrder(timestamps) == Self.expectedOrder(timestamps))
        let days = (0..<1_000).map { _ in "2026-05-\(Self.pad(1 + rng.below(31)))" }
        #expect(packedOrder(days) == Self.expectedOrder(days))
        let letters = (0..<300).map { _ in String(UnicodeScalar(UInt8(0x61 + rng.below(26)))) }
        #expect(packedOrder(letters) == Self.expectedOrder(letters))
        let digits = (0..<400).map { _ in String((0..<14).map { _ in Character("\(rng.below(10))") }) }
        #expect(packedOrder(digits) == Self.expectedOrder(digits))
        #expect(packedOrder((0..<300).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }) == nil)
        #expect(packedOrder(Array(timestamps.prefix(PackedKeySort.minimumCount - 1))) == nil)
        #expect(packedOrder(Array(repeating: "same", count: 100)) == nil)
    }

    @Test("keys equal in their packed bits are ordered by the whole key: pairs, long runs, equal strings")
    func packedTies() throws {
        var rng = SeededGenerator(seed: 12)
        // Same day and hour, minute and second in the bytes past the packed ones.
        let seconds = (0..<3_000).map { _ in
            "2026-05-01T0\(rng.below(2)):\(Self.pad(rng.below(60))):\(Self.pad(rng.below(60))).\(rng.below(1000))Z"
        }
        try Self.check(seconds, "seconds past the packed digits")
        // Long runs of one day, some of them equal strings, some differing past the window.
        let runs = (0..<2_000).map { i in "2026-05-0\(1 + rng.below(3))" + (i % 4 == 0 ? "" : "T\(rng.below(5))") }
        try Self.check(runs, "long runs")
        // Ties where only the length differs ("0" against "0\0").
        let padded = (0..<200).map { i in "k-\(i % 7)" + String(repeating: "\u{0}", count: rng.below(3)) }
        try Self.check(padded, "lengths only")
        // Eight digits, then letters whose low four bits order them otherwise ("B" before "a", 2 > 1).
        let digitsThenLetters = (0..<300).map { _ in "\(rng.below(3))0000000" + ["B", "a", "C", "b"][rng.below(4)] }
        try Self.check(digitsThenLetters, "digits, then letters")
        // Letters: a short run of bits, not digits.
        try Self.check((0..<500).map { _ in String(UnicodeScalar(UInt8(0x61 + rng.below(26)))) + "\(rng.below(3))" }, "letters")
    }

    @Test("mixed and missing keys are errors whichever way the keys are read")
    func wrongKeys() throws {
        let strings = (0..<100).map { JSONValue.object(JSONObject([("k", .string("s\($0)"))])) }
        for bad: JSONValue in [.integer(1), .null, .object(JSONObject())] {
            var items = strings
            items[70] = bad
            #expect(throws: JMESPathError.self) { try Expression.compile("sort_by(@, &k)").search(.array(items)) }
        }
        var items = strings
        items[0] = .object(JSONObject([("k", .integer(3))]))
        #expect(throws: JMESPathError.self) { try Expression.compile("sort_by(@, &k)").search(.array(items)) }
        #expect(throws: JMESPathError.self) { try Expression.compile("sort(@)").search(.array([.string("a"), .integer(1)])) }
    }
}
