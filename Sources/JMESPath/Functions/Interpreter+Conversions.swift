import RunbookCore

extension Interpreter {
    /// `to_array`, `to_number`, `to_string`, `from_json`, `to_json`.
    func conversions(_ function: Function, _ v: JSONValue, offset: Int) throws(JMESPathError) -> JSONValue {
        switch function {
        case .toArray:
            if case .array = v { return v }
            return .array([v])
        case .toNumber:
            switch v {
            case .integer, .double: return v
            case .string(let s): return Self.number(from: s)
            default: return .null
            }
        case .toString:
            if case .string = v { return v }
            return .string(Self.pythonCompact(v))
        case .toJSON:
            return .string(Self.pythonCompact(v))
        default:  // from_json
            do {
                return try JSONParser.parse(v.stringValue!)
            } catch {
                throw self.error(
                    .invalidValue, "from_json() got text that is not JSON: \(error.description)", at: offset)
            }
        }
    }

    /// Parses a number the way the reference does (`int()` then `float()`), or null.
    static func number(from s: String) -> JSONValue {
        let trimmed = s.trimmingWhitespace()
        if let i = Int(trimmed) { return .integer(i) }
        guard !trimmed.isEmpty,
            trimmed.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) }),
            let d = Double(trimmed), d.isFinite
        else { return .null }
        return .double(d)
    }

    /// JSON text with `,` and `:` separators and no spaces, as the reference's `to_string` prints.
    static func pythonCompact(_ v: JSONValue) -> String {
        JSONSerializer.serialize(v, style: .compact)
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    func trimmingWhitespace() -> String {
        let ws: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r"]
        var scalars = unicodeScalars[...]
        while let f = scalars.first, ws.contains(f) { scalars.removeFirst() }
        while let l = scalars.last, ws.contains(l) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
