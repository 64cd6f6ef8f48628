/// A faster way to order string sort keys when their windows differ in few bits.
///
/// Keys runbooks sort by are rarely random: timestamps, dates, numbered names. After the prefix
/// they share, their windows differ only in the low four bits of some bytes (digits), or only in
/// a short run of bits. Those bits of the window's first eight bytes fit in 32, and with the
/// key's position below them (and, for up to 65,536 keys whose next bytes are digits too, four
/// more digits) make one 64-bit word per key: the words are radix sorted by the bits in which
/// they differ (`WordRadixSort`), moving eight bytes a pass, where sorting the keys compares
/// windows and moves 24. Keys whose packed bits are equal are then ordered among themselves by
/// the full comparison.
enum PackedKeySort {
    /// Fewer keys than this are left to the comparison sort.
    static let minimumCount = 32

    /// The positions of `keys` in order, or nil when the first eight bytes of their windows do not
    /// pack into 32 bits (then sort the keys themselves). `less` is the full comparison: a strict
    /// total order on keys.
    static func order(_ keys: [StringSortKey], by less: (StringSortKey, StringSortKey) -> Bool) -> [Int]? {
        let n = keys.count
        guard n >= minimumCount, n <= Int(UInt32.max) else { return nil }
        return keys.withUnsafeBufferPointer { keys -> [Int]? in
            let first = keys[0]
            var varyingHigh: UInt64 = 0
            var varyingLow: UInt64 = 0
            for key in keys {
                varyingHigh |= key.high ^ first.high
                varyingLow |= key.low ^ first.low
            }
            guard varyingHigh != 0 else { return nil }
            let lowNibbles: UInt64 = 0x0F0F_0F0F_0F0F_0F0F
            let nibbles = varyingHigh & ~lowNibbles == 0
            let shift = UInt64(varyingHigh.trailingZeroBitCount)
            guard nibbles || 64 - varyingHigh.leadingZeroBitCount - Int(shift) <= 32 else { return nil }
            // The first four digits of the second eight bytes too, when there is room for them.
            let lowDigits = nibbles && n <= 1 << 16 && varyingLow & ~lowNibbles == 0
            let positionBits: UInt64 = lowDigits ? 16 : 32
            var words = [UInt64](unsafeUninitializedCapacity: n) { words, count in
                let keys = keys.baseAddress!
                let words = words.baseAddress!
                if lowDigits {
                    for i in 0..<n {
                        let packed = packNibbles(keys[i].high) &<< 32 | (packNibbles(keys[i].low) &>> 16) &<< 16
                        words[i] = packed | UInt64(truncatingIfNeeded: i)
                    }
                } else if nibbles {
                    for i in 0..<n { words[i] = packNibbles(keys[i].high) &<< 32 | UInt64(truncatingIfNeeded: i) }
                } else {
                    for i in 0..<n { words[i] = (keys[i].high &>> shift) &<< 32 | UInt64(truncatingIfNeeded: i) }
                }
                count = n
            }
            WordRadixSort.sort(&words, above: Int(positionBits))
            var order = [Int](unsafeUninitializedCapacity: n) { order, count in
                let mask: UInt64 = 1 &<< positionBits &- 1
                words.withUnsafeBufferPointer { words in
                    for i in 0..<n { order[i] = Int(truncatingIfNeeded: words[i] & mask) }
                }
                count = n
            }
            words.withUnsafeBufferPointer { words in
                order.withUnsafeMutableBufferPointer { order in
                    settleTies(order, words: words, positionBits: positionBits, keys: keys, by: less)
                }
            }
            return order
        }
    }

    /// The low four bits of each byte of `word`, side by side in the low 32 bits, in order.
    @inline(__always)
    static func packNibbles(_ word: UInt64) -> UInt64 {
        var x = word & 0x0F0F_0F0F_0F0F_0F0F
        x = (x | x &>> 4) & 0x00FF_00FF_00FF_00FF
        x = (x | x &>> 8) & 0x0000_FFFF_0000_FFFF
        return (x | x &>> 16) & 0xFFFF_FFFF
    }

    /// Orders by `less` each run of keys whose packed bits are equal (adjacent in `words`, in
    /// position order), unless they are keys of equal strings, which position order settles.
    private static func settleTies(
        _ order: UnsafeMutableBufferPointer<Int>, words: UnsafeBufferPointer<UInt64>, positionBits: UInt64,
        keys: UnsafeBufferPointer<StringSortKey>, by less: (StringSortKey, StringSortKey) -> Bool
    ) {
        let n = words.count
        var i = 1
        while i < n {
            // Most neighbours differ in their packed bits: one test each.
            if (words[i] ^ words[i - 1]) &>> positionBits != 0 {
                i += 1
                continue
            }
            let start = i - 1
            var end = i + 1
            while end < n && (words[end] ^ words[start]) &>> positionBits == 0 { end += 1 }
            if end - start == 2 {
                // The usual tie: a pair.
                let (a, b) = (keys[order[start]], keys[order[start + 1]])
                if !a.isSameString(as: b) && less(b, a) { order.swapAt(start, start + 1) }
            } else {
                let firstKey = keys[order[start]]
                if !order[(start + 1)..<end].allSatisfy({ keys[$0].isSameString(as: firstKey) }) {
                    var tied = order[start..<end].map { keys[$0] }
                    TotalOrderSort.sort(&tied, by: less)
                    for k in 0..<tied.count { order[start + k] = tied[k].index }
                }
            }
            i = end + 1
        }
    }
}
