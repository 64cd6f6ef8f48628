import RunbookCore
import Synchronization

/// A node of a compiled expression: the syntax tree lowered into objects with an `evaluate` method.
///
/// Why classes and not the `AST` enum: walking an indirect enum copies (and reference-counts) the
/// payload of every node visited, which dominated evaluation time. Class nodes hold their children
/// in `let` properties, so visiting a child is a borrowed read and a virtual call; the evaluator's
/// reference-counting is left to the JSON values it actually returns.
///
/// `@unchecked Sendable`: every subclass holds only `let` properties of Sendable types and is never
/// mutated after `Lowering` builds it, so sharing a node between tasks is safe.
class Node: @unchecked Sendable {
    /// Whether this is `@`, which projections keep as the element itself (a stored flag: hot loops
    /// test it per element, and a global's lazy initialisation check would cost more).
    final let isCurrent: Bool

    init(isCurrent: Bool = false) { self.isCurrent = isCurrent }

    /// Evaluates the node with `value` as the current node.
    func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        preconditionFailure("Node subclasses override evaluate")
    }

    /// `evaluate` on the value stored at `element`, which stays valid and unchanged during the
    /// call (an element of an array being iterated). Names, paths and the comparisons built on
    /// them read it in place; other nodes copy it out, which costs a reference count per element.
    func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try evaluate(element.pointee, &cx)
    }

    /// Evaluates the node, then flattens the result as `[]` does (see `FlattenNode`). Projections
    /// override it to splice each element's result into one list, skipping the list of lists.
    func evaluateFlattened(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        FlattenNode.flatten(try evaluate(value, &cx))
    }

    /// Whether `select(at:)` finds this node's result inside its input, in place: names, paths of
    /// names and `@`.
    var selectsInPlace: Bool { false }

    /// Whether `borrowElements` is supported: the node's result, when an array, is made only of
    /// values found inside its input (names, paths, `@`, and projections, filters, flattens and
    /// `sort_by` over them whose right-hand sides select in place).
    var borrowsElements: Bool { selectsInPlace }

    /// Whether the node's array result is a new array (projections, filters, sorts), so reading
    /// its elements in place through `borrowElements` saves copying (and reference counting) each.
    var buildsArray: Bool { false }

    /// For nodes that `selectsInPlace`: where this node's result is stored inside the value at
    /// `element`, or nil when there is none (the result is null).
    func select(at element: UnsafePointer<JSONValue>) -> UnsafePointer<JSONValue>? {
        preconditionFailure("only nodes that select in place have select(at:)")
    }

    /// For nodes that `selectsInPlace`: `select(at:)` on each of `elements`, into `found` (room
    /// for as many). One call for a whole list, so a name looks its key up in a loop with the
    /// remembered position at hand instead of a call per element.
    func selectEach(
        _ elements: UnsafeBufferPointer<UnsafePointer<JSONValue>>, into found: UnsafeMutablePointer<UnsafePointer<JSONValue>?>
    ) {
        for i in 0..<elements.count { found[i] = select(at: elements[i]) }
    }

    /// For nodes that `borrowsElements`: when this node's result on the value at `value` is an
    /// array, appends where each of its elements is stored (inside `value`, so the pointers stay
    /// valid while the caller holds `value`) and returns true; with `flattening`, elements that
    /// are arrays are spliced in, as `[]` does. Returns false, having appended nothing, when the
    /// result is not an array.
    func borrowElements(
        of value: UnsafePointer<JSONValue>, into refs: inout ElementRefs, flattening: Bool,
        _ cx: inout Interpreter
    ) throws(JMESPathError) -> Bool {
        guard let elements = select(at: value)?.arrayElements else { return false }
        refs.append(elements, flattening: flattening)
        return true
    }

    /// The names this node reads in turn when it is a plain name or a path of names (`a`,
    /// `a.b.c`), else nil: for building paths and listing the names an expression reads.
    var pathNames: [String]? { nil }

    /// Calls `visit` with each direct child in order, for analyses (depth, references); no array
    /// is built, so the depth check of a long expression costs no allocation per node.
    func forEachChild(_ visit: (Node) -> Void) {}

    /// Whether evaluating this node on null always gives null (so a chain may stop early).
    var mapsNullToNull: Bool { false }

    /// The depth of the tree, computed without recursion so hostile input cannot overflow the stack.
    /// (The stack holds unretained references: `self` keeps the whole tree alive during the walk.)
    var depth: Int {
        var maxDepth = 0
        var stack: [(Unmanaged<Node>, Int)] = [(Unmanaged.passUnretained(self), 1)]
        stack.reserveCapacity(64)
        while let (node, d) = stack.popLast() {
            maxDepth = max(maxDepth, d)
            node._withUnsafeGuaranteedRef { $0.forEachChild { stack.append((Unmanaged.passUnretained($0), d + 1)) } }
        }
        return maxDepth
    }
}

extension UnsafeBufferPointer where Element == Node {
    /// Evaluates the `i`th node without reference counting it (the buffer's array keeps it
    /// alive); nodes evaluated in a loop would otherwise each be retained and released.
    @inline(__always)
    func evaluate(_ i: Int, _ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        var failure: JMESPathError?
        let result = Unmanaged.passUnretained(self[i])._withUnsafeGuaranteedRef { node -> JSONValue in
            do throws(JMESPathError) {
                return try node.evaluate(value, &cx)
            } catch {
                failure = error
                return .null
            }
        }
        if let failure { throw failure }
        return result
    }

    /// `evaluate(_:_:_:)` on the value stored at `element` (see `Node.evaluate(at:_:)`).
    @inline(__always)
    func evaluate(_ i: Int, at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        var failure: JMESPathError?
        let result = Unmanaged.passUnretained(self[i])._withUnsafeGuaranteedRef { node -> JSONValue in
            do throws(JMESPathError) {
                return try node.evaluate(at: element, &cx)
            } catch {
                failure = error
                return .null
            }
        }
        if let failure { throw failure }
        return result
    }
}

/// `@`
final class CurrentNode: Node {
    /// One instance serves every expression: the node has no state.
    static let shared = CurrentNode()
    private init() { super.init(isCurrent: true) }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue { value }
    override var selectsInPlace: Bool { true }
    override func select(at element: UnsafePointer<JSONValue>) -> UnsafePointer<JSONValue>? { element }
    override var mapsNullToNull: Bool { true }
}

/// `$`
final class RootNode: Node {
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue { cx.root }
}

/// A JSON literal or raw string.
final class LiteralNode: Node {
    let literal: JSONValue
    init(_ literal: JSONValue) { self.literal = literal }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue { literal }
}

/// `&expr` outside a function's arguments: evaluates to null, as in the reference. Inside a
/// function call the parser unwraps it into an unevaluated argument.
final class ExpressionReferenceNode: Node {
    let inner: Node
    init(_ inner: Node) { self.inner = inner }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue { .null }
    override func forEachChild(_ visit: (Node) -> Void) { visit(inner) }
}

/// `$name`
final class VariableNode: Node {
    let name: String
    let offset: Int
    init(_ name: String, offset: Int) {
        self.name = name
        self.offset = offset
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        for scope in cx.scopes.reversed() {
            if let bound = scope[name] { return bound }
        }
        throw cx.error(
            .undefinedVariable, "the variable $\(name) is not defined; bind it with 'let $\(name) = ... in ...'",
            at: offset)
    }
}

/// `foo`: remembers where the key was found last, since the objects of one API answer share their
/// key order. The hint is a relaxed atomic (a plain load and store): nodes are shared between tasks,
/// and a hint another task overwrote is still only a hint.
final class FieldNode: Node {
    let key: MemberKey
    let hint = Atomic<Int>(0)
    init(_ name: String) { key = MemberKey(name) }
    var name: String { key.string }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard let object = BorrowedObject.of(value) else { return .null }
        return location(in: object)?.pointee ?? .null
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        select(at: element)?.pointee ?? .null
    }
    /// Where the member named `name` of `object` is stored, or nil.
    @inline(__always)
    private func location(in object: BorrowedObject) -> UnsafePointer<JSONValue>? {
        hint.remembering { object.pointer(forKey: key, hint: &$0) }
    }
    override var selectsInPlace: Bool { true }
    @inline(__always)
    override func select(at element: UnsafePointer<JSONValue>) -> UnsafePointer<JSONValue>? {
        guard let object = BorrowedObject.at(element) else { return nil }
        return location(in: object)
    }
    override func selectEach(
        _ elements: UnsafeBufferPointer<UnsafePointer<JSONValue>>, into found: UnsafeMutablePointer<UnsafePointer<JSONValue>?>
    ) {
        hint.remembering { position in
            for i in 0..<elements.count {
                found[i] = BorrowedObject.at(elements[i])?.pointer(forKey: key, hint: &position)
            }
        }
    }
    override var mapsNullToNull: Bool { true }
    override var pathNames: [String]? { [name] }
}

extension Atomic<Int> {
    /// Runs `body` with the remembered position, then remembers where it found the key. Relaxed
    /// ordering: a plain load and store, and a position another task wrote is still only a hint.
    @inline(__always)
    func remembering<Result>(_ body: (inout Int) -> Result) -> Result {
        let before = load(ordering: .relaxed)
        var position = before
        let result = body(&position)
        if position != before { store(position, ordering: .relaxed) }
        return result
    }
}

/// `a.b.c`: each part evaluated on the result of the previous one.
final class ChainNode: Node {
    let parts: [Node]
    /// Whether every part after the first maps null to null, so evaluation can stop at a null.
    let stopsAtNull: Bool

    init(_ parts: [Node]) {
        self.parts = parts
        self.stopsAtNull = parts.dropFirst().allSatisfy(\.mapsNullToNull)
    }

    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try parts.withUnsafeBufferPointer { (parts) throws(JMESPathError) -> JSONValue in
            var result = try parts.evaluate(0, value, &cx)
            for i in 1..<parts.count {
                if stopsAtNull && result.isNull { return .null }
                result = try parts.evaluate(i, result, &cx)
            }
            return result
        }
    }
    override func forEachChild(_ visit: (Node) -> Void) { parts.forEach(visit) }
    override var mapsNullToNull: Bool { parts.first?.mapsNullToNull ?? true }
}

/// `a.b.c` made only of names, the commonest chain: walks the objects in place and copies out
/// only the value at the end (intermediate objects are never reference counted). It holds the
/// names themselves, not a field node each, so compiling a path allocates two blocks: the node,
/// and its keys with their hints.
final class PathNode: NameTableNode {
    /// The path `builder` gathered (at least two names): its keys and hints take one allocation
    /// besides the node, and the parser fills it without an array in between.
    init(_ builder: consuming NameTable.Builder) {
        precondition(builder.count >= 2, "a path has at least two names")
        super.init(names: builder)
    }

    /// The chain for `parts`: a `PathNode` when every part is a name.
    static func make(_ parts: [Node]) -> Node {
        var names = NameTable.Builder(capacity: parts.count)
        for part in parts {
            guard let partNames = part.pathNames else { return ChainNode(parts) }
            for name in partNames { names.append(name) }
        }
        return PathNode(names)
    }

    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard let object = BorrowedObject.of(value) else { return .null }
        return target(from: object)?.pointee ?? .null
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        select(at: element)?.pointee ?? .null
    }

    /// Where the value at the end of the path from `start` is stored, or nil when it is missing.
    @inline(__always)
    private func target(from start: BorrowedObject) -> UnsafePointer<JSONValue>? {
        var object = start
        let last = table.count - 1
        for i in 0..<last {
            guard let next = table.object(i, in: object) else { return nil }
            object = next
        }
        return table.pointer(last, in: object)
    }
    override var selectsInPlace: Bool { true }
    @inline(__always)
    override func select(at element: UnsafePointer<JSONValue>) -> UnsafePointer<JSONValue>? {
        guard let object = BorrowedObject.at(element) else { return nil }
        return target(from: object)
    }
    override var mapsNullToNull: Bool { true }
    override var pathNames: [String]? { names }
}

/// `a | b | c`: each stage evaluated on the result of the one before; ends projections.
final class PipelineNode: Node {
    let stages: [Node]

    private init(_ stages: [Node]) { self.stages = stages }

    /// The pipeline of `stages`, or the one stage alone.
    static func make(_ stages: [Node]) -> Node {
        stages.count == 1 ? stages[0] : PipelineNode(stages)
    }

    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try stages.withUnsafeBufferPointer { (stages) throws(JMESPathError) -> JSONValue in
            var result = try stages.evaluate(0, value, &cx)
            for i in 1..<stages.count { result = try stages.evaluate(i, result, &cx) }
            return result
        }
    }
    override func forEachChild(_ visit: (Node) -> Void) { stages.forEach(visit) }
    override var mapsNullToNull: Bool { stages.allSatisfy(\.mapsNullToNull) }
}

/// `left[start:stop]`: a slice (`right`) applied to the result of `left` (an index is an
/// `ElementNode`).
final class IndexExpressionNode: Node {
    let left: Node
    let right: Node
    init(_ left: Node, _ right: Node) {
        self.left = left
        self.right = right
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try right.evaluate(try left.evaluate(value, &cx), &cx)
    }
    override func forEachChild(_ visit: (Node) -> Void) {
        visit(left)
        visit(right)
    }
    override var mapsNullToNull: Bool { left.mapsNullToNull }
}

/// `left[2]`, `left[-1]`, `[0]` (`left` is then `@`): one element of the array `left` gives,
/// counted from the end when negative; null when there is no such element or no array. One node
/// for both parts: indexes are common, and chains of them (`[1][0]`) allocate half as much.
final class ElementNode: Node {
    let left: Node
    let index: Int
    /// `left.selectsInPlace`, stored (see `ProjectionNode`).
    private let inPlace: Bool
    init(_ left: Node, _ index: Int) {
        self.left = left
        self.index = index
        inPlace = left.selectsInPlace
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        if left.isCurrent { return element(of: value) }
        return element(of: try left.evaluate(value, &cx))
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        if inPlace { return select(at: element)?.pointee ?? .null }
        return self.element(of: try left.evaluate(at: element, &cx))
    }
    private func element(of list: JSONValue) -> JSONValue {
        guard case .array(let array) = list, let position = position(in: array.count) else { return .null }
        return array[position]
    }
    @inline(__always)
    private func position(in count: Int) -> Int? {
        let position = index < 0 ? count + index : index
        return position >= 0 && position < count ? position : nil
    }
    override var selectsInPlace: Bool { inPlace }
    override func select(at element: UnsafePointer<JSONValue>) -> UnsafePointer<JSONValue>? {
        guard let elements = left.select(at: element)?.arrayElements, let position = position(in: elements.count)
        else { return nil }
        return elements.baseAddress! + position
    }
    override func forEachChild(_ visit: (Node) -> Void) { visit(left) }
    override var mapsNullToNull: Bool { left.mapsNullToNull }
}

/// `[start:stop:step]`
final class SliceNode: Node {
    let start: Int?
    let stop: Int?
    let step: Int?
    let offset: Int
    init(start: Int?, stop: Int?, step: Int?, offset: Int) {
        self.start = start
        self.stop = stop
        self.step = step
        self.offset = offset
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try cx.slice(value, start: start, stop: stop, step: step, offset: offset)
    }
    override var mapsNullToNull: Bool { true }
}
