/// An object read in place, without reference counting: for evaluators walking paths like
/// `a.b.c` through documents they hold. Valid only while the value it came from is alive and
/// unmodified (the caller's borrow guarantees it).
///
/// `@usableFromInline` although it is `package`: without it the compiler does not inline the
/// `@inlinable` members of a package type into other modules, and every lookup becomes a call.
@usableFromInline
package struct BorrowedObject {
    @usableFromInline let storage: Unmanaged<ObjectStorage>

    @inlinable init(storage: Unmanaged<ObjectStorage>) { self.storage = storage }

    /// The object `value` holds, or nil (a function, not an initializer: those take their
    /// arguments owned, which would copy the value).
    @inlinable @inline(__always)
    package static func of(_ value: JSONValue) -> BorrowedObject? {
        guard case .object(let object) = value else { return nil }
        return BorrowedObject(storage: .passUnretained(object.storage))
    }

    /// The object stored at `value`, or nil; read in place (the memory must stay valid and
    /// unchanged while the result is used, as an element of an array being iterated does).
    @inlinable @inline(__always)
    package static func at(_ value: UnsafePointer<JSONValue>) -> BorrowedObject? {
        guard case .object(let object) = value.pointee else { return nil }
        return BorrowedObject(storage: .passUnretained(object.storage))
    }

    /// Where the member `key`'s value is stored, or nil when there is no such member; the pointer
    /// is valid as long as this object is (see ``BorrowedObject``).
    @inlinable @inline(__always)
    package func pointer(forKey key: MemberKey, hint: inout Int) -> UnsafePointer<JSONValue>? {
        storage._withUnsafeGuaranteedRef { s in
            guard let p = s.slot(of: key, hint: &hint) else { return nil }
            return s.valuePointer(at: p)
        }
    }

    /// The member `key` when it is an object, itself borrowed; nil when missing or not an object.
    @inlinable @inline(__always)
    package func object(forKey key: MemberKey, hint: inout Int) -> BorrowedObject? {
        let found = storage._withUnsafeGuaranteedRef { s -> Unmanaged<ObjectStorage>? in
            guard let p = s.slot(of: key, hint: &hint) else { return nil }
            return s.objectStorage(at: p)
        }
        return found.map(BorrowedObject.init(storage:))
    }
}

/// A key that expressions look up in many objects (`a.b` in a projection): the key and its
/// 16-byte representation. A member whose key has the same representation has the same key
/// (the same characters stored inline, or the same string storage), which settles the usual
/// case, a short key at the position where it was last found, without comparing characters.
@usableFromInline
package struct MemberKey: Sendable {
    /// The key.
    @usableFromInline package let string: String
    @usableFromInline let low: UInt64
    @usableFromInline let high: UInt64

    /// The key `string`.
    package init(_ string: String) {
        precondition(MemoryLayout<String>.size == 16, "runbook runs on 64-bit platforms")
        self.string = string
        (low, high) = withUnsafeBytes(of: string) {
            ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self))
        }
    }

    /// The bit of a string's second word that marks a short string stored inline. Such strings
    /// have one representation per content, so two of them with different bits differ.
    @usableFromInline static var smallFlag: UInt64 { 1 << 61 }

    /// Whether the string at `string` (a member's key, a string value) is certainly this key: stored
    /// exactly alike; false means "compare the characters" (equal strings may be stored differently).
    @inlinable @inline(__always)
    func isStored(at string: UnsafeRawPointer) -> Bool {
        string.load(as: UInt64.self) == low && string.load(fromByteOffset: 8, as: UInt64.self) == high
    }
}
