package import RunbookCore

/// The aws CLI's `--output text`: scalars of an object on one tab-separated line (keys sorted),
/// nested lists and objects on following lines prefixed with their upper-cased key, lists of
/// objects in columns made of every scalar key.
package enum TextFormatter {
    /// The text rendering of `value`.
    package static func format(_ value: JSONValue) -> String {
        var out = ""
        write(value, identifier: nil, scalarKeys: nil, into: &out)
        return out
    }

    static func scalar(_ v: JSONValue) -> String {
        switch v {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .integer(let i): return String(i)
        case .double(let d): return JSONSerializer.formatDouble(d)
        case .string(let s): return s
        default: return JSONSerializer.serialize(v, style: .compact)
        }
    }

    static func isContainer(_ v: JSONValue) -> Bool {
        switch v {
        case .array, .object: return true
        default: return false
        }
    }

    static func write(_ item: JSONValue, identifier: String?, scalarKeys: [String]?, into out: inout String) {
        switch item {
        case .object(let o): writeObject(o, identifier: identifier, scalarKeys: scalarKeys, into: &out)
        case .array(let a): writeList(a, identifier: identifier, into: &out)
        default: out += scalar(item) + "\n"
        }
    }

    static func writeList(_ items: [JSONValue], identifier: String?, into out: inout String) {
        if items.isEmpty { return }
        if items.contains(where: { $0.objectValue != nil }) {
            var keys = Set<String>()
            for case .object(let o) in items { for m in o where !isContainer(m.value) { keys.insert(m.key) } }
            let sorted = keys.sorted()
            for element in items { write(element, identifier: identifier, scalarKeys: sorted, into: &out) }
        } else if items.contains(where: { $0.arrayValue != nil }) {
            let scalars = items.filter { !isContainer($0) }
            if !scalars.isEmpty { writeScalars(scalars, identifier: identifier, into: &out) }
            for element in items where isContainer(element) { write(element, identifier: identifier, scalarKeys: nil, into: &out) }
        } else {
            writeScalars(items, identifier: identifier, into: &out)
        }
    }

    static func writeScalars(_ items: [JSONValue], identifier: String?, into out: inout String) {
        if let identifier {
            for item in items { out += identifier.uppercased() + "\t" + scalar(item) + "\n" }
        } else {
            out += items.map(scalar).joined(separator: "\t") + "\n"
        }
    }

    static func writeObject(_ o: JSONObject, identifier: String?, scalarKeys: [String]?, into out: inout String) {
        var scalars: [String] = []
        var nested: [(String, JSONValue)] = []
        if let scalarKeys {
            for key in scalarKeys { scalars.append(o[key].map(scalar) ?? "") }
            for key in Set(o.keys).subtracting(scalarKeys).sorted() { nested.append((key, o[key]!)) }
        } else {
            for m in o.members.sorted(by: { $0.key < $1.key }) {
                if isContainer(m.value) { nested.append((m.key, m.value)) } else { scalars.append(scalar(m.value)) }
            }
        }
        if !scalars.isEmpty {
            if let identifier { scalars.insert(identifier.uppercased(), at: 0) }
            out += scalars.joined(separator: "\t") + "\n"
        }
        for (key, value) in nested { write(value, identifier: key, scalarKeys: nil, into: &out) }
    }
}
