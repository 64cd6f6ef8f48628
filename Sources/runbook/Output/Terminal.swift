#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What the terminal allows: colour only on a TTY and never with `NO_COLOR`.
struct Terminal: Sendable {
    /// Whether stdout is a terminal.
    var isTTY: Bool
    /// Whether to use ANSI colour.
    var color: Bool

    /// The terminal of this process.
    static var current: Terminal {
        let tty = isatty(STDOUT_FILENO) == 1
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Terminal(isTTY: tty, color: tty && !noColor)
    }

    /// Whether stdin is a terminal (someone can answer a prompt).
    static var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }

    /// `text` in an ANSI colour when colour is on.
    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
}

/// Writes to stderr.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Writes to stdout without buffering surprises.
func printOut(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
}
