import RunbookCore

extension Interpreter {
    /// The widest string `pad_left`/`pad_right` will build, so a typo cannot exhaust memory.
    static let maxPadWidth = 1 << 20

    /// The string functions of the community edition: `lower`, `upper`, `replace`, `split`, `trim*`,
    /// `pad_left`, `pad_right`, `find_first`, `find_last`. Positions count Unicode scalars.
    func strings(_ function: Function, _ args: [Argument], offset: Int) throws(JMESPathError) -> JSONValue {
        let subject = args[0].value.stringValue!
        func string(_ i: Int) -> String? { i < args.count ? args[i].value.stringValue : nil }
        func integer(_ i: Int, _ name: String) throws(JMESPathError) -> Int? {
            guard i < args.count, let d = args[i].value.doubleValue else { return nil }
            guard d.rounded() == d, d >= 0, d < 1e15 else {
                throw error(
                    .invalidValue, "\(function.rawValue)() expects \(name) to be a non-negative integer", at: offset)
            }
            return Int(d)
        }
        switch function {
        case .lower: return .string(subject.lowercased())
        case .upper: return .string(subject.uppercased())
        case .replace:
            let old = Array(string(1)!.unicodeScalars)
            let new = Array(string(2)!.unicodeScalars)
            let limit = try integer(3, "the count")
            return .string(replace(Array(subject.unicodeScalars), old, new, limit: limit))
        case .split:
            let separator = Array(string(1)!.unicodeScalars)
            let limit = try integer(2, "the count")
            return .array(split(Array(subject.unicodeScalars), separator, limit: limit).map { .string($0) })
        case .trim, .trimLeft, .trimRight:
            let chars = string(1).map { Set($0.unicodeScalars) }
            let drop: (Unicode.Scalar) -> Bool = { c in
                if let chars, !chars.isEmpty { return chars.contains(c) }
                return c.properties.isWhitespace
            }
            var scalars = Substring(subject).unicodeScalars[...]
            if function != .trimRight { while let f = scalars.first, drop(f) { scalars.removeFirst() } }
            if function != .trimLeft { while let l = scalars.last, drop(l) { scalars.removeLast() } }
            return .string(String(String.UnicodeScalarView(scalars)))
        case .padLeft, .padRight:
            let width = try integer(1, "the width") ?? 0
            guard width <= Self.maxPadWidth else {
                throw error(
                    .invalidValue, "\(function.rawValue)() width \(width) is over the limit of \(Self.maxPadWidth)",
                    at: offset)
            }
            let pad = string(2) ?? " "
            guard pad.unicodeScalars.count == 1 else {
                throw error(
                    .invalidValue, "\(function.rawValue)() pads with exactly one character, got '\(pad)'", at: offset)
            }
            let missing = max(width - subject.unicodeScalars.count, 0)
            let padding = String(repeating: pad, count: missing)
            return .string(function == .padLeft ? padding + subject : subject + padding)
        default:  // find_first, find_last
            let hay = Array(subject.unicodeScalars)
            let needle = Array(string(1)!.unicodeScalars)
            var start = try signedInteger(2) ?? 0
            var end = try signedInteger(3) ?? hay.count
            if start < 0 { start = max(hay.count + start, 0) }
            if end < 0 { end = max(hay.count + end, 0) }
            end = min(end, hay.count)
            if needle.isEmpty || start > end { return .null }
            let positions = start > end - needle.count ? [] : Array(start...(end - needle.count))
            let ordered = function == .findFirst ? positions : positions.reversed()
            for p in ordered where Array(hay[p..<(p + needle.count)]) == needle { return .integer(p) }
            return .null
        }
        func signedInteger(_ i: Int) throws(JMESPathError) -> Int? {
            guard i < args.count, let d = args[i].value.doubleValue else { return nil }
            guard d.rounded() == d, Swift.abs(d) < 1e15 else {
                throw error(.invalidValue, "\(function.rawValue)() expects an integer position", at: offset)
            }
            return Int(d)
        }
    }

    private func replace(_ s: [Unicode.Scalar], _ old: [Unicode.Scalar], _ new: [Unicode.Scalar], limit: Int?) -> String
    {
        var out = String.UnicodeScalarView()
        var i = 0
        var done = 0
        if old.isEmpty {
            // Like Python: insert `new` between every character, up to the limit.
            for c in s {
                if limit == nil || done < limit! {
                    out.append(contentsOf: new)
                    done += 1
                }
                out.append(c)
            }
            if limit == nil || done < limit! { out.append(contentsOf: new) }
            return String(out)
        }
        while i < s.count {
            if (limit == nil || done < limit!), i + old.count <= s.count, Array(s[i..<(i + old.count)]) == old {
                out.append(contentsOf: new)
                i += old.count
                done += 1
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(out)
    }

    private func split(_ s: [Unicode.Scalar], _ sep: [Unicode.Scalar], limit: Int?) -> [String] {
        if sep.isEmpty {
            // Split into characters.
            return s.map { String(Character($0)) }
        }
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if (limit == nil || parts.count < limit!), i + sep.count <= s.count, Array(s[i..<(i + sep.count)]) == sep {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                i += sep.count
            } else {
                current.append(s[i])
                i += 1
            }
        }
        parts.append(String(current))
        return parts
    }
}
