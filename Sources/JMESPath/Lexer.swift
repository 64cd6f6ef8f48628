import RunbookCore

/// Turns expression text into tokens, each with its offset, so errors can point at a column.
///
/// The lexer works on UTF-8 bytes (every JMESPath operator is ASCII) and records byte offsets;
/// an error converts its offset to a count of Unicode scalars, which is what a person sees as
/// columns in the usual case. Tokens carry no strings: names are read from `bytes` when the parser
/// needs them, and the few values that need decoding (escaped strings, JSON literals) are kept in
/// the side tables `strings` and `literals`.
struct Lexer {
    /// The text's UTF-8 bytes, borrowed from the string for the duration of one compilation.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Decoded quoted identifiers and raw strings that contained escapes.
    private(set) var strings: [String] = []
    /// Parsed JSON literals.
    private(set) var literals: [JSONValue] = []
    private let text: String
    private let dialect: Dialect
    private var position = 0
    /// Whether the text is pure ASCII, so byte offsets are also character offsets.
    let isASCII: Bool

    /// A lexer over `bytes`, the UTF-8 of `text`, which must stay valid while the lexer is used.
    init(_ text: String, bytes: UnsafeBufferPointer<UInt8>, dialect: Dialect) {
        self.text = text
        self.bytes = bytes
        self.dialect = dialect
        var high: UInt8 = 0
        for b in bytes { high |= b }
        self.isASCII = high < 0x80
    }

    /// The scalar offset of a byte offset into `text`.
    static func scalarOffset(ofByte byteOffset: Int, in text: String) -> Int {
        var count = 0
        for (i, b) in text.utf8.enumerated() {
            if i >= byteOffset { break }
            if b & 0xC0 != 0x80 { count += 1 }
        }
        return count
    }

    @inline(__always)
    private func peek(_ ahead: Int = 0) -> UInt8 {
        let i = position + ahead
        return i < bytes.count ? bytes[i] : 0
    }

    private var atEnd: Bool { position >= bytes.count }

    private func error(_ message: String, at byteOffset: Int) -> JMESPathError {
        JMESPathError(
            kind: .syntax, message: message, expression: text,
            offset: Self.scalarOffset(ofByte: byteOffset, in: text))
    }

    /// The source bytes of an unquoted identifier token (the name itself).
    func bytes(of token: Token) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
    }

    func string(_ start: Int, _ end: Int) -> String {
        let utf8 = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if let base = utf8.baseAddress, let small = String.smallASCII(base, count: utf8.count) { return small }
        return String(decoding: utf8, as: UTF8.self)
    }

    @inline(__always)
    private static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F
    }

    @inline(__always)
    private static func isIdentifierTail(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || (c >= 0x30 && c <= 0x39)
    }

    @inline(__always)
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// A token of `kind` from `start` to the current position.
    @inline(__always)
    private func token(_ kind: Token.Kind, _ start: Int, payload: Int = -1) -> Token {
        Token(kind: kind, start: start, end: position, payload: payload)
    }

    /// The next token; `.eof` at the end (and on every call after).
    mutating func nextToken() throws(JMESPathError) -> Token {
        while !atEnd, peek() == 0x20 || peek() == 0x09 || peek() == 0x0A || peek() == 0x0D { position += 1 }
        let start = position
        guard !atEnd else { return token(.eof, start) }
        let c = peek()
        func single(_ kind: Token.Kind) -> Token {
            position += 1
            return token(kind, start)
        }
        func double(_ kind: Token.Kind) -> Token {
            position += 2
            return token(kind, start)
        }
        if Self.isIdentifierStart(c) {
            position += 1
            while !atEnd, Self.isIdentifierTail(peek()) { position += 1 }
            return token(.identifier, start)
        }
        if Self.isDigit(c) || (c == UInt8(ascii: "-") && Self.isDigit(peek(1))) {
            return try number(start: start)
        }
        switch c {
        case UInt8(ascii: "-"):
            if dialect == .extended { return single(.minus) }
            throw error("'-' must be followed by digits (a negative index)", at: start)
        case UInt8(ascii: "."): return single(.dot)
        case UInt8(ascii: "*"): return single(.star)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: ":"): return single(.colon)
        case UInt8(ascii: "@"): return single(.at)
        case UInt8(ascii: "("): return single(.lparen)
        case UInt8(ascii: ")"): return single(.rparen)
        case UInt8(ascii: "{"): return single(.lbrace)
        case UInt8(ascii: "}"): return single(.rbrace)
        case UInt8(ascii: "]"): return single(.rbracket)
        case UInt8(ascii: "["):
            if peek(1) == UInt8(ascii: "]") { return double(.flatten) }
            if peek(1) == UInt8(ascii: "?") { return double(.filter) }
            return single(.lbracket)
        case UInt8(ascii: "|"): return peek(1) == UInt8(ascii: "|") ? double(.or) : single(.pipe)
        case UInt8(ascii: "&"): return peek(1) == UInt8(ascii: "&") ? double(.and) : single(.ampersand)
        case UInt8(ascii: "!"): return peek(1) == UInt8(ascii: "=") ? double(.ne) : single(.not)
        case UInt8(ascii: "<"): return peek(1) == UInt8(ascii: "=") ? double(.lte) : single(.lt)
        case UInt8(ascii: ">"): return peek(1) == UInt8(ascii: "=") ? double(.gte) : single(.gt)
        case UInt8(ascii: "="):
            if peek(1) == UInt8(ascii: "=") { return double(.eq) }
            if dialect == .extended { return single(.assign) }
            throw error("'=' is not an operator; use '==' to compare", at: start)
        case UInt8(ascii: "\""):
            let payload = try quotedIdentifier(start: start)
            return token(.quotedIdentifier, start, payload: payload)
        case UInt8(ascii: "'"):
            let payload = try rawString(start: start)
            return token(.rawString, start, payload: payload)
        case UInt8(ascii: "`"):
            literals.append(try literal(start: start))
            return token(.literal, start, payload: literals.count - 1)
        default:
            break
        }
        if dialect == .extended {
            switch c {
            case UInt8(ascii: "$"):
                position += 1
                if !atEnd, Self.isIdentifierStart(peek()) {
                    while !atEnd, Self.isIdentifierTail(peek()) { position += 1 }
                    return token(.variable, start)
                }
                return token(.root, start)
            case UInt8(ascii: "+"): return single(.plus)
            case UInt8(ascii: "%"): return single(.modulo)
            case UInt8(ascii: "/"): return peek(1) == UInt8(ascii: "/") ? double(.intDivide) : single(.divide)
            case 0xE2 where peek(1) == 0x88 && peek(2) == 0x92:  // U+2212 MINUS SIGN
                position += 3
                return token(.minus, start)
            case 0xC3 where peek(1) == 0x97:  // U+00D7 MULTIPLICATION SIGN
                position += 2
                return token(.star, start)
            case 0xC3 where peek(1) == 0xB7:  // U+00F7 DIVISION SIGN
                position += 2
                return token(.divide, start)
            default: break
            }
        }
        let scalar = String(
            text.unicodeScalars[
                text.unicodeScalars.index(
                    text.unicodeScalars.startIndex, offsetBy: Self.scalarOffset(ofByte: start, in: text))])
        let hint = dialect == .strict && "$+/%".contains(scalar) ? " (it is an extension; drop --strict)" : ""
        throw error("unexpected character '\(scalar)'\(hint)", at: start)
    }

    private mutating func number(start: Int) throws(JMESPathError) -> Token {
        var negative = false
        if peek() == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var value = 0
        var overflow = false
        while !atEnd, Self.isDigit(peek()) {
            let d = Int(peek() - 0x30)
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            overflow = overflow || o1 || o2
            value = a
            position += 1
        }
        if overflow { throw error("number '\(string(start, position))' is out of range", at: start) }
        return token(.number, start, payload: value)
    }

    /// Scans to the closing `delimiter`, honouring backslash escapes; returns the body's byte range
    /// and whether it contains a backslash.
    private mutating func delimited(_ delimiter: UInt8, start: Int, what: String) throws(JMESPathError) -> (
        Int, Int, Bool
    ) {
        position += 1
        let bodyStart = position
        var escaped = false
        while !atEnd {
            let c = peek()
            if c == UInt8(ascii: "\\") {
                escaped = true
                position += 2
                continue
            }
            if c == delimiter {
                let end = position
                position += 1
                return (bodyStart, end, escaped)
            }
            position += 1
        }
        position = bytes.count
        throw error("unterminated \(what): add the closing \(Character(Unicode.Scalar(delimiter)))", at: start)
    }

    /// Scans a quoted identifier; returns where its decoded text is in `strings`, or -1 when it
    /// has no escapes (its text is the bytes between the quotes).
    private mutating func quotedIdentifier(start: Int) throws(JMESPathError) -> Int {
        let (from, to, escaped) = try delimited(UInt8(ascii: "\""), start: start, what: "quoted identifier")
        if !escaped { return -1 }
        let body = string(from, to)
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse("\"" + body + "\"")
        } catch {
            throw self.error("invalid quoted identifier \"\(body)\": \(error.message)", at: start)
        }
        guard case .string(let s) = parsed else { throw error("invalid quoted identifier", at: start) }
        strings.append(s)
        return strings.count - 1
    }

    /// Scans a raw string; returns where its decoded text is in `strings`, or -1 (see above).
    private mutating func rawString(start: Int) throws(JMESPathError) -> Int {
        let (from, to, escaped) = try delimited(UInt8(ascii: "'"), start: start, what: "raw string")
        if !escaped { return -1 }
        strings.append(string(from, to).replacingAll("\\'", with: "'"))
        return strings.count - 1
    }

    /// The text a name or string token stands for: the name itself, the decoded string, or the
    /// variable's name without `$`.
    func text(of token: Token) -> String {
        switch token.kind {
        case .quotedIdentifier, .rawString:
            return token.payload >= 0 ? strings[token.payload] : string(token.start + 1, token.end - 1)
        case .variable:
            return string(token.start + 1, token.end)
        default:
            return string(token.start, token.end)
        }
    }

    /// Whether an identifier token spells `word` (ASCII).
    func spells(_ token: Token, _ word: StaticString) -> Bool {
        guard token.kind == .identifier, token.end - token.start == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<word.utf8CodeUnitCount where bytes[token.start + i] != w[i] { return false }
        return true
    }

    private mutating func literal(start: Int) throws(JMESPathError) -> JSONValue {
        let (from, to, escaped) = try delimited(UInt8(ascii: "`"), start: start, what: "literal")
        var body = string(from, to)
        if escaped { body = body.replacingAll("\\`", with: "`") }
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
