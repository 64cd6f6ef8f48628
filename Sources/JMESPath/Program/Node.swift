import RunbookCore

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
    /// Evaluates the node with `value` as the current node.
    func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        preconditionFailure("Node subclasses override evaluate")
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

/// `foo`: remembers where the key was found last (`Interpreter.hints`), since the objects of one
/// API answer share their key order.
final class FieldNode: Node {
    let name: String
    let slot: Int
    init(_ name: String, slot: Int) {
        self.name = name
        self.slot = slot
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard case .object(let object) = value else { return .null }
        return object.value(forKey: name, hint: &cx.hints[slot]) ?? .null
    }
    override var mapsNullToNull: Bool { true }
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
