import RunbookCore

/// Turns expression text into tokens, each with its offset, so errors can point at a column.
///
/// Offsets count Unicode scalars, which is what a person sees as columns in the usual case.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let text: String
    private let dialect: Dialect
    private var position = 0

    init(_ text: String, dialect: Dialect) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
        self.dialect = dialect
    }

    /// All tokens, ending with `.eof`.
    mutating func tokenize() throws(JMESPathError) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 2 + 2)
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .eof { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let i = position + ahead
        return i < scalars.count ? scalars[i] : nil
    }

    private func error(_ message: String, at offset: Int) -> JMESPathError {
        JMESPathError(kind: .syntax, message: message, expression: text, offset: offset)
    }

    private mutating func next() throws(JMESPathError) -> Token {
        while let c = peek(), c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
        let start = position
        guard let c = peek() else { return Token(kind: .eof, offset: start) }
        func single(_ kind: Token.Kind) -> Token {
            position += 1
            return Token(kind: kind, offset: start)
        }
        switch c {
        case "a"..."z", "A"..."Z", "_":
            position += 1
            while let d = peek(), isIdentifierTail(d) { position += 1 }
            return Token(kind: .identifier(String(String.UnicodeScalarView(scalars[start..<position]))), offset: start)
        case "0"..."9":
            return try number(start: start)
        case "-":
            if let d = peek(1), ("0"..."9").contains(d) { return try number(start: start) }
            if dialect == .extended { return single(.minus) }
            throw error("'-' must be followed by digits (a negative index)", at: start)
        case "\u{2212}" where dialect == .extended: return single(.minus)
        case ".": return single(.dot)
        case "*": return single(.star)
        case "\u{00D7}" where dialect == .extended: return single(.star)
        case ",": return single(.comma)
        case ":": return single(.colon)
        case "@": return single(.at)
        case "(": return single(.lparen)
        case ")": return single(.rparen)
        case "{": return single(.lbrace)
        case "}": return single(.rbrace)
        case "]": return single(.rbracket)
        case "[":
            if peek(1) == "]" {
                position += 2
                return Token(kind: .flatten, offset: start)
            }
            if peek(1) == "?" {
                position += 2
                return Token(kind: .filter, offset: start)
            }
            return single(.lbracket)
        case "|":
            if peek(1) == "|" {
                position += 2
                return Token(kind: .or, offset: start)
            }
            return single(.pipe)
        case "&":
            if peek(1) == "&" {
                position += 2
                return Token(kind: .and, offset: start)
            }
            return single(.ampersand)
        case "!":
            if peek(1) == "=" {
                position += 2
                return Token(kind: .ne, offset: start)
            }
            return single(.not)
        case "=":
            if peek(1) == "=" {
                position += 2
                return Token(kind: .eq, offset: start)
            }
            if dialect == .extended { return single(.assign) }
            throw error("'=' is not an operator; use '==' to compare", at: start)
        case "<":
            if peek(1) == "=" {
                position += 2
                return Token(kind: .lte, offset: start)
            }
            return single(.lt)
        case ">":
            if peek(1) == "=" {
                position += 2
                return Token(kind: .gte, offset: start)
            }
            return single(.gt)
        case "\"":
            return Token(kind: .quotedIdentifier(try quotedIdentifier(start: start)), offset: start)
        case "'":
            return Token(kind: .rawString(try rawString(start: start)), offset: start)
        case "`":
            return Token(kind: .literal(JSONValueBox(value: try literal(start: start))), offset: start)
        case "$" where dialect == .extended:
            position += 1
            if let d = peek(), d == "_" || ("a"..."z").contains(d) || ("A"..."Z").contains(d) {
                let nameStart = position
                while let d = peek(), isIdentifierTail(d) { position += 1 }
                let name = String(String.UnicodeScalarView(scalars[nameStart..<position]))
                return Token(kind: .variable(name), offset: start)
            }
            return Token(kind: .root, offset: start)
        case "+" where dialect == .extended: return single(.plus)
        case "%" where dialect == .extended: return single(.modulo)
        case "/" where dialect == .extended:
            if peek(1) == "/" {
                position += 2
                return Token(kind: .intDivide, offset: start)
            }
            return single(.divide)
        case "\u{00F7}" where dialect == .extended: return single(.divide)
        default:
            let hint = dialect == .strict && "$+/%".unicodeScalars.contains(c) ? " (it is an extension; drop --strict)" : ""
            throw error("unexpected character '\(Character(c))'\(hint)", at: start)
        }
    }

    private func isIdentifierTail(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
    }

    private mutating func number(start: Int) throws(JMESPathError) -> Token {
        if peek() == "-" { position += 1 }
        while let d = peek(), ("0"..."9").contains(d) { position += 1 }
        let digits = String(String.UnicodeScalarView(scalars[start..<position]))
        guard let n = Int(digits) else { throw error("number '\(digits)' is out of range", at: start) }
        return Token(kind: .number(n), offset: start)
    }

    /// Scans to the closing `delimiter`, honouring backslash escapes, and returns the raw body.
    private mutating func delimited(_ delimiter: Unicode.Scalar, start: Int, what: String) throws(JMESPathError) -> String {
        position += 1
        let bodyStart = position
        while let c = peek() {
            if c == "\\" {
                position += 2
                continue
            }
            if c == delimiter {
                let body = String(String.UnicodeScalarView(scalars[bodyStart..<position]))
                position += 1
                return body
            }
            position += 1
        }
        position = scalars.count
        throw error("unterminated \(what): add the closing \(delimiter)", at: start)
    }

    private mutating func quotedIdentifier(start: Int) throws(JMESPathError) -> String {
        let body = try delimited("\"", start: start, what: "quoted identifier")
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse("\"" + body + "\"")
        } catch {
            throw self.error("invalid quoted identifier \"\(body)\": \(error.message)", at: start)
        }
        guard case .string(let s) = parsed else { throw error("invalid quoted identifier", at: start) }
        return s
    }

    private mutating func rawString(start: Int) throws(JMESPathError) -> String {
        let body = try delimited("'", start: start, what: "raw string")
        return body.replacingAll("\\'", with: "'")
    }

    private mutating func literal(start: Int) throws(JMESPathError) -> JSONValue {
        let body = try delimited("`", start: start, what: "literal").replacingAll("\\`", with: "`")
        if let value = try? JSONParser.parse(body) { return value }
        // Legacy form kept by the reference implementation: an unquoted string literal.
        let trimmed = String(body.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }))
        if let value = try? JSONParser.parse("\"" + trimmed + "\"") { return value }
        throw error("invalid JSON literal `\(body)`; quote strings inside backticks, e.g. `\"text\"`", at: start)
    }
}

extension String {
    /// The string with every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
