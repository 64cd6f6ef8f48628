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
        if let r = utf8.withContiguousStorageIfAvailable({ a in
            other.utf8.withContiguousStorageIfAvailable { b in memcmp(a.baseAddress!, b.baseAddress!, n) == 0 }
        }), let equal = r {
            return equal
        }
        return utf8.elementsEqual(other.utf8)
    }

    /// Orders strings by code point (UTF-8 byte order is code point order), as Python and the
    /// JMESPath reference do; Swift's `<` uses Unicode normalization instead.
    public func codePointPrecedes(_ other: String) -> Bool {
        let n = utf8.count
        let m = other.utf8.count
        if let r = utf8.withContiguousStorageIfAvailable({ a in
            other.utf8.withContiguousStorageIfAvailable { b -> Bool in
                let c = memcmp(a.baseAddress!, b.baseAddress!, Swift.min(n, m))
                return c < 0 || (c == 0 && n < m)
            }
        }), let less = r {
            return less
        }
        return utf8.lexicographicallyPrecedes(other.utf8)
    }
}
