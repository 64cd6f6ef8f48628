@testable import JMESPath
import TestSupport
import Testing

/// The radix sort of packed sort words gives exactly the ascending order of the words, whichever
/// bits vary: runs between constant separators (timestamps), one bit, the top bits, bits right
/// above the positions, too many spread bits (the comparison sort takes over), none at all.
@Suite("JMESPath radix sort of packed words")
struct WordRadixSortTests {
    /// Words whose bits at `varying` are random and whose other bits above `low` are `fixed`,
    /// with their positions below `low`.
    static func words(_ count: Int, varying: UInt64, fixed: UInt64 = 0, low: Int = 16, seed: UInt64) -> [UInt64] {
        var rng = SeededGenerator(seed: seed)
        let above: UInt64 = ~((1 << UInt64(low)) &- 1)
        return (0..<count).map { i in
            let random = UInt64(rng.below(Int.max)) << 1 ^ UInt64(rng.below(2))
            return (random & varying | fixed & ~varying) & above | UInt64(i)
        }
    }

    static func check(_ words: [UInt64], low: Int = 16, _ comment: Comment) {
        var sorted = words
        WordRadixSort.sort(&sorted, above: low)
        #expect(sorted == words.sorted(), comment)
    }

    @Test("timestamp-like runs of varying bits, at every size from 2 to 5,000")
    func runs() {
        // Packed digits of "MM-DDTHH:MM": runs of 5, 6, 6 and 7 bits between bits that never vary.
        let varying: UInt64 = 0b11111_000000_111111_000000_111111_00000_1111111 << 20
        for count in [2, 3, 31, 32, 100, 2_038, 5_000] {
            Self.check(
                Self.words(count, varying: varying, fixed: 0x2D2D_0000_0000_0000, seed: UInt64(count)), "\(count) words"
            )
        }
    }

    @Test("one varying bit, the top bits, the bits right above the positions, a 32-bit run")
    func edges() {
        Self.check(Self.words(1_000, varying: 1 << 40, seed: 1), "one bit")
        Self.check(Self.words(1_000, varying: 0xFFF0_0000_0000_0000, seed: 2), "top twelve bits (sign bit too)")
        Self.check(Self.words(1_000, varying: 0x0000_0000_00FF_0000, seed: 3), "right above the positions")
        Self.check(Self.words(3_000, varying: 0x0000_FFFF_FFFF_0000, seed: 4), "32 bits in a row")
        Self.check(Self.words(1_000, varying: 0xFFFF_FFFF_0000_0000, low: 32, seed: 5), low: 32, "positions in 32 bits")
        // Many equal keys: long runs of words that differ only in their positions.
        Self.check(Self.words(2_000, varying: 0x3 << 50, seed: 6), "four keys, 500 of each")
    }

    @Test("nothing to sort: one word, no varying bit")
    func nothingToSort() {
        Self.check([], "empty")
        Self.check([7], "one word")
        Self.check(Self.words(500, varying: 0, fixed: 0xABCD << 40, seed: 7), "all keys equal")
    }

    @Test("each pass takes the varying bits from the lowest one up; comparing takes over when cheaper")
    func passes() {
        let varying: UInt64 = 0b11111_000000_111111_000000_111111_00000_1111111 << 20
        let timestamps = Self.words(2_038, varying: varying, seed: 10)
        #expect(
            WordRadixSort.digits(of: timestamps, above: 16)
                == [(20, 7), (32, 6), (44, 6), (56, 5)].map { WordRadixSort.Digit(shift: $0, mask: (1 << $1) - 1) })
        #expect(WordRadixSort.digits(of: Self.words(500, varying: 0, fixed: 0xABCD << 40, seed: 7), above: 16) == [])
        // 40 words differing in 48 bits: eight passes of six bits cost more than comparing.
        let few = Self.words(40, varying: ~0xFFFF, seed: 11)
        #expect(WordRadixSort.digits(of: few, above: 16) == nil)
        Self.check(few, "compared")
        Self.check(Self.words(31, varying: varying, seed: 12), "31 timestamps, compared")
    }

    @Test("bits spread thinly take a pass each, to the same order")
    func spreadBits() {
        // Every twelfth bit: each pass takes one.
        var spread: UInt64 = 0
        for bit in stride(from: 16, to: 64, by: 12) { spread |= 1 << UInt64(bit) }
        spread |= 1 << 63
        let words = Self.words(1_000, varying: spread, seed: 8)
        #expect(WordRadixSort.digits(of: words, above: 16)?.count == 5)
        Self.check(words, "one bit in twelve")
        Self.check(Self.words(1_000, varying: ~0xFFFF, seed: 9), "all 48 bits")
    }
}
