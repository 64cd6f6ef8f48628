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
        var keys: [JSONValue] = []
        keys.reserveCapacity(array.count)
        var firstIsString: Bool? = nil
        // Elements are read in place (borrowed), not copied out per key.
        try array.withUnsafeBufferPointer { (elements) throws(JMESPathError) in
            for i in 0..<elements.count {
                let key = try keyNode.evaluate(elements[i], &self)
                let isString: Bool
                switch key {
                case .integer, .double: isString = false
                case .string: isString = true
                default:
                    throw error(
                        .invalidType,
                        "\(function.rawValue)() expects the key expression to give numbers or strings, got \(key.typeName)",
                        at: offset)
                }
                if let firstIsString, firstIsString != isString {
                    throw error(
                        .invalidType, "\(function.rawValue)() keys must all be numbers or all be strings", at: offset)
                }
                firstIsString = isString
                keys.append(key)
            }
        }
        return keys
    }

    /// Orders two numbers or two strings (strings by Unicode code point, as Python does).
    static func less(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y
        case (.string(let x), .string(let y)): return x.codePointPrecedes(y)
        default: return (a.doubleValue ?? 0) < (b.doubleValue ?? 0)
        }
    }

    /// The number of leading UTF-8 bytes every string in `keys` shares (keys are all strings).
    static func sharedPrefixLength(_ keys: UnsafeBufferPointer<JSONValue>) -> Int {
        guard keys.count > 1, case .string(var first) = keys[0] else { return 0 }
        return first.withUTF8 { first in
            var shared = first.count
            for i in 1..<keys.count where shared > 0 {
                guard case .string(var s) = keys[i] else { return 0 }
                shared = s.withUTF8 { bytes in
                    let n = Swift.min(shared, bytes.count)
                    var k = 0
                    while k < n, bytes[k] == first[k] { k += 1 }
                    return k
                }
            }
            return shared
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
        if case .string = keys[0] {
            // Sort fixed-size 16-byte windows of the keys (no reference counting while sorting),
            // taken after the prefix every key shares, so keys like ARNs or timestamps differ
            // inside the window; equal windows fall back to a full code-point comparison. UTF-8
            // byte order is code point order.
            return keys.withUnsafeBufferPointer { keys in
                let skip = Self.sharedPrefixLength(keys)
                var sortKeys = [StringSortKey]()
                sortKeys.reserveCapacity(keys.count)
                for i in 0..<keys.count {
                    guard case .string(let s) = keys[i] else { continue }
                    sortKeys.append(StringSortKey.of(s, skipping: skip, index: i))
                }
                TotalOrderSort.sort(&sortKeys) { a, b in
                    if a.high != b.high { return a.high < b.high }
                    if a.low != b.low { return a.low < b.low }
                    if a.isComplete && b.isComplete { return a.index < b.index }
                    guard case .string(let x) = keys[a.index], case .string(let y) = keys[b.index] else { return false }
                    if x.utf8Equals(y) { return a.index < b.index }
                    return x.codePointPrecedes(y)
                }
                return sortKeys.map(\.index)
            }
        }
        // Integers sort as integers (exact beyond 2^53); a mix with doubles sorts as doubles.
        let allIntegers = keys.allSatisfy { if case .integer = $0 { return true } else { return false } }
        if allIntegers { return order(keys.map { if case .integer(let n) = $0 { n } else { 0 } }) }
        return order(keys.map { $0.doubleValue ?? 0 })
    }

    /// The positions of `numbers` in ascending order, ties by position.
    private static func order<Number: Comparable>(_ numbers: [Number]) -> [Int] {
        var pairs = numbers.enumerated().map { ($0.element, $0.offset) }
        TotalOrderSort.sort(&pairs) { a, b in a.0 != b.0 ? a.0 < b.0 : a.1 < b.1 }
        return pairs.map(\.1)
    }
}

/// A 16-byte window of a string's UTF-8 (after a prefix all keys share) as two big-endian
/// integers, so comparing keys compares the windows in code point order; 24 bytes in all.
struct StringSortKey {
    var high: UInt64
    var low: UInt64
    /// The key's position, shifted left once; the low bit is set when the window is not the whole
    /// rest of the string (so equal windows do not mean equal strings).
    private var tag: Int

    var index: Int { tag >> 1 }
    /// Whether the window holds the whole rest of the string, so equal keys mean equal strings.
    var isComplete: Bool { tag & 1 == 0 }

    /// The key of `s` for position `index`, its window starting `skip` bytes in. (A function
    /// rather than an initializer: initializers take their arguments owned, a copy of `s`.)
    static func of(_ s: String, skipping skip: Int, index: Int) -> StringSortKey {
        // Native strings hand out their bytes in place; small ones are copied to the stack.
        if let key = s.utf8.withContiguousStorageIfAvailable({ window($0, skip, index) }) { return key }
        var copy = s
        return copy.withUTF8 { window($0, skip, index) }
    }

    private init(high: UInt64, low: UInt64, tag: Int) {
        self.high = high
        self.low = low
        self.tag = tag
    }

    private static func window(_ all: UnsafeBufferPointer<UInt8>, _ skip: Int, _ index: Int) -> StringSortKey {
        let start = Swift.min(skip, all.count)
        let count = all.count - start
        let tag = index << 1 | (count > 16 ? 1 : 0)
        guard count > 0, let base = all.baseAddress.map({ UnsafeRawPointer($0 + start) }) else {
            return StringSortKey(high: 0, low: 0, tag: tag)
        }
        if count >= 16 {
            return StringSortKey(
                high: UInt64(bigEndian: base.loadUnaligned(as: UInt64.self)),
                low: UInt64(bigEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)), tag: tag)
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for i in 0..<count {
            let byte = UInt64(base.load(fromByteOffset: i, as: UInt8.self))
            if i < 8 {
                high |= byte << (56 - 8 * i)
            } else {
                low |= byte << (56 - 8 * (i - 8))
            }
        }
        return StringSortKey(high: high, low: low, tag: tag)
    }
}
