import Foundation
package import Engine
package import RunbookCore

/// Decides whether a test file's entry answers a call.
///
/// Selector strings are globs (`*` any text, `?` one character) compared with runs of white space
/// collapsed, so a long shell command can be matched by its start. Parameters match partially:
/// an object matches when every key the entry gives matches (others are ignored); lists match
/// item by item; scalars must be equal.
package enum CallMatcher {
    /// Whether `entry` answers `call` made by step `stepID`.
    package static func matches(_ entry: CallEntry, _ call: RecordedCall, stepID: String) -> Bool {
        guard entry.kind == call.kind else { return false }
        if let step = entry.step, step != stepID { return false }
        for criterion in entry.criteria {
            if criterion.key == call.parametersKey {
                guard partial(criterion.value, call.parameters) else { return false }
            } else {
                guard let actual = call.selector[criterion.key], selector(criterion.value, actual) else { return false }
            }
        }
        return true
    }

    /// A selector value: strings as globs, objects partially, other values equal.
    static func selector(_ pattern: JSONValue, _ actual: JSONValue) -> Bool {
        switch (pattern, actual) {
        case (.string(let p), .string(let a)): return glob(normalize(p), normalize(a))
        case (.object(let p), .object(let a)):
            return p.allSatisfy { member in a[member.key].map { selector(member.value, $0) } ?? member.value.isNull }
        case (.array(let p), .array(let a)):
            return p.count == a.count && zip(p, a).allSatisfy { selector($0, $1) }
        case (.string(let p), _): return glob(normalize(p), normalize(Evaluator.text(of: actual)))
        default: return pattern == actual
        }
    }

    /// Partial match of parameters: objects by the keys given, lists item by item, scalars equal.
    package static func partial(_ pattern: JSONValue, _ actual: JSONValue) -> Bool {
        switch (pattern, actual) {
        case (.object(let p), .object(let a)):
            return p.allSatisfy { member in a[member.key].map { partial(member.value, $0) } ?? member.value.isNull }
        case (.array(let p), .array(let a)):
            return p.count == a.count && zip(p, a).allSatisfy { partial($0, $1) }
        default: return pattern == actual
        }
    }

    /// White space runs collapsed to one space, trimmed.
    static func normalize(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    /// `*` matches any text, `?` one character; everything else itself.
    package static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0
        var star: Int? = nil, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if let s = star {
                pi = s + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
