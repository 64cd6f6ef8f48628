/// Finds the references an expression makes to `steps.<id>[.<name>]` and `params.<name>`, and
/// the bare identifiers it reads at the top level.
///
/// This is a lexical scan, not a parse: it skips string literals (`'…'`, `` `…` ``), treats
/// `"…"` as a quoted identifier, and only counts a chain that starts a path (not one preceded by
/// `.`), optionally through a `$` variable (`$steps.nodes.count`). That is enough to resolve
/// references for validation without depending on the JMESPath syntax tree.
public enum ExpressionScanner {
    /// One reference found in an expression.
    public enum Reference: Sendable, Equatable {
        /// `steps.<step>` or `steps.<step>.<member>`; offsets are 0-based character offsets.
        case step(String, member: String?, offset: Int, memberOffset: Int?)
        /// `params.<name>`.
        case param(String, offset: Int)
        /// A bare identifier at the start of a path (e.g. a capture name in a check).
        case root(String, offset: Int)
    }

    private enum Token: Equatable {
        case identifier(String, offset: Int)
        case dot
        case dollar
        case other
    }

    /// Every reference in `text`, in order.
    public static func references(in text: String) -> [Reference] {
        let tokens = tokenize(text)
        var refs: [Reference] = []
        var i = 0
        while i < tokens.count {
            guard case .identifier(let name, let offset) = tokens[i] else {
                i += 1
                continue
            }
            let previous = i > 0 ? tokens[i - 1] : .other
            let startsPath = previous != .dot
            guard startsPath else {
                i += 1
                continue
            }
            func ident(_ k: Int) -> (String, Int)? {
                guard k < tokens.count, case .identifier(let n, let o) = tokens[k] else { return nil }
                return (n, o)
            }
            let followedByDot = i + 1 < tokens.count && tokens[i + 1] == .dot
            if name == "steps", followedByDot, let (step, stepOffset) = ident(i + 2) {
                var member: (String, Int)? = nil
                if i + 3 < tokens.count, tokens[i + 3] == .dot { member = ident(i + 4) }
                refs.append(.step(step, member: member?.0, offset: stepOffset, memberOffset: member?.1))
                i += member == nil ? 3 : 5
                continue
            }
            if name == "params", followedByDot, let (param, paramOffset) = ident(i + 2) {
                refs.append(.param(param, offset: paramOffset))
                i += 3
                continue
            }
            if previous != .dollar { refs.append(.root(name, offset: offset)) }
            i += 1
        }
        return refs
    }

    private static func tokenize(_ text: String) -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" || c == "`" {
                i = skipQuoted(chars, from: i, quote: c)
                tokens.append(.other)
            } else if c == "\"" {
                let start = i
                let end = skipQuoted(chars, from: i, quote: c)
                let body = String(chars[(start + 1)..<max(start + 1, end - 1)])
                tokens.append(.identifier(body, offset: start))
                i = end
            } else if c == "_" || c.isLetter {
                let start = i
                while i < chars.count, chars[i] == "_" || chars[i].isLetter || chars[i].isNumber { i += 1 }
                let word = String(chars[start..<i])
                // A name followed by '(' is a function call, not a field.
                var j = i
                while j < chars.count, chars[j] == " " { j += 1 }
                if j < chars.count, chars[j] == "(" {
                    tokens.append(.other)
                } else {
                    tokens.append(.identifier(word, offset: start))
                }
            } else if c == "." {
                tokens.append(.dot)
                i += 1
            } else if c == "$" {
                tokens.append(.dollar)
                i += 1
            } else if c.isWhitespace {
                i += 1
            } else {
                tokens.append(.other)
                i += 1
            }
        }
        return tokens
    }

    /// The index just past the closing quote (handles backslash escapes).
    private static func skipQuoted(_ chars: [Character], from start: Int, quote: Character) -> Int {
        var i = start + 1
        while i < chars.count {
            if chars[i] == "\\" {
                i += 2
                continue
            }
            if chars[i] == quote { return i + 1 }
            i += 1
        }
        return chars.count
    }
}
