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

    /// Evaluates the node, then flattens the result as `[]` does (see `FlattenNode`). Projections
    /// override it to splice each element's result into one list, skipping the list of lists.
    func evaluateFlattened(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        FlattenNode.flatten(try evaluate(value, &cx))
    }

    /// The direct children, for analyses (depth, references).
    var children: [Node] { [] }

    /// Whether evaluating this node on null always gives null (so a chain may stop early).
    var mapsNullToNull: Bool { false }

    /// The depth of the tree, computed without recursion so hostile input cannot overflow the stack.
    var depth: Int {
        var maxDepth = 0
        var stack: [(Node, Int)] = [(self, 1)]
        while let (node, d) = stack.popLast() {
            maxDepth = max(maxDepth, d)
            for child in node.children { stack.append((child, d + 1)) }
        }
        return maxDepth
    }
}

/// `@`
final class CurrentNode: Node {
    /// One instance serves every expression: the node has no state.
    static let shared = CurrentNode()
    private init() { super.init(isCurrent: true) }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue { value }
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
    override var children: [Node] { [inner] }
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
    let name: String
    let hint = Atomic<Int>(0)
    init(_ name: String) { self.name = name }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        lookup(value)
    }
    /// The member named `name` of `value`, or null.
    @inline(__always)
    func lookup(_ value: JSONValue) -> JSONValue {
        let h = hint.load(ordering: .relaxed)
        var found = h
        let result = value.member(name, hint: &found) ?? .null
        if found != h { hint.store(found, ordering: .relaxed) }
        return result
    }
    override var mapsNullToNull: Bool { true }
}

/// `a.b.c`: each part evaluated on the result of the previous one.
class ChainNode: Node {
    let parts: [Node]
    /// Whether every part after the first maps null to null, so evaluation can stop at a null.
    let stopsAtNull: Bool

    init(_ parts: [Node]) {
        self.parts = parts
        self.stopsAtNull = parts.dropFirst().allSatisfy(\.mapsNullToNull)
    }

    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        var result = value
        for part in parts {
            result = try part.evaluate(result, &cx)
            if stopsAtNull && result.isNull { return .null }
        }
        return result
    }
    override var children: [Node] { parts }
    override var mapsNullToNull: Bool { parts.first?.mapsNullToNull ?? true }
}

/// `a.b.c` made only of names, the commonest chain: walks the objects in place and copies out
/// only the value at the end (intermediate objects are never reference counted).
final class PathNode: ChainNode {
    private let fields: [FieldNode]

    init(_ fields: [FieldNode]) {
        self.fields = fields
        super.init(fields)
    }

    /// The chain for `parts`: a `PathNode` when every part is a name.
    static func make(_ parts: [Node]) -> ChainNode {
        let fields = parts.compactMap { $0 as? FieldNode }
        return fields.count == parts.count ? PathNode(fields) : ChainNode(parts)
    }

    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard let object = parent(in: value) else { return .null }
        return Unmanaged.passUnretained(last)._withUnsafeGuaranteedRef { $0.value(in: object) }
    }

    private var last: FieldNode { fields[fields.count - 1] }

    /// The object holding the path's last name, borrowed; nil when a step is not an object.
    @inline(__always)
    private func parent(in value: JSONValue) -> BorrowedObject? {
        guard var object = BorrowedObject.of(value) else { return nil }
        return fields.withUnsafeBufferPointer { fields in
            for i in 0..<fields.count - 1 {
                let next = Unmanaged.passUnretained(fields[i])._withUnsafeGuaranteedRef { $0.object(in: object) }
                guard let next else { return nil }
                object = next
            }
            return object
        }
    }
}

extension FieldNode {
    /// The member named `name` of `object` when it is an object, borrowed.
    @inline(__always)
    func object(in object: BorrowedObject) -> BorrowedObject? {
        let h = hint.load(ordering: .relaxed)
        var found = h
        let next = object.object(forKey: name, hint: &found)
        if found != h { hint.store(found, ordering: .relaxed) }
        return next
    }

    /// The member named `name` of `object` (a copy), or null.
    @inline(__always)
    func value(in object: BorrowedObject) -> JSONValue {
        let h = hint.load(ordering: .relaxed)
        var found = h
        let result = object.value(forKey: name, hint: &found) ?? .null
        if found != h { hint.store(found, ordering: .relaxed) }
        return result
    }
}

/// `left | right`: `right` evaluated on the result of `left`; ends projections.
class PipeNode: Node {
    let left: Node
    let right: Node
    init(_ left: Node, _ right: Node) {
        self.left = left
        self.right = right
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try right.evaluate(try left.evaluate(value, &cx), &cx)
    }
    override var children: [Node] { [left, right] }
    override var mapsNullToNull: Bool { left.mapsNullToNull }
}

/// `left[index]` or `left[start:stop]`: an index or slice applied to the result of `left`.
final class IndexExpressionNode: PipeNode {}

/// `[2]`, `[-1]`
final class IndexNode: Node {
    let index: Int
    init(_ index: Int) { self.index = index }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard case .array(let array) = value else { return .null }
        let position = index < 0 ? array.count + index : index
        return position >= 0 && position < array.count ? array[position] : .null
    }
    override var mapsNullToNull: Bool { true }
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
