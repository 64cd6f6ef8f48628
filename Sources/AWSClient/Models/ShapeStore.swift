import Foundation
package import RunbookCore

/// A large JSON object of a service model (`shapes`, `operations`), its members parsed on demand.
///
/// The EC2 model holds thousands of shapes and a call needs a few dozen, so loading indexes the
/// `shapes` object without parsing it: one scan records each shape's name and byte range (strings
/// are skipped escape-aware, brackets counted), and a shape is parsed with ``JSONParser`` when
/// an operation first asks for it. This keeps `runbook aws ec2 ...` start-up in milliseconds.
package final class ShapeStore: @unchecked Sendable {
    // @unchecked Sendable: everything is immutable after init except `cachedAll`, which is only
    // read and written under `lock`.
    private let lock = NSLock()
    private var cachedAll: JSONObject?
    private let bytes: [UInt8]
    private let index: [String: Range<Int>]
    /// Member names in document order.
    package let orderedNames: [String]

    /// Indexes the `shapes` object found at `range` of `bytes`.
    init(bytes: [UInt8], range: Range<Int>) throws(AWSClientError) {
        self.bytes = bytes
        var index: [String: Range<Int>] = [:]
        var names: [String] = []
        try bytes.withUnsafeBufferPointer { b throws(AWSClientError) in
            var scanner = ShallowScanner(bytes: b, position: range.lowerBound)
            for (key, value) in try scanner.members() {
                index[key] = value
                names.append(key)
            }
        }
        self.index = index
        orderedNames = names
    }

    /// A store over an already-parsed `shapes` object (models from other sources).
    init(parsed: JSONObject) {
        var text: [UInt8] = []
        JSONSerializer.write(.object(parsed), style: .compact, into: &text)
        bytes = text
        var index: [String: Range<Int>] = [:]
        bytes.withUnsafeBufferPointer { b in
            var scanner = ShallowScanner(bytes: b, position: 0)
            for (key, value) in (try? scanner.members()) ?? [] { index[key] = value }
        }
        self.index = index
        orderedNames = parsed.keys
    }

    /// Every member, parsed (once, then cached).
    package var all: JSONObject {
        lock.lock()
        defer { lock.unlock() }
        if let cachedAll { return cachedAll }
        var members: [JSONObject.Member] = []
        for name in orderedNames { if let v = self[name] { members.append(JSONObject.Member(key: name, value: v)) } }
        let object = JSONObject(uniqueMembers: members)
        cachedAll = object
        return object
    }

    /// Shape names.
    package var names: Dictionary<String, Range<Int>>.Keys { index.keys }

    /// The definition of shape `name`, parsed now.
    package subscript(name: String) -> JSONValue? {
        guard let range = index[name] else { return nil }
        return bytes.withUnsafeBytes { raw in
            try? JSONParser.parse(bytes: UnsafeRawBufferPointer(rebasing: raw[range]))
        }
    }
}

/// Walks a JSON object's members without building values: keys are decoded, values are returned
/// as byte ranges.
struct ShallowScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    func error(_ what: String) -> AWSClientError {
        AWSClientError(.model, "The service model is not valid JSON: \(what) at byte \(position).")
    }

    mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D || bytes[position] == 0x09 {
            position += 1
        }
    }

    /// The members of the object at the cursor.
    mutating func members() throws(AWSClientError) -> [(String, Range<Int>)] {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { throw error("expected an object") }
        position += 1
        var result: [(String, Range<Int>)] = []
        while true {
            skipSpace()
            guard position < bytes.count else { throw error("unterminated object") }
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return result
            }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            let keyRange = try string()
            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[(keyRange.lowerBound + 1)..<(keyRange.upperBound - 1)]), as: UTF8.self)
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipSpace()
            let start = position
            try value()
            result.append((key, start..<position))
        }
    }

    /// Skips a string (cursor on its opening quote) and returns its range, quotes included.
    mutating func string() throws(AWSClientError) -> Range<Int> {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string") }
        let start = position
        position += 1
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\\") {
                position += 2
                continue
            }
            position += 1
            if b == UInt8(ascii: "\"") { return start..<position }
        }
        throw error("unterminated string")
    }

    /// Skips any value.
    mutating func value() throws(AWSClientError) {
        guard position < bytes.count else { throw error("expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while position < bytes.count {
                let b = bytes[position]
                if b == UInt8(ascii: "\"") {
                    _ = try string()
                    continue
                }
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
                if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 {
                        position += 1
                        return
                    }
                }
                position += 1
            }
            throw error("unterminated container")
        default:
            while position < bytes.count {
                let b = bytes[position]
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x0A { return }
                position += 1
            }
        }
    }
}
