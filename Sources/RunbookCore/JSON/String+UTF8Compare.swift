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
        if let r = utf8.withContiguousStorageIfAvailable({ x in
            other.utf8.withContiguousStorageIfAvailable { y in memcmp(x.baseAddress!, y.baseAddress!, n) == 0 }
        }), let equal = r {
            return equal
        }
        // Small strings: `withUTF8` copies their bytes to the stack; still one memcmp, no allocation.
        var a = self
        var b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in memcmp(x.baseAddress!, y.baseAddress!, n) == 0 }
        }
    }

    /// Orders strings by code point (UTF-8 byte order is code point order), as Python and the
    /// JMESPath reference do; Swift's `<` uses Unicode normalization instead.
    public func codePointPrecedes(_ other: String) -> Bool {
        var a = self
        var b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = Swift.min(x.count, y.count)
                let c = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return c < 0 || (c == 0 && x.count < y.count)
            }
        }
    }
}
