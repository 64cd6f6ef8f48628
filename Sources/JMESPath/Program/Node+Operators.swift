import RunbookCore

/// `a || b`
final class OrNode: Node {
    let left: Node
    let right: Node
    init(_ left: Node, _ right: Node) {
        self.left = left
        self.right = right
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        let l = try left.evaluate(value, &cx)
        return l.isTruthy ? l : try right.evaluate(value, &cx)
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        let l = try left.evaluate(at: element, &cx)
        return l.isTruthy ? l : try right.evaluate(at: element, &cx)
    }
    override func forEachChild(_ visit: (Node) -> Void) {
        visit(left)
        visit(right)
    }
}

/// `a && b`
final class AndNode: Node {
    let left: Node
    let right: Node
    init(_ left: Node, _ right: Node) {
        self.left = left
        self.right = right
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        let l = try left.evaluate(value, &cx)
        return l.isTruthy ? try right.evaluate(value, &cx) : l
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        let l = try left.evaluate(at: element, &cx)
        return l.isTruthy ? try right.evaluate(at: element, &cx) : l
    }
    override func forEachChild(_ visit: (Node) -> Void) {
        visit(left)
        visit(right)
    }
    override var mapsNullToNull: Bool { left.mapsNullToNull }
}

/// `a && b && c` or `a || b || c`: three operands or more of one operator, read as one node.
///
/// Both operators are associative (`(a && b) && c` and `a && (b && c)` give the same value), so a
/// chain is the first operand that decides it (falsy for `&&`, truthy for `||`) or else the last;
/// one node with a list of operands saves a node, its allocation and a virtual call per operator.
final class LogicalNode: Node {
    let operands: [Node]
    /// `||` (stops at the first truthy operand) rather than `&&` (at the first falsy one).
    let isOr: Bool

    private init(_ operands: [Node], isOr: Bool) {
        self.operands = operands
        self.isOr = isOr
    }

    /// The operator applied to `operands` (two or more) in turn.
    static func make(_ operands: [Node], isOr: Bool) -> Node {
        if operands.count == 2 {
            return isOr ? OrNode(operands[0], operands[1]) : AndNode(operands[0], operands[1])
        }
        return LogicalNode(operands, isOr: isOr)
    }

    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try operands.withUnsafeBufferPointer { (operands) throws(JMESPathError) -> JSONValue in
            try decide(count: operands.count) { (i) throws(JMESPathError) in try operands.evaluate(i, value, &cx) }
        }
    }

    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        try operands.withUnsafeBufferPointer { (operands) throws(JMESPathError) -> JSONValue in
            try decide(count: operands.count) { (i) throws(JMESPathError) in try operands.evaluate(i, at: element, &cx) }
        }
    }

    /// The first of `count` operand values (`operand(i)`, evaluated in turn) that decides the run,
    /// else the last.
    @inline(__always)
    private func decide(count: Int, _ operand: (Int) throws(JMESPathError) -> JSONValue) throws(JMESPathError)
        -> JSONValue
    {
        for i in 0..<count - 1 {
            let result = try operand(i)
            if result.isTruthy == isOr { return result }
        }
        return try operand(count - 1)
    }

    override func forEachChild(_ visit: (Node) -> Void) { operands.forEach(visit) }
    override var mapsNullToNull: Bool { !isOr && operands[0].mapsNullToNull }
}

/// `!a`
final class NotNode: Node {
    let inner: Node
    init(_ inner: Node) { self.inner = inner }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        .bool(!(try inner.evaluate(value, &cx).isTruthy))
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        .bool(!(try inner.evaluate(at: element, &cx).isTruthy))
    }
    override func forEachChild(_ visit: (Node) -> Void) { visit(inner) }
}

/// `a == b`, `a < b`, ...
final class CompareNode: Node {
    let op: Comparator
    let left: Node
    let right: Node
    init(_ op: Comparator, _ left: Node, _ right: Node) {
        self.op = op
        self.left = left
        self.right = right
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        let l = try left.evaluate(value, &cx)
        let r = try right.evaluate(value, &cx)
        switch op {
        case .eq: return .bool(l == r)
        case .ne: return .bool(l != r)
        default: return cx.compare(op, l, r)
        }
    }
    override func forEachChild(_ visit: (Node) -> Void) {
        visit(left)
        visit(right)
    }
}

/// `field == 'literal'`, the most common filter condition: compares without building temporaries.
final class FieldEqualsLiteralNode: Node {
    let field: Node
    let literal: JSONValue
    let negate: Bool
    /// For a string literal and a field read in place (`[?State.Name == 'running']`): the literal
    /// as a key, compared where the field's value is stored, without copying it.
    private let inPlaceString: MemberKey
    private let comparesInPlace: Bool
    init(_ field: Node, _ literal: JSONValue, negate: Bool) {
        self.field = field
        self.literal = literal
        self.negate = negate
        inPlaceString = MemberKey(literal.stringValue ?? "")
        comparesInPlace = field.selectsInPlace && literal.stringValue != nil
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        let l = try field.evaluate(value, &cx)
        return .bool((l == literal) != negate)
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        if comparesInPlace {
            // A missing field is null, which a string literal never equals.
            let equal = field.select(at: element)?.isString(inPlaceString) ?? false
            return .bool(equal != negate)
        }
        let l = try field.evaluate(at: element, &cx)
        return .bool((l == literal) != negate)
    }
    override func forEachChild(_ visit: (Node) -> Void) { visit(field) }
}

/// Arithmetic (extended).
final class ArithmeticNode: Node {
    let op: ArithmeticOperator
    let left: Node
    let right: Node
    let offset: Int
    init(_ op: ArithmeticOperator, _ left: Node, _ right: Node, offset: Int) {
        self.op = op
        self.left = left
        self.right = right
        self.offset = offset
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try cx.arithmetic(op, try left.evaluate(value, &cx), try right.evaluate(value, &cx), offset: offset)
    }
    override func forEachChild(_ visit: (Node) -> Void) {
        visit(left)
        visit(right)
    }
}

/// Unary `-` / `+` (extended).
final class UnaryNode: Node {
    let negate: Bool
    let inner: Node
    let offset: Int
    init(negate: Bool, _ inner: Node, offset: Int) {
        self.negate = negate
        self.inner = inner
        self.offset = offset
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        let v = try inner.evaluate(value, &cx)
        switch v {
        case .integer(let i):
            if !negate { return v }
            return i == Int.min ? .double(-Double(i)) : .integer(-i)
        case .double(let d): return .double(negate ? -d : d)
        default:
            throw cx.error(.invalidType, "unary \(negate ? "-" : "+") needs a number, got \(v.typeName)", at: offset)
        }
    }
    override func forEachChild(_ visit: (Node) -> Void) { visit(inner) }
}

/// `name(args...)`
final class FunctionNode: Node {
    let function: Function
    /// The function's parameters, looked up once here rather than on every call.
    let signature: Function.Signature
    /// The only argument of a one-argument call (the commonest kind), kept without an array.
    private let onlyArgument: Node?
    /// The argument nodes of other calls; those marked in `references` (`&expr`) are passed
    /// unevaluated.
    private let argumentNodes: [Node]
    /// Per argument, whether it is `&expr`; empty when none is.
    private let references: [Bool]
    let offset: Int
    /// For `sort_by(list, &key)` whose list is read in place (`borrowsElements`): the key. The
    /// sort then orders where the elements are stored, never copying the list or the keys.
    private let sortKey: Node?
    init(_ function: Function, _ signature: Function.Signature, _ nodes: [Node], references: [Bool], offset: Int) {
        self.function = function
        self.signature = signature
        self.onlyArgument = nil
        self.argumentNodes = nodes
        self.references = references
        self.offset = offset
        let sortsInPlace = function == .sortBy && references == [false, true] && nodes[0].borrowsElements
        sortKey = sortsInPlace ? nodes[1] : nil
    }
    /// A call with the one argument `node` (not `&expr`).
    init(_ function: Function, _ signature: Function.Signature, only node: Node, offset: Int) {
        self.function = function
        self.signature = signature
        self.onlyArgument = node
        self.argumentNodes = []
        self.references = []
        self.offset = offset
        self.sortKey = nil
    }
    /// Whether argument `i` is `&expr`.
    @inline(__always)
    private func isReference(_ i: Int) -> Bool { !references.isEmpty && references[i] }
    /// Each argument: a node to evaluate, or (for `&expr`) a node passed unevaluated.
    var arguments: [(node: Node, isReference: Bool)] {
        if let onlyArgument { return [(onlyArgument, false)] }
        return argumentNodes.indices.map { (argumentNodes[$0], isReference($0)) }
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        if let onlyArgument {
            return try cx.call(function, signature, only: try onlyArgument.evaluate(value, &cx), offset: offset)
        }
        if sortKey != nil {
            var elements = ElementRefs()
            let sorted = try withUnsafePointer(to: value) { (value) throws(JMESPathError) in
                try borrowElements(of: value, into: &elements, flattening: false, &cx)
            }
            if sorted { return .array(elements.values()) }
        }
        return try evaluateArguments(value, &cx)
    }
    /// A one-argument call inside a projection (`xs[].length(tags)`): the argument reads the
    /// element where it is stored. Other calls copy the element out.
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        guard let onlyArgument else { return try evaluate(element.pointee, &cx) }
        return try cx.call(function, signature, only: try onlyArgument.evaluate(at: element, &cx), offset: offset)
    }
    /// The call as written: every argument evaluated (or passed as `&expr`), then the function.
    private func evaluateArguments(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        var evaluated: [Argument] = []
        evaluated.reserveCapacity(argumentNodes.count)
        try argumentNodes.withUnsafeBufferPointer { (nodes) throws(JMESPathError) in
            for i in 0..<nodes.count {
                if isReference(i) {
                    evaluated.append(.expression(nodes[i]))
                } else {
                    evaluated.append(.value(try nodes.evaluate(i, value, &cx)))
                }
            }
        }
        // Handed over, not copied: `sort_by` reorders an argument array in place when it is the
        // only reference (see `Interpreter.permuted`).
        return try cx.call(function, signature, consume evaluated, offset: offset)
    }
    override var borrowsElements: Bool { sortKey != nil }
    override var buildsArray: Bool { true }
    /// `sort_by` over a list read in place: appends where its elements are stored, in key order.
    override func borrowElements(
        of value: UnsafePointer<JSONValue>, into refs: inout ElementRefs, flattening: Bool,
        _ cx: inout Interpreter
    ) throws(JMESPathError) -> Bool {
        var elements = ElementRefs()
        guard let order = try sortOrder(of: value, elements: &elements, &cx) else { return false }
        refs.reserve(order.count)
        for i in order { refs.append(elements[i], flattening: flattening) }
        return true
    }
    /// Whether this is `sort_by` over a list read in place (see `sortOrder(of:elements:_:)`).
    var sortsInPlace: Bool { sortKey != nil }
    /// For `sort_by` over a list read in place: appends where the list's elements are stored, in
    /// the list's order, and returns the order the sort puts them in (positions in `elements`);
    /// nil, having appended nothing, when the node is no such `sort_by` (an argument that is not
    /// a list throws the call's error).
    func sortOrder(of value: UnsafePointer<JSONValue>, elements: inout ElementRefs, _ cx: inout Interpreter)
        throws(JMESPathError) -> [Int]?
    {
        guard let sortKey else { return nil }
        guard try argumentNodes[0].borrowElements(of: value, into: &elements, flattening: false, &cx) else {
            // Not a list: the call as written reports the error.
            _ = try evaluateArguments(value.pointee, &cx)
            return nil
        }
        return try cx.sortOrder(of: elements.buffer, by: sortKey, offset: offset)
    }
    /// `sort_by(list, &key)[*].right` (or, `flattened`, `sort_by(list, &key)[].right`) for a
    /// `sort_by` that `sortsInPlace`: `right` on each element, evaluated in the list's order (the
    /// order elements lie in memory), then moved out in sorted order, nulls dropped.
    func sortedProjection(
        of value: UnsafePointer<JSONValue>, by right: Node, flattened: Bool, _ cx: inout Interpreter
    ) throws(JMESPathError) -> JSONValue {
        var elements = ElementRefs()
        guard let order = try sortOrder(of: value, elements: &elements, &cx) else { return .null }
        if flattened && elements.buffer.contains(where: \.pointee.isArray) {
            // Arrays among the sorted elements are spliced in: project the flattened list.
            var flattenedElements = ElementRefs(capacity: order.count)
            for i in order { flattenedElements.append(elements[i], flattening: true) }
            return .array(try right.project(flattenedElements.buffer, &cx))
        }
        return .array(try right.project(elements.buffer, inOrder: order, &cx))
    }
    override func forEachChild(_ visit: (Node) -> Void) {
        if let onlyArgument { visit(onlyArgument) } else { argumentNodes.forEach(visit) }
    }
}

/// `let $a = x in body` (extended).
final class LetNode: Node {
    let names: [String]
    let values: [Node]
    let body: Node
    init(names: [String], values: [Node], body: Node) {
        self.names = names
        self.values = values
        self.body = body
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        var scope: [String: JSONValue] = [:]
        for i in 0..<names.count { scope[names[i]] = try values[i].evaluate(value, &cx) }
        cx.scopes.append(scope)
        defer { cx.scopes.removeLast() }
        return try body.evaluate(value, &cx)
    }
    override func forEachChild(_ visit: (Node) -> Void) {
        values.forEach(visit)
        visit(body)
    }
}
