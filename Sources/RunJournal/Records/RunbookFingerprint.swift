package import RunbookDSL
import RunbookCore

/// Hashes of a runbook file and of each step's text, to tell whether (and where) it changed
/// between the start of a run and its resume or undo.
package struct RunbookFingerprint: Sendable, Equatable {
    /// One step's id and the SHA-256 of its text.
    package struct Step: Sendable, Equatable {
        /// The step's id.
        package var id: String
        /// SHA-256 of the step's source lines (trailing spaces, blank and comment lines dropped).
        package var hash: String

        /// Creates a step fingerprint.
        package init(id: String, hash: String) {
            self.id = id
            self.hash = hash
        }
    }

    /// SHA-256 of the whole file.
    package var runbookHash: String
    /// Every step, in order.
    package var steps: [Step]

    /// Creates a fingerprint.
    package init(runbookHash: String, steps: [Step]) {
        self.runbookHash = runbookHash
        self.steps = steps
    }

    /// The fingerprint of a decoded runbook.
    package init(_ runbook: Runbook) {
        let lines = runbook.source.split(separator: "\n", omittingEmptySubsequences: false)
        runbookHash = SHA256.hex(runbook.source)
        steps = runbook.steps.map { step in
            Step(id: step.id, hash: SHA256.hex(Self.text(of: step, in: lines)))
        }
    }

    /// How `other` (the runbook now) differs from this one (the runbook the run started with):
    /// steps whose text changed, steps added and steps removed, by id; empty when only the
    /// text outside the steps changed or nothing did.
    package func changes(comparedTo other: RunbookFingerprint) -> [String] {
        guard other.runbookHash != runbookHash else { return [] }
        var out: [String] = []
        let before = Dictionary(steps.map { ($0.id, $0.hash) }, uniquingKeysWith: { a, _ in a })
        let now = Dictionary(other.steps.map { ($0.id, $0.hash) }, uniquingKeysWith: { a, _ in a })
        for step in other.steps {
            if let old = before[step.id] {
                if old != step.hash { out.append("'\(step.id)' changed") }
            } else {
                out.append("'\(step.id)' added")
            }
        }
        for step in steps where now[step.id] == nil { out.append("'\(step.id)' removed") }
        if out.isEmpty, steps.map(\.id) != other.steps.map(\.id) { out.append("steps reordered") }
        if out.isEmpty { out.append("text outside the steps changed (parameters, title or description)") }
        return out
    }

    /// The step's lines: from its first line to the line before the next one indented less
    /// than the step's keys (the next `- id:` or a top-level key), without blank or comment lines
    /// and trailing spaces. Works on UTF-8 bytes: resume hashes every step of a large runbook.
    static func text(of step: RunbookDSL.Step, in lines: [Substring]) -> String {
        let first = step.location.line - 1
        guard first >= 0, first < lines.count else { return "" }
        let keyIndent = step.location.column - 1
        var out: [UInt8] = []
        func append(_ line: Substring.UTF8View, dropping prefix: Int) {
            var bytes = line.dropFirst(prefix)
            while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            if !out.isEmpty { out.append(UInt8(ascii: "\n")) }
            out.append(contentsOf: bytes)
        }
        append(lines[first].utf8, dropping: keyIndent)
        var i = first + 1
        while i < lines.count {
            let line = lines[i].utf8
            let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
            let rest = line.dropFirst(indent)
            if rest.isEmpty || rest.first == UInt8(ascii: "#") {
                i += 1
                continue
            }
            if indent < keyIndent { break }
            append(line, dropping: 0)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
