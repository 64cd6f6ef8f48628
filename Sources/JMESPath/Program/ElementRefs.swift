import RunbookCore

/// Where the elements of a list are stored, in order (see `Node.borrowElements`): a growable
/// buffer of pointers into a document, which is cheaper to append to than an array (no
/// uniqueness check per element) and frees itself.
struct ElementRefs: ~Copyable {
    private var base: UnsafeMutablePointer<UnsafePointer<JSONValue>>
    /// How many pointers it holds.
    private(set) var count = 0
    private var capacity: Int

    /// An empty list with room for `capacity` pointers.
    init(capacity: Int = 16) {
        self.capacity = Swift.max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The pointers.
    var buffer: UnsafeBufferPointer<UnsafePointer<JSONValue>> { UnsafeBufferPointer(start: base, count: count) }

    /// The `i`th pointer.
    subscript(i: Int) -> UnsafePointer<JSONValue> {
        @inline(__always) get { base[i] }
    }

    /// Appends where `element` is stored, or with `flattening` where the elements of the array
    /// stored there are (as `[]` splices nested arrays).
    @inline(__always)
    mutating func append(_ element: UnsafePointer<JSONValue>, flattening: Bool) {
        if flattening, let nested = element.arrayElements {
            append(nested, flattening: false)
        } else {
            append(element)
        }
    }

    /// Appends where each of `elements` is stored (see `append(_:flattening:)`).
    @inline(__always)
    mutating func append(_ elements: UnsafeBufferPointer<JSONValue>, flattening: Bool) {
        guard let first = elements.baseAddress else { return }
        if flattening {
            for i in 0..<elements.count { append(first + i, flattening: true) }
            return
        }
        reserve(elements.count)
        for i in 0..<elements.count { (base + count + i).initialize(to: first + i) }
        count += elements.count
    }

    /// Appends `element`.
    @inline(__always)
    mutating func append(_ element: UnsafePointer<JSONValue>) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Makes room for `extra` more pointers.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    /// Drops the pointers from position `start` on whose values are null.
    mutating func removeNulls(from start: Int) {
        var kept = start
        for i in start..<count where !base[i].pointee.isNull {
            base[kept] = base[i]
            kept += 1
        }
        count = kept
    }

    /// The values the pointers point to, copied into an array.
    func values() -> [JSONValue] {
        [JSONValue](unsafeUninitializedCapacity: count) { values, initialized in
            for i in 0..<count { (values.baseAddress! + i).initialize(to: base[i].pointee) }
            initialized = count
        }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = Swift.max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UnsafePointer<JSONValue>>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
