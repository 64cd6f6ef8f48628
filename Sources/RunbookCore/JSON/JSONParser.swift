/// A fast JSON parser over UTF-8 bytes (RFC 8259), producing ``JSONValue``.
///
/// The algorithm is a recursive descent over an unsafe byte buffer with no intermediate tokens:
/// strings without escapes are decoded straight from the input slice, integers are accumulated
/// in place, and keys and values longer than the small-string limit are interned so repeated ones
/// in large API answers share one allocation. Elements and members are gathered on two stacks
/// reused for the whole document and moved into containers of exactly their size. Nesting is
/// capped (``maxDepth``) so hostile input gets an error instead of a stack overflow. Errors carry
/// line, column and offset.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = 1_000

    /// Parses a complete JSON text; surrounding whitespace is allowed, trailing data is not.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in parseResult(UnsafeRawBufferPointer(buffer)) }
        return try result.get()
    }

    /// Parses a complete JSON text from bytes.
    public static func parse(bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBytes { parseResult($0) }.get()
    }

    /// Parses a complete JSON text from raw memory that stays valid for the duration of the call.
    public static func parse(bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        try parseResult(bytes).get()
    }

    /// Parses raw memory, calling `onProgress` with the count of bytes consumed at every megabyte.
    package static func parse(
        bytes: UnsafeRawBufferPointer, onProgress: @escaping (Int) -> Void
    ) throws(JSONParseError) -> JSONValue {
        var reader = JSONReader(bytes: bytes)
        reader.onProgress = onProgress
        reader.nextProgress = JSONReader.progressStride
        return try Result { () throws(JSONParseError) in try reader.parseDocument() }.get()
    }

    private static func parseResult(_ bytes: UnsafeRawBufferPointer) -> Result<JSONValue, JSONParseError> {
        var reader = JSONReader(bytes: bytes)
        return Result { () throws(JSONParseError) in try reader.parseDocument() }
    }
}

/// The parser's cursor and state; a struct with mutating methods.
struct JSONReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    var depth = 0
    var keyCache: StringCache
    var valueCache: StringCache
    /// Elements of the arrays being parsed, innermost last.
    let elements = ParseStack<JSONValue>()
    /// Members of the objects being parsed, innermost last.
    let members = ParseStack<JSONObject.Member>()
    /// Called with the number of bytes fully consumed, every `progressStride` bytes, so a caller
    /// that mapped a file can release the pages already parsed.
    var onProgress: ((Int) -> Void)? = nil
    var nextProgress = Int.max
    static let progressStride = 1 << 20

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        // Caches sized to the input: a literal in an expression or a small API answer needs few
        // slots (and gets none until a string worth caching turns up).
        keyCache = StringCache(slots: StringCache.slots(for: bytes.count / 64, atMost: 512))
        valueCache = StringCache(slots: StringCache.slots(for: bytes.count / 16, atMost: 4096))
    }

    @inline(__always)
    mutating func reportProgress() {
        if position >= nextProgress {
            onProgress?(position)
            nextProgress = position + Self.progressStride
        }
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        if position < bytes.count, bytes[position] == 0xEF, position + 2 < bytes.count,
            bytes[position + 1] == 0xBB, bytes[position + 2] == 0xBF
        {
            position += 3  // UTF-8 byte order mark
            skipWhitespace()
        }
        guard position < bytes.count else { throw error("the input is empty; expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        if position < bytes.count {
            throw error("unexpected data after the JSON value")
        }
        return value
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            let b = bytes[position]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
                position += 1
            } else {
                return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw error("unexpected end of input; expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character \(describe(bytes[position])); expected a value")
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        guard position + n <= bytes.count else { throw error("invalid literal; expected '\(word)'") }
        let p = word.utf8Start
        for i in 0..<n where bytes[position + i] != p[i] {
            throw error("invalid literal; expected '\(word)'")
        }
        position += n
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maxDepth {
            throw error("arrays and objects are nested more than \(JSONParser.maxDepth) levels deep")
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array([])
        }
        let start = elements.count
        while true {
            skipWhitespace()
            reportProgress()
            elements.push(try parseValue())
            skipWhitespace()
            guard position < bytes.count else {
                throw error("unexpected end of input inside an array; expected ',' or ']'")
            }
            let b = bytes[position]
            position += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "]") { break }
            position -= 1
            throw error("unexpected character \(describe(b)) in an array; expected ',' or ']'")
        }
        depth -= 1
        let stack = elements
        let array = [JSONValue](unsafeUninitializedCapacity: stack.count - start) { buffer, initialized in
            initialized = stack.count - start
            stack.moveElements(from: start, to: buffer.baseAddress!)
        }
        return .array(array)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject())
        }
        let start = members.count
        var seen: UInt64 = 0
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                if position >= bytes.count { throw error("unexpected end of input inside an object; expected a key") }
                throw error("unexpected character \(describe(bytes[position])) in an object; expected a quoted key")
            }
            reportProgress()
            let key = try parseKey()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \"\(key)\"")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            // Duplicate keys: the last one wins, as in Python's json and jq. A 64-bit signature of
            // (length, first byte, last byte) rules most keys out without comparing strings.
            let utf8 = key.utf8
            let signature = (utf8.count &* 31 &+ Int(utf8.first ?? 0) &* 7 &+ Int(utf8.last ?? 0)) & 63
            let bit: UInt64 = 1 << UInt64(signature)
            if seen & bit != 0, let earlier = (start..<members.count).first(where: { sameKey(members.pointer(at: $0).pointee.key, key) }) {
                members.pointer(at: earlier).pointee.value = value
            } else {
                members.push(JSONObject.Member(key: key, value: value))
            }
            seen |= bit
            skipWhitespace()
            guard position < bytes.count else {
                throw error("unexpected end of input inside an object; expected ',' or '}'")
            }
            let b = bytes[position]
            position += 1
            if b == UInt8(ascii: ",") { continue }
            if b == UInt8(ascii: "}") { break }
            position -= 1
            throw error("unexpected character \(describe(b)) in an object; expected ',' or '}'")
        }
        depth -= 1
        return .object(JSONObject(movingFrom: members, start: start))
    }

    /// Parses a key, sharing storage between equal long keys.
    mutating func parseKey() throws(JSONParseError) -> String {
        let start = position + 1
        var p = start
        while p < bytes.count {
            let b = bytes[p]
            if b == UInt8(ascii: "\"") {
                let length = p - start
                if StringCache.lengths.contains(length) {
                    let s = try interned(start, p, isKey: true)
                    position = p + 1
                    return s
                }
                break
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            p += 1
        }
        return try parseString()
    }

    /// The string of the escape-free bytes `start..<end` (of a length ``StringCache`` keeps), shared
    /// with an earlier equal key or value when the cache still holds it.
    mutating func interned(_ start: Int, _ end: Int, isKey: Bool) throws(JSONParseError) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        let (cached, slot) = isKey ? keyCache.lookup(slice) : valueCache.lookup(slice)
        if let cached { return cached }
        let s = try decodePlain(start, end)
        if isKey { keyCache.insert(s, slot: slot) } else { valueCache.insert(s, slot: slot) }
        return s
    }

    mutating func decodePlain(_ start: Int, _ end: Int) throws(JSONParseError) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<end]).bindMemory(to: UInt8.self)
        guard let s = validatedString(slice) else {
            position = start
            throw error("the string is not valid UTF-8")
        }
        return s
    }

    /// The string of `utf8`, or nil when it is not valid UTF-8.
    ///
    /// Not `String(validating:as:)`: that generic initializer looks up type metadata on every call,
    /// which cost more than the rest of parsing a string. ASCII (the common case) needs no check;
    /// otherwise decoding repairs invalid sequences, so the text is valid exactly when decoding
    /// gave back the same bytes.
    func validatedString(_ utf8: UnsafeBufferPointer<UInt8>) -> String? {
        var high: UInt8 = 0
        for b in utf8 { high |= b }
        let s = String(decoding: utf8, as: UTF8.self)
        if high < 0x80 { return s }
        return s.utf8.elementsEqual(utf8) ? s : nil
    }

    mutating func parseString() throws(JSONParseError) -> String {
        let start = position + 1
        var p = start
        // Fast path: no escapes.
        while p < bytes.count {
            let b = bytes[p]
            if b == UInt8(ascii: "\"") {
                let s = StringCache.lengths.contains(p - start)
                    ? try interned(start, p, isKey: false) : try decodePlain(start, p)
                position = p + 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 {
                position = p
                throw error("control character \(describe(b)) in a string; escape it")
            }
            p += 1
        }
        guard p < bytes.count else {
            position = start - 1
            throw error("unterminated string")
        }
        // Slow path: escapes.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(p - start + 16)
        utf8.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<p]))
        while p < bytes.count {
            let b = bytes[p]
            if b == UInt8(ascii: "\"") {
                position = p + 1
                guard let s = utf8.withUnsafeBufferPointer({ validatedString($0) }) else {
                    position = start
                    throw error("the string is not valid UTF-8")
                }
                return s
            }
            if b < 0x20 {
                position = p
                throw error("control character \(describe(b)) in a string; escape it")
            }
            if b != UInt8(ascii: "\\") {
                utf8.append(b)
                p += 1
                continue
            }
            guard p + 1 < bytes.count else { break }
            let e = bytes[p + 1]
            p += 2
            switch e {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                position = p - 2
                var scalar = try hex4(at: p)
                p += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    if p + 6 <= bytes.count, bytes[p] == UInt8(ascii: "\\"), bytes[p + 1] == UInt8(ascii: "u") {
                        let low = try hex4(at: p + 2)
                        if low >= 0xDC00 && low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            p += 6
                        } else {
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    scalar = 0xFFFD
                }
                appendUTF8(UInt32(scalar), to: &utf8)
            default:
                position = p - 2
                throw error("invalid escape '\\\(describeRaw(e))' in a string")
            }
        }
        position = start - 1
        throw error("unterminated string")
    }

    func hex4(at p: Int) throws(JSONParseError) -> Int {
        guard p + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var v = 0
        for i in 0..<4 {
            let c = bytes[p + i]
            let d: Int
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = Int(c) - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = Int(c) - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = Int(c) - 55
            default: throw error("invalid hex digit in a \\u escape")
            }
            v = v << 4 | d
        }
        return v
    }

    func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var p = position
        var negative = false
        if bytes[p] == UInt8(ascii: "-") {
            negative = true
            p += 1
        }
        guard p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 else {
            throw error("a number needs digits after '-'")
        }
        var integer: Int = 0
        var overflow = false
        if bytes[p] == 0x30 {
            p += 1
            if p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 {
                position = start
                throw error("numbers cannot have leading zeros")
            }
        } else {
            while p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 {
                let d = Int(bytes[p] &- 0x30)
                let (m, o1) = integer.multipliedReportingOverflow(by: 10)
                let (a, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
                if o1 || o2 { overflow = true }
                integer = a
                p += 1
            }
        }
        var isInteger = true
        if p < bytes.count, bytes[p] == UInt8(ascii: ".") {
            isInteger = false
            p += 1
            guard p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 else {
                position = p
                throw error("a number needs digits after '.'")
            }
            while p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 { p += 1 }
        }
        if p < bytes.count, bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E") {
            isInteger = false
            p += 1
            if p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
            guard p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 else {
                position = p
                throw error("a number needs digits in its exponent")
            }
            while p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 { p += 1 }
        }
        position = p
        if isInteger && !overflow { return .integer(integer) }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<p]), as: UTF8.self)
        guard let d = Double(text) else {
            position = start
            throw error("invalid number '\(text)'")
        }
        return .double(d)
    }

    func describe(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "0x" + String(b, radix: 16, uppercase: true)
    }

    func describeRaw(_ b: UInt8) -> String {
        b >= 0x21 && b < 0x7F ? String(Character(Unicode.Scalar(b))) : "0x" + String(b, radix: 16)
    }

    /// An error at the current position, with 1-based line and column.
    func error(_ message: String) -> JSONParseError {
        let end = min(position, bytes.count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < end {
            if bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return JSONParseError(message: message, line: line, column: end - lineStart + 1, offset: end)
    }
}

/// A small direct-mapped cache that interns strings longer than the small-string limit, so equal
/// keys and repeated values (ARNs, IDs, timestamps that recur across the items of an API answer)
/// share one allocation. A slot holds the last string that hashed to it; a miss just replaces it.
struct StringCache {
    /// The slots; none until the first lookup, so parsing text with no string worth caching
    /// (most literals, small answers) neither makes nor frees them.
    private var slots: [String?] = []
    private let mask: Int

    /// A cache of `slots` entries (a power of two).
    init(slots: Int) {
        mask = slots - 1
    }

    /// The number of slots for about `wanted` strings: a power of two from 64 to `limit`.
    static func slots(for wanted: Int, atMost limit: Int) -> Int {
        let n = Swift.min(limit, Swift.max(64, wanted))
        return 1 << (Int.bitWidth - (n - 1).leadingZeroBitCount)
    }

    /// The lengths worth caching: shorter strings are stored inline, longer ones rarely repeat.
    static let lengths = 16...64

    /// Hashes three overlapping 8-byte words (start, middle, end) and the length: cheap, and it
    /// tells apart IDs and timestamps that share a prefix and a suffix. `bytes` holds 16...64 bytes.
    @inline(__always)
    private func slot(_ bytes: UnsafeRawBufferPointer) -> Int {
        let n = bytes.count
        let a = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        let b = bytes.loadUnaligned(fromByteOffset: n / 2 - 4, as: UInt64.self)
        let c = bytes.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        var h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ (c &* 0x1656_67B1_9E37_79F9)
        h ^= UInt64(n)
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h >> 32) & mask
    }

    /// The cached string with exactly these bytes, if any.
    @inline(__always)
    mutating func lookup(_ bytes: UnsafeRawBufferPointer) -> (string: String?, slot: Int) {
        if slots.isEmpty { slots = [String?](repeating: nil, count: mask + 1) }
        let i = slot(bytes)
        guard let s = slots[i] else { return (nil, i) }
        return (s.hasUTF8(bytes.bindMemory(to: UInt8.self)) ? s : nil, i)
    }

    /// Remembers `s` in `slot` (from the lookup that missed).
    @inline(__always)
    mutating func insert(_ s: String, slot: Int) {
        slots[slot] = s
    }
}
