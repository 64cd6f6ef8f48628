/// Reading values where they are stored, without copying them out: for evaluators that walk a
/// document they hold. A pointer to a value inside a document stays valid as long as the document
/// is alive and unchanged (JSON values are never mutated in place while shared).
extension UnsafePointer<JSONValue> {
    /// The elements of the array stored here, in place, or nil when no array is stored here.
    @inlinable @inline(__always)
    package var arrayElements: UnsafeBufferPointer<JSONValue>? {
        guard case .array(let array) = pointee else { return nil }
        // The buffer belongs to the stored array, which outlives this local copy of it.
        return array.withUnsafeBufferPointer { $0 }
    }

    /// Whether the value stored here is a string with the same code points as `key`'s, decided
    /// without copying it: a string stored exactly like `key` (the same short string inline, or
    /// the same storage) is equal at once, two different short strings are not, and only the rest
    /// compare their bytes.
    @inlinable @inline(__always)
    package func isString(_ key: MemberKey) -> Bool {
        guard case .string = pointee else { return false }
        // A string payload lies at the start of the value.
        let raw = UnsafeRawPointer(self)
        if key.isStored(at: raw) { return true }
        if raw.load(fromByteOffset: 8, as: UInt64.self) & key.high & MemberKey.smallFlag != 0 { return false }
        guard case .string(let string) = pointee else { return false }
        return string.utf8Equals(key.string)
    }

    /// Calls `body` with the UTF-8 of the string stored here and returns its result; nil when no
    /// string is stored here.
    @inlinable @inline(__always)
    package func withStringUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard case .string(let string) = pointee else { return nil }
        return string.withUTF8Bytes(body)
    }
}
