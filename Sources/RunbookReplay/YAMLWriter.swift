import Foundation
package import RunbookCore
internal import Yams

/// Writes JSON values as readable YAML (recorded test files, the "entry to add" hints):
/// block style, short lists and mappings of scalars inline, multi-line text as `|` blocks, and
/// strings that would read back as another type (`"123"`, `"true"`) quoted.
package enum YAMLWriter {
    /// `value` as a YAML document (ends with a newline).
    package static func write(_ value: JSONValue, width: Int = 100) -> String {
        (try? Yams.serialize(node: node(value), indent: 2, width: width, allowUnicode: true))
            ?? JSONSerializer.serialize(value)
    }

    /// `value` as YAML indented by `indent` spaces (for hints inside messages).
    package static func write(_ value: JSONValue, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return write(value).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }

    static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .integer(let i): return Node(String(i), Tag(.int))
        case .double(let d): return Node(JSONSerializer.formatDouble(d), Tag(.float))
        case .string(let s): return string(s)
        case .array(let items):
            let style: Node.Sequence.Style = isShortFlow(value) ? .flow : .block
            return Node(items.map(node), Tag(.seq), style)
        case .object(let object):
            let style: Node.Mapping.Style = isShortFlow(value) ? .flow : .block
            return Node(object.members.map { (string($0.key), node($0.value)) }, Tag(.map), style)
        }
    }

    static func string(_ s: String) -> Node {
        if s.contains("\n") { return Node(s, Tag(.str), .literal) }
        let (parsed, _) = RunbookDSLProbe.scalarType(s)
        if parsed || s.isEmpty || s.hasPrefix(" ") || s.hasSuffix(" ") { return Node(s, Tag(.str), .doubleQuoted) }
        return Node(s, Tag(.str), .plain)
    }

    /// Lists and mappings of a few short scalars are written inline.
    static func isShortFlow(_ value: JSONValue) -> Bool {
        let children: [JSONValue]
        switch value {
        case .array(let items): children = items
        case .object(let o): children = o.values
        default: return false
        }
        if children.isEmpty { return true }
        guard children.count <= 6 else { return false }
        for child in children {
            switch child {
            case .array, .object: return false
            case .string(let s) where s.contains("\n"): return false
            default: continue
            }
        }
        return JSONSerializer.serialize(value, style: .compact).count <= 70
    }
}

/// Whether a plain scalar would read as something other than a string under the YAML 1.2 core
/// schema runbook uses (then it must be quoted).
enum RunbookDSLProbe {
    static func scalarType(_ s: String) -> (Bool, String) {
        let patterns = [
            "^(?:~|null|Null|NULL)$",
            "^(?:true|True|TRUE|false|False|FALSE|yes|no|on|off|Yes|No|On|Off|YES|NO|ON|OFF|y|n)$",
            "^[-+]?(?:0|[1-9][0-9]*)$", "^[-+]?(?:[0-9]+\\.[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?$",
            "^[-+]?[0-9]+[eE][-+]?[0-9]+$",
            "^0[0-9]+$", "^0x[0-9a-fA-F]+$", "^0o[0-7]+$", "^[-+]?\\.(?:inf|Inf|INF|nan|NaN|NAN)$",
        ]
        for p in patterns where s.range(of: p, options: .regularExpression) != nil { return (true, p) }
        return (false, "")
    }
}
