import RunbookCore
import Synchronization

/// The names a node looks up, each with its position hint (see `FieldNode`), in one block the
/// node owns: what a path of names (`a.b.c`) or a multi-select of names (`[a, b, c]`) reads,
/// with no field node per name.
///
/// A plain value over the block: the owning node frees it in its `deinit` (``deallocate()``).
/// (A non-copyable field with its own `deinit` made every node's destruction retain the node.)
struct NameTable {
    /// How many names.
    let count: Int
    /// The names, as keys to look up; followed in the same allocation by `hints`.
    let keys: UnsafeMutablePointer<MemberKey>
    /// One position hint per name.
    let hints: UnsafeMutablePointer<Atomic<Int>>

    /// The names `builder` gathered, with all hints at zero.
    init(_ builder: consuming Builder) {
        (count, keys, hints) = builder.finish()
    }

    /// Frees the block; the owning node calls it once, from its `deinit`.
    func deallocate() {
        hints.deinitialize(count: count)
        keys.deinitialize(count: count)
        UnsafeMutableRawPointer(keys).deallocate()
    }

    /// The names, in order.
    var names: [String] { (0..<count).map { keys[$0].string } }

    /// Where the value of name `i` is stored in `object`, or nil when the object lacks it.
    @inline(__always)
    func pointer(_ i: Int, in object: BorrowedObject) -> UnsafePointer<JSONValue>? {
        hints[i].remembering { object.pointer(forKey: keys[i], hint: &$0) }
    }

    /// The object that name `i` holds in `object`, or nil when it is missing or not an object.
    @inline(__always)
    func object(_ i: Int, in object: BorrowedObject) -> BorrowedObject? {
        hints[i].remembering { object.object(forKey: keys[i], hint: &$0) }
    }

    /// The names being read by the parser, in the block the table will own: room for `capacity`
    /// keys, then as many hints.
    struct Builder: ~Copyable {
        private var keys: UnsafeMutablePointer<MemberKey>
        private(set) var count = 0
        private var capacity: Int

        init(capacity: Int = 4) {
            self.capacity = Swift.max(capacity, 2)
            keys = Self.allocate(self.capacity)
        }

        private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<MemberKey> {
            UnsafeMutableRawPointer.allocate(
                byteCount: capacity * (MemoryLayout<MemberKey>.stride + MemoryLayout<Atomic<Int>>.stride),
                alignment: Swift.max(MemoryLayout<MemberKey>.alignment, MemoryLayout<Atomic<Int>>.alignment)
            ).bindMemory(to: MemberKey.self, capacity: capacity)
        }

        mutating func append(_ name: String) {
            if count == capacity {
                let bigger = Self.allocate(capacity * 2)
                bigger.moveInitialize(from: keys, count: count)
                UnsafeMutableRawPointer(keys).deallocate()
                keys = bigger
                capacity *= 2
            }
            (keys + count).initialize(to: MemberKey(name))
            count += 1
        }

        /// The names gathered so far, in order.
        var names: [String] { (0..<count).map { keys[$0].string } }

        /// The keys and their hints (all zero), handed over to the table.
        fileprivate consuming func finish() -> (Int, UnsafeMutablePointer<MemberKey>, UnsafeMutablePointer<Atomic<Int>>) {
            let hints = (UnsafeMutableRawPointer(keys) + capacity * MemoryLayout<MemberKey>.stride)
                .bindMemory(to: Atomic<Int>.self, capacity: count)
            for i in 0..<count { (hints + i).initialize(to: Atomic(0)) }
            let result = (count, keys, hints)
            discard self
            return result
        }

        deinit {
            // Reached only when the names are abandoned (a syntax error part-way, or a list that
            // turned out not to be made only of names).
            keys.deinitialize(count: count)
            UnsafeMutableRawPointer(keys).deallocate()
        }
    }
}

/// A node that reads the names of a `NameTable` it owns (`PathNode`, `NameListNode`,
/// `NameHashNode`): the one place the table is kept and freed.
class NameTableNode: Node {
    /// The names, with their position hints.
    final let table: NameTable

    init(names builder: consuming NameTable.Builder) {
        table = NameTable(builder)
    }

    deinit { table.deallocate() }

    /// The names, in order.
    final var names: [String] { table.names }
}
