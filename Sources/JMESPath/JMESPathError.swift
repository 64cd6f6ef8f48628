/// An error from compiling or evaluating a JMESPath expression, with the expression, the offset of
/// the offending character and a caret rendering for people.
public struct JMESPathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of error, matching the compliance suite's `error` values.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The expression is not valid JMESPath.
        case syntax
        /// A function got an argument of the wrong type, or an operator an operand it cannot use.
        case invalidType = "invalid-type"
        /// A function got an argument with an invalid value (e.g. a slice step of 0).
        case invalidValue = "invalid-value"
        /// A function was called with the wrong number of arguments.
        case invalidArity = "invalid-arity"
        /// No function has that name.
        case unknownFunction = "unknown-function"
        /// A `$name` reference has no binding.
        case undefinedVariable = "undefined-variable"
    }

    /// The kind of error.
    public var kind: Kind
    /// What is wrong and how to fix it.
    public var message: String
    /// The expression's source text.
    public var expression: String
    /// 0-based offset in `expression` (in characters) of the offending token.
    public var offset: Int

    /// Creates an error.
    public init(kind: Kind, message: String, expression: String, offset: Int) {
        self.kind = kind
        self.message = message
        self.expression = expression
        self.offset = offset
    }

    /// `kind error: message`, the expression, and a caret under the offending column.
    public var description: String {
        let label: String
        switch kind {
        case .syntax: label = "syntax error"
        case .invalidType: label = "invalid type"
        case .invalidValue: label = "invalid value"
        case .invalidArity: label = "invalid arity"
        case .unknownFunction: label = "unknown function"
        case .undefinedVariable: label = "undefined variable"
        }
        let caretColumn = min(max(offset, 0), expression.count)
        return "\(label): \(message) (at column \(caretColumn + 1))\n  \(expression)\n  "
            + String(repeating: " ", count: caretColumn) + "^"
    }
}
