import Foundation
package import RunbookCore

/// What one kubectl run produced: exit status and output (each capped), never thrown.
///
/// ``json`` is stdout parsed as JSON; ``items`` are the objects it holds: a list's `items`, a
/// single object as a one-element list, and an empty list when kubectl found nothing (an empty
/// `List`, or "No resources found" on stderr with exit 0).
package struct KubectlResult: Sendable, Equatable {
    /// The full argument vector that ran (`kubectl --context c get nodes -o json`).
    package var command: [String]
    /// The exit status (128 + signal when killed).
    package var exitCode: Int32
    /// Standard output, at most the runner's limit.
    package var stdout: String
    /// Standard error, at most the runner's limit.
    package var stderr: String
    /// Whether the run was killed for running past its timeout.
    package var timedOut: Bool
    /// Whether stdout was cut at the runner's limit.
    package var truncated: Bool

    /// Creates a result.
    package init(command: [String], exitCode: Int32, stdout: String, stderr: String, timedOut: Bool = false, truncated: Bool = false) {
        self.command = command
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
        self.truncated = truncated
    }

    /// Whether kubectl exited with status 0.
    package var succeeded: Bool { exitCode == 0 && !timedOut }

    /// Stdout parsed as JSON, or nil when it is not JSON.
    package var json: JSONValue? {
        let text = stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.first == "{" || text.first == "[" else { return nil }
        return try? JSONParser.parse(text)
    }

    /// Whether kubectl said it found nothing ("No resources found", exit 0).
    package var foundNothing: Bool {
        exitCode == 0 && stderr.contains("No resources found")
    }

    /// The objects in the answer (see the type's documentation).
    package var items: [JSONValue] {
        if let json {
            if let items = json["items"]?.arrayValue { return items }
            if json["kind"] != nil || json["metadata"] != nil { return [json] }
            if let list = json.arrayValue { return list }
            return []
        }
        return []
    }

    /// Stdout's non-empty lines.
    package var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// kubectl's own error text: the `error:` / `Error from server` lines of stderr, or its last
    /// non-empty line; nil when stderr is empty.
    package var errorMessage: String? {
        let lines = stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let errors = lines.filter {
            $0.hasPrefix("error:") || $0.hasPrefix("Error from server") || $0.hasPrefix("Error ") || $0.hasPrefix("Error:")
                || $0.hasPrefix("Unable to connect")
        }
        if !errors.isEmpty { return errors.joined(separator: "; ") }
        return lines.last
    }

    /// The result as runbook expressions see it:
    /// `{exit_code, stdout, stderr, lines, json, items, error, timed_out, command}`.
    package var value: JSONValue {
        .object(
            JSONObject([
                ("exit_code", .integer(Int(exitCode))), ("stdout", .string(stdout)), ("stderr", .string(stderr)),
                ("lines", .array(lines.map(JSONValue.string))), ("json", json ?? .null),
                ("items", .array(items)), ("error", errorMessage.map(JSONValue.string) ?? .null),
                ("timed_out", .bool(timedOut)), ("command", .string(ShellWords.join(command))),
            ]))
    }
}
