#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// Whether two strings have the same code points (byte-wise UTF-8 equality), as JSON means it;
    /// Swift's `==` also equates canonically equivalent strings, which JSON and JMESPath do not.
    public func utf8Equals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return other.withUTF8Bytes { hasUTF8($0) }
    }

    /// Whether the string's UTF-8 is exactly `bytes` (the length first, which costs no pass).
    @inline(__always)
    package func hasUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard utf8.count == bytes.count else { return false }
        if bytes.isEmpty { return true }
        return withUTF8Bytes { sameBytes($0.baseAddress!, bytes.baseAddress!, bytes.count) }
    }

    /// Orders strings by code point (UTF-8 byte order is code point order), as Python and the
    /// JMESPath reference do; Swift's `<` uses Unicode normalization instead.
    public func codePointPrecedes(_ other: String) -> Bool {
        withUTF8Bytes { x in
            other.withUTF8Bytes { y in
                let common = Swift.min(x.count, y.count)
                let c = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return c < 0 || (c == 0 && x.count < y.count)
            }
        }
    }

    /// Calls `body` with the string's UTF-8 and returns its result, without copying a native
    /// string's bytes (a short string's are copied to the stack; a bridged one is made native in a
    /// copy). Unlike `withUTF8`, it does not need the string to be mutable.
    @inlinable @inline(__always)
    package func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }
}

/// Whether `count` bytes at `a` and `b` are equal: eight at a time, inline (names and keys are
/// short, and a call to `memcmp` costs as much as comparing them).
@inline(__always)
func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    let x = UnsafeRawPointer(a)
    let y = UnsafeRawPointer(b)
    var i = 0
    while i + 8 <= count {
        if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

