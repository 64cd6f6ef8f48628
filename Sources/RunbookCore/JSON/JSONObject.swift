/// A JSON object that keeps its keys in insertion order, like the aws CLI's output and `jq`.
///
/// Members live in one contiguous array, so a small object costs a single allocation. Objects with
/// many members also carry a hash index so lookups stay O(1); small ones are scanned, which is
/// faster than hashing for the few keys typical of API answers.
public struct JSONObject: Sendable {
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

    /// The members in order.
    public private(set) var members: [Member]
    @usableFromInline var index: KeyIndex?

    /// The size from which an object builds a hash index. Below it a scan is faster than hashing,
    /// all the more as evaluators try the position where the key was last found first.
    static let indexThreshold = 48

    /// An empty object.
    public init() {
        members = []
        index = nil
    }

    /// An object from key/value pairs; a repeated key keeps its first position and its last value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        self.init()
        for (k, v) in pairs { self[k] = v }
    }

    /// An object from members that the caller promises have distinct keys (the parser checks this).
    package init(uniqueMembers: [Member]) {
        members = uniqueMembers
        index = uniqueMembers.count >= Self.indexThreshold ? KeyIndex(uniqueMembers) : nil
    }

    /// The number of members.
    public var count: Int { members.count }
    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }
    /// The keys in order.
    public var keys: [String] { members.map(\.key) }
    /// The values in key order.
    public var values: [JSONValue] { members.map(\.value) }

    /// The position of `key`, or nil.
    @inlinable
    public func position(of key: String) -> Int? {
        if let index { return index.table[key] }
        for i in members.indices where members[i].key == key { return i }
        return nil
    }

    /// The value for `key`, trying position `hint` first: objects of one API answer share their key
    /// order, so a caller that remembers where it last found a key usually finds it in one compare.
    /// `hint` is updated to where the key was found.
    @inlinable
    public func value(forKey key: String, hint: inout Int) -> JSONValue? {
        let h = hint
        if h < members.count, members[h].key == key { return members[h].value }
        guard let p = position(of: key) else { return nil }
        hint = p
        return members[p].value
    }

    /// The value for `key`; setting nil removes the key, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = position(of: key) else { return nil }
            return members[i].value
        }
        set {
            if let i = position(of: key) {
                if let newValue {
                    members[i].value = newValue
                } else {
                    members.remove(at: i)
                    reindex()
                }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
                if index != nil {
                    if !isKnownUniquelyReferenced(&index!) { index = index!.copy() }
                    index!.table[key] = members.count - 1
                } else if members.count >= Self.indexThreshold {
                    reindex()
                }
            }
        }
    }

    private mutating func reindex() {
        index = members.count >= Self.indexThreshold ? KeyIndex(members) : nil
    }
}

/// A key-to-position table for large objects; a class so that copies of the object share it.
///
/// `@unchecked Sendable` because `table` is only mutated through `JSONObject`'s setter after an
/// `isKnownUniquelyReferenced` check (copy-on-write), so a shared instance is never written.
@usableFromInline
final class KeyIndex: @unchecked Sendable {
    @usableFromInline var table: [String: Int]
    init(_ members: [JSONObject.Member]) {
        var t = [String: Int](minimumCapacity: members.count)
        for (i, m) in members.enumerated() { t[m.key] = i }
        table = t
    }
    init(table: [String: Int]) { self.table = table }
    func copy() -> KeyIndex { KeyIndex(table: table) }
}

extension JSONObject: Equatable {
    /// Objects are equal when they have the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for m in lhs.members {
            guard let other = rhs[m.key], other == m.value else { return false }
        }
        return true
    }
}

extension JSONObject: Hashable {
    /// Order-independent hash, consistent with ``==``.
    public func hash(into hasher: inout Hasher) {
        var acc = 0
        for m in members {
            var h = Hasher()
            h.combine(m.key)
            h.combine(m.value)
            acc ^= h.finalize()
        }
        hasher.combine(count)
        hasher.combine(acc)
    }
}

extension JSONObject: Sequence {
    /// Iterates over the members in order.
    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object from a literal, in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}
