import RunbookCore

extension Interpreter {
    /// `contains`, `ends_with`, `starts_with`, `join`, `length`, `reverse`.
    func text(_ function: Function, _ args: [Argument], offset: Int) throws(JMESPathError) -> JSONValue {
        let v = args[0].value
        switch function {
        case .contains:
            let needle = args[1].value
            if case .array(let a) = v { return .bool(a.contains(needle)) }
            guard case .string(let s) = v, case .string(let n) = needle else { return .bool(false) }
            return .bool(n.isEmpty || s.unicodeScalars.firstRange(of: n.unicodeScalars) != nil)
        case .endsWith:
            let s = Array(v.stringValue!.unicodeScalars)
            let suffix = Array(args[1].value.stringValue!.unicodeScalars)
            return .bool(s.count >= suffix.count && Array(s.suffix(suffix.count)) == suffix)
        case .startsWith:
            let s = Array(v.stringValue!.unicodeScalars)
            let prefix = Array(args[1].value.stringValue!.unicodeScalars)
            return .bool(s.count >= prefix.count && Array(s.prefix(prefix.count)) == prefix)
        case .join:
            let glue = v.stringValue!
            return .string(args[1].value.arrayValue!.compactMap(\.stringValue).joined(separator: glue))
        case .length:
            return length(of: v)
        default:  // reverse
            if case .array(let a) = v { return .array(a.reversed()) }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: v.stringValue!.unicodeScalars.reversed())
            return .string(String(view))
        }
    }

    /// `length`: characters (code points) of a string, elements of an array, members of an object.
    func length(of v: JSONValue) -> JSONValue {
        switch v {
        case .string(let s): return .integer(s.unicodeScalars.count)
        case .array(let a): return .integer(a.count)
        case .object(let o): return .integer(o.count)
        default: return .null
        }
    }
}
