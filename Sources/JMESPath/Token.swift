import RunbookCore

/// A lexical token of a JMESPath expression, with the character offset where it starts.
struct Token: Sendable, Equatable {
    /// What the token is.
    var kind: Kind
    /// 0-based offset (in Unicode scalars) of the token's first character.
    var offset: Int

    /// The kinds of token.
    enum Kind: Sendable, Equatable {
        /// `foo`
        case identifier(String)
        /// `"foo"`
        case quotedIdentifier(String)
        /// `'foo'`
        case rawString(String)
        /// `` `{"a": 1}` ``
        case literal(JSONValueBox)
        /// `-12` (index and slice positions)
        case number(Int)
        /// `$name` (extended)
        case variable(String)
        /// `$` alone (extended)
        case root
        case dot, star, flatten, filter, lbracket, rbracket, lbrace, rbrace, lparen, rparen
        case comma, colon, pipe, or, and, not, ampersand, at
        case eq, ne, lt, lte, gt, gte
        /// `=` (only in `let` bindings)
        case assign
        /// Arithmetic (extended): `+`, `-`, `/`, `%`, `//`.
        case plus, minus, divide, modulo, intDivide
        case eof
    }
}

/// A boxed JSON literal so `Token.Kind` stays small and `Equatable`.
struct JSONValueBox: Sendable, Equatable {
    var value: JSONValue
}

extension Token.Kind {
    /// How the token reads in an error message.
    var display: String {
        switch self {
        case .identifier(let s): return "identifier '\(s)'"
        case .quotedIdentifier(let s): return "quoted identifier \"\(s)\""
        case .rawString(let s): return "raw string '\(s)'"
        case .literal: return "literal"
        case .number(let n): return "number \(n)"
        case .variable(let s): return "variable '$\(s)'"
        case .root: return "'$'"
        case .dot: return "'.'"
        case .star: return "'*'"
        case .flatten: return "'[]'"
        case .filter: return "'[?'"
        case .lbracket: return "'['"
        case .rbracket: return "']'"
        case .lbrace: return "'{'"
        case .rbrace: return "'}'"
        case .lparen: return "'('"
        case .rparen: return "')'"
        case .comma: return "','"
        case .colon: return "':'"
        case .pipe: return "'|'"
        case .or: return "'||'"
        case .and: return "'&&'"
        case .not: return "'!'"
        case .ampersand: return "'&'"
        case .at: return "'@'"
        case .eq: return "'=='"
        case .ne: return "'!='"
        case .lt: return "'<'"
        case .lte: return "'<='"
        case .gt: return "'>'"
        case .gte: return "'>='"
        case .assign: return "'='"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .divide: return "'/'"
        case .modulo: return "'%'"
        case .intDivide: return "'//'"
        case .eof: return "the end of the expression"
        }
    }
}
