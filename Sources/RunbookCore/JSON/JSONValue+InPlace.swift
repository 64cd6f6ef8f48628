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

    /// Calls `body` with the UTF-8 of the string stored here and returns its result; nil when no
    /// string is stored here.
    @inlinable @inline(__always)
    package func withStringUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard case .string(let string) = pointee else { return nil }
        return string.withUTF8Bytes(body)
    }
}
