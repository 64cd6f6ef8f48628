import Foundation

/// Splits a command line into words the way a POSIX shell would, without running one: single
/// quotes keep everything, double quotes keep everything but `\"` and `\\`, a backslash outside
/// quotes escapes the next character, and unquoted whitespace separates words. No expansion
/// (`$VAR`, globs, `~`) happens: the words go to `kubectl` as written.
public enum ShellWords {
    /// Why a line cannot be split.
    public struct SplitError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// The words of `line`.
    public static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character? = nil
        var escaped = false
        for c in line {
            if escaped {
                current.append(c)
                escaped = false
                inWord = true
                continue
            }
            switch quote {
            case "'":
                if c == "'" { quote = nil } else { current.append(c) }
            case "\"":
                if c == "\"" {
                    quote = nil
                } else if c == "\\" {
                    escaped = true
                } else {
                    current.append(c)
                }
            default:
                if c == "'" || c == "\"" {
                    quote = c
                    inWord = true
                } else if c == "\\" {
                    escaped = true
                } else if c == " " || c == "\t" || c == "\n" || c == "\r" {
                    if inWord { words.append(current) }
                    current = ""
                    inWord = false
                } else {
                    current.append(c)
                    inWord = true
                }
            }
        }
        if let quote { throw SplitError(message: "unclosed \(quote) quote") }
        if escaped { throw SplitError(message: "a backslash ends the line") }
        if inWord { words.append(current) }
        return words
    }

    /// `word` quoted for a POSIX shell when it needs it (for showing equivalent command lines).
    public static func quote(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || "-_./=:,@%+".unicodeScalars.contains(s)
        }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The words joined into one shell-safe line.
    public static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}
