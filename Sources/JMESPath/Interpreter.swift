import RunbookCore

/// The state of one evaluation: the document and variables. The
/// compiled nodes (`Node`) do the work; the helpers here hold the shared semantics.
///
/// The document is never copied: `JSONValue` arrays and objects are copy-on-write and nothing
/// here mutates them. Results are built fresh only where the expression creates values.
struct Interpreter {
    /// The document the search started from (`$`); null when the expression never reads `$`
    /// (holding it would cost two reference counts per search).
    let root: JSONValue
    /// The dialect, which decides extension-only behaviour at run time (string ordering, slicing strings).
    let dialect: Dialect
    /// Variable scopes, innermost last.
    var scopes: [[String: JSONValue]]

    init(root: JSONValue, dialect: Dialect, variables: [String: JSONValue]) {
        self.root = root
        self.dialect = dialect
        self.scopes = variables.isEmpty ? [] : [variables]
    }

    /// An evaluation error; `Expression.search` fills in the expression's text as it passes by.
    func error(_ kind: JMESPathError.Kind, _ message: String, at offset: Int = 0) -> JMESPathError {
        JMESPathError(kind: kind, message: message, expression: "", offset: offset)
    }

    func slice(_ value: JSONValue, start: Int?, stop: Int?, step: Int?, offset: Int) throws(JMESPathError) -> JSONValue
    {
        let step = step ?? 1
        if step == 0 { throw error(.invalidValue, "a slice step cannot be 0", at: offset) }
        func bounds(_ count: Int) -> [Int] {
            func clamp(_ v: Int?, _ defaultValue: Int) -> Int {
                guard var v else { return defaultValue }
                if v < 0 {
                    v += count
                    if v < 0 { v = step < 0 ? -1 : 0 }
                } else if v >= count {
                    v = step < 0 ? count - 1 : count
                }
                return v
            }
            let s = clamp(start, step < 0 ? count - 1 : 0)
            let e = clamp(stop, step < 0 ? -1 : count)
            // Walk by hand: stepping by a huge stride must stop, not overflow.
            var positions: [Int] = []
            var i = s
            while step > 0 ? i < e : i > e {
                positions.append(i)
                let (next, overflow) = i.addingReportingOverflow(step)
                if overflow { break }
                i = next
            }
            return positions
        }
        switch value {
        case .array(let array):
            return .array(bounds(array.count).map { array[$0] })
        case .string(let s) where dialect == .extended:
            let scalars = Array(s.unicodeScalars)
            var view = String.UnicodeScalarView()
            for i in bounds(scalars.count) { view.append(scalars[i]) }
            return .string(String(view))
        default:
            return .null
        }
    }

    /// Comparison: equality for any types; ordering for numbers (and, extended, strings).
    func compare(_ op: Comparator, _ l: JSONValue, _ r: JSONValue) -> JSONValue {
        switch op {
        case .eq: return .bool(l == r)
        case .ne: return .bool(l != r)
        default: break
        }
        if let a = l.doubleValue, let b = r.doubleValue {
            switch (l, r) {
            case (.integer(let x), .integer(let y)): return .bool(ordered(op, x, y))
            default: return .bool(ordered(op, a, b))
            }
        }
        if dialect == .extended, case .string(let a) = l, case .string(let b) = r {
            let less = a.codePointPrecedes(b)
            let greater = b.codePointPrecedes(a)
            switch op {
            case .lt: return .bool(less)
            case .lte: return .bool(!greater)
            case .gt: return .bool(greater)
            default: return .bool(!less)
            }
        }
        return .null
    }

    private func ordered<T: Comparable>(_ op: Comparator, _ a: T, _ b: T) -> Bool {
        switch op {
        case .lt: return a < b
        case .lte: return a <= b
        case .gt: return a > b
        default: return a >= b
        }
    }
}
