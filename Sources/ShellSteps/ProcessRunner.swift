#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The outcome of a process: a non-zero exit is a normal result, not an error.
package struct ProcessResult: Sendable, Equatable {
    /// The exit code, or 128 + signal when killed.
    package var exitCode: Int32
    /// Standard output, at most the runner's limit.
    package var stdout: String
    /// Standard error, at most the runner's limit.
    package var stderr: String
    /// Whether the process was killed because it ran past its timeout.
    package var timedOut: Bool

    /// Creates a result (fake runners in tests build them too).
    package init(exitCode: Int32, stdout: String, stderr: String, timedOut: Bool = false) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
    }
}

/// Why a process could not be started.
package struct ProcessLaunchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed.
    package var message: String
    /// The message.
    package var description: String { message }
}

/// Runs programs; the seam that lets tests fake processes.
///
/// Implementers must kill the whole process group on timeout or task cancellation, so a shell's
/// children (`sleep 100`) do not outlive the step, and must throw only when the process could
/// not be launched.
package protocol ProcessRunner: Sendable {
    /// Runs `arguments[0]` with its arguments, environment, optional stdin and timeout.
    func run(
        _ arguments: [String], environment: [String: String], workingDirectory: String?, input: String?,
        timeout: Duration?
    ) async throws(ProcessLaunchError) -> ProcessResult
}

/// Runs real processes with `posix_spawn`, each in its own process group.
package struct SpawnProcessRunner: ProcessRunner {
    /// At most this many bytes of stdout and of stderr are kept.
    package var outputLimit: Int

    /// Creates a runner.
    package init(outputLimit: Int = 4 << 20) { self.outputLimit = outputLimit }

    /// Runs the process to its end (or its timeout).
    package func run(
        _ arguments: [String], environment: [String: String], workingDirectory: String?, input: String?,
        timeout: Duration?
    ) async throws(ProcessLaunchError) -> ProcessResult {
        let child = try Spawned.start(arguments, environment: environment, workingDirectory: workingDirectory)
        let limit = outputLimit
        // The timer runs on a Dispatch queue, not in a task: a busy cooperative pool (other tasks
        // blocking its few threads) must not delay the kill.
        let timer: DispatchWorkItem? = timeout.map { t in
            let item = DispatchWorkItem { child.kill(timedOut: true) }
            let nanoseconds = t.components.seconds * 1_000_000_000 + t.components.attoseconds / 1_000_000_000
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds)), execute: item)
            return item
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ProcessResult, Never>) in
                Thread.detachNewThread {
                    continuation.resume(returning: child.finish(input: input, limit: limit))
                }
            }
        } onCancel: {
            child.kill(timedOut: false)
        }
        timer?.cancel()
        return result
    }
}

/// A spawned child and its pipes.
///
/// `@unchecked Sendable`: the pid and descriptors are set once before sharing; `timedOut` is
/// guarded by `lock`.
private final class Spawned: @unchecked Sendable {
    let pid: pid_t
    let stdinFD: Int32
    let stdoutFD: Int32
    let stderrFD: Int32
    private let lock = NSLock()
    private var killedForTimeout = false
    private var exited = false

    private init(pid: pid_t, stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32) {
        self.pid = pid
        self.stdinFD = stdinFD
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
    }

    static func start(_ arguments: [String], environment: [String: String], workingDirectory: String?) throws(ProcessLaunchError) -> Spawned {
        guard !arguments.isEmpty else { throw ProcessLaunchError(message: "no program to run") }
        // posix_spawn has no portable chdir action: let a tiny shell change folder, then exec.
        var arguments = arguments
        if let workingDirectory {
            arguments = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", workingDirectory] + arguments
        }
        var inPipe: [Int32] = [0, 0], outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            throw ProcessLaunchError(message: "cannot create pipes: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in inPipe + outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var flags = Int16(POSIX_SPAWN_SETPGROUP)
        // Reset SIGINT/SIGPIPE handling to the default in the child.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        flags |= Int16(POSIX_SPAWN_SETSIGDEF)
        posix_spawnattr_setflags(&attributes, flags)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(inPipe[0])
        close(outPipe[1])
        close(errPipe[1])
        guard rc == 0 else {
            close(inPipe[1])
            close(outPipe[0])
            close(errPipe[0])
            throw ProcessLaunchError(message: "cannot start '\(arguments[0])': \(String(cString: strerror(rc)))")
        }
        return Spawned(pid: pid, stdinFD: inPipe[1], stdoutFD: outPipe[0], stderrFD: errPipe[0])
    }

    /// Kills the whole process group (SIGKILL).
    func kill(timedOut: Bool) {
        lock.lock()
        defer { lock.unlock() }
        guard !exited else { return }
        if timedOut { killedForTimeout = true }
        _ = Glibc.kill(-pid, SIGKILL)
    }

    /// Writes stdin, reads both outputs on separate threads, waits for the exit. Blocking.
    func finish(input: String?, limit: Int) -> ProcessResult {
        let group = DispatchGroup()
        let out = ByteBox()
        let err = ByteBox()
        group.enter()
        Thread.detachNewThread { [stdoutFD] in
            out.bytes = Spawned.readAll(stdoutFD, limit: limit)
            group.leave()
        }
        group.enter()
        Thread.detachNewThread { [stderrFD] in
            err.bytes = Spawned.readAll(stderrFD, limit: limit)
            group.leave()
        }
        if let input {
            let bytes = Array(input.utf8)
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { write(stdinFD, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                written += n
            }
        }
        close(stdinFD)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        lock.lock()
        exited = true
        let timedOut = killedForTimeout
        lock.unlock()
        // The shell is gone; kill what it left behind so the pipes close.
        _ = Glibc.kill(-pid, SIGKILL)
        group.wait()
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(
            exitCode: code, stdout: String(decoding: out.bytes, as: UTF8.self), stderr: String(decoding: err.bytes, as: UTF8.self),
            timedOut: timedOut)
    }

    private static func readAll(_ fd: Int32, limit: Int) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            if data.count < limit { data += buffer[0..<min(n, limit - data.count)] }
        }
        close(fd)
        return data
    }
}

/// Bytes filled by one reader thread and read after `DispatchGroup.wait()`.
///
/// `@unchecked Sendable`: each box is written by exactly one thread, and read only after the
/// group wait that orders the write before the read.
private final class ByteBox: @unchecked Sendable {
    var bytes: [UInt8] = []
}
