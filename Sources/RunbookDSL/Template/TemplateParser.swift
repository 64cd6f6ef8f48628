import RunbookCore

/// Splits a string into literal text and `${{ expression }}` parts.
///
/// The scan looks for `${{`, then for the matching `}}` outside quotes (`'…'`, `"…"`, `` `…` ``) and
/// outside nested braces, so a multi-select hash such as `${{ {a: b} }}` stays whole. `$${{` is an
/// escape for a literal `${{`.
public enum TemplateParser {
    /// A `${{` without its closing `}}`.
    public struct UnclosedTemplate: Error, Sendable, Equatable {
        /// Character offset of the `${{`.
        public var offset: Int
    }

    /// The template's parts; `map` locates each character of `text` in the file.
    public static func parse(_ text: String, map: SourceMap) throws(UnclosedTemplate) -> Template {
        let chars = Array(text)
        var parts: [Template.Part] = []
        var literal = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "$", matches(chars, at: i + 1, "${{") {
                literal.append("${{")
                i += 4
                continue
            }
            guard matches(chars, at: i, "${{") else {
                literal.append(chars[i])
                i += 1
                continue
            }
            guard let end = closingBraces(chars, from: i + 3) else { throw UnclosedTemplate(offset: i) }
            if !literal.isEmpty {
                parts.append(.text(literal))
                literal = ""
            }
            // Trim the spaces around the expression, keeping track of where it starts.
            var start = i + 3
            var stop = end
            while start < stop, chars[start].isWhitespace { start += 1 }
            while stop > start, chars[stop - 1].isWhitespace { stop -= 1 }
            let expression = String(chars[start..<stop])
            parts.append(.expression(ExpressionSource(text: expression, map: map.shifted(by: start))))
            i = end + 2
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(.text(literal)) }
        return Template(parts: parts, location: map.start)
    }

    /// Whether `text` contains a template opening at all (cheap pre-check).
    public static func containsTemplate(_ text: String) -> Bool { text.contains("${{") }

    private static func matches(_ chars: [Character], at index: Int, _ pattern: String) -> Bool {
        var j = index
        for c in pattern {
            guard j < chars.count, chars[j] == c else { return false }
            j += 1
        }
        return true
    }

    /// The index of the `}}` that closes a template whose body starts at `start`.
    private static func closingBraces(_ chars: [Character], from start: Int) -> Int? {
        var depth = 0
        var quote: Character? = nil
        var i = start
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" {
                    i += 2
                    continue
                }
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" || c == "`" {
                quote = c
            } else if c == "{" {
                depth += 1
            } else if c == "}" {
                if depth == 0, i + 1 < chars.count, chars[i + 1] == "}" { return i }
                depth = max(0, depth - 1)
            }
            i += 1
        }
        return nil
    }
}
