import Foundation
import RunbookCore

/// Prints diagnostics as `file:line:col: error: message`, the source line with a caret, and the hint.
enum DiagnosticPrinter {
    /// Every diagnostic, rendered with its file's text, to stderr; a count line at the end.
    static func print(_ diagnostics: [Diagnostic], sources: [String: String], terminal: Terminal = .current) {
        for d in diagnostics {
            let source = d.location.flatMap { sources[$0.file] }
            var text = d.rendered(source: source)
            if terminal.color {
                text = text.replacingOccurrences(of: ": error: ", with: ": " + terminal.paint("error", "1;31") + ": ")
                    .replacingOccurrences(of: ": warning: ", with: ": " + terminal.paint("warning", "1;33") + ": ")
            }
            printError(text)
        }
    }

    /// "3 errors" / "1 error, 2 warnings".
    static func countLine(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        var parts = ["\(errors) error\(errors == 1 ? "" : "s")"]
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }
}
