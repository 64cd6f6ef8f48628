#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// This process, and small file-system helpers the journal needs.
enum ProcessIdentity {
    /// This process's id.
    static var pid: Int32 { getpid() }

    /// `fsync` on a directory, so a file created in it survives a power cut.
    static func syncDirectory(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return fsync(fd) == 0
    }
}

/// Whether a path exists.
enum FileManagerProbe {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
