#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One process per run: an exclusive `flock` on the run's `lock` file, which names the holder.
///
/// The kernel drops the lock when its process dies, however it dies, so a lock left by a dead
/// process is free and simply taken over; the file still names the dead holder, which
/// ``previousHolder`` reports. The descriptor is close-on-exec, so step processes (and anything
/// they leave running) never keep a run locked.
package final class RunLock: Sendable {
    /// Who holds (or held) a lock.
    package struct Holder: Sendable, Equatable, CustomStringConvertible {
        /// Process id.
        package var pid: Int32
        /// Host name.
        package var host: String
        /// What it was doing (`run`, `resume`, `undo`).
        package var command: String
        /// Since when (seconds since 1970).
        package var since: Double

        /// `pid 123 on host-a (resume, since 2025-11-25 11:42:00Z)`.
        package var description: String {
            let date = Date(timeIntervalSince1970: since)
            return "pid \(pid) on \(host) (\(command), since \(ISO8601DateFormatter().string(from: date)))"
        }
    }

    private let descriptor: Int32
    /// The path of the lock file.
    package let path: String
    /// The holder the file named when the lock was taken over from a process that died.
    package let previousHolder: Holder?

    /// Takes the run's lock or throws ``JournalError`` naming the process that holds it.
    package init(path: String, command: String, now: Double, host: String = RunLock.hostName) throws(JournalError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileCheckpointStore.failure("cannot open the run's lock", path) }
        _ = fchmod(fd, 0o600)
        let previous = Self.holder(fd)
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            let who = previous.map { "\($0)" } ?? "another process"
            throw JournalError(
                .locked,
                "the run is being driven by \(who); wait for it to finish, or stop it (Ctrl-C) before trying again",
                path: path)
        }
        descriptor = fd
        self.path = path
        previousHolder = previous.flatMap { $0.pid != getpid() && $0.pid > 0 ? $0 : nil }
        let me = Holder(pid: getpid(), host: host, command: command, since: now)
        let text = "\(me.pid)\n\(me.host)\n\(me.command)\n\(me.since)\n"
        _ = ftruncate(fd, 0)
        _ = Array(text.utf8).withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }

    /// Whether someone holds the lock at `path` now (a live process): `runbook runs` shows such
    /// runs as `running`.
    package static func currentHolder(path: String) -> Holder? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return holder(fd) ?? Holder(pid: 0, host: "?", command: "?", since: 0)
    }

    /// This machine's name.
    package static var hostName: String { ProcessInfo.processInfo.hostName }

    private static func holder(_ fd: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let lines = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.count >= 2, let pid = Int32(lines[0]) else { return nil }
        return Holder(pid: pid, host: lines[1], command: lines.count > 2 ? lines[2] : "?", since: lines.count > 3 ? Double(lines[3]) ?? 0 : 0)
    }
}
