/// The elements of the arrays (or members of the objects) the parser is inside, in one buffer that
/// grows and is reused for the whole document.
///
/// Each container pushes its elements here while it is being parsed, then moves exactly its own
/// elements out into storage of exactly their count: no temporary array per container, no spare
/// capacity left in the tree, and no reference counting on the way (elements are moved, not copied).
final class ParseStack<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// The number of elements on the stack.
    private(set) var count = 0

    init(capacity: Int = 256) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// Pushes `element`.
    @inline(__always)
    func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// The element at `index`, for in-place changes (a repeated key's new value).
    @inline(__always)
    func pointer(at index: Int) -> UnsafeMutablePointer<Element> {
        base + index
    }

    /// Moves the elements from `start` to the top into `destination` and pops them.
    @inline(__always)
    func moveElements(from start: Int, to destination: UnsafeMutablePointer<Element>) {
        destination.moveInitialize(from: base + start, count: count - start)
        count = start
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}
