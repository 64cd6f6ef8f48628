public import Foundation

/// The exit status and the two outputs of a program that ran to its end.
public struct ProgramOutcome: Sendable {
    /// The exit status.
    public var status: Int32
    /// Everything written to standard output.
    public var stdout: String
    /// Everything written to standard error.
    public var stderr: String
    /// Both outputs, standard output first.
    public var output: String { stdout + stderr }

    /// An outcome.
    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs programs under test (the `runbook` binary, mostly) and captures what they print.
public enum Program {
    /// Runs `executable` with `arguments` and waits for it to end: in `directory` (the current
    /// one when nil), with colour off (`NO_COLOR=1`), the variables named in `unset` removed and
    /// `environment` added, and `input` on standard input (closed at once when nil).
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String] = [:], unset: [String] = [], input: String? = nil
    ) throws -> ProgramOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for name in unset { env.removeValue(forKey: name) }
        for (name, value) in environment { env[name] = value }
        process.environment = env
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProgramOutcome(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }
}
