import Foundation
package import RunbookDSL

/// The static type of a template expression, when it can be known without running anything.
///
/// Deliberately small and certain rather than complete: a parameter read (`params.size` has the
/// parameter's type), a literal (`'text'`, `` `3` ``), a comparison or logical expression
/// (boolean), and calls to functions whose result type is fixed (`length` is a number). Anything
/// else (captures, results, projections) is unknown and passes.
package enum ExpressionTypes {
    /// A statically known type.
    package enum Inferred: Sendable, Equatable {
        /// A string.
        case string
        /// A whole number.
        case integer
        /// A number.
        case number
        /// A boolean.
        case boolean
        /// A list.
        case array
        /// An object.
        case object

        /// `a string`, `an integer`, ...
        package var name: String {
            switch self {
            case .string: return "a string"
            case .integer: return "an integer"
            case .number: return "a number"
            case .boolean: return "a boolean"
            case .array: return "a list"
            case .object: return "an object"
            }
        }

        /// Whether a value of this type fits `shape`.
        package func fits(_ shape: ValueShape) -> Bool {
            switch (self, shape.kind) {
            case (_, .any): return true
            case (_, .anyOf(let options)): return options.contains { fits($0) }
            case (.string, .string), (.integer, .integer), (.boolean, .boolean), (.array, .array), (.object, .object):
                return true
            case (.integer, .number), (.number, .number): return true
            default: return false
            }
        }

        /// How to convert to what `shape` takes, when there is a function for it.
        package func conversionHint(to shape: ValueShape) -> String? {
            switch shape.kind {
            case .string: return "convert it with to_string(...), or write it inside text"
            case .integer, .number: return "convert it with to_number(...)"
            case .array: return "wrap a single value in a list: [value]"
            case .anyOf(let options): return options.lazy.compactMap { conversionHint(to: $0) }.first
            default: return nil
            }
        }
    }

    /// Functions whose result type does not depend on their arguments.
    static let functionTypes: [String: Inferred] = [
        "length": .integer, "to_string": .string, "join": .string, "type": .string, "contains": .boolean,
        "starts_with": .boolean, "ends_with": .boolean, "to_number": .number, "abs": .number, "ceil": .integer,
        "floor": .integer, "avg": .number, "sum": .number, "keys": .array, "values": .array, "sort": .array,
        "reverse": .array, "to_array": .array, "merge": .object, "not_null": .object, "upper": .string,
        "lower": .string, "trim": .string, "split": .array, "replace": .string, "items": .array,
        "from_items": .object, "zip": .array, "group_by": .object,
    ]

    /// The type of `text`, or nil when it is not known statically.
    package static func infer(_ text: String, params: [Param]) -> Inferred? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        if t.hasPrefix("params."), let param = params.first(where: { "params.\($0.name)" == t }) {
            switch param.kind {
            case .string: return .string
            case .integer: return .integer
            case .boolean: return .boolean
            case .list: return .array
            }
        }
        if isWholeQuoted(t, "'") { return .string }
        if isWholeQuoted(t, "`") {
            let body = String(t.dropFirst().dropLast())
            switch body.trimmingCharacters(in: .whitespaces).first {
            case "\"": return .string
            case "[": return .array
            case "{": return .object
            case "t", "f": return .boolean
            case .some(let c) where c.isNumber || c == "-": return body.contains(".") ? .number : .integer
            default: return nil
            }
        }
        if hasTopLevelOperator(t) { return .boolean }
        if t.hasPrefix("!") { return .boolean }
        if let open = t.firstIndex(of: "("), t.hasSuffix(")") {
            let name = String(t[..<open]).trimmingCharacters(in: .whitespaces)
            if closes(t, open: open) { return functionTypes[name] }
        }
        return nil
    }

    /// Whether the whole text is one literal between `quote`s.
    private static func isWholeQuoted(_ t: String, _ quote: Character) -> Bool {
        guard t.count >= 2, t.first == quote, t.last == quote else { return false }
        var escaped = false
        for c in t.dropFirst().dropLast() {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == quote { return false }
        }
        return true
    }

    /// Whether the parenthesis at `open` closes at the very end of `t`.
    private static func closes(_ t: String, open: String.Index) -> Bool {
        var depth = 0
        var quote: Character? = nil
        var i = open
        while i < t.endIndex {
            let c = t[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "`" || c == "\"" {
                quote = c
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth -= 1
                if depth == 0 { return t.index(after: i) == t.endIndex }
            }
            i = t.index(after: i)
        }
        return false
    }

    /// A comparison or logical operator outside brackets, parentheses and quotes.
    private static func hasTopLevelOperator(_ t: String) -> Bool {
        let chars = Array(t)
        var depth = 0
        var quote: Character? = nil
        for (i, c) in chars.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
                continue
            }
            switch c {
            case "'", "`", "\"": quote = c
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case "=", "<", ">", "&", "|":
                guard depth == 0 else { continue }
                let next = i + 1 < chars.count ? chars[i + 1] : " "
                if c == "=" && next == "=" { return true }
                if c == "<" || c == ">" { return true }
                if c == "&" && next == "&" { return true }
                if c == "|" && next == "|" { return true }
            case "!":
                if depth == 0, i + 1 < chars.count, chars[i + 1] == "=" { return true }
            default: break
            }
        }
        return false
    }
}
