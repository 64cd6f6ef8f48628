import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Finding and running the external programs some tests compare against (`aws`, `moto_server`).
enum ExternalTools {
    /// The absolute path of `name` on `PATH`, or nil.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether both the aws CLI and moto_server are installed.
    static var haveMotoAndCLI: Bool { find("aws") != nil && find("moto_server") != nil }

    /// A free TCP port on 127.0.0.1 (bound once and released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// The result of running a program.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` with `arguments` and `environment`, collecting its output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let errPath = NSTemporaryDirectory() + "runbook-stderr-" + UUID().uuidString
        FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = errHandle
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errHandle.close()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A `moto_server` on a free loopback port, stopped by ``stop()`` (and on deinit).
final class MotoServer: @unchecked Sendable {
    // @unchecked Sendable: `process` is set once in init and only terminated afterwards.
    let port: Int
    let process: Process
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts moto; `noAuthActions` enables signature checking after that many actions.
    init(noAuthActions: Int? = nil) throws {
        guard let moto = ExternalTools.find("moto_server") else { throw CocoaError(.executableNotLoadable) }
        port = ExternalTools.freePort()
        process = Process()
        let serverArguments = ["-H", "127.0.0.1", "-p", String(port)]
        if let python = Self.motoPython {
            // moto in a Python that also watches this test process: if the run is killed part-way
            // (no deinit, no stop()), moto exits instead of outliving it.
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", Self.ownedLauncher, String(getpid())] + serverArguments
        } else {
            process.executableURL = URL(fileURLWithPath: moto)
            process.arguments = serverArguments
        }
        var environment = ProcessInfo.processInfo.environment
        if let noAuthActions { environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(noAuthActions) }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !ExternalTools.isListening(port) {
            guard Date() < deadline, process.isRunning else {
                stop()
                throw CocoaError(.executableLoad)
            }
            usleep(100_000)
        }
    }

    /// Runs moto's server in-process after starting a thread that exits when process `argv[1]`
    /// (the test run) is gone; the other arguments are moto's.
    static let ownedLauncher = """
        import os, sys, threading, time
        owner = int(sys.argv[1])
        def watch():
            while True:
                time.sleep(0.5)
                try:
                    os.kill(owner, 0)
                except ProcessLookupError:
                    os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
        from moto.server import main
        sys.argv = ["moto_server"] + sys.argv[2:]
        main()
        """

    /// A `python3` that can import moto's server (the same installation `moto_server` runs), or nil.
    static let motoPython: String? = {
        guard let python = ExternalTools.find("python3"),
            let check = try? ExternalTools.run(python, ["-c", "import moto.server"], environment: ProcessInfo.processInfo.environment),
            check.status == 0
        else { return nil }
        return python
    }()

    /// Kills the server (moto ignores SIGTERM) and reaps it.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}
