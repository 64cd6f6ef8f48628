/// An XML element as AWS answers use it: local name, attributes, text and child elements.
package struct XMLElement: Sendable {
    /// The local name (namespace prefix removed, like botocore's tag cleanup).
    package var name: String
    /// Attributes with their names as written (`xmlns`, `xsi:type`).
    package var attributes: [(name: String, value: String)] = []
    /// Child elements in order.
    package var children: [XMLElement] = []
    /// The text before the first child (ElementTree's `.text`), entities decoded; empty when none.
    package var text: String = ""
    /// Whether the element had any text at all (ElementTree distinguishes `None` from `''`).
    package var hasText = false

    /// Creates an element.
    package init(name: String) { self.name = name }

    /// The first child named `name`.
    package func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

    /// The value of the attribute written `name`.
    package func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
}

/// A small non-validating XML parser for service answers.
///
/// It scans the UTF-8 bytes once, keeping an explicit stack of open elements (no recursion, so
/// deep documents cannot overflow the stack). It handles the declaration, comments, CDATA,
/// processing instructions, a DOCTYPE without an internal subset, the five predefined entities
/// and numeric character references, and normalises line ends to `\n` as XML requires.
package enum XMLTree {
    /// Why a document could not be parsed.
    package struct ParseError: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        package let message: String
        /// Byte offset.
        package let offset: Int
        /// `message at byte offset`.
        package var description: String { "\(message) at byte \(offset)" }
    }

    /// Parses a document and returns its root element.
    package static func parse(_ bytes: [UInt8]) throws(ParseError) -> XMLElement {
        try bytes.withUnsafeBufferPointer { buffer throws(ParseError) in
            var reader = Reader(bytes: buffer)
            return try reader.document()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        var stack: [XMLElement] = []
        var root: XMLElement?
        var textBuffer: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func fail(_ message: String) -> ParseError { ParseError(message: message, offset: i) }

        mutating func document() throws(ParseError) -> XMLElement {
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "<") {
                    if i + 1 < bytes.count, bytes[i + 1] != UInt8(ascii: "?"), bytes[i + 1] != UInt8(ascii: "!"), bytes[i + 1] != UInt8(ascii: "/") {
                        try openTag()
                    } else {
                        try markup()
                    }
                } else {
                    try text()
                }
                if root != nil && stack.isEmpty { break }
            }
            guard let root else { throw fail("no root element") }
            return root
        }

        mutating func text() throws(ParseError) {
            // Text after a child element (a "tail") is never used: skip it without decoding.
            if stack.isEmpty || !stack[stack.count - 1].children.isEmpty {
                while i < bytes.count, bytes[i] != UInt8(ascii: "<") { i += 1 }
                return
            }
            // Fast path: no entity and no carriage return, decode the slice directly.
            let start = i
            var plain = true
            while i < bytes.count, bytes[i] != UInt8(ascii: "<") {
                if bytes[i] == UInt8(ascii: "&") || bytes[i] == 0x0D { plain = false }
                i += 1
            }
            if plain {
                appendText(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                return
            }
            i = start
            textBuffer.removeAll(keepingCapacity: true)
            while i < bytes.count, bytes[i] != UInt8(ascii: "<") {
                let b = bytes[i]
                if b == UInt8(ascii: "&") {
                    textBuffer.append(contentsOf: try entity())
                } else if b == 0x0D {
                    textBuffer.append(0x0A)
                    i += 1
                    if i < bytes.count, bytes[i] == 0x0A { i += 1 }
                } else {
                    textBuffer.append(b)
                    i += 1
                }
            }
            textBuffer.withUnsafeBufferPointer { appendText($0) }
        }

        mutating func appendText(_ chunk: UnsafeBufferPointer<UInt8>) {
            guard !stack.isEmpty else { return }
            let top = stack.count - 1
            // ElementTree's `.text` is the text before the first child; later text is a tail.
            guard stack[top].children.isEmpty else { return }
            if stack[top].hasText {
                stack[top].text += String(decoding: chunk, as: UTF8.self)
            } else {
                stack[top].text = String(decoding: chunk, as: UTF8.self)
                stack[top].hasText = true
            }
        }

        mutating func entity() throws(ParseError) -> [UInt8] {
            var out: [UInt8] = []
            var j = i + 1
            while j < bytes.count, bytes[j] != UInt8(ascii: ";"), j - i < 12 { j += 1 }
            guard j < bytes.count, bytes[j] == UInt8(ascii: ";") else { throw fail("unterminated entity") }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j]), as: UTF8.self)
            switch name {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                var scalar: UInt32?
                if name.hasPrefix("#x") {
                    scalar = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst(1))
                }
                guard let scalar, let u = Unicode.Scalar(scalar) else { throw fail("unknown entity &\(name);") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            }
            i = j + 1
            return out
        }

        mutating func skip(past terminator: StaticString) throws(ParseError) -> Range<Int> {
            let t = UnsafeBufferPointer(start: terminator.utf8Start, count: terminator.utf8CodeUnitCount)
            let start = i
            while i + t.count <= bytes.count {
                if bytes[i] == t[0] {
                    var match = true
                    for k in 1..<t.count where bytes[i + k] != t[k] {
                        match = false
                        break
                    }
                    if match {
                        let range = start..<i
                        i += t.count
                        return range
                    }
                }
                i += 1
            }
            throw fail("missing '\(terminator)'")
        }

        func startsWith(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            let p = s.utf8Start
            for k in 0..<n where bytes[i + k] != p[k] { return false }
            return true
        }

        mutating func markup() throws(ParseError) {
            if startsWith("<?") {
                i += 2
                _ = try skip(past: "?>")
            } else if startsWith("<!--") {
                i += 4
                _ = try skip(past: "-->")
            } else if startsWith("<![CDATA[") {
                i += 9
                let range = try skip(past: "]]>")
                appendText(UnsafeBufferPointer(rebasing: bytes[range]))
            } else if startsWith("<!") {
                i += 2
                _ = try skip(past: ">")
            } else if startsWith("</") {
                i += 2
                while i < bytes.count, bytes[i] != UInt8(ascii: ">") { i += 1 }
                i += 1
                guard let done = stack.popLast() else { throw fail("closing tag without an open element") }
                close(done)
            } else {
                try openTag()
            }
        }

        mutating func close(_ element: XMLElement) {
            if stack.isEmpty {
                root = element
            } else {
                stack[stack.count - 1].children.append(element)
            }
        }

        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

        /// Names longer than the small-string limit, by FNV-1a hash: tag names repeat in every
        /// item of a list, so each long one is allocated once.
        var longNames: [UInt64: String] = [:]

        mutating func name() -> String {
            let start = i
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            while i < bytes.count {
                let b = bytes[i]
                if isSpace(b) || b == UInt8(ascii: ">") || b == UInt8(ascii: "/") || b == UInt8(ascii: "=") { break }
                hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3
                i += 1
            }
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<i])
            if slice.count > 15 {
                if let known = longNames[hash], known.utf8.elementsEqual(slice) { return known }
                let s = String(decoding: slice, as: UTF8.self)
                longNames[hash] = s
                return s
            }
            return String(decoding: slice, as: UTF8.self)
        }

        mutating func openTag() throws(ParseError) {
            i += 1
            // The local name: after the last ':' of a prefixed name (scanned as bytes, which is
            // much cheaper than searching the String by Character).
            let nameStart = i
            var colon = -1
            while i < bytes.count {
                let b = bytes[i]
                if isSpace(b) || b == UInt8(ascii: ">") || b == UInt8(ascii: "/") { break }
                if b == UInt8(ascii: ":") { colon = i }
                i += 1
            }
            guard i > nameStart else { throw fail("empty element name") }
            i = colon >= 0 ? colon + 1 : nameStart
            let qualified = colon >= 0 ? String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<i]), as: UTF8.self) : ""
            var element = XMLElement(name: name())
            while true {
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count else { throw fail("unterminated tag <\(qualified)\(element.name)>") }
                if bytes[i] == UInt8(ascii: "/") {
                    i += 2
                    close(element)
                    return
                }
                if bytes[i] == UInt8(ascii: ">") {
                    i += 1
                    stack.append(element)
                    return
                }
                let attribute = name()
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { throw fail("attribute without value") }
                i += 1
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                    throw fail("unquoted attribute value")
                }
                let quote = bytes[i]
                i += 1
                var value: [UInt8] = []
                while i < bytes.count, bytes[i] != quote {
                    if bytes[i] == UInt8(ascii: "&") {
                        value.append(contentsOf: try entity())
                    } else {
                        value.append(isSpace(bytes[i]) ? 0x20 : bytes[i])
                        i += 1
                    }
                }
                i += 1
                element.attributes.append((attribute, String(decoding: value, as: UTF8.self)))
            }
        }
    }
}
