import RunbookCore

extension Interpreter {
    /// `max`, `min`, `sort`, `max_by`, `min_by`, `sort_by`, `group_by`, `map`.
    mutating func ordering(_ function: Function, _ args: [Argument], offset: Int) throws(JMESPathError) -> JSONValue {
        let v = args[0].value
        switch function {
        case .sort:
            return .array(v.arrayValue!.sortedStable(by: Self.less))
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
                    throw error(.invalidType, "group_by() expects the key expression to give strings, got \(key.typeName)", at: offset)
                }
                var group = groups[name]?.arrayValue ?? []
                group.append(element)
                groups[name] = .array(group)
            }
            return .object(groups)
        default:  // sort_by, max_by, min_by
            let array = v.arrayValue!
            var keyed: [(key: JSONValue, element: JSONValue)] = []
            keyed.reserveCapacity(array.count)
            var kind: String? = nil
            for element in array {
                let key = try apply(args[1], to: element)
                let keyKind: String
                switch key {
                case .integer, .double: keyKind = "number"
                case .string: keyKind = "string"
                default:
                    throw error(.invalidType, "\(function.rawValue)() expects the key expression to give numbers or strings, got \(key.typeName)", at: offset)
                }
                if let kind, kind != keyKind {
                    throw error(.invalidType, "\(function.rawValue)() keys must all be numbers or all be strings", at: offset)
                }
                kind = keyKind
                keyed.append((key, element))
            }
            if function == .sortBy {
                return .array(keyed.sortedStable { Self.less($0.key, $1.key) }.map(\.element))
            }
            guard var best = keyed.first else { return .null }
            for pair in keyed.dropFirst() {
                if function == .maxBy ? Self.less(best.key, pair.key) : Self.less(pair.key, best.key) { best = pair }
            }
            return best.element
        }
    }

    /// Orders two numbers or two strings (strings by Unicode code point, as Python does).
    static func less(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y
        case (.string(let x), .string(let y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        default: return (a.doubleValue ?? 0) < (b.doubleValue ?? 0)
        }
    }
}

extension Array {
    /// A stable sort (merge sort): equal elements keep their order, as Python's `sorted` does.
    func sortedStable(by less: (Element, Element) -> Bool) -> [Element] {
        if count < 2 { return self }
        var source = self
        var buffer = self
        var width = 1
        while width < count {
            var start = 0
            while start < count {
                let mid = Swift.min(start + width, count)
                let end = Swift.min(start + 2 * width, count)
                var i = start
                var j = mid
                var k = start
                while i < mid && j < end {
                    if less(source[j], source[i]) {
                        buffer[k] = source[j]
                        j += 1
                    } else {
                        buffer[k] = source[i]
                        i += 1
                    }
                    k += 1
                }
                while i < mid {
                    buffer[k] = source[i]
                    i += 1
                    k += 1
                }
                while j < end {
                    buffer[k] = source[j]
                    j += 1
                    k += 1
                }
                start += 2 * width
            }
            swap(&source, &buffer)
            width *= 2
        }
        return source
    }
}
