/// A JSON object that keeps its keys in insertion order, like the aws CLI's output and `jq`.
///
/// Storage is a single heap block (header plus members, see ``ObjectStorage``), so a copy of an
/// object costs one reference count and a small object one allocation. Objects with many members
/// also carry a hash index so lookups stay O(1); small ones are scanned, which is faster than
/// hashing for the few keys typical of API answers. Keys compare by code points (their UTF-8
/// bytes), as JSON does, not by Swift's `==`, which equates canonically equivalent strings.
///
/// `@unchecked Sendable`: the storage class derives from `ManagedBuffer`, which the standard library
/// marks non-Sendable; it is only written after an `isKnownUniquelyReferenced` check (copy-on-write),
/// so values shared between tasks are never mutated.
public struct JSONObject: @unchecked Sendable {
    /// One key and its value.
    public struct Member: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value.
        public var value: JSONValue
        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    @usableFromInline var storage: ObjectStorage

    /// The size from which an object builds a hash index. Below it a scan is faster than hashing,
    /// all the more as evaluators try the position where the key was last found first.
    @usableFromInline static var indexThreshold: Int { 48 }

    /// An empty object.
    public init() {
        storage = ObjectStorage.make(capacity: 0)
    }

    /// An object from key/value pairs; a repeated key keeps its first position and its last value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        self.init()
        for (k, v) in pairs { self[k] = v }
    }

    /// An object from members that the caller promises have distinct keys (the parser checks this).
    package init(uniqueMembers: [Member]) {
        storage = ObjectStorage.make(capacity: uniqueMembers.count)
        storage.append(contentsOf: uniqueMembers)
        if storage.hasIndex { storage.buildIndex() }
    }

    /// An object of the top members of the parser's stack from `start` (distinct keys, the parser
    /// checks), moved into storage of exactly their count.
    init(movingFrom stack: ParseStack<Member>, start: Int) {
        let count = stack.count - start
        storage = ObjectStorage.make(capacity: count)
        stack.moveElements(from: start, to: storage.elements)
        storage.head.pointee.count = count
        if storage.hasIndex { storage.buildIndex() }
    }

    /// An empty object with room for `capacity` members, to be filled with ``appendUnique(key:value:)``.
    package init(capacity: Int) {
        storage = ObjectStorage.make(capacity: capacity)
    }

    /// An object of `count` members with distinct keys (the caller guarantees it), the `i`th from
    /// `member(i)`, built in place in one allocation: for builders such as the JMESPath multi-select
    /// (inlinable, so the builder's closure is inlined rather than called per member).
    @inlinable
    package init<E: Error>(count: Int, uniqueMembers member: (Int) throws(E) -> Member) throws(E) {
        storage = ObjectStorage.make(capacity: count)
        let header = storage.head
        let members = storage.elements
        for i in 0..<count {
            (members + i).initialize(to: try member(i))
            header.pointee.count = i + 1
        }
        if storage.hasIndex { storage.buildIndex() }
    }

    /// The number of members.
    @inlinable public var count: Int { storage.head.pointee.count }
    /// Whether the object has no members.
    @inlinable public var isEmpty: Bool { storage.head.pointee.count == 0 }
    /// The members in order (a copy; iterate the object itself to avoid it).
    public var members: [Member] { Array(self) }
    /// The keys in order.
    public var keys: [String] { map(\.key) }
    /// The values in key order.
    public var values: [JSONValue] { map(\.value) }

    /// The position of `key`, or nil.
    @inlinable
    public func position(of key: String) -> Int? {
        storage.position(of: key)
    }

    /// The value for `key`, trying position `hint` first: objects of one API answer share their key
    /// order, so a caller that remembers where it last found a key usually finds it in one compare.
    /// `hint` is updated to where the key was found.
    @inlinable @inline(__always)
    public func value(forKey key: String, hint: inout Int) -> JSONValue? {
        storage.value(forKey: key, hint: &hint)
    }

    /// The value for `key`; setting nil removes the key, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            var hint = 0
            return storage.value(forKey: key, hint: &hint)
        }
        set {
            let position = storage.position(of: key)
            if let newValue {
                makeUnique(extra: position == nil ? 1 : 0)
                if let position {
                    storage.setValue(newValue, at: position)
                } else {
                    storage.appendMember(Member(key: key, value: newValue))
                }
            } else if let position {
                makeUnique(extra: 0)
                storage.remove(at: position)
                if storage.hasIndex { storage.buildIndex() }
            }
        }
    }

    /// Copy-on-write: gives this value its own storage with room for `extra` more members.
    private mutating func makeUnique(extra: Int) {
        let needed = storage.head.pointee.count + extra
        if isKnownUniquelyReferenced(&storage) && storage.head.pointee.capacity >= needed { return }
        let copy = ObjectStorage.make(capacity: Swift.max(needed, storage.head.pointee.count * 2, 4))
        copy.append(contentsOf: self)
        if copy.hasIndex { copy.buildIndex() }
        storage = copy
    }
}

/// Whether two object keys are the same: the same code points, as JSON (and Python's `json`, and
/// JMESPath) compare keys, not Swift's `==`, which also equates canonically equivalent strings
/// ("é" and "e\u{301}"). Comparing the UTF-8 lengths here, inline, rejects most other keys of an
/// object without a call; equal lengths compare bytes, much cheaper than the Unicode-aware `==`.
@inlinable @inline(__always)
func sameKey(_ a: String, _ b: String) -> Bool {
    let n = a.utf8.count
    guard n == b.utf8.count else { return false }
    return a.utf8Equals(b)
}

/// A key of a large object's index: equal and hashed by code points, like ``sameKey(_:_:)``, not
/// by Swift's canonical equivalence.
@usableFromInline
struct CodePointKey: Hashable {
    @usableFromInline let string: String
    @inlinable init(_ string: String) { self.string = string }
    @usableFromInline static func == (a: CodePointKey, b: CodePointKey) -> Bool { sameKey(a.string, b.string) }
    @usableFromInline func hash(into hasher: inout Hasher) {
        string.withUTF8Bytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension JSONObject: RandomAccessCollection {
    /// The first position.
    @inlinable public var startIndex: Int { 0 }
    /// One past the last position.
    @inlinable public var endIndex: Int { storage.head.pointee.count }
    /// The member at `position`.
    @inlinable public subscript(position: Int) -> Member { storage.member(at: position) }
}

/// The single heap block behind ``JSONObject``: an 8-byte header (count and capacity) followed by
/// the members and, for storage of ``JSONObject/indexThreshold`` members or more, a key index in
/// one more slot after them. It is only mutated through `JSONObject`'s copy-on-write paths.
///
/// The header is small on purpose: most objects of an API answer have two to six members, so the
/// header is a large share of each one, and of the memory a parsed document takes.
@usableFromInline
final class ObjectStorage: ManagedBuffer<ObjectStorage.Header, JSONObject.Member> {
    /// The count and the room for members (kept here: `ManagedBuffer.capacity` asks the
    /// allocator every time), 32 bits each.
    @usableFromInline
    struct Header {
        @usableFromInline var storedCount: UInt32
        @usableFromInline var storedCapacity: UInt32

        /// The number of members.
        @inlinable var count: Int {
            get { Int(storedCount) }
            set { storedCount = UInt32(newValue) }
        }

        /// The room for members.
        @inlinable var capacity: Int { Int(storedCapacity) }
    }

    /// The key-to-position table of storage with room for ``JSONObject/indexThreshold`` members or more.
    @usableFromInline typealias KeyIndex = [CodePointKey: Int]

    /// Whether this storage keeps a key index (decided by its capacity, once, when it is made).
    @inlinable
    var hasIndex: Bool { head.pointee.storedCapacity >= UInt32(JSONObject.indexThreshold) }

    /// The key index's slot, after the last member's; only valid when ``hasIndex``.
    @usableFromInline
    var indexSlot: UnsafeMutablePointer<KeyIndex> {
        UnsafeMutableRawPointer(elements + head.pointee.capacity).assumingMemoryBound(to: KeyIndex.self)
    }

    /// The header through its pointer: reading `ManagedBuffer.header`, a class property, would pay
    /// for a dynamic exclusivity check on every access.
    @inlinable
    var head: UnsafeMutablePointer<Header> { withUnsafeMutablePointerToHeader { $0 } }

    /// The first member's address (valid while this storage is alive).
    @inlinable
    var elements: UnsafeMutablePointer<JSONObject.Member> { withUnsafeMutablePointerToElements { $0 } }

    @usableFromInline
    static func make(capacity: Int) -> ObjectStorage {
        precondition(capacity < Int(UInt32.max), "a JSON object of more than 2^32 members")
        let indexed = capacity >= JSONObject.indexThreshold
        let buffer = ObjectStorage.create(minimumCapacity: capacity + (indexed ? 1 : 0)) { _ in
            Header(storedCount: 0, storedCapacity: UInt32(capacity))
        }
        let storage = unsafeDowncast(buffer, to: ObjectStorage.self)
        if indexed {
            UnsafeMutableRawPointer(storage.elements + capacity).initializeMemory(as: KeyIndex.self, to: [:])
        }
        return storage
    }

    deinit {
        if hasIndex { indexSlot.deinitialize(count: 1) }
        // One member at a time: `deinitialize(count: n)` calls the runtime's generic array destroy,
        // which goes through the member type's value witness for each member; a member at a time
        // is destroyed inline (a key and a value released directly).
        withUnsafeMutablePointers { header, members in
            for i in 0..<header.pointee.count { (members + i).deinitialize(count: 1) }
        }
    }

    @inlinable
    func member(at position: Int) -> JSONObject.Member {
        precondition(position >= 0 && position < head.pointee.count, "JSONObject index out of range")
        return withUnsafeMutablePointerToElements { $0[position] }
    }

    @inlinable
    func position(of key: String) -> Int? {
        if hasIndex { return indexSlot.pointee[CodePointKey(key)] }
        return withUnsafeMutablePointers { header, members in
            for i in 0..<header.pointee.count where sameKey(members[i].key, key) { return i }
            return nil
        }
    }

    @inlinable @inline(__always)
    func value(forKey key: String, hint: inout Int) -> JSONValue? {
        guard let p = slot(of: key, hint: &hint) else { return nil }
        return withUnsafeMutablePointerToElements { $0[p].value }
    }

    /// The position of `key`, trying position `hint` first and updating it to where the key was
    /// found (see ``JSONObject/value(forKey:hint:)``).
    @inlinable @inline(__always)
    func slot(of key: String, hint: inout Int) -> Int? {
        let h = hint
        let hit = withUnsafeMutablePointers { header, members in
            h < header.pointee.count && sameKey(members[h].key, key)
        }
        if hit { return h }
        guard let p = position(of: key) else { return nil }
        hint = p
        return p
    }

    /// `slot(of:hint:)` for a key of an expression: the hinted member is recognised by its
    /// representation alone when it can be (see ``MemberKey``).
    @inlinable @inline(__always)
    func slot(of key: MemberKey, hint: inout Int) -> Int? {
        let h = hint
        let hit = withUnsafeMutablePointers { header, members in
            h < header.pointee.count
                && key.isStored(at: UnsafeRawPointer(members + h) + MemoryLayout<JSONObject.Member>.offset(of: \.key)!)
        }
        return hit ? h : slotComparingCharacters(of: key, hint: &hint)
    }

    /// `slot(of:hint:)`'s slower path for a ``MemberKey``, out of line: members' keys compared by
    /// their bytes, in place (no copy of a key, no reference counting), the hinted member first.
    /// A key of 16 bytes or more always comes here (its storage is the expression's, never the
    /// document's), so this is the usual path for names like `PrivateIpAddress`.
    @usableFromInline @inline(never)
    func slotComparingCharacters(of key: MemberKey, hint: inout Int) -> Int? {
        if hasIndex {
            let p = position(of: key.string)
            if let p { hint = p }
            return p
        }
        let h = hint
        let found: Int? = key.string.withUTF8Bytes { wanted in
            withUnsafeMutablePointers { header, members in
                let n = header.pointee.count
                @inline(__always) func matches(_ i: Int) -> Bool { members[i].key.hasUTF8(wanted) }
                if h < n, matches(h) { return h }
                for i in 0..<n where i != h && matches(i) { return i }
                return nil
            }
        }
        if let found { hint = found }
        return found
    }

    /// Where the value of the member at `position` is stored.
    @inlinable @inline(__always)
    func valuePointer(at position: Int) -> UnsafePointer<JSONValue> {
        withUnsafeMutablePointerToElements { members in
            UnsafeRawPointer(members + position).advanced(by: MemoryLayout<JSONObject.Member>.offset(of: \.value)!)
                .assumingMemoryBound(to: JSONValue.self)
        }
    }

    /// The storage of the member at `position` when its value is an object, without retaining it.
    @inlinable @inline(__always)
    func objectStorage(at position: Int) -> Unmanaged<ObjectStorage>? {
        withUnsafeMutablePointerToElements { members in
            guard case .object(let object) = members[position].value else { return nil }
            return Unmanaged.passUnretained(object.storage)
        }
    }

    func append(contentsOf newMembers: some Collection<JSONObject.Member>) {
        withUnsafeMutablePointers { header, members in
            precondition(header.pointee.count + newMembers.count <= header.pointee.capacity)
            var i = header.pointee.count
            for m in newMembers {
                (members + i).initialize(to: m)
                i += 1
            }
            header.pointee.count = i
        }
    }

    /// Appends one member (room must exist) and keeps the key index current.
    func appendMember(_ member: JSONObject.Member) {
        withUnsafeMutablePointers { header, members in
            precondition(header.pointee.count < header.pointee.capacity)
            (members + header.pointee.count).initialize(to: member)
            header.pointee.count += 1
        }
        if hasIndex { indexSlot.pointee[CodePointKey(member.key)] = head.pointee.count - 1 }
    }

    func setValue(_ value: JSONValue, at position: Int) {
        withUnsafeMutablePointerToElements { $0[position].value = value }
    }

    func remove(at position: Int) {
        withUnsafeMutablePointers { header, members in
            let n = header.pointee.count
            (members + position).deinitialize(count: 1)
            if position < n - 1 {
                (members + position).moveInitialize(from: members + position + 1, count: n - position - 1)
            }
            header.pointee.count = n - 1
        }
    }

    @usableFromInline
    func buildIndex() {
        var table = KeyIndex(minimumCapacity: head.pointee.count)
        withUnsafeMutablePointers { header, members in
            for i in 0..<header.pointee.count { table[CodePointKey(members[i].key)] = i }
        }
        indexSlot.pointee = table
    }
}

extension JSONObject: Equatable {
    /// Objects are equal when they have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.storage === rhs.storage { return true }
        for m in lhs {
            guard let other = rhs[m.key], other == m.value else { return false }
        }
        return true
    }
}

extension JSONObject: Hashable {
    /// Order-independent hash, consistent with ``==``.
    public func hash(into hasher: inout Hasher) {
        var acc = 0
        for m in self {
            var h = Hasher()
            h.combine(m.key)
            h.combine(m.value)
            acc ^= h.finalize()
        }
        hasher.combine(count)
        hasher.combine(acc)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object from a literal, in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}
