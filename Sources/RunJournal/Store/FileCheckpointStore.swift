#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A journal file: opened append-only and close-on-exec, created `0600`, synced with `fsync`.
package final class FileCheckpointStore: CheckpointStore {
    /// The file's path.
    package let path: String
    private let descriptor: Mutex<Int32>

    /// Opens (creating it `0600` if needed) the journal at `path`.
    package init(path: String) throws(JournalError) {
        self.path = path
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failure("cannot open the journal", path) }
        // The umask cannot widen 0600, but a file created by an older version might be wider.
        _ = fchmod(fd, 0o600)
        descriptor = Mutex(fd)
    }

    deinit { descriptor.withLock { _ = close($0) } }

    /// Writes every byte (retrying short writes and `EINTR`).
    package func append(_ bytes: [UInt8]) throws(JournalError) {
        let failed: Bool = descriptor.withLock { fd in
            bytes.withUnsafeBytes { buffer -> Bool in
                var offset = 0
                while offset < buffer.count {
                    let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return true
                    }
                    offset += n
                }
                return false
            }
        }
        if failed { throw Self.failure("cannot write the journal", path) }
    }

    /// `fsync`s the file.
    package func sync() throws(JournalError) {
        let result = descriptor.withLock { fsync($0) }
        if result != 0 { throw Self.failure("cannot sync the journal to disk", path) }
    }

    /// Reads the whole file.
    package func read() throws(JournalError) -> [UInt8] {
        let result: [UInt8]? = descriptor.withLock { fd in
            var out: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            var offset: off_t = 0
            while true {
                let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    return nil
                }
                if n == 0 { return out }
                out.append(contentsOf: chunk[0..<n])
                offset += off_t(n)
            }
        }
        guard let result else { throw Self.failure("cannot read the journal", path) }
        return result
    }

    /// Truncates the file to `length` bytes and syncs.
    package func truncate(to length: Int) throws(JournalError) {
        let result = descriptor.withLock { ftruncate($0, off_t(length)) == 0 && fsync($0) == 0 }
        if !result { throw Self.failure("cannot cut the torn end of the journal", path) }
    }

    /// An error naming the file, the system's reason and what to check.
    static func failure(_ what: String, _ path: String) -> JournalError {
        let reason = String(cString: strerror(errno))
        return JournalError(.io, "\(what) '\(path)': \(reason); check the folder's permissions and free space", path: path)
    }
}
