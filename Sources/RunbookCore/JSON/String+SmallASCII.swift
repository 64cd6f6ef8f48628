extension String {
    /// The string of the `count` bytes at `utf8` when they are at most 15 ASCII bytes, built
    /// directly in the form Swift keeps such strings in (inline in the string's two words, no
    /// allocation); nil otherwise, or when this Swift keeps them differently (checked once).
    ///
    /// Names in expressions and keys in documents are short ASCII strings, made by the thousand:
    /// `String(decoding:as:)` spends most of its time on checks these bytes do not need.
    @inline(__always)
    package static func smallASCII(_ utf8: UnsafePointer<UInt8>, count: Int) -> String? {
        guard count <= 15, SmallStringLayout.isKnown else { return nil }
        let bytes = UnsafeRawPointer(utf8)
        let low = count >= 8 ? bytes.loadUnaligned(as: UInt64.self) : loadShort(bytes, count)
        let high = count > 8 ? loadShort(bytes + 8, count - 8) : 0
        guard (low | high) & 0x8080_8080_8080_8080 == 0 else { return nil }
        return SmallStringLayout.string(low: low, high: high, count: count)
    }

    /// The `count` (at most 8) bytes at `bytes` as a little-endian word, zeros above them; reads
    /// no byte outside them (overlapping loads of two, four or eight bytes).
    @inline(__always)
    private static func loadShort(_ bytes: UnsafeRawPointer, _ count: Int) -> UInt64 {
        switch count {
        case 8...: return bytes.loadUnaligned(as: UInt64.self)
        case 4...:
            let first = UInt64(bytes.loadUnaligned(as: UInt32.self))
            let last = UInt64(bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return first | last &<< UInt64(8 * (count - 4))
        case 2...:
            let first = UInt64(bytes.loadUnaligned(as: UInt16.self))
            let last = UInt64(bytes.loadUnaligned(fromByteOffset: count - 2, as: UInt16.self))
            return first | last &<< UInt64(8 * (count - 2))
        case 1: return UInt64(bytes.load(as: UInt8.self))
        default: return 0
        }
    }
}

/// How Swift stores a string of at most 15 ASCII bytes on 64-bit little-endian platforms: the
/// bytes in order across both words, and in the last byte the flags "immortal, ASCII, small" and
/// the count. Checked against the standard library's own strings before it is used.
package enum SmallStringLayout {
    @inline(__always)
    static func string(low: UInt64, high: UInt64, count: Int) -> String {
        unsafeBitCast(words(low: low, high: high, count: count), to: String.self)
    }

    @inline(__always)
    private static func words(low: UInt64, high: UInt64, count: Int) -> (UInt64, UInt64) {
        (low, high | UInt64(0xE0 | count) &<< 56)
    }

    /// Whether `string(low:high:count:)` gives exactly what the standard library gives, for every
    /// length (decided once, on first use; the bits are compared before any string is made of them).
    package static let isKnown: Bool = {
        guard MemoryLayout<String>.size == 16, 1.littleEndian == 1 else { return false }
        let sample = Array("abcdefghijklmno".utf8)
        for count in 0...15 {
            let expected = String(decoding: sample[..<count], as: UTF8.self)
            var low: UInt64 = 0
            var high: UInt64 = 0
            for (i, byte) in sample[..<count].enumerated() {
                if i < 8 { low |= UInt64(byte) << (8 * i) } else { high |= UInt64(byte) << (8 * (i - 8)) }
            }
            let made = words(low: low, high: high, count: count)
            let sameBits = withUnsafeBytes(of: expected) { e in withUnsafeBytes(of: made) { e.elementsEqual($0) } }
            guard sameBits else { return false }
        }
        return true
    }()
}
