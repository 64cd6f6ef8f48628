/// A lexical token of a JMESPath expression: its kind and where it is in the text.
///
/// Tokens are plain values (no strings inside), so the parser copies and compares them for free;
/// names and strings are read out of the text only when the parser builds a node from them
/// (see `Parser.text(of:)`).
struct Token: Sendable, Equatable {
    /// What the token is.
    var kind: Kind
    /// The UTF-8 offset of the token's first byte.
    var start: Int
    /// The UTF-8 offset just past the token's last byte.
    var end: Int
    /// `.number`: its value. `.quotedIdentifier`, `.rawString` with escapes and `.literal`: the
    /// position of the decoded value in the lexer's side tables; -1 when the text is used as is.
    var payload: Int

    /// The kinds of token.
    enum Kind: UInt8, Sendable, Equatable {
        /// `foo`
        case identifier
        /// `"foo"`
        case quotedIdentifier
        /// `'foo'`
        case rawString
        /// `` `{"a": 1}` ``
        case literal
        /// `-12` (index and slice positions)
        case number
        /// `$name` (extended)
        case variable
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

    /// The byte offset where the token starts.
    var offset: Int { start }
}

extension Token.Kind {
    /// How a token of this kind reads in an error message when its text is not shown.
    var display: String {
        switch self {
        case .identifier: return "identifier"
        case .quotedIdentifier: return "quoted identifier"
        case .rawString: return "raw string"
        case .literal: return "literal"
        case .number: return "number"
        case .variable: return "variable"
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
