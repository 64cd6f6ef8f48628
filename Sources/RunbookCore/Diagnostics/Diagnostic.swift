/// One problem found in user input (a runbook file, an expression, a command line), with where it
/// is and what to do about it. Validation collects these before anything runs.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// How serious the problem is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The input cannot be used.
        case error
        /// The input works but is probably not what the author meant.
        case warning
        /// Extra information attached to another diagnostic.
        case note
    }

    /// How serious the problem is.
    public var severity: Severity
    /// A short stable identifier of the kind of problem, e.g. `unknown-key` (usable as a metrics label).
    public var code: String
    /// What is wrong, in a sentence.
    public var message: String
    /// How to fix it, when we know (e.g. "did you mean 'capture'?").
    public var hint: String?
    /// Where the problem is, when it comes from a file.
    public var location: SourceLocation?

    /// Creates a diagnostic.
    public init(
        severity: Severity = .error, code: String, message: String, hint: String? = nil,
        location: SourceLocation? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.hint = hint
        self.location = location
    }

    /// `file:line:col: error: message` followed, when `source` is given, by the source line and a
    /// caret under the column, and the hint.
    public func rendered(source: String? = nil) -> String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): \(message)"
        if let location, let source {
            text += "\n" + SourceSnippet.render(source: source, line: location.line, column: location.column)
        }
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

/// Renders a source line with a caret under a column, like compilers do.
public enum SourceSnippet {
    /// The 1-based `line` of `source`, prefixed by its number, and a caret under `column`.
    public static func render(source: String, line: Int, column: Int) -> String {
        var current = 1
        var lineText: Substring = ""
        for l in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == line {
                lineText = l
                break
            }
            current += 1
        }
        let gutter = "\(line) | "
        let pad = String(repeating: " ", count: gutter.count - 2) + "| "
        let caretPad = String(lineText.prefix(max(column - 1, 0)).map { $0 == "\t" ? "\t" : " " })
        return gutter + lineText + "\n" + pad + caretPad + "^"
    }
}

/// Suggests the closest candidate to a misspelled name, by edit distance.
public enum Suggestion {
    /// The candidate closest to `name`, if it is close enough to be a plausible typo.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)? = nil
        let lower = name.lowercased()
        for c in candidates {
            let d = distance(lower, c.lowercased())
            if best == nil || d < best!.1 { best = (c, d) }
        }
        guard let (candidate, d) = best else { return nil }
        let limit = max(2, min(name.count, candidate.count) / 3)
        return d <= limit ? candidate : nil
    }

    /// Levenshtein distance between two strings (by Unicode scalar).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
