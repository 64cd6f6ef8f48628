import RunbookCore

extension Interpreter {
    /// `max`, `min`, `sort`, `max_by`, `min_by`, `sort_by`, `group_by`, `map`.
    mutating func ordering(_ function: Function, _ args: [Argument], offset: Int) throws(JMESPathError) -> JSONValue {
        let v = args[0].value
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
            let array = v.arrayValue!
            var keys: [JSONValue] = []
            keys.reserveCapacity(array.count)
            var kind: String? = nil
            for element in array {
                let key = try apply(args[1], to: element)
                let keyKind: String
                switch key {
                case .integer, .double: keyKind = "number"
                case .string: keyKind = "string"
                default:
                    throw error(
                        .invalidType,
                        "\(function.rawValue)() expects the key expression to give numbers or strings, got \(key.typeName)",
                        at: offset)
                }
                if let kind, kind != keyKind {
                    throw error(
                        .invalidType, "\(function.rawValue)() keys must all be numbers or all be strings", at: offset)
                }
                kind = keyKind
                keys.append(key)
            }
            if function == .sortBy {
                return .array(Self.sortedByKeys(array, keys: keys))
            }
            guard !keys.isEmpty else { return .null }
            var best = 0
            for i in 1..<keys.count {
                if function == .maxBy ? Self.less(keys[best], keys[i]) : Self.less(keys[i], keys[best]) { best = i }
            }
            return array[best]
        }
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
    /// Keys are unboxed into a typed array first and sorted with the position as a tie-breaker,
    /// which gives a stable order with the standard library's fast unstable sort.
    static func sortedByKeys(_ elements: [JSONValue], keys: [JSONValue]) -> [JSONValue] {
        if elements.count < 2 { return elements }
        if case .string = keys[0] {
            // Sort fixed-size prefixes (no reference counting while sorting); equal prefixes fall
            // back to a full code-point comparison. UTF-8 byte order is code point order.
            var sortKeys = [StringSortKey]()
            sortKeys.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() { sortKeys.append(StringSortKey(k.stringValue ?? "", index: i)) }
            sortKeys.sort { a, b in
                if a.high != b.high { return a.high < b.high }
                if a.low != b.low { return a.low < b.low }
                if a.isComplete && b.isComplete { return a.index < b.index }
                let x = keys[a.index].stringValue ?? ""
                let y = keys[b.index].stringValue ?? ""
                if x.utf8Equals(y) { return a.index < b.index }
                return x.codePointPrecedes(y)
            }
            return sortKeys.map { elements[$0.index] }
        }
        let allIntegers = keys.allSatisfy { if case .integer = $0 { return true } else { return false } }
        if allIntegers {
            var pairs = [(Int, Int)]()
            pairs.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() { if case .integer(let n) = k { pairs.append((n, i)) } }
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            return pairs.map { elements[$0.1] }
        }
        var pairs = [(Double, Int)]()
        pairs.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() { pairs.append((k.doubleValue ?? 0, i)) }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return pairs.map { elements[$0.1] }
    }
}

/// The first 16 UTF-8 bytes of a string as two big-endian integers, so comparing keys compares
/// the strings' prefixes in code point order.
struct StringSortKey {
    var high: UInt64
    var low: UInt64
    /// Whether the prefix is the whole string (at most 16 bytes), so equal keys mean equal strings.
    var isComplete: Bool
    var index: Int

    init(_ s: String, index: Int) {
        self.index = index
        var s = s
        (high, low, isComplete) = s.withUTF8 { bytes -> (UInt64, UInt64, Bool) in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return (0, 0, true) }
            if bytes.count >= 16 {
                let raw = UnsafeRawPointer(base)
                return (
                    UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)),
                    UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)), bytes.count == 16
                )
            }
            var high: UInt64 = 0
            var low: UInt64 = 0
            for i in 0..<bytes.count {
                if i < 8 {
                    high |= UInt64(bytes[i]) << (56 - 8 * i)
                } else {
                    low |= UInt64(bytes[i]) << (56 - 8 * (i - 8))
                }
            }
            return (high, low, true)
        }
    }
}
