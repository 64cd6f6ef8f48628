import RunbookCore

extension Node {
    /// Evaluates this right-hand side of a projection on one element and keeps the result unless
    /// it is null, the rule every projection shares; `@` keeps the element itself, unevaluated.
    @inline(__always)
    func project(_ element: JSONValue, into results: inout [JSONValue], _ cx: inout Interpreter) throws(JMESPathError) {
        let r = self === CurrentNode.shared ? element : try evaluate(element, &cx)
        if !r.isNull { results.append(r) }
    }
}

/// `left[*].right`, `left[].right`, `left[1:3].right`: `right` over each element, nulls dropped.
final class ProjectionNode: Node {
    let left: Node
    let right: Node
    /// Whether `left` ends in a slice, which (extended) may yield a string to pass through.
    let slicesString: Bool
    init(_ left: Node, _ right: Node, slicesString: Bool) {
        self.left = left
        self.right = right
        self.slicesString = slicesString
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        let projected = try left.evaluate(value, &cx)
        guard case .array(let base) = projected else {
            if slicesString, case .string = projected { return try right.evaluate(projected, &cx) }
            return .null
        }
        var results: [JSONValue] = []
        results.reserveCapacity(base.count)
        for element in base { try right.project(element, into: &results, &cx) }
        return .array(results)
    }
    override var children: [Node] { [left, right] }
    override var mapsNullToNull: Bool { left.mapsNullToNull }
}

/// `left.*.right`
final class ValueProjectionNode: Node {
    let left: Node
    let right: Node
    init(_ left: Node, _ right: Node) {
        self.left = left
        self.right = right
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard case .object(let base) = try left.evaluate(value, &cx) else { return .null }
        var results: [JSONValue] = []
        results.reserveCapacity(base.count)
        for member in base { try right.project(member.value, into: &results, &cx) }
        return .array(results)
    }
    override var children: [Node] { [left, right] }
    override var mapsNullToNull: Bool { left.mapsNullToNull }
}

/// `left[?condition].right`
final class FilterNode: Node {
    let left: Node
    let right: Node
    let condition: Node
    init(_ left: Node, _ right: Node, condition: Node) {
        self.left = left
        self.right = right
        self.condition = condition
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard case .array(let base) = try left.evaluate(value, &cx) else { return .null }
        var results: [JSONValue] = []
        results.reserveCapacity(base.count)  // filters on API answers tend to keep much of the input
        for element in base where try condition.evaluate(element, &cx).isTruthy {
            try right.project(element, into: &results, &cx)
        }
        return .array(results)
    }
    override var children: [Node] { [left, right, condition] }
    override var mapsNullToNull: Bool { left.mapsNullToNull }
}

/// `left[]`
final class FlattenNode: Node {
    let inner: Node
    init(_ inner: Node) { self.inner = inner }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard case .array(let base) = try inner.evaluate(value, &cx) else { return .null }
        var results: [JSONValue] = []
        results.reserveCapacity(base.count)
        for element in base {
            if case .array(let nested) = element {
                results.append(contentsOf: nested)
            } else {
                results.append(element)
            }
        }
        return .array(results)
    }
    override var children: [Node] { [inner] }
    override var mapsNullToNull: Bool { inner.mapsNullToNull }
}

/// `[a, b]`
final class ListNode: Node {
    let items: [Node]
    init(_ items: [Node]) { self.items = items }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        if value.isNull { return .null }
        var results: [JSONValue] = []
        results.reserveCapacity(items.count)
        for item in items { results.append(try item.evaluate(value, &cx)) }
        return .array(results)
    }
    override var children: [Node] { items }
    override var mapsNullToNull: Bool { true }
}

/// `{k: a, ...}` (keys are distinct: the parser merged repeats).
final class HashNode: Node {
    let keys: [String]
    let values: [Node]
    init(keys: [String], values: [Node]) {
        self.keys = keys
        self.values = values
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        if value.isNull { return .null }
        var object = JSONObject(capacity: keys.count)
        for i in 0..<keys.count {
            object.appendUnique(key: keys[i], value: try values[i].evaluate(value, &cx))
        }
        return .object(object)
    }
    override var children: [Node] { values }
    override var mapsNullToNull: Bool { true }
}
