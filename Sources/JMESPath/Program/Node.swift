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
}

/// `@`
final class CurrentNode: Node {
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue { value }
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
            .undefinedVariable, "the variable $\(name) is not defined; bind it with 'let $\(name) = ... in ...'", at: offset)
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
}

/// `a.b.c`
final class ChainNode: Node {
    let parts: [Node]
    init(_ parts: [Node]) { self.parts = parts }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        var result = value
        for part in parts {
            result = try part.evaluate(result, &cx)
            if result.isNull { return .null }  // every node maps null to null, except literals, $ and functions
        }
        return result
    }
}

/// `a.b.c` where a later part may turn null into something (a literal, `$`, a function call).
final class GeneralChainNode: Node {
    let parts: [Node]
    init(_ parts: [Node]) { self.parts = parts }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        var result = value
        for part in parts { result = try part.evaluate(result, &cx) }
        return result
    }
}

/// `left | right`, and `left[index]`: `right` evaluated on the result of `left`.
final class PipeNode: Node {
    let left: Node
    let right: Node
    init(_ left: Node, _ right: Node) {
        self.left = left
        self.right = right
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try right.evaluate(try left.evaluate(value, &cx), &cx)
    }
}

/// `[2]`, `[-1]`
final class IndexNode: Node {
    let index: Int
    init(_ index: Int) { self.index = index }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard case .array(let array) = value else { return .null }
        let position = index < 0 ? array.count + index : index
        return position >= 0 && position < array.count ? array[position] : .null
    }
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
}
