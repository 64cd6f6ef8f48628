public import RunbookCore

/// The text of a JMESPath expression written in a runbook, and where it sits in the file.
///
/// Expressions are compiled during validation (to report syntax errors at their position) and
/// again by the engine; the text is what a checkpoint or a plan needs to keep.
public struct ExpressionSource: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The expression, exactly as written (without `${{ }}`).
    public var text: String
    /// Where each character of `text` is in the file.
    public var map: SourceMap

    /// Creates an expression source.
    public init(text: String, map: SourceMap) {
        self.text = text
        self.map = map
    }

    /// Where the expression starts.
    public var location: SourceLocation { map.start }

    /// The expression text.
    public var description: String { text }
}
