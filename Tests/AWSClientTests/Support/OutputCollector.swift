import Foundation

@testable import AWSClient

/// Collects what ``AWSCommandRunner`` prints.
///
/// `@unchecked Sendable` because `text` is only touched under `lock`.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    func append(_ s: String) {
        lock.lock()
        text += s
        lock.unlock()
    }

    var value: String {
        lock.lock()
        defer { lock.unlock() }
        return text
    }
}

/// Runs `runbook aws ARGS` in process and returns (status, stdout, stderr).
func runRunbookAWS(_ args: [String], environment: [String: String], transport: (any AWSTransport)? = nil, clock: (any AWSClock)? = nil)
    async -> (Int32, String, String)
{
    let out = OutputCollector()
    let err = OutputCollector()
    var runner = AWSCommandRunner(
        environment: AWSEnvironment(variables: environment), transport: transport, write: { out.append($0) },
        writeError: { err.append($0) })
    if let clock { runner.clock = clock }
    let status = await runner.run(args)
    return (status, out.value, err.value)
}

/// A temporary directory removed by ``remove()``.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "runbook-aws-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
