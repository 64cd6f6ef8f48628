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

    /// Whether `self` and `other` are keys of equal strings (so their positions alone order them).
    @inline(__always)
    func isSameString(as other: StringSortKey) -> Bool {
        high == other.high && low == other.low && isComplete && other.isComplete && length == other.length
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
    ///
    /// Each string is read once: its first 32 bytes are copied, and the shared prefix and the
    /// windows are worked out from the copies. Only keys sharing more than 16 bytes need bytes
    /// past them; their windows are read from the strings again.
    static func keys(of strings: UnsafeBufferPointer<UnsafePointer<JSONValue>>) -> [StringSortKey] {
        let n = strings.count
        guard n > 1 else { return n == 0 ? [] : [StringSortKey(strings[0], skipping: 0, index: 0)] }
        let heads = UnsafeMutableBufferPointer<Head>.allocate(capacity: n)
        defer { heads.deallocate() }
        for i in 0..<n { (heads.baseAddress! + i).initialize(to: strings[i].withStringUTF8(Head.init) ?? Head()) }
        var shared = heads[0].count
        for i in 1..<n where shared > 0 { shared = Swift.min(shared, heads[0].commonPrefixLength(heads[i])) }
        guard shared <= 16 else {
            let skip = sharedPrefixLength(strings)
            return (0..<n).map { StringSortKey(strings[$0], skipping: skip, index: $0) }
        }
        return [StringSortKey](unsafeUninitializedCapacity: n) { keys, count in
            for i in 0..<n { (keys.baseAddress! + i).initialize(to: heads[i].window(skipping: shared, index: i)) }
            count = n
        }
    }

    /// The key of the string stored at `string` (a zero key if it is not one).
    private init(_ string: UnsafePointer<JSONValue>, skipping skip: Int, index: Int) {
        // Nothing is stored while a string is read, so it is read in place, not copied.
        self =
            string.withStringUTF8 { Self.window($0, skipping: skip, index: index) }
            ?? StringSortKey(high: 0, low: 0, index: index, remaining: 0)
    }

    /// The first 32 bytes of a string's UTF-8 (zeros past its end), and its length.
    private struct Head {
        var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0

        init() {}

        @inline(__always)
        init(_ utf8: UnsafeBufferPointer<UInt8>) {
            count = utf8.count
            guard let base = utf8.baseAddress.map(UnsafeRawPointer.init) else { return }
            let count = self.count
            /// Bytes `k ..< k + 8` as stored (little-endian), zeros past the end.
            @inline(__always)
            func word(_ k: Int) -> UInt64 {
                if k + 8 <= count { return base.loadUnaligned(fromByteOffset: k, as: UInt64.self) }
                if k >= count { return 0 }
                let rest = count - k
                if count >= 8 {
                    // The eight bytes ending at the end, shifted down to the ones from `k` on.
                    return base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) &>> UInt64(8 * (8 - rest))
                }
                var w: UInt64 = 0
                for j in 0..<rest { w |= UInt64(base.load(fromByteOffset: k + j, as: UInt8.self)) &<< UInt64(8 * j) }
                return w
            }
            bytes = (word(0), word(8), word(16), word(24))
        }

        /// How many leading bytes this and `other` share (at most 32, and at most either's length).
        @inline(__always)
        func commonPrefixLength(_ other: Head) -> Int {
            let limit = Swift.min(count, other.count, 32)
            let differences = (
                bytes.0 ^ other.bytes.0, bytes.1 ^ other.bytes.1, bytes.2 ^ other.bytes.2, bytes.3 ^ other.bytes.3
            )
            let k: Int
            if differences.0 != 0 {
                k = UInt64(littleEndian: differences.0).trailingZeroBitCount / 8
            } else if differences.1 != 0 {
                k = 8 + UInt64(littleEndian: differences.1).trailingZeroBitCount / 8
            } else if differences.2 != 0 {
                k = 16 + UInt64(littleEndian: differences.2).trailingZeroBitCount / 8
            } else {
                k = 24 + UInt64(littleEndian: differences.3).trailingZeroBitCount / 8
            }
            return Swift.min(limit, k)
        }

        /// The key of this string, its window starting `skip` (at most 16) bytes in.
        @inline(__always)
        func window(skipping skip: Int, index: Int) -> StringSortKey {
            let remaining = count - Swift.min(skip, count)
            guard remaining > 0 else { return StringSortKey(high: 0, low: 0, index: index, remaining: 0) }
            return withUnsafeBytes(of: bytes) { head in
                StringSortKey(
                    high: UInt64(bigEndian: head.loadUnaligned(fromByteOffset: skip, as: UInt64.self)),
                    low: UInt64(bigEndian: head.loadUnaligned(fromByteOffset: skip + 8, as: UInt64.self)),
                    index: index, remaining: remaining)
            }
        }
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
