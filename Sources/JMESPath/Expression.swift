public import RunbookCore

/// A compiled JMESPath expression: parse once, evaluate many times, share across tasks.
///
/// ```swift
/// let expr = try Expression.compile("nodegroup.health.issues[0].code")
/// let code = try expr.search(describeNodegroupAnswer)
/// ```
public struct Expression: Sendable, Hashable, CustomStringConvertible {
    /// The source text.
    public let text: String
    /// The dialect the expression was compiled for.
    public let dialect: Dialect
    /// The compiled tree (see `Node`).
    let program: Node
    /// Whether the expression reads `$` (the document), so a search must keep it at hand.
    let readsRoot: Bool

    /// Compiles `text`; throws a syntax error with the offending offset.
    public static func compile(_ text: String, dialect: Dialect = .extended) throws(JMESPathError) -> Expression {
        // The lexer reads the string's own bytes (a stack copy for small strings), no array copy.
        var contiguous = text
        contiguous.makeContiguousUTF8()
        let text = contiguous  // (a constant: a captured variable would be checked for exclusive access)
        func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<(Node, Bool), JMESPathError> {
            var parser = Parser(text, bytes: bytes, dialect: dialect)
            return Result { () throws(JMESPathError) in (try parser.parse(), parser.readsRoot) }
        }
        let parsed =
            text.utf8.withContiguousStorageIfAvailable(parse) ?? Array(text.utf8).withUnsafeBufferPointer(parse)
        let (program, readsRoot) = try parsed.get()
        return Expression(text: text, dialect: dialect, program: program, readsRoot: readsRoot)
    }

    /// Compiles `text` (see ``compile(_:dialect:)``).
    public init(_ text: String, dialect: Dialect = .extended) throws(JMESPathError) {
        self = try Self.compile(text, dialect: dialect)
    }

    private init(text: String, dialect: Dialect, program: Node, readsRoot: Bool) {
        self.text = text
        self.dialect = dialect
        self.program = program
        self.readsRoot = readsRoot
    }

    /// Evaluates the expression over `document`. `variables` pre-binds `$name` references
    /// (extended dialect only); `$` alone is always the document.
    public func search(_ document: JSONValue, variables: [String: JSONValue] = [:]) throws(JMESPathError) -> JSONValue {
        var interpreter = Interpreter(root: readsRoot ? document : .null, dialect: dialect, variables: variables)
        do {
            return try program.evaluate(document, &interpreter)
        } catch {
            var error = error
            error.expression = text
            throw error
        }
    }

    /// The source text.
    public var description: String { text }

    /// Expressions are equal when their text and dialect are.
    public static func == (lhs: Expression, rhs: Expression) -> Bool {
        lhs.text == rhs.text && lhs.dialect == rhs.dialect
    }

    /// Hashes the text and dialect.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(dialect)
    }
}

/// A name for ``Expression`` that cannot clash with other modules' `Expression` types.
public typealias JMESPathExpression = Expression

/// Which language an expression is compiled for.
public enum Dialect: String, Sendable, Hashable, Codable {
    /// Exactly the JMESPath specification, no extension (`runbook query --strict`).
    case strict
    /// The specification plus the community-edition extensions runbook authors use: `let`,
    /// `$` and `$name`, arithmetic, and the newer functions (`items`, `from_json`, ...).
    case extended
}
