import Foundation
import RunbookCore
import TestSupport
import Testing

/// `runbook query`: output formats and exit statuses, through the real binary.
@Suite("runbook query", .serialized)
struct QueryCommandTests {
    /// Runs `runbook query` with `input` on standard input.
    static func query(_ arguments: [String], input: String) throws -> CLI.Result {
        try Program.run(CLI.binary, ["query"] + arguments, input: input)
    }

    static let answer =
        #"{"nodegroup": {"status": "DEGRADED", "scalingConfig": {"desiredSize": 1}, "health": {"issues": [{"code": "AsgInstanceLaunchFailures"}]}, "ratio": 1.0}}"#

    @Test("pretty output by default, 4 spaces, integers without .0")
    func pretty() throws {
        let r = try Self.query(["nodegroup.{s: status, d: scalingConfig.desiredSize, r: ratio}"], input: Self.answer)
        #expect(r.status == 0)
        #expect(r.stdout == "{\n    \"s\": \"DEGRADED\",\n    \"d\": 1,\n    \"r\": 1.0\n}\n")
    }

    @Test("--compact prints one line, --raw prints a string without quotes")
    func compactAndRaw() throws {
        #expect(
            try Self.query(["--compact", "nodegroup.health.issues[*].code"], input: Self.answer).stdout
                == "[\"AsgInstanceLaunchFailures\"]\n")
        #expect(try Self.query(["--raw", "nodegroup.status"], input: Self.answer).stdout == "DEGRADED\n")
        #expect(
            try Self.query(["-r", "nodegroup.scalingConfig"], input: Self.answer).stdout
                == "{\n    \"desiredSize\": 1\n}\n")
    }

    @Test("reads a file argument as well as standard input")
    func file() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("query-\(UUID().uuidString).json").path
        try Data(Self.answer.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["query", "--raw", "nodegroup.status", path])
        #expect(r.status == 0 && r.stdout == "DEGRADED\n")
    }

    @Test("an expression error exits 1 with a caret under the column")
    func expressionError() throws {
        let r = try Self.query(["nodegroup.[status"], input: Self.answer)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("syntax error:"))
        #expect(r.stderr.contains("  nodegroup.[status\n  " + String(repeating: " ", count: 17) + "^"))
        let runtime = try Self.query(["length(nodegroup.scalingConfig.desiredSize)"], input: Self.answer)
        #expect(runtime.status == 1 && runtime.stderr.contains("invalid type"))
    }

    @Test("invalid JSON exits 2 with its line and column; a missing file exits 2")
    func invalidInput() throws {
        let r = try Self.query(["a"], input: "{\n  \"a\": [1,,2]\n}")
        #expect(r.status == 2)
        #expect(r.stderr.contains("<stdin>:2:"))
        let missing = try CLI.run(["query", "a", "/nonexistent/answer.json"])
        #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/answer.json: cannot read"))
    }

    @Test("--strict rejects the extensions; the default dialect has them")
    func strict() throws {
        let extended = try Self.query(
            ["--compact", "let $d = nodegroup.scalingConfig.desiredSize in [$d + `1`, upper(nodegroup.status)]"],
            input: Self.answer)
        #expect(extended.status == 0 && extended.stdout == "[2,\"DEGRADED\"]\n")
        let strict = try Self.query(["--strict", "items(nodegroup)"], input: Self.answer)
        #expect(strict.status == 1 && strict.stderr.contains("unknown function 'items()'"))
    }
}
