/// Writes ``JSONValue`` as text the way users expect from `aws ... --output json` and `jq`.
///
/// Pretty output matches Python's `json.dumps(value, indent=4, ensure_ascii=False)`, which is what
/// the aws CLI prints: 4-space indentation, `": "` between key and value, empty containers as `[]`
/// and `{}`, key order kept, integers without `.0`, and floats in Python's shortest `repr` form.
public enum JSONSerializer {
    /// Layout of the text.
    public enum Style: Sendable, Equatable {
        /// Indented by the given number of spaces (the aws CLI uses 4).
        case pretty(indent: Int)
        /// One line, no spaces, like `jq -c`.
        case compact

        /// The default: 4-space pretty printing.
        public static let `default` = Style.pretty(indent: 4)
    }

    /// The value as JSON text.
    public static func serialize(_ value: JSONValue, style: Style = .default) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, style: style, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value as UTF-8 JSON text to `out`.
    public static func write(_ value: JSONValue, style: Style = .default, into out: inout [UInt8]) {
        switch style {
        case .compact: writeValue(value, indent: 0, level: 0, into: &out)
        case .pretty(let indent): writeValue(value, indent: max(indent, 0), level: 0, into: &out)
        }
    }

    private static func newline(_ indent: Int, _ level: Int, _ out: inout [UInt8]) {
        guard indent > 0 else { return }
        out.append(0x0A)
        for _ in 0..<(indent * level) { out.append(0x20) }
    }

    private static func writeValue(_ value: JSONValue, indent: Int, level: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: formatDouble(d).utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            if a.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, element) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent, level + 1, &out)
                writeValue(element, indent: indent, level: level + 1, into: &out)
            }
            newline(indent, level, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            if o.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            var first = true
            for member in o {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                newline(indent, level + 1, &out)
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent > 0 { out.append(0x20) }
                writeValue(member.value, indent: indent, level: level + 1, into: &out)
            }
            newline(indent, level, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes a quoted string with JSON escapes; non-ASCII is kept as UTF-8 (`ensure_ascii=False`).
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(0x5C); out.append(UInt8(ascii: "f"))
            case 0..<0x20, 0x7F:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    /// A double in Python's `repr` form: shortest round-trip digits, `1.0` for integral values,
    /// exponent notation below 1e-4 and from 1e16 (`1e-05`, `1e+16`). NaN and infinities, which
    /// JSON cannot hold, print as `NaN`, `Infinity` and `-Infinity` like Python.
    public static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description gives the shortest round-trip digits; re-lay them out like Python.
        let (negative, digits, exponent) = decompose(d)
        var s = negative ? "-" : ""
        if exponent < -4 || exponent >= 16 {
            s += String(digits.first!)
            if digits.count > 1 {
                s += "."
                s += digits.dropFirst()
            }
            s += exponent < 0 ? "e-" : "e+"
            let e = abs(exponent)
            s += e < 10 ? "0\(e)" : "\(e)"
        } else if exponent < 0 {
            s += "0." + String(repeating: "0", count: -exponent - 1) + digits
        } else if digits.count <= exponent + 1 {
            s += digits + String(repeating: "0", count: exponent + 1 - digits.count) + ".0"
        } else {
            let cut = digits.index(digits.startIndex, offsetBy: exponent + 1)
            s += digits[..<cut] + "." + digits[cut...]
        }
        return s
    }

    /// Splits a finite nonzero double into sign, significant digits (no leading/trailing zeros)
    /// and the decimal exponent of the first digit.
    private static func decompose(_ d: Double) -> (Bool, String, Int) {
        let text = "\(abs(d))"  // e.g. "123.45", "1e-05", "1.5e+20"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var all = String(intPart) + String(fracPart)
        var pointExponent = intPart.count - 1 + exponent
        while all.hasPrefix("0") && all.count > 1 {
            all.removeFirst()
            pointExponent -= 1
        }
        while all.hasSuffix("0") && all.count > 1 { all.removeLast() }
        return (d < 0, all, pointExponent)
    }
}
