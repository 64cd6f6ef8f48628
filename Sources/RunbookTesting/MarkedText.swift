/// Text with emoji markers (1️⃣, 2️⃣, ...) that pin expected positions, as swift-format's tests do.
///
/// ```swift
/// let marked = MarkedText("steps:\n  - id: a\n    1️⃣captur: {}\n")
/// marked.text          // the text without markers
/// marked.markers["1️⃣"] // (line: 3, column: 5)
/// ```
package struct MarkedText: Sendable {
    /// The markers recognised, in order.
    package static let markerSymbols = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟", "🅰️", "🅱️", "🆎"]

    /// The text with every marker removed.
    package let text: String
    /// Where each marker was: 1-based line and column (in characters) of the next character.
    package let markers: [String: (line: Int, column: Int)]

    /// Strips the markers from `marked`, remembering their positions.
    package init(_ marked: String) {
        var text = ""
        var markers: [String: (line: Int, column: Int)] = [:]
        var line = 1
        var column = 1
        var rest = Substring(marked)
        outer: while let c = rest.first {
            for symbol in Self.markerSymbols where rest.hasPrefix(symbol) {
                markers[symbol] = (line, column)
                rest = rest.dropFirst(symbol.count)
                continue outer
            }
            text.append(c)
            rest = rest.dropFirst()
            if c == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        self.text = text
        self.markers = markers
    }
}
