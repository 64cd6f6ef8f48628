public import Foundation
public import RunbookCore

/// Finds the read-only standard suites in `../shared` beside the repository, without copying them.
public enum SharedSuites {
    /// `../shared` relative to the repository root (or `RUNBOOK_SHARED_DIR`), when it exists.
    public static var directory: URL? {
        if let override = ProcessInfo.processInfo.environment["RUNBOOK_SHARED_DIR"] {
            return URL(fileURLWithPath: override)
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()  // Sources/TestSupport/SharedSuites.swift -> repository root
        let shared = repo.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: shared.path) ? shared : nil
    }

    /// The JMESPath compliance suite folder, or nil with the reason printed once.
    public static var jmespathCompliance: URL? {
        guard let dir = directory?.appendingPathComponent("jmespath-compliance"),
            FileManager.default.fileExists(atPath: dir.path)
        else {
            print(
                "skipped: ../shared/jmespath-compliance is absent (put the shared folder beside the repository or set RUNBOOK_SHARED_DIR)"
            )
            return nil
        }
        return dir
    }
}

/// One case of the compliance suite.
public struct ComplianceCase: Sendable, CustomStringConvertible {
    /// The suite file.
    public var file: String
    /// The document.
    public var given: JSONValue
    /// The expression.
    public var expression: String
    /// The expected result, for result cases.
    public var result: JSONValue?
    /// The expected error kind, for error cases.
    public var error: String?
    /// The benchmark kind, for benchmark cases.
    public var bench: String?

    /// `file: expression`.
    public var description: String { "\(file): \(expression)" }

    /// Every case of every file in `directory`, through one generic loader.
    public static func load(from directory: URL) throws -> [ComplianceCase] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        var cases: [ComplianceCase] = []
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            let groups = try JSONParser.parse(bytes: [UInt8](data))
            for group in groups.arrayValue ?? [] {
                let given = group["given"] ?? .null
                for c in group["cases"]?.arrayValue ?? [] {
                    cases.append(
                        ComplianceCase(
                            file: file, given: given, expression: c["expression"]?.stringValue ?? "",
                            result: c.objectValue?["result"], error: c["error"]?.stringValue,
                            bench: c["bench"]?.stringValue))
                }
            }
        }
        return cases
    }
}

/// Runs Python snippets as a reference oracle.
public enum PythonOracle {
    /// The python3 on PATH, if any.
    public static var path: String? {
        for candidate in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let p = "\(candidate)/python3"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs `code` with `input` on standard input and returns standard output.
    public static func run(_ python: String, _ code: String, input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", code]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// A small reproducible random generator (SplitMix64) for fuzz and differential tests.
public struct SeededGenerator: Sendable {
    /// The current state; the seed at first.
    public var state: UInt64
    /// Starts from `seed`.
    public init(seed: UInt64) { state = seed }
    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in `0..<n`.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
