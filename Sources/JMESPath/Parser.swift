import RunbookCore

/// A Pratt (top-down operator precedence) parser for JMESPath.
///
/// Why Pratt: JMESPath is mostly infix and postfix operators with a handful of precedences, and
/// projections need to know the binding power of the *next* token to decide where they end (a
/// projection's right side stops at any token weaker than `projectionStop`). Each token kind has a
/// binding power (the table below); `nud` handles a token that starts an expression and `led` one
/// that continues it, exactly as in the reference implementation's design.
///
/// Guards: recursion depth is capped (``maxRecursion``) and the finished tree's depth is checked
/// without recursion, so any input yields a syntax error rather than a stack overflow.
///
/// Speed: tokens are lexed as the parser asks (at most two ahead, no token list), and the common
/// shapes get compact nodes: `a.b.c` of plain names one `PathNode`, `a | b | c` one
/// `PipelineNode`, `name(x)` one `FunctionNode` with no argument array, `xs[?c].y | [0]` one
/// `FilterNthNode` (see `Benchmarks/README.md` for the measurements behind each).
struct Parser {
    /// The deepest parser recursion accepted (parentheses, nested lists, `!`, ...).
    static let maxRecursion = 256
    /// The deepest tree accepted.
    static let maxTreeDepth = 1_024
    /// Tokens whose binding power is below this end a projection's right-hand side.
    static let projectionStop = 10
    /// The binding power of a `*` wildcard projection (in the extended dialect the `*` token also
    /// multiplies, with a lower power, when it follows an expression).
    static let wildcardPower = 20

    private let text: String
    private let dialect: Dialect
    private var lexer: Lexer
    /// The token being looked at.
    private var current = Token(kind: .eof, start: 0, end: 0, payload: -1)
    /// Tokens already lexed after `current`, for `lookahead`.
    private var ahead1: Token?
    private var ahead2: Token?
    /// How many tokens have been lexed.
    private var tokenCount = 0
    /// Whether the expression reads `$`.
    private(set) var readsRoot = false
    private var recursion = 0
    /// Whether the text is pure ASCII, so byte offsets are also character offsets.
    private var isASCII = true

    /// A parser for `text`, whose UTF-8 is `bytes` (valid while the parser is used).
    init(_ text: String, bytes: UnsafeBufferPointer<UInt8>, dialect: Dialect) {
        self.text = text
        self.dialect = dialect
        self.lexer = Lexer(text, bytes: bytes, dialect: dialect)
    }

    /// Tokens carry byte offsets; errors and the tree carry character (scalar) offsets.
    private func scalarOffset(_ byteOffset: Int) -> Int {
        isASCII ? byteOffset : Lexer.scalarOffset(ofByte: byteOffset, in: text)
    }

    /// Parses the whole expression.
    mutating func parse() throws(JMESPathError) -> Node {
        current = try lex()
        isASCII = lexer.isASCII
        let ast = try expression(0)
        guard current.kind == .eof else {
            throw error("unexpected \(describe(current)) after a complete expression", at: current)
        }
        // Every level of the tree consumes at least one token, so short expressions cannot be too deep.
        if tokenCount >= Self.maxTreeDepth / 2, ast.depth > Self.maxTreeDepth {
            throw JMESPathError(
                kind: .syntax, message: "the expression nests more than \(Self.maxTreeDepth) levels deep",
                expression: text, offset: 0)
        }
        return ast
    }

    // MARK: Binding powers

    /// The left binding power of a token kind.
    private func bindingPower(_ kind: Token.Kind) -> Int {
        switch kind {
        case .pipe: return 1
        case .or: return 2
        case .and: return 3
        case .eq, .ne, .lt, .lte, .gt, .gte: return 5
        case .plus, .minus: return 6
        case .divide, .modulo, .intDivide: return 7
        case .star: return dialect == .extended ? 7 : 20
        case .flatten: return 9
        case .filter: return 21
        case .dot: return 40
        case .not: return 45
        case .lbrace: return 50
        case .lbracket: return 55
        case .lparen: return 60
        default: return 0
        }
    }

    // MARK: Token helpers

    /// Lexes the next token (the lexer runs as the parser asks, so no token list is built).
    private mutating func lex() throws(JMESPathError) -> Token {
        tokenCount += 1
        return try lexer.nextToken()
    }

    /// Moves to the next token; stays on the end once there.
    private mutating func advance() throws(JMESPathError) {
        guard current.kind != .eof else { return }
        if let next = ahead1 {
            current = next
            ahead1 = ahead2
            ahead2 = nil
        } else {
            current = try lex()
        }
    }

    /// The token `n` (1 or 2) places after `current`, or the end.
    private mutating func lookahead(_ n: Int) throws(JMESPathError) -> Token {
        if current.kind == .eof { return current }
        if ahead1 == nil { ahead1 = try lex() }
        if n == 1 || ahead1!.kind == .eof { return ahead1! }
        if ahead2 == nil { ahead2 = try lex() }
        return ahead2!
    }

    /// How a token reads in an error message, with its text where it has one.
    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .identifier: return "identifier '\(lexer.text(of: token))'"
        case .quotedIdentifier: return "quoted identifier \"\(lexer.text(of: token))\""
        case .rawString: return "raw string '\(lexer.text(of: token))'"
        case .number: return "number \(token.payload)"
        case .variable: return "variable '$\(lexer.text(of: token))'"
        default: return token.kind.display
        }
    }

    private func error(_ message: String, at token: Token) -> JMESPathError {
        JMESPathError(kind: .syntax, message: message, expression: text, offset: scalarOffset(token.offset))
    }

    /// Consumes a token of `kind`, or throws "expected `what`" (built only then: some name a key).
    private mutating func expect(_ kind: Token.Kind, _ what: @autoclosure () -> String) throws(JMESPathError) {
        guard current.kind == kind else {
            throw error("expected \(what()) but found \(describe(current))", at: current)
        }
        try advance()
    }

    // MARK: Core loop

    mutating func expression(_ rightBindingPower: Int) throws(JMESPathError) -> Node {
        recursion += 1
        defer { recursion -= 1 }
        if recursion > Self.maxRecursion {
            throw error("the expression nests more than \(Self.maxRecursion) levels deep", at: current)
        }
        let token = current
        try advance()
        var left: Node
        if rightBindingPower < bindingPower(.dot), let path = try namePath(token) {
            left = path
        } else {
            left = try nud(token)
        }
        // A run of one operator becomes one node with an immutable list: `a.b.c` a path,
        // `a && b && c` (or `||`) a logical chain, `a | b | c` a pipeline. A run ends at the first
        // other token. Runs cannot interleave (an operator's right side takes every operator that
        // binds more tightly), so one list serves them all.
        var run: [Node] = []
        var runKind = Token.Kind.eof
        while rightBindingPower < bindingPower(current.kind) {
            let token = current
            try advance()
            let kind = token.kind
            let collects = kind == .dot ? current.kind != .star : kind == .and || kind == .or || kind == .pipe
            if !run.isEmpty, !collects || kind != runKind {
                left = Self.node(of: run, kind: runKind)
                run.removeAll()
            }
            guard collects else {
                left = try led(token, left)
                continue
            }
            if run.isEmpty, kind == .and || kind == .or {
                // A pair, the usual case, needs no list.
                let right = try expression(bindingPower(kind))
                guard current.kind == kind else {
                    left = kind == .or ? OrNode(left, right) : AndNode(left, right)
                    continue
                }
                run.reserveCapacity(4)
                run.append(left)
                run.append(right)
                runKind = kind
                continue
            }
            if run.isEmpty {
                run.reserveCapacity(4)
                run.append(left)
                runKind = kind
            }
            switch kind {
            case .dot:
                run.append(try dotRHS(bindingPower(.dot)))
            case .pipe:
                let right = try expression(bindingPower(.pipe))
                // `xs[?c].y | [0]`, the usual "first match": stop at the match instead of listing all.
                if let filter = run.last as? FilterNode, let indexed = right as? ElementNode,
                    indexed.left === CurrentNode.shared, indexed.index >= 0
                {
                    run[run.count - 1] = FilterNthNode(filter, indexed.index)
                } else {
                    run.append(right)
                }
            default:
                run.append(try expression(bindingPower(kind)))
            }
        }
        if !run.isEmpty { left = Self.node(of: run, kind: runKind) }
        return left
    }

    /// The node of a run of `kind` operators over `parts` (see `expression`).
    private static func node(of parts: [Node], kind: Token.Kind) -> Node {
        switch kind {
        case .dot: return PathNode.make(parts)
        case .pipe: return PipelineNode.make(parts)
        default: return LogicalNode.make(parts, isOr: kind == .or)
        }
    }

    /// `a.b.c` starting at the name `first` (already consumed): a run of plain names read
    /// straight into one path node rather than a node per name. Nil, consuming nothing, unless a
    /// second name follows.
    private mutating func namePath(_ first: Token) throws(JMESPathError) -> Node? {
        guard first.kind == .identifier || first.kind == .quotedIdentifier else { return nil }
        // (Plain statements, not `while try ...` conditions: those made the compiler copy `self`.)
        var more = try atPathStep()
        guard more else { return nil }
        var names = NameTable.Builder()
        names.append(lexer.text(of: first))
        while more {
            let name = try lookahead(1)
            names.append(lexer.text(of: name))
            try advance()
            try advance()
            more = try atPathStep()
        }
        return PathNode(names)
    }

    /// Whether the next tokens are `.name` with nothing after the name that binds more tightly
    /// than the dot (`[0]`, `(`, ...), which would make that name the start of a larger part.
    private mutating func atPathStep() throws(JMESPathError) -> Bool {
        guard current.kind == .dot else { return false }
        let name = try lookahead(1).kind
        guard name == .identifier || name == .quotedIdentifier else { return false }
        // (The token is read first: a mutating call inside the arguments of a method on `self`
        // makes the compiler copy the whole parser.)
        let next = try lookahead(2).kind
        return bindingPower(next) <= bindingPower(.dot)
    }

    // MARK: nud: tokens that start an expression

    private mutating func nud(_ token: Token) throws(JMESPathError) -> Node {
        switch token.kind {
        case .literal: return LiteralNode(lexer.literals[token.payload])
        case .rawString: return LiteralNode(.string(lexer.text(of: token)))
        case .identifier:
            if current.kind == .lparen {
                // `name(...)`: a call, parsed here so no field node is built for the name.
                try advance()
                return try functionCall(named: token)
            }
            if dialect == .extended, current.kind == .variable, lexer.spells(token, "let") {
                return try letExpression()
            }
            return FieldNode(lexer.text(of: token))
        case .quotedIdentifier:
            let name = lexer.text(of: token)
            if current.kind == .lparen {
                throw error("a function name cannot be quoted; write \(name)(...) without quotes", at: token)
            }
            return FieldNode(name)
        case .star:
            let right: Node = current.kind == .rbracket ? CurrentNode.shared : try projectionRHS(Self.wildcardPower)
            return ValueProjectionNode(CurrentNode.shared, right)
        case .filter:
            return try ledFilter(CurrentNode.shared)
        case .lbrace:
            return try multiSelectHash()
        case .lparen:
            let inner = try expression(0)
            try expect(.rparen, "')'")
            return inner
        case .flatten:
            let right = try projectionRHS(bindingPower(.flatten))
            return ProjectionNode(FlattenNode(CurrentNode.shared), right, slicesString: false)
        case .not:
            return NotNode(try expression(bindingPower(.not)))
        case .lbracket:
            switch current.kind {
            case .number, .colon:
                return try projectIfSlice(CurrentNode.shared, try indexExpression())
            case .star where try lookahead(1).kind == .rbracket:
                try advance()
                try advance()
                return ProjectionNode(CurrentNode.shared, try projectionRHS(Self.wildcardPower), slicesString: false)
            default:
                return try multiSelectList()
            }
        case .at:
            return CurrentNode.shared
        case .ampersand:
            return ExpressionReferenceNode(try expression(0))
        case .root:
            readsRoot = true
            return RootNode()
        case .variable:
            return VariableNode(lexer.text(of: token), offset: scalarOffset(token.offset))
        case .minus, .plus:
            return UnaryNode(negate: token.kind == .minus, try expression(8), offset: scalarOffset(token.offset))
        case .eof:
            throw error("the expression is incomplete; expected more after this point", at: token)
        default:
            throw error("unexpected \(describe(token))", at: token)
        }
    }

    // MARK: led: tokens that continue an expression

    private mutating func led(_ token: Token, _ left: Node) throws(JMESPathError) -> Node {
        switch token.kind {
        case .dot:
            if current.kind == .star {
                try advance()
                return ValueProjectionNode(left, try projectionRHS(bindingPower(.dot)))
            }
            // Plain `a.b` is collected into a chain by `expression`; only `a.*` reaches here.
            return PathNode.make([left, try dotRHS(bindingPower(.dot))])
        case .lparen:
            // A name followed by '(' is a call, parsed where the name starts (`nud`).
            throw error("only a function name can be followed by '('", at: token)
        case .filter:
            return try ledFilter(left)
        case .flatten:
            let right = try projectionRHS(bindingPower(.flatten))
            return ProjectionNode(FlattenNode(left), right, slicesString: false)
        case .eq, .ne, .lt, .lte, .gt, .gte:
            let op: Comparator
            switch token.kind {
            case .eq: op = .eq
            case .ne: op = .ne
            case .lt: op = .lt
            case .lte: op = .lte
            case .gt: op = .gt
            default: op = .gte
            }
            let right = try expression(bindingPower(token.kind))
            if op == .eq || op == .ne, let literal = right as? LiteralNode {
                return FieldEqualsLiteralNode(left, literal.literal, negate: op == .ne)
            }
            return CompareNode(op, left, right)
        case .lbracket:
            switch current.kind {
            case .number, .colon:
                return try projectIfSlice(left, try indexExpression())
            default:
                try expect(.star, "a number, ':' or '*' inside '[ ]'")
                try expect(.rbracket, "']'")
                return ProjectionNode(left, try projectionRHS(Self.wildcardPower), slicesString: false)
            }
        case .star where dialect == .extended:
            return ArithmeticNode(
                .multiply, left, try expression(bindingPower(.star)), offset: scalarOffset(token.offset))
        case .plus, .minus, .divide, .modulo, .intDivide:
            let op: ArithmeticOperator
            switch token.kind {
            case .plus: op = .add
            case .minus: op = .subtract
            case .divide: op = .divide
            case .modulo: op = .modulo
            default: op = .integerDivide
            }
            return ArithmeticNode(
                op, left, try expression(bindingPower(token.kind)), offset: scalarOffset(token.offset))
        default:
            throw error("unexpected \(describe(token))", at: token)
        }
    }

    // MARK: Pieces

    private mutating func ledFilter(_ left: Node) throws(JMESPathError) -> Node {
        let condition = try expression(0)
        try expect(.rbracket, "']' to close the filter")
        let right: Node = current.kind == .flatten ? CurrentNode.shared : try projectionRHS(bindingPower(.filter))
        return FilterNode(left, right, condition: condition)
    }

    private mutating func projectionRHS(_ bp: Int) throws(JMESPathError) -> Node {
        let kind = current.kind
        if bindingPower(kind) < Self.projectionStop { return CurrentNode.shared }
        switch kind {
        case .lbracket, .filter:
            return try expression(bp)
        case .dot:
            try advance()
            return try dotRHS(bp)
        default:
            throw error("unexpected \(describe(current)) after a projection; expected '.', '[' or '[?'", at: current)
        }
    }

    private mutating func dotRHS(_ bp: Int) throws(JMESPathError) -> Node {
        switch current.kind {
        case .identifier, .quotedIdentifier, .star:
            return try expression(bp)
        case .lbracket:
            try advance()
            return try multiSelectList()
        case .lbrace:
            try advance()
            return try multiSelectHash()
        default:
            throw error("expected a name, '*', '[' or '{' after '.', but found \(describe(current))", at: current)
        }
    }

    /// What a `[...]` holding numbers says: one index, or a slice.
    private enum Bracket {
        case index(Int)
        case slice(SliceNode)
    }

    private mutating func indexExpression() throws(JMESPathError) -> Bracket {
        let isSlice = current.kind == .colon ? true : try lookahead(1).kind == .colon
        if isSlice {
            return .slice(try sliceExpression())
        }
        guard current.kind == .number else {
            throw error("expected an index number", at: current)
        }
        let n = current.payload
        try advance()
        try expect(.rbracket, "']'")
        return .index(n)
    }

    private mutating func sliceExpression() throws(JMESPathError) -> SliceNode {
        var parts: (Int?, Int?, Int?) = (nil, nil, nil)
        var slot = 0
        let start = current
        while current.kind != .rbracket {
            switch current.kind {
            case .colon:
                slot += 1
                if slot == 3 { throw error("a slice has at most two ':'", at: current) }
                try advance()
            case .number:
                let n = current.payload
                let taken = slot == 0 ? parts.0 != nil : slot == 1 ? parts.1 != nil : parts.2 != nil
                if taken { throw error("expected ':' or ']' in a slice", at: current) }
                switch slot {
                case 0: parts.0 = n
                case 1: parts.1 = n
                default: parts.2 = n
                }
                try advance()
            default:
                throw error("expected a number, ':' or ']' in a slice but found \(describe(current))", at: current)
            }
        }
        try advance()
        return SliceNode(start: parts.0, stop: parts.1, step: parts.2, offset: scalarOffset(start.offset))
    }

    /// `left[n]`, or `left[a:b]` with the projection a slice starts.
    private mutating func projectIfSlice(_ left: Node, _ bracket: Bracket) throws(JMESPathError) -> Node {
        switch bracket {
        case .index(let n):
            return ElementNode(left, n)
        case .slice(let slice):
            return ProjectionNode(
                IndexExpressionNode(left, slice), try projectionRHS(Self.wildcardPower), slicesString: true)
        }
    }

    /// `[a, b, ...]` after its `[`. Plain names (`[a, b, c]`) gather into one `NameListNode`; two
    /// items of other kinds make a `PairListNode`, with no array; an array starts at the third.
    private mutating func multiSelectList() throws(JMESPathError) -> Node {
        guard try atPlainItem(closedBy: .rbracket) else {
            let first = try expression(0)
            if current.kind == .rbracket {
                try advance()
                return ListNode([first])
            }
            try expect(.comma, "',' or ']' in a multi-select list")
            return try listItems(afterFirst: first)
        }
        let firstName = current
        try advance()
        if current.kind == .rbracket {
            try advance()
            return ListNode([FieldNode(lexer.text(of: firstName))])
        }
        try advance()  // the ',' (atPlainItem saw it)
        guard try atPlainItem(closedBy: .rbracket) else { return try listItems(afterFirst: FieldNode(lexer.text(of: firstName))) }
        var names = NameTable.Builder()
        names.append(lexer.text(of: firstName))
        var more = true
        while more {
            names.append(lexer.text(of: current))
            try advance()
            if current.kind == .rbracket {
                try advance()
                return NameListNode(names)
            }
            try advance()  // the ','
            more = try atPlainItem(closedBy: .rbracket)
        }
        // An item other than a plain name follows: the names so far become field nodes.
        return try listItems(after: names.names.map { FieldNode($0) })
    }

    /// Whether the next item of a multi-select is a plain name: a name, then `,` or `closing`.
    private mutating func atPlainItem(closedBy closing: Token.Kind) throws(JMESPathError) -> Bool {
        guard current.kind == .identifier || current.kind == .quotedIdentifier else { return false }
        let next = try lookahead(1).kind
        return next == .comma || next == closing
    }

    /// The rest of a multi-select list from its second item, `first` read.
    private mutating func listItems(afterFirst first: Node) throws(JMESPathError) -> Node {
        let second = try expression(0)
        if current.kind == .rbracket {
            try advance()
            return PairListNode(first, second)
        }
        try expect(.comma, "',' or ']' in a multi-select list")
        var items: [Node] = []
        items.reserveCapacity(4)
        items.append(first)
        items.append(second)
        return try listItems(after: items)
    }

    /// The rest of a multi-select list from the item after `items`, to its `]`.
    private mutating func listItems(after items: [Node]) throws(JMESPathError) -> Node {
        var items = items
        while true {
            items.append(try expression(0))
            if current.kind == .rbracket { break }
            try expect(.comma, "',' or ']' in a multi-select list")
        }
        try advance()
        return ListNode(items)
    }

    /// `{k: v, ...}` after its `{`. While every value is a plain name (`{id: InstanceId, ...}`),
    /// only the names' tokens are kept, and they become one `NameHashNode`; the first value of
    /// another kind turns them into field nodes of a `HashNode`.
    private mutating func multiSelectHash() throws(JMESPathError) -> Node {
        var keys: [String] = []
        var values: [Node] = []
        var nameTokens: [Token] = []
        var allNames = true
        while true {
            let keyToken = current
            let key: String
            switch keyToken.kind {
            case .identifier, .quotedIdentifier: key = lexer.text(of: keyToken)
            default:
                throw error(
                    "expected a key name in a multi-select hash but found \(describe(keyToken))", at: keyToken)
            }
            try advance()
            try expect(.colon, "':' after the key '\(key)'")
            // A repeated key keeps its first position and its last expression, like a JSON object.
            let repeated = keys.firstIndex(of: key)
            if allNames, try atPlainItem(closedBy: .rbrace) {
                if let repeated { nameTokens[repeated] = current } else { nameTokens.append(current) }
                try advance()
            } else {
                if allNames {
                    allNames = false
                    values.reserveCapacity(nameTokens.count + 1)
                    for token in nameTokens { values.append(FieldNode(lexer.text(of: token))) }
                }
                let value = try expression(0)
                if let repeated { values[repeated] = value } else { values.append(value) }
            }
            if repeated == nil { keys.append(key) }
            if current.kind == .comma {
                try advance()
                continue
            }
            try expect(.rbrace, "',' or '}' in a multi-select hash")
            break
        }
        guard allNames else { return HashNode(keys: keys, values: values) }
        var names = NameTable.Builder(capacity: nameTokens.count)
        for token in nameTokens { names.append(lexer.text(of: token)) }
        return NameHashNode(keys: keys, values: names)
    }

    /// `name(args...)`, its '(' already consumed.
    private mutating func functionCall(named nameToken: Token) throws(JMESPathError) -> Node {
        let nameOffset = scalarOffset(nameToken.offset)
        guard current.kind != .rparen else {
            try advance()
            let (function, signature) = try resolve(nameToken, arguments: 0, at: nameOffset)
            return FunctionNode(function, signature, [], references: [], offset: nameOffset)
        }
        let first = try expression(0)
        if current.kind == .rparen, !(first is ExpressionReferenceNode) {
            // One plain argument, the commonest call: no argument or reference list at all.
            try advance()
            let (function, signature) = try resolve(nameToken, arguments: 1, at: nameOffset)
            return FunctionNode(function, signature, only: first, offset: nameOffset)
        }
        var args: [Node] = []
        args.reserveCapacity(4)
        // Which arguments are `&expr` (passed unevaluated); left empty when none is.
        var references: [Bool] = []
        var arg = first
        while true {
            if let reference = arg as? ExpressionReferenceNode {
                arg = reference.inner
                if references.isEmpty { references = Array(repeating: false, count: args.count) }
                references.append(true)
            } else if !references.isEmpty {
                references.append(false)
            }
            args.append(arg)
            if current.kind == .rparen { break }
            if current.kind != .comma {
                let name = lexer.text(of: nameToken)  // a string only for the message
                try expect(.comma, "',' or ')' in the arguments of \(name)()")
            }
            try advance()
            arg = try expression(0)
        }
        // Two arguments or more, or one `&expr` (a single plain argument returned above).
        try advance()
        let (function, signature) = try resolve(nameToken, arguments: args.count, at: nameOffset)
        return FunctionNode(function, signature, args, references: references, offset: nameOffset)
    }

    /// The function `nameToken` names, checked against the dialect and the number of arguments.
    private func resolve(
        _ nameToken: Token, arguments count: Int, at nameOffset: Int
    ) throws(JMESPathError) -> (Function, Function.Signature) {
        guard let (function, signature) = Function.named(utf8: lexer.bytes(of: nameToken)),
            dialect == .extended || !function.isExtension
        else {
            let name = lexer.text(of: nameToken)
            let known = Function.allCases.filter { dialect == .extended || !$0.isExtension }.map(\.rawValue)
            let hint = Suggestion.closest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""
            throw JMESPathError(
                kind: .unknownFunction, message: "unknown function '\(name)()'\(hint)", expression: text,
                offset: nameOffset)
        }
        try function.checkArity(count, signature, expression: text, offset: nameOffset)
        return (function, signature)
    }

    private mutating func letExpression() throws(JMESPathError) -> Node {
        var names: [String] = []
        var values: [Node] = []
        while true {
            guard current.kind == .variable else {
                throw error("expected a variable like $name in 'let'", at: current)
            }
            let name = lexer.text(of: current)
            try advance()
            try expect(.assign, "'=' after the variable $\(name)")
            names.append(name)
            values.append(try expression(0))
            if current.kind == .comma {
                try advance()
                continue
            }
            break
        }
        guard lexer.spells(current, "in") else {
            throw error("expected 'in' after the bindings of 'let'", at: current)
        }
        try advance()
        return LetNode(names: names, values: values, body: try expression(0))
    }
}
