/// Sorts distinct 64-bit words whose low bits are their positions: least-significant-digit radix
/// sort by the bits above, where the words differ in few bits.
///
/// `PackedKeySort` packs each key into a word with the key's position in the low bits, so the
/// words are distinct, start in position order, and a stable sort by the bits above the position
/// puts them in ascending order. Only bits that differ between the words are sorted on: each
/// pass takes the lowest varying bit not yet sorted and the bits above it, 11 in all (fewer for
/// fewer words), trimmed to the last varying one. Timestamps (four runs of 5–7 varying bits
/// between separators and tens digits that never vary) take four passes over 32–128 buckets,
/// each word counted and moved once a pass, with no comparison to mispredict. When the passes
/// would cost more than comparing (bits spread thinly, few words), the comparison sort does it.
enum WordRadixSort {
    /// Sorts `words` (distinct, their bits below `low` ascending in order) ascending.
    static func sort(_ words: inout [UInt64], above low: Int) {
        guard words.count > 1 else { return }
        guard let digits = digits(of: words, above: low) else {
            TotalOrderSort.sort(&words) { $0 < $1 }
            return
        }
        radixSort(&words, digits)
    }

    /// One pass: the bits `shift ..< shift + width`, as `mask` (`width` ones) after shifting.
    struct Digit: Equatable {
        var shift: UInt64
        var mask: UInt64
        var buckets: Int { Int(mask) + 1 }
    }

    /// The digits to sort `words` by, lowest first (none when the words are equal above `low`),
    /// or nil when comparing would cost less: digits are at most 11 bits, and fewer for fewer
    /// words (every pass visits every bucket); a pass costs about one comparison per word.
    static func digits(of words: [UInt64], above low: Int) -> [Digit]? {
        guard low < 64 else { return [] }
        let n = words.count
        let varying = words.withUnsafeBufferPointer { words in
            guard let first = words.first else { return UInt64(0) }
            var varying: UInt64 = 0
            for word in words { varying |= word ^ first }
            return (varying &>> UInt64(low)) &<< UInt64(low)
        }
        let log2n = Int.bitWidth - n.leadingZeroBitCount
        let widest = min(11, max(4, log2n))
        var digits: [Digit] = []
        var cost = 0
        var rest = varying
        while rest != 0 {
            let shift = rest.trailingZeroBitCount
            let span: UInt64 = shift + widest >= 64 ? ~0 : (1 &<< UInt64(shift + widest)) &- 1
            let inDigit = rest & span
            let width = 64 - inDigit.leadingZeroBitCount - shift
            let digit = Digit(shift: UInt64(shift), mask: (1 &<< UInt64(width)) &- 1)
            digits.append(digit)
            cost += n + digit.buckets / 2
            rest &= ~inDigit
        }
        return cost <= n * log2n ? digits : nil
    }

    private static func radixSort(_ words: inout [UInt64], _ digits: [Digit]) {
        let n = words.count
        guard let first = digits.first else { return }
        let widest = digits.map(\.buckets).max()!
        var scratch = [UInt64](unsafeUninitializedCapacity: n) { _, count in count = n }
        // This pass's counts (turned into where each bucket starts), and the next pass's.
        var counts = [UInt32](repeating: 0, count: 2 * widest)
        var inScratch = false
        words.withUnsafeMutableBufferPointer { words in
            scratch.withUnsafeMutableBufferPointer { scratch in
                counts.withUnsafeMutableBufferPointer { counts in
                    var offsets = counts.baseAddress!
                    var next = offsets + widest
                    for word in words { offsets[Int(truncatingIfNeeded: (word &>> first.shift) & first.mask)] &+= 1 }
                    var source = words.baseAddress!
                    var target = scratch.baseAddress!
                    for pass in digits.indices {
                        let digit = digits[pass]
                        var sum: UInt32 = 0
                        for b in 0..<digit.buckets {
                            let count = offsets[b]
                            offsets[b] = sum
                            sum &+= count
                        }
                        // Moving the words by this digit, counting them by the next one.
                        let following = pass + 1 < digits.count ? digits[pass + 1] : Digit(shift: 0, mask: 0)
                        for i in 0..<n {
                            let word = source[i]
                            let bucket = Int(truncatingIfNeeded: (word &>> digit.shift) & digit.mask)
                            let at = offsets[bucket]
                            target[Int(truncatingIfNeeded: at)] = word
                            offsets[bucket] = at &+ 1
                            next[Int(truncatingIfNeeded: (word &>> following.shift) & following.mask)] &+= 1
                        }
                        offsets.update(repeating: 0, count: widest)
                        swap(&offsets, &next)
                        swap(&source, &target)
                        inScratch.toggle()
                    }
                }
            }
        }
        if inScratch { swap(&words, &scratch) }
    }
}
