public import RunbookCore

/// A string that may contain `${{ expression }}` parts, evaluated over the run context.
///
/// When the whole string is one template (`"${{ steps.policy.document }}"`), evaluation keeps the
/// expression's JSON type, so a list or an object can be built from captured values. Otherwise each
/// part is turned into text (strings as they are, other values as compact JSON, null as empty).
public struct Template: Sendable, Hashable, Codable {
    /// One piece of a template.
    public enum Part: Sendable, Hashable, Codable {
        /// Literal text.
        case text(String)
        /// An expression between `${{` and `}}`.
        case expression(ExpressionSource)
    }

    /// The pieces, in order.
    public var parts: [Part]
    /// Where the string starts in the file.
    public var location: SourceLocation

    /// Creates a template.
    public init(parts: [Part], location: SourceLocation) {
        self.parts = parts
        self.location = location
    }

    /// The expression when the template is exactly one `${{ }}` and nothing else.
    public var wholeValueExpression: ExpressionSource? {
        if parts.count == 1, case .expression(let e) = parts[0] { return e }
        return nil
    }

    /// Whether the template has no expression at all.
    public var isLiteral: Bool {
        parts.allSatisfy { if case .text = $0 { return true } else { return false } }
    }

    /// Every expression in the template.
    public var expressions: [ExpressionSource] {
        parts.compactMap { if case .expression(let e) = $0 { return e } else { return nil } }
    }

    /// The template as written, e.g. `arn:${{ aws.account }}`.
    public var sourceText: String {
        parts.map { part in
            switch part {
            case .text(let t): return t
            case .expression(let e): return "${{ \(e.text) }}"
            }
        }.joined()
    }
}
