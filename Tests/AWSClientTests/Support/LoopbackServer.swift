import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests: fake metadata endpoints, fake STS, and fault
/// injection (error answers, dropped connections, slow answers). Each connection is served on its own
/// thread, one request per connection (`Connection: close`).
///
/// `@unchecked Sendable` because the mutable state (`requests`, `stopped`) is only touched
/// under `lock`, and the socket is closed once by `stop()`.
final class LoopbackServer: @unchecked Sendable {
    /// A received request.
    struct Request: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    /// What to do with a request.
    enum Action: Sendable {
        /// Answer with a status, headers and body.
        case respond(Int, [String: String], String)
        /// Close the connection without answering.
        case drop
        /// Wait, then answer.
        case delay(Double, Int, String)
    }

    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var received: [Request] = []
    private var stopped = false
    private let handler: @Sendable (Request, Int) -> Action
    private let thread: Thread

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The requests received so far.
    var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// Starts a server; `handler` gets each request and its 0-based index.
    init(handler: @escaping @Sendable (Request, Int) -> Action) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.handler = handler
        let box = ServerBox()
        thread = Thread { box.server?.acceptLoop() }
        box.server = self
        thread.start()
    }

    /// Stops accepting and closes the socket.
    func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        if !already {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }

    deinit { stop() }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func acceptLoop() {
        while !isStopped {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if isStopped { return }
                continue
            }
            Thread { self.serve(client) }.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            data.append(contentsOf: buffer[0..<n])
            if headerEnd == nil, let r = find(data, Array("\r\n\r\n".utf8)) {
                headerEnd = r + 4
                let head = String(decoding: data[0..<r], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headerEnd, data.count >= headerEnd + contentLength { break }
        }
        let end = headerEnd ?? data.count
        let head = String(decoding: data[0..<max(end - 4, 0)], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let request = Request(
            method: requestLine.first.map(String.init) ?? "", path: requestLine.dropFirst().first.map(String.init) ?? "/",
            headers: headers, body: String(decoding: data[end...], as: UTF8.self))
        lock.lock()
        let index = received.count
        received.append(request)
        lock.unlock()
        switch handler(request, index) {
        case .drop:
            return
        case .delay(let seconds, let status, let body):
            usleep(UInt32(seconds * 1_000_000))
            respond(client, status, [:], body)
        case .respond(let status, let extra, let body):
            respond(client, status, extra, body)
        }
    }

    private func respond(_ client: Int32, _ status: Int, _ headers: [String: String], _ body: String) {
        var text = "HTTP/1.1 \(status) X\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        text += "\r\n" + body
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            sent += n
        }
    }

    private func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}

/// Lets the accept thread reach the server without a retain cycle at init time.
///
/// `@unchecked Sendable` because `server` is written once before the thread starts.
private final class ServerBox: @unchecked Sendable {
    weak var server: LoopbackServer?
}
