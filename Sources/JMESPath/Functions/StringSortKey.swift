import RunbookCore

/// A 16-byte window of a string's UTF-8 (after a prefix all keys share) as two big-endian
/// integers, so comparing keys compares the windows in code point order (UTF-8 byte order is code
/// point order); 24 bytes in all.
struct StringSortKey {
    var high: UInt64
    var low: UInt64
    /// The key's position, then whether the window is all of the rest of the string, then how
    /// many bytes of it the window holds (see `order(_:_:)`).
    private var tag: Int

    /// The key's position.
    var index: Int { tag >> 6 }
    /// Whether the window holds the whole rest of the string.
    private var isComplete: Bool { tag & 32 != 0 }
    /// How many bytes the window holds (the rest of the string when complete).
    private var length: Int { tag & 31 }

    private init(high: UInt64, low: UInt64, index: Int, remaining: Int) {
        self.high = high
        self.low = low
        tag = index << 6 | (remaining <= 16 ? 32 | remaining : 16)
    }

    /// How `a` and `b` compare when their windows alone settle it: nil when both windows are
    /// equal and one of them is only part of its string (compare the strings then).
    @inline(__always)
    static func order(_ a: StringSortKey, _ b: StringSortKey) -> Bool? {
        if a.high != b.high { return a.high < b.high }
        if a.low != b.low { return a.low < b.low }
        guard a.isComplete && b.isComplete else { return nil }
        // Equal windows of whole rests: the shorter string first ("ab" before "ab\0"), then
        // equal strings by position.
        return a.length != b.length ? a.length < b.length : a.index < b.index
    }

    /// The sort keys of the strings stored at `strings`, in order: each one's window after the
    /// prefix all of them share (so keys like ARNs and timestamps differ inside the window).
    static func keys(of strings: UnsafeBufferPointer<UnsafePointer<JSONValue>>) -> [StringSortKey] {
        let skip = sharedPrefixLength(strings)
        var keys = [StringSortKey]()
        keys.reserveCapacity(strings.count)
        for i in 0..<strings.count {
            // Nothing is stored while a string is read, so it is read in place, not copied.
            let key = strings[i].withStringUTF8 { window($0, skipping: skip, index: i) }
            keys.append(key ?? StringSortKey(high: 0, low: 0, index: i, remaining: 0))
        }
        return keys
    }

    /// The number of leading UTF-8 bytes all of `strings` share.
    private static func sharedPrefixLength(_ strings: UnsafeBufferPointer<UnsafePointer<JSONValue>>) -> Int {
        guard strings.count > 1 else { return 0 }
        return strings[0].withStringUTF8 { first in
            var shared = first.count
            for i in 1..<strings.count where shared > 0 {
                shared = strings[i].withStringUTF8 { commonPrefixLength(first, $0, atMost: shared) } ?? 0
            }
            return shared
        } ?? 0
    }

    /// The key of the string whose UTF-8 is `all`, its window starting `skip` bytes in.
    @inline(__always)
    private static func window(_ all: UnsafeBufferPointer<UInt8>, skipping skip: Int, index: Int) -> StringSortKey {
        let start = Swift.min(skip, all.count)
        let remaining = all.count - start
        guard remaining > 0, let base = all.baseAddress.map({ UnsafeRawPointer($0 + start) }) else {
            return StringSortKey(high: 0, low: 0, index: index, remaining: 0)
        }
        if remaining >= 16 {
            return StringSortKey(
                high: UInt64(bigEndian: base.loadUnaligned(as: UInt64.self)),
                low: UInt64(bigEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)), index: index,
                remaining: remaining)
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for i in 0..<remaining {
            let byte = UInt64(base.load(fromByteOffset: i, as: UInt8.self))
            if i < 8 {
                high |= byte << (56 - 8 * i)
            } else {
                low |= byte << (56 - 8 * (i - 8))
            }
        }
        return StringSortKey(high: high, low: low, index: index, remaining: remaining)
    }

    /// How many leading bytes `a` and `b` share, counting no further than `limit`; compares eight
    /// bytes at a time.
    @inline(__always)
    private static func commonPrefixLength(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, atMost limit: Int
    )
        -> Int
    {
        let n = Swift.min(limit, a.count, b.count)
        guard n > 0, let x = a.baseAddress.map(UnsafeRawPointer.init), let y = b.baseAddress.map(UnsafeRawPointer.init)
        else { return 0 }
        let readable = Swift.min(a.count, b.count)
        var k = 0
        while k + 8 <= readable {
            let difference =
                x.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                ^ y.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            if difference != 0 { return Swift.min(n, k + UInt64(littleEndian: difference).trailingZeroBitCount / 8) }
            k += 8
            if k >= n { return n }
        }
        while k < n, x.load(fromByteOffset: k, as: UInt8.self) == y.load(fromByteOffset: k, as: UInt8.self) { k += 1 }
        return k
    }
}
