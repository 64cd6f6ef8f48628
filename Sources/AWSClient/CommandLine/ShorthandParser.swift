package import RunbookCore

/// The aws CLI's shorthand syntax: `key=value,key2=value2`, lists as `key=a,b,c` or
/// `key=[a,b]`, nested structures as `key={k=v}`, quoted values with `'...'` or `"..."`.
///
/// Grammar (recursive descent over characters):
/// ```
/// parameter   = keyval *("," keyval)
/// keyval      = key "=" [values]
/// values      = explicit-list / hash-literal / csv-values
/// csv-values  = value *("," value)        ; a "," followed by "key=" starts the next keyval
/// explicit-list = "[" [element *("," element)] "]"
/// element     = hash-literal / explicit-list / value
/// hash-literal = "{" keyval *("," keyval) "}"
/// value       = quoted / bare             ; bare stops at "," and closing brackets
/// ```
/// Every scalar comes out as a string; ``CLIArguments`` converts it by the member's shape.
package struct ShorthandParser {
    private let chars: [Character]
    private var i = 0
    private let text: String

    /// Parses `text` into an object.
    package static func parse(_ text: String) throws(AWSClientError) -> JSONValue {
        var parser = ShorthandParser(text)
        let result = try parser.keyvals(closing: nil)
        parser.skipSpaces()
        if parser.i < parser.chars.count { throw parser.error("unexpected '\(parser.chars[parser.i])'") }
        return .object(result)
    }

    /// Whether `text` looks like shorthand (`key=...`) rather than a plain value.
    package static func looksLikeShorthand(_ text: String) -> Bool {
        guard let eq = text.firstIndex(of: "=") else { return false }
        let key = text[..<eq]
        return !key.isEmpty && key.allSatisfy(isKeyCharacter)
    }

    private init(_ text: String) {
        self.text = text
        chars = Array(text)
    }

    static func isKeyCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || "-_.#/:@".contains(c)
    }

    private func error(_ what: String) -> AWSClientError {
        AWSClientError(.invalidParameter, "Error parsing parameter: expected shorthand syntax (key=value,...), \(what) at character \(i + 1) of: \(text)")
    }

    private mutating func skipSpaces() {
        while i < chars.count, chars[i] == " " { i += 1 }
    }

    private mutating func keyvals(closing: Character?) throws(AWSClientError) -> JSONObject {
        var object = JSONObject()
        while true {
            skipSpaces()
            let start = i
            while i < chars.count, Self.isKeyCharacter(chars[i]) { i += 1 }
            let key = String(chars[start..<i])
            skipSpaces()
            guard !key.isEmpty, i < chars.count, chars[i] == "=" else { throw error("expected key=") }
            i += 1
            object[key] = try values(closing: closing)
            skipSpaces()
            if i < chars.count, chars[i] == "," {
                i += 1
                continue
            }
            return object
        }
    }

    /// Whether the text at the cursor starts a new `key=` (so a `,` ends the current value).
    private func atKeyval() -> Bool {
        var j = i
        while j < chars.count, chars[j] == " " { j += 1 }
        let start = j
        while j < chars.count, Self.isKeyCharacter(chars[j]) { j += 1 }
        while j < chars.count, chars[j] == " " { j += 1 }
        return j > start && j < chars.count && chars[j] == "="
    }

    private mutating func values(closing: Character?) throws(AWSClientError) -> JSONValue {
        skipSpaces()
        guard i < chars.count else { return .string("") }
        if chars[i] == "[" { return try explicitList() }
        if chars[i] == "{" { return try hash() }
        var items: [JSONValue] = [try value(closing: closing)]
        while i < chars.count, chars[i] == ",", !lookaheadIsKeyval() {
            i += 1
            items.append(try value(closing: closing))
        }
        return items.count == 1 ? items[0] : .array(items)
    }

    private func lookaheadIsKeyval() -> Bool {
        var copy = self
        copy.i += 1
        return copy.atKeyval()
    }

    private mutating func explicitList() throws(AWSClientError) -> JSONValue {
        i += 1
        var items: [JSONValue] = []
        skipSpaces()
        if i < chars.count, chars[i] == "]" {
            i += 1
            return .array(items)
        }
        while true {
            skipSpaces()
            guard i < chars.count else { throw error("missing ']'") }
            if chars[i] == "{" {
                items.append(try hash())
            } else if chars[i] == "[" {
                items.append(try explicitList())
            } else {
                items.append(try value(closing: "]"))
            }
            skipSpaces()
            guard i < chars.count else { throw error("missing ']'") }
            if chars[i] == "," {
                i += 1
            } else if chars[i] == "]" {
                i += 1
                return .array(items)
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func hash() throws(AWSClientError) -> JSONValue {
        i += 1
        skipSpaces()
        if i < chars.count, chars[i] == "}" {
            i += 1
            return .object(JSONObject())
        }
        let object = try keyvals(closing: "}")
        skipSpaces()
        guard i < chars.count, chars[i] == "}" else { throw error("missing '}'") }
        i += 1
        return .object(object)
    }

    private mutating func value(closing: Character?) throws(AWSClientError) -> JSONValue {
        skipSpaces()
        guard i < chars.count else { return .string("") }
        if chars[i] == "'" || chars[i] == "\"" {
            let quote = chars[i]
            i += 1
            var out = ""
            while i < chars.count, chars[i] != quote {
                if chars[i] == "\\", i + 1 < chars.count {
                    i += 1
                }
                out.append(chars[i])
                i += 1
            }
            guard i < chars.count else { throw error("unterminated quote") }
            i += 1
            return .string(out)
        }
        var out = ""
        while i < chars.count {
            let c = chars[i]
            if c == "," || c == closing || (closing == nil && (c == "]" || c == "}") && false) { break }
            if c == "\\", i + 1 < chars.count {
                i += 1
                out.append(chars[i])
                i += 1
                continue
            }
            if closing == "]" && c == "]" { break }
            if closing == "}" && c == "}" { break }
            out.append(c)
            i += 1
        }
        while out.last == " " { out.removeLast() }
        return .string(out)
    }
}
