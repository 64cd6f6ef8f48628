import RunbookCore

extension Interpreter {
    /// `max`, `min`, `sort`, `max_by`, `min_by`, `sort_by`, `group_by`, `map`.
    mutating func ordering(_ function: Function, _ args: consuming [Argument], offset: Int) throws(JMESPathError)
        -> JSONValue
    {
        // Take the first argument out of `args`, so an array built for this call (the usual
        // `sort_by(a[].b, ...)`) is referenced only here and can be reordered in place.
        var v = JSONValue.null
        if case .value(let first) = args[0] {
            v = first
            args[0] = .value(.null)
        }
        switch function {
        case .sort:
            return .array(Self.sortedByKeys(v.arrayValue!, keys: v.arrayValue!))
        case .max, .min:
            let array = v.arrayValue!
            guard var best = array.first else { return .null }
            for element in array.dropFirst() {
                if function == .max ? Self.less(best, element) : Self.less(element, best) { best = element }
            }
            return best
        case .map:
            let array = args[1].value.arrayValue!
            var results: [JSONValue] = []
            results.reserveCapacity(array.count)
            for element in array { results.append(try apply(args[0], to: element)) }
            return .array(results)
        case .groupBy:
            var groups = JSONObject()
            for element in v.arrayValue! {
                let key = try apply(args[1], to: element)
                guard case .string(let name) = key else {
                    if key.isNull { continue }
                    throw error(
                        .invalidType, "group_by() expects the key expression to give strings, got \(key.typeName)",
                        at: offset)
                }
                var group = groups[name]?.arrayValue ?? []
                group.append(element)
                groups[name] = .array(group)
            }
            return .object(groups)
        default:  // sort_by, max_by, min_by
            guard case .array(let array) = consume v, case .expression(let keyNode) = args[1] else { return .null }
            let keys = try sortKeys(of: array, by: keyNode, for: function, offset: offset)
            if function == .sortBy {
                return .array(Self.sortedByKeys(consume array, keys: keys))
            }
            guard !keys.isEmpty else { return .null }
            var best = 0
            for i in 1..<keys.count {
                if function == .maxBy ? Self.less(keys[best], keys[i]) : Self.less(keys[i], keys[best]) { best = i }
            }
            return array[best]
        }
    }

    /// The key of every element for `sort_by`, `max_by`, `min_by`: all numbers or all strings.
    private mutating func sortKeys(of array: [JSONValue], by keyNode: Node, for function: Function, offset: Int)
        throws(JMESPathError) -> [JSONValue]
    {
        // Elements are read in place (borrowed), not copied out per key.
        try array.withUnsafeBufferPointer { (elements) throws(JMESPathError) in
            try evaluateKeys(
                of: (0..<elements.count).lazy.map { elements.baseAddress! + $0 }, by: keyNode,
                for: function, offset: offset)
        }
    }

    /// The key of the element stored at each of `elements`, checked by the rule of `SortKeyKind`.
    private mutating func evaluateKeys(
        of elements: some Collection<UnsafePointer<JSONValue>>, by keyNode: Node, for function: Function, offset: Int
    ) throws(JMESPathError) -> [JSONValue] {
        var keys: [JSONValue] = []
        keys.reserveCapacity(elements.count)
        var kind = SortKeyKind()
        for element in elements {
            var key = try keyNode.evaluate(at: element, &self)
            if let mismatch = withUnsafePointer(to: &key, { kind.mismatch(at: $0, for: function) }) {
                throw error(.invalidType, mismatch, at: offset)
            }
            keys.append(key)
        }
        return keys
    }

    /// The order `sort_by` puts `elements` in (positions into it), by `keyNode`. Keys that names
    /// or paths select are read where they are stored; others are evaluated once each.
    mutating func sortOrder(of elements: UnsafeBufferPointer<UnsafePointer<JSONValue>>, by keyNode: Node, offset: Int)
        throws(JMESPathError) -> [Int]
    {
        guard keyNode.selectsInPlace else {
            return Self.sortOrder(try evaluateKeys(of: elements, by: keyNode, for: .sortBy, offset: offset))
        }
        let found = UnsafeMutableBufferPointer<UnsafePointer<JSONValue>?>.allocate(capacity: elements.count)
        defer { found.deallocate() }
        keyNode.selectEach(elements, into: found.baseAddress!)
        // The usual case, all strings, is settled by one tight pass; otherwise each key is checked
        // in turn so the error names the first that does not fit.
        if !found.allSatisfy({ $0?.pointee.isString ?? false }) {
            var kind = SortKeyKind()
            for key in found {
                if let mismatch = kind.mismatch(at: key, for: .sortBy) { throw error(.invalidType, mismatch, at: offset) }
            }
        }
        // Every key is there (a missing one is a mismatch), so the buffer reads as non-optional.
        return found.withMemoryRebound(to: UnsafePointer<JSONValue>.self) { Self.sortOrder(UnsafeBufferPointer($0)) }
    }

    /// Orders two numbers or two strings (strings by Unicode code point, as Python does).
    static func less(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y
        case (.string(let x), .string(let y)): return x.codePointPrecedes(y)
        default: return (a.doubleValue ?? 0) < (b.doubleValue ?? 0)
        }
    }

    /// `elements` stably sorted by `keys` (all numbers or all strings, checked by the caller).
    ///
    /// Keys are unboxed into typed sort keys with the position as a tie-breaker, which makes the
    /// order total, so the (unstable) introsort of `TotalOrderSort` gives the stable result.
    static func sortedByKeys(_ elements: consuming [JSONValue], keys: [JSONValue]) -> [JSONValue] {
        if elements.count < 2 { return elements }
        return permuted(elements, order: sortOrder(keys))
    }

    /// `elements` rearranged so position `j` holds the element that was at `order[j]`. When the
    /// caller's array is not shared, elements are moved in place along the permutation's cycles
    /// (no copies, no reference counting); otherwise the array is copied first.
    static func permuted(_ elements: consuming [JSONValue], order: [Int]) -> [JSONValue] {
        var result = elements
        let n = order.count
        var placed = [Bool](repeating: false, count: n)
        result.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            for start in 0..<n where !placed[start] {
                placed[start] = true
                if order[start] == start { continue }
                let saved = (base + start).move()
                var k = start
                while true {
                    let source = order[k]
                    if source == start {
                        (base + k).initialize(to: saved)
                        break
                    }
                    (base + k).moveInitialize(from: base + source, count: 1)
                    placed[source] = true
                    k = source
                }
            }
        }
        return result
    }

    /// The positions of `keys` in ascending order (ties by position, so the sort is stable);
    /// keys are all numbers or all strings, checked by the caller.
    static func sortOrder(_ keys: [JSONValue]) -> [Int] {
        keys.withUnsafeBufferPointer { buffer in
            var refs = ElementRefs(capacity: buffer.count)
            refs.append(buffer, flattening: false)
            return sortOrder(refs.buffer)
        }
    }

    /// `sortOrder` of the keys stored at `keys`, read in place.
    static func sortOrder(_ keys: UnsafeBufferPointer<UnsafePointer<JSONValue>>) -> [Int] {
        guard let first = keys.first else { return [] }
        if first.pointee.isString {
            // Sort fixed-size 16-byte windows of the keys (no reference counting while sorting),
            // taken after the prefix every key shares, so keys like ARNs or timestamps differ
            // inside the window; equal windows fall back to a full code-point comparison. UTF-8
            // byte order is code point order.
            var sortKeys = StringSortKey.keys(of: keys)
            let less = { (a: StringSortKey, b: StringSortKey) -> Bool in
                if let settled = StringSortKey.order(a, b) { return settled }
                guard case .string(let x) = keys[a.index].pointee, case .string(let y) = keys[b.index].pointee else {
                    return false
                }
                if x.utf8Equals(y) { return a.index < b.index }
                return x.codePointPrecedes(y)
            }
            if let order = PackedKeySort.order(sortKeys, by: less) { return order }
            TotalOrderSort.sort(&sortKeys, by: less)
            return sortKeys.map(\.index)
        }
        // Integers sort as integers (exact beyond 2^53); a mix with doubles sorts as doubles.
        let allIntegers = keys.allSatisfy { if case .integer = $0.pointee { return true } else { return false } }
        if allIntegers { return order(keys.map { if case .integer(let n) = $0.pointee { n } else { 0 } }) }
        return order(keys.map { $0.pointee.doubleValue ?? 0 })
    }

    /// The positions of `numbers` in ascending order, ties by position.
    private static func order<Number: Comparable>(_ numbers: [Number]) -> [Int] {
        var pairs = numbers.enumerated().map { ($0.element, $0.offset) }
        TotalOrderSort.sort(&pairs) { a, b in a.0 != b.0 ? a.0 < b.0 : a.1 < b.1 }
        return pairs.map(\.1)
    }
}

/// What the keys of `sort_by`, `max_by`, `min_by` must be: all numbers or all strings.
struct SortKeyKind {
    /// Whether the keys seen so far are strings; nil before the first.
    private var isString: Bool?

    /// Checks the next key, stored at `key` (nil for a missing one, which is null); returns
    /// what is wrong with it, or nil when it fits the rule and the keys before it.
    @inline(__always)
    mutating func mismatch(at key: UnsafePointer<JSONValue>?, for function: Function) -> String? {
        let keyIsString: Bool
        switch key?.pointee {
        case .string?: keyIsString = true
        case .integer?, .double?: keyIsString = false
        default:
            return
                "\(function.rawValue)() expects the key expression to give numbers or strings, got \(key?.pointee.typeName ?? "null")"
        }
        if let isString, isString != keyIsString {
            return "\(function.rawValue)() keys must all be numbers or all be strings"
        }
        isString = keyIsString
        return nil
    }
}
