import RunbookCore

extension Node {
    /// Evaluates this right-hand side of a projection on one element and keeps the result unless
    /// it is null, the rule every projection shares; `@` keeps the element itself, unevaluated.
    @inline(__always)
    func project(_ element: JSONValue, into results: inout [JSONValue], _ cx: inout Interpreter) throws(JMESPathError) {
        let r = isCurrent ? element : try evaluate(element, &cx)
        if !r.isNull { results.append(r) }
    }

    /// `project` for the element stored at `element` (an array being iterated), read in place.
    @inline(__always)
    func project(at element: UnsafePointer<JSONValue>, into results: inout [JSONValue], _ cx: inout Interpreter)
        throws(JMESPathError)
    {
        let r = isCurrent ? element.pointee : try evaluate(at: element, &cx)
        if !r.isNull { results.append(r) }
    }

    /// `project(at:)` over each of `elements`: the projection's results, in one allocation.
    @inline(__always)
    func project(_ elements: UnsafeBufferPointer<UnsafePointer<JSONValue>>, _ cx: inout Interpreter)
        throws(JMESPathError) -> [JSONValue]
    {
        if selectsInPlace && !isCurrent {
            return copyingOut(selectedIn: elements, inOrder: 0..<elements.count)
        }
        var failure: JMESPathError?
        let results = [JSONValue](unsafeUninitializedCapacity: elements.count) { results, kept in
            for element in elements {
                let r: JSONValue
                if isCurrent {
                    r = element.pointee
                } else {
                    do throws(JMESPathError) {
                        r = try evaluate(at: element, &cx)
                    } catch {
                        failure = error
                        return
                    }
                }
                if !r.isNull {
                    (results.baseAddress! + kept).initialize(to: r)
                    kept += 1
                }
            }
        }
        if let failure { throw failure }
        return results
    }

    /// The results of `project(at:)` over `elements`, evaluated in their order (the order they lie
    /// in memory) and listed in `order` (positions into `elements`, each once), nulls dropped.
    func project(
        _ elements: UnsafeBufferPointer<UnsafePointer<JSONValue>>, inOrder order: [Int], _ cx: inout Interpreter
    ) throws(JMESPathError) -> [JSONValue] {
        if selectsInPlace { return copyingOut(selectedIn: elements, inOrder: order) }
        let values = UnsafeMutableBufferPointer<JSONValue>.allocate(capacity: elements.count)
        defer { values.deallocate() }
        for i in 0..<elements.count {
            do throws(JMESPathError) {
                (values.baseAddress! + i).initialize(to: try evaluate(at: elements[i], &cx))
            } catch {
                values.baseAddress!.deinitialize(count: i)
                // Report the error the sorted order meets first, as evaluating in that order would.
                for j in order { _ = try evaluate(at: elements[j], &cx) }
                throw error
            }
        }
        // Every value is moved out exactly once: nulls are moved out and dropped.
        return [JSONValue](unsafeUninitializedCapacity: order.count) { results, kept in
            for i in order {
                let value = (values.baseAddress! + i).move()
                if !value.isNull {
                    (results.baseAddress! + kept).initialize(to: value)
                    kept += 1
                }
            }
        }
    }

    /// What this node (which `selectsInPlace`) selects in each of `elements`, listed in `order`,
    /// nulls dropped. Where each result is stored is found first, in a short loop, so many lookups
    /// into the document are under way at once; then the results are copied out.
    func copyingOut(
        selectedIn elements: UnsafeBufferPointer<UnsafePointer<JSONValue>>, inOrder order: some Collection<Int>
    ) -> [JSONValue] {
        let found = UnsafeMutableBufferPointer<UnsafePointer<JSONValue>?>.allocate(capacity: elements.count)
        defer { found.deallocate() }
        selectEach(elements, into: found.baseAddress!)
        return [JSONValue](unsafeUninitializedCapacity: order.count) { results, kept in
            for i in order {
                guard let value = found[i], !value.pointee.isNull else { continue }
                (results.baseAddress! + kept).initialize(to: value.pointee)
                kept += 1
            }
        }
    }

    /// `project` for a projection that is flattened next: an array result is spliced in.
    @inline(__always)
    func projectFlattened(_ element: JSONValue, into results: inout [JSONValue], _ cx: inout Interpreter)
        throws(JMESPathError)
    {
        let r = isCurrent ? element : try evaluate(element, &cx)
        switch r {
        case .array(let nested): for x in nested { results.append(x) }
        case .null: break
        default: results.append(r)
        }
    }
}

/// `left[*].right`, `left[].right`, `left[1:3].right`: `right` over each element, nulls dropped.
final class ProjectionNode: Node {
    let left: Node
    let right: Node
    /// Whether `left` ends in a slice, which (extended) may yield a string to pass through.
    let slicesString: Bool
    /// For `a[].b[].c`, whose `left` flattens the projection `a[].b`: that projection, so each of
    /// its results is fed to `right` directly instead of through a flattened list of all of them.
    private let flattenedProjection: ProjectionNode?
    /// Whether `left` builds its array from values inside the input, so its elements are read in
    /// place instead (`sort_by(a[].b, &k)[].c`, `a[].b[].c`: no copy of the intermediate list).
    private let readsLeftInPlace: Bool
    /// `borrowsElements`, stored: a parent asks once, and deep trees must not recurse.
    private let borrows: Bool
    /// For `sort_by(list, &key)[].right` with the list read in place: the `sort_by`, so `right`
    /// reads each element together with its key, in the list's order (the order elements lie in
    /// memory), rather than in sorted order, which jumps around the document and costs cache
    /// misses per element.
    private let sortingLeft: FunctionNode?
    /// Whether `left` is that `sort_by` flattened (`sort_by(...)[].right`).
    private let sortIsFlattened: Bool
    init(_ left: Node, _ right: Node, slicesString: Bool) {
        self.left = left
        self.right = right
        self.slicesString = slicesString
        if let flatten = left as? FlattenNode, let inner = flatten.inner as? ProjectionNode, !inner.slicesString {
            flattenedProjection = inner
        } else {
            flattenedProjection = nil
        }
        readsLeftInPlace = !slicesString && left.borrowsElements && left.buildsArray
        borrows = !slicesString && left.borrowsElements && right.selectsInPlace
        let sort = left as? FunctionNode ?? (left as? FlattenNode)?.inner as? FunctionNode
        if !slicesString && !right.isCurrent, let sort, sort.sortsInPlace {
            sortingLeft = sort
            sortIsFlattened = left is FlattenNode
        } else {
            sortingLeft = nil
            sortIsFlattened = false
        }
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        if let sortingLeft {
            return try withUnsafePointer(to: value) { (value) throws(JMESPathError) in
                try sortingLeft.sortedProjection(of: value, by: right, flattened: sortIsFlattened, &cx)
            }
        }
        if readsLeftInPlace {
            var elements = ElementRefs()
            let isArray = try withUnsafePointer(to: value) { (value) throws(JMESPathError) in
                try left.borrowElements(of: value, into: &elements, flattening: false, &cx)
            }
            guard isArray else { return .null }
            return .array(try right.project(elements.buffer, &cx))
        }
        if let inner = flattenedProjection { return try evaluateFused(inner, value, &cx) }
        let projected = try left.evaluate(value, &cx)
        guard case .array(let base) = projected else {
            if slicesString, case .string = projected { return try right.evaluate(projected, &cx) }
            return .null
        }
        if right.isCurrent, !base.contains(where: \.isNull) { return projected }
        var results: [JSONValue] = []
        results.reserveCapacity(base.count)
        try base.withUnsafeBufferPointer { (elements) throws(JMESPathError) in
            for i in 0..<elements.count { try right.project(at: elements.baseAddress! + i, into: &results, &cx) }
        }
        return .array(results)
    }
    /// `inner[].right`: the elements of the flattened results of `inner`, projected by `right`.
    private func evaluateFused(_ inner: ProjectionNode, _ value: JSONValue, _ cx: inout Interpreter)
        throws(JMESPathError) -> JSONValue
    {
        guard case .array(let base) = try inner.left.evaluate(value, &cx) else { return .null }
        var results: [JSONValue] = []
        results.reserveCapacity(base.count * 2)
        for element in base {
            let r = inner.right.isCurrent ? element : try inner.right.evaluate(element, &cx)
            switch r {
            case .array(let nested):
                try nested.withUnsafeBufferPointer { (buffer) throws(JMESPathError) in
                    for i in 0..<buffer.count { try right.project(at: buffer.baseAddress! + i, into: &results, &cx) }
                }
            case .null: break
            default: try right.project(r, into: &results, &cx)
            }
        }
        return .array(results)
    }
    override func evaluateFlattened(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        let projected = try left.evaluate(value, &cx)
        guard case .array(let base) = projected else {
            if slicesString, case .string = projected { return FlattenNode.flatten(try right.evaluate(projected, &cx)) }
            return .null
        }
        var results: [JSONValue] = []
        results.reserveCapacity(base.count)
        for element in base { try right.projectFlattened(element, into: &results, &cx) }
        return .array(results)
    }
    override var borrowsElements: Bool { borrows }
    override var buildsArray: Bool { true }
    override func borrowElements(
        of value: UnsafePointer<JSONValue>, into refs: inout ElementRefs, flattening: Bool,
        _ cx: inout Interpreter
    ) throws(JMESPathError) -> Bool {
        if right.isCurrent && !flattening {
            // `left[]` as it is, less its nulls: no list in between.
            let start = refs.count
            guard try left.borrowElements(of: value, into: &refs, flattening: false, &cx) else { return false }
            refs.removeNulls(from: start)
            return true
        }
        var elements = ElementRefs()
        guard try left.borrowElements(of: value, into: &elements, flattening: false, &cx) else { return false }
        refs.reserve(elements.count)
        for element in elements.buffer {
            guard let r = right.select(at: element), !r.pointee.isNull else { continue }
            refs.append(r, flattening: flattening)
        }
        return true
    }
    override func forEachChild(_ visit: (Node) -> Void) {
        visit(left)
        visit(right)
    }
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
    override func forEachChild(_ visit: (Node) -> Void) {
        visit(left)
        visit(right)
    }
    override var mapsNullToNull: Bool { left.mapsNullToNull }
}

/// `left[?condition].right`
final class FilterNode: Node {
    let left: Node
    let right: Node
    let condition: Node
    /// Whether `left` builds its array from values inside the input, read in place instead.
    private let readsLeftInPlace: Bool
    /// `borrowsElements`, stored (see `ProjectionNode`).
    private let borrows: Bool
    init(_ left: Node, _ right: Node, condition: Node) {
        self.left = left
        self.right = right
        self.condition = condition
        readsLeftInPlace = left.buildsArray && left.borrowsElements
        borrows = left.borrowsElements && right.selectsInPlace
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        if readsLeftInPlace {
            // The list to filter is built from the input: read its elements where they are.
            var elements = ElementRefs()
            let isArray = try withUnsafePointer(to: value) { (value) throws(JMESPathError) in
                try left.borrowElements(of: value, into: &elements, flattening: false, &cx)
            }
            guard isArray else { return .null }
            return .array(try keep(elements.buffer, &cx))
        }
        return try filter(try left.evaluate(value, &cx), &cx)
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        try withLeftList(at: element, &cx) { (list, cx) throws(JMESPathError) in .array(try keep(in: list, &cx)) }
    }
    /// The kept elements of `projected` (the result of `left`), projected by `right`.
    @inline(__always)
    private func filter(_ projected: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try Self.withElements(of: projected, &cx) { (list, cx) throws(JMESPathError) in .array(try keep(in: list, &cx)) }
    }
    /// `body` over the list `left` gives for the value stored at `element` (`Instances[?c]` inside
    /// a projection): read where it is stored when `left` selects in place; null when no array.
    @inline(__always)
    private func withLeftList(
        at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter,
        _ body: (UnsafeBufferPointer<JSONValue>, inout Interpreter) throws(JMESPathError) -> JSONValue
    ) throws(JMESPathError) -> JSONValue {
        if left.selectsInPlace {
            guard let list = left.select(at: element)?.arrayElements else { return .null }
            return try body(list, &cx)
        }
        return try Self.withElements(of: try left.evaluate(at: element, &cx), &cx, body)
    }
    /// `body` over the elements of `list`, read in place (borrowed, not copied out and released
    /// per element); null when `list` is not an array.
    @inline(__always)
    private static func withElements(
        of list: JSONValue, _ cx: inout Interpreter,
        _ body: (UnsafeBufferPointer<JSONValue>, inout Interpreter) throws(JMESPathError) -> JSONValue
    ) throws(JMESPathError) -> JSONValue {
        guard case .array(let base) = list else { return .null }
        return try base.withUnsafeBufferPointer { (elements) throws(JMESPathError) in try body(elements, &cx) }
    }
    /// `keep` over the elements of `list`, where they are stored.
    @inline(__always)
    private func keep(in list: UnsafeBufferPointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> [JSONValue]
    {
        try keep((0..<list.count).lazy.map { list.baseAddress! + $0 }, &cx)
    }
    /// `right` on each element (where it is stored) that passes `condition`, nulls dropped.
    @inline(__always)
    private func keep(_ elements: some Collection<UnsafePointer<JSONValue>>, _ cx: inout Interpreter)
        throws(JMESPathError) -> [JSONValue]
    {
        var results: [JSONValue] = []
        results.reserveCapacity(elements.count)  // filters on API answers tend to keep much of the input
        for element in elements where try condition.evaluate(at: element, &cx).isTruthy {
            try right.project(at: element, into: &results, &cx)
        }
        return results
    }
    override func evaluateFlattened(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        guard case .array(let base) = try left.evaluate(value, &cx) else { return .null }
        var results: [JSONValue] = []
        results.reserveCapacity(base.count)
        for element in base where try condition.evaluate(element, &cx).isTruthy {
            try right.projectFlattened(element, into: &results, &cx)
        }
        return .array(results)
    }
    /// The `n`th result of the filter, or null: `left[?c].right | [n]` without building the list.
    func nth(_ n: Int, _ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try Self.withElements(of: try left.evaluate(value, &cx), &cx) { (list, cx) throws(JMESPathError) in
            try nth(n, in: list, &cx)
        }
    }
    /// `nth` on the value stored at `element`; a list found in place is read where it is.
    func nth(_ n: Int, at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        try withLeftList(at: element, &cx) { (list, cx) throws(JMESPathError) in try nth(n, in: list, &cx) }
    }
    @inline(__always)
    private func nth(_ n: Int, in elements: UnsafeBufferPointer<JSONValue>, _ cx: inout Interpreter)
        throws(JMESPathError) -> JSONValue
    {
        var remaining = n
        for i in 0..<elements.count where try condition.evaluate(at: elements.baseAddress! + i, &cx).isTruthy {
            let r = right.isCurrent ? elements[i] : try right.evaluate(at: elements.baseAddress! + i, &cx)
            if r.isNull { continue }
            if remaining == 0 { return r }
            remaining -= 1
        }
        return .null
    }
    override var borrowsElements: Bool { borrows }
    override var buildsArray: Bool { true }
    override func borrowElements(
        of value: UnsafePointer<JSONValue>, into refs: inout ElementRefs, flattening: Bool,
        _ cx: inout Interpreter
    ) throws(JMESPathError) -> Bool {
        var elements = ElementRefs()
        guard try left.borrowElements(of: value, into: &elements, flattening: false, &cx) else { return false }
        for element in elements.buffer where try condition.evaluate(at: element, &cx).isTruthy {
            guard let r = right.select(at: element), !r.pointee.isNull else { continue }
            refs.append(r, flattening: flattening)
        }
        return true
    }
    override func forEachChild(_ visit: (Node) -> Void) {
        visit(left)
        visit(right)
        visit(condition)
    }
    override var mapsNullToNull: Bool { left.mapsNullToNull }
}

/// `left[?condition].right | [n]` with `n >= 0`, the usual way to pick the first match: stops at
/// the `n`th match instead of building the filtered list.
final class FilterNthNode: Node {
    let filter: FilterNode
    let n: Int
    init(_ filter: FilterNode, _ n: Int) {
        self.filter = filter
        self.n = n
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try filter.nth(n, value, &cx)
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        try filter.nth(n, at: element, &cx)
    }
    override func forEachChild(_ visit: (Node) -> Void) { visit(filter) }
    override var mapsNullToNull: Bool { filter.mapsNullToNull }
}

/// `left[]`
final class FlattenNode: Node {
    let inner: Node
    /// `borrowsElements` and `buildsArray`, stored (see `ProjectionNode`).
    private let borrows: Bool
    private let builds: Bool
    init(_ inner: Node) {
        self.inner = inner
        borrows = inner.borrowsElements
        builds = inner.buildsArray
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        try inner.evaluateFlattened(value, &cx)
    }
    override var borrowsElements: Bool { borrows }
    override var buildsArray: Bool { builds }
    override func borrowElements(
        of value: UnsafePointer<JSONValue>, into refs: inout ElementRefs, flattening: Bool,
        _ cx: inout Interpreter
    ) throws(JMESPathError) -> Bool {
        if !flattening { return try inner.borrowElements(of: value, into: &refs, flattening: true, &cx) }
        var elements = ElementRefs()
        guard try inner.borrowElements(of: value, into: &elements, flattening: true, &cx) else { return false }
        for element in elements.buffer { refs.append(element, flattening: true) }
        return true
    }
    override func forEachChild(_ visit: (Node) -> Void) { visit(inner) }
    override var mapsNullToNull: Bool { inner.mapsNullToNull }

    /// `value[]`: null unless `value` is an array; nested arrays' elements are spliced in. An array
    /// with nothing to splice is returned as it is (no copy, no reference counting per element).
    static func flatten(_ value: JSONValue) -> JSONValue {
        guard case .array(let base) = value else { return .null }
        guard let first = base.firstIndex(where: \.isArray) else { return value }
        var results: [JSONValue] = []
        results.reserveCapacity(base.count)
        results.append(contentsOf: base[..<first])
        for element in base[first...] {
            if case .array(let nested) = element {
                results.append(contentsOf: nested)
            } else {
                results.append(element)
            }
        }
        return .array(results)
    }
}

/// `[a, b]`
final class ListNode: Node {
    let items: [Node]
    init(_ items: [Node]) { self.items = items }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        if value.isNull { return .null }
        var results: [JSONValue] = []
        results.reserveCapacity(items.count)
        try items.withUnsafeBufferPointer { (items) throws(JMESPathError) in
            for i in 0..<items.count { results.append(try items.evaluate(i, value, &cx)) }
        }
        return .array(results)
    }
    /// A multi-select inside a projection (`a[].[b, c]`): each item reads the element in place.
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        if element.pointee.isNull { return .null }
        var results: [JSONValue] = []
        results.reserveCapacity(items.count)
        try items.withUnsafeBufferPointer { (items) throws(JMESPathError) in
            for i in 0..<items.count { results.append(try items.evaluate(i, at: element, &cx)) }
        }
        return .array(results)
    }
    override func forEachChild(_ visit: (Node) -> Void) { items.forEach(visit) }
    override var mapsNullToNull: Bool { true }
}

/// `[a, b, c]` of plain names, as in `Instances[].[InstanceId, InstanceType]`: the names in one
/// table, each looked up where the current object stores it, with no field node per name.
final class NameListNode: NameTableNode {
    /// The names `builder` gathered (at least two).
    init(_ builder: consuming NameTable.Builder) {
        precondition(builder.count >= 2, "a list of names has at least two")
        super.init(names: builder)
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        if value.isNull { return .null }
        return values(in: BorrowedObject.of(value))
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        if element.pointee.isNull { return .null }
        return values(in: BorrowedObject.at(element))
    }
    /// Each name's value in `object`, null where it is missing (all null when there is no object).
    @inline(__always)
    private func values(in object: BorrowedObject?) -> JSONValue {
        guard let object else { return .array(Array(repeating: .null, count: table.count)) }
        var results: [JSONValue] = []
        results.reserveCapacity(table.count)
        for i in 0..<table.count { results.append(table.pointer(i, in: object)?.pointee ?? .null) }
        return .array(results)
    }
    override var mapsNullToNull: Bool { true }
}

/// `[a, b]`: the two-item multi-select (common as a function's argument: `max([a, b])`,
/// `join(',', [a, b])`), with its items in the node rather than in an array of their own.
final class PairListNode: Node {
    let first: Node
    let second: Node
    init(_ first: Node, _ second: Node) {
        self.first = first
        self.second = second
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        if value.isNull { return .null }
        let a = try first.evaluate(value, &cx)
        return .array([a, try second.evaluate(value, &cx)])
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        if element.pointee.isNull { return .null }
        let a = try first.evaluate(at: element, &cx)
        return .array([a, try second.evaluate(at: element, &cx)])
    }
    override func forEachChild(_ visit: (Node) -> Void) {
        visit(first)
        visit(second)
    }
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
        return .object(
            try values.withUnsafeBufferPointer { (values) throws(JMESPathError) in
                try JSONObject(count: keys.count) { (i) throws(JMESPathError) in
                    JSONObject.Member(key: keys[i], value: try values.evaluate(i, value, &cx))
                }
            })
    }
    /// The usual place of a multi-select, a projection's right side: each value is read from the
    /// element where it is stored, without copying the element.
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        if element.pointee.isNull { return .null }
        return .object(
            try values.withUnsafeBufferPointer { (values) throws(JMESPathError) in
                try JSONObject(count: keys.count) { (i) throws(JMESPathError) in
                    JSONObject.Member(key: keys[i], value: try values.evaluate(i, at: element, &cx))
                }
            })
    }
    override func forEachChild(_ visit: (Node) -> Void) { values.forEach(visit) }
    override var mapsNullToNull: Bool { true }
}

/// `{k: a, ...}` whose values are all plain names, the usual shape of an AWS CLI query
/// (`Instances[].{ID: InstanceId, Type: InstanceType}`): the value names in one table, each
/// looked up where the current object stores it, with no field node per value. Keys are distinct.
final class NameHashNode: NameTableNode {
    let keys: [String]
    /// One value name per key, gathered in `values` (`names`, in the keys' order).
    init(keys: [String], values: consuming NameTable.Builder) {
        precondition(keys.count == values.count, "one name per key")
        self.keys = keys
        super.init(names: values)
    }
    override func evaluate(_ value: JSONValue, _ cx: inout Interpreter) throws(JMESPathError) -> JSONValue {
        if value.isNull { return .null }
        return members(in: BorrowedObject.of(value))
    }
    override func evaluate(at element: UnsafePointer<JSONValue>, _ cx: inout Interpreter) throws(JMESPathError)
        -> JSONValue
    {
        if element.pointee.isNull { return .null }
        return members(in: BorrowedObject.at(element))
    }
    /// The object of each key with its name's value in `object` (null where missing or no object).
    @inline(__always)
    private func members(in object: BorrowedObject?) -> JSONValue {
        .object(
            JSONObject(count: keys.count) { (i) -> JSONObject.Member in
                let found = object.flatMap { table.pointer(i, in: $0) }
                return JSONObject.Member(key: keys[i], value: found?.pointee ?? .null)
            })
    }
    override var mapsNullToNull: Bool { true }
}
