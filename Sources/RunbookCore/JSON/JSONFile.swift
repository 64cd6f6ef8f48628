#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads JSON documents from files and descriptors with as little memory as the document needs.
///
/// A file is memory-mapped and parsed in place; pages already parsed are released as the parser
/// moves on, so peak memory is the parsed tree plus a few megabytes of text, not tree plus file.
public enum JSONFile {
    /// Why a JSON file could not be read.
    public enum ReadError: Error, Sendable, CustomStringConvertible {
        /// The file could not be opened or read.
        case unreadable(path: String, reason: String)
        /// The file's content is not valid JSON.
        case invalid(path: String, JSONParseError)

        /// `path: reason` or `path:line:column: message`.
        public var description: String {
            switch self {
            case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
            case .invalid(let path, let e): return "\(path):\(e.line):\(e.column): invalid JSON: \(e.message)"
            }
        }
    }

    /// Parses the JSON file at `path`.
    public static func read(path: String) throws(ReadError) -> JSONValue {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        if (info.st_mode & S_IFMT) != S_IFREG {
            return try read(descriptor: fd, name: path)
        }
        let size = Int(info.st_size)
        if size == 0 {
            throw .invalid(
                path: path,
                JSONParseError(message: "the input is empty; expected a JSON value", line: 1, column: 1, offset: 0))
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            return try read(descriptor: fd, name: path)
        }
        defer { munmap(base, size) }
        _ = madvise(base, size, MADV_SEQUENTIAL)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var released = 0
        let buffer = UnsafeRawBufferPointer(start: base, count: size)
        do {
            return try JSONParser.parse(bytes: buffer) { consumed in
                // Keep a margin behind the cursor: error reporting rescans for line numbers, which
                // simply faults the pages back in from the file if it ever happens.
                let upTo = (max(consumed - (64 << 10), 0) / page) * page
                if upTo > released {
                    _ = madvise(base + released, upTo - released, MADV_DONTNEED)
                    released = upTo
                }
            }
        } catch {
            throw .invalid(path: path, error)
        }
    }

    /// Parses everything readable from a descriptor (standard input, a pipe).
    public static func read(descriptor fd: Int32, name: String = "<stdin>") throws(ReadError) -> JSONValue {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: name, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        do {
            return try JSONParser.parse(bytes: bytes)
        } catch {
            throw .invalid(path: name, error)
        }
    }
}
