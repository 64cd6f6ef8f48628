#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// Whether two strings have the same code points (byte-wise UTF-8 equality), as JSON means it;
    /// Swift's `==` also equates canonically equivalent strings, which JSON and JMESPath do not.
    public func utf8Equals(_ other: String) -> Bool {
        let n = utf8.count
        guard n == other.utf8.count else { return false }
        if n == 0 { return true }
        return withUTF8Bytes { x in other.withUTF8Bytes { y in memcmp(x.baseAddress!, y.baseAddress!, n) == 0 } }
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
