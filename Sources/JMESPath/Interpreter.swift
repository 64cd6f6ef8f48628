import RunbookCore

/// Evaluates a syntax tree over a JSON document: one `switch` over the node kinds.
///
/// The document is never copied: `JSONValue` arrays and objects are copy-on-write and nothing
/// here mutates them. Results are built fresh only where the expression creates values.
struct Interpreter {
    /// The document the search started from (`$`).
    let root: JSONValue
    /// The source text, for error messages.
    let expression: String
    /// The dialect, which decides extension-only behaviour at run time (string ordering, slicing strings).
    let dialect: Dialect
    /// Variable scopes, innermost last.
    var scopes: [[String: JSONValue]]

    init(root: JSONValue, expression: String, dialect: Dialect, variables: [String: JSONValue]) {
        self.root = root
        self.expression = expression
        self.dialect = dialect
        self.scopes = variables.isEmpty ? [] : [variables]
    }

    func error(_ kind: JMESPathError.Kind, _ message: String, at offset: Int = 0) -> JMESPathError {
        JMESPathError(kind: kind, message: message, expression: expression, offset: offset)
    }

    mutating func evaluate(_ node: AST, _ value: JSONValue) throws(JMESPathError) -> JSONValue {
        switch node {
        case .current:
            return value
        case .root:
            return root
        case .variable(let name, let offset):
            for scope in scopes.reversed() {
                if let bound = scope[name] { return bound }
            }
            throw error(.undefinedVariable, "the variable $\(name) is not defined; bind it with 'let $\(name) = ... in ...'", at: offset)
        case .field(let name):
            if case .object(let object) = value { return object[name] ?? .null }
            return .null
        case .subexpression(let parts):
            var result = value
            for part in parts {
                result = try evaluate(part, result)
            }
            return result
        case .index(let i):
            guard case .array(let array) = value else { return .null }
            let position = i < 0 ? array.count + i : i
            return array.indices.contains(position) ? array[position] : .null
        case .slice(let start, let stop, let step, let offset):
            return try slice(value, start: start, stop: stop, step: step, offset: offset)
        case .indexExpression(let left, let right):
            return try evaluate(right, try evaluate(left, value))
        case .projection(let left, let right):
            let projected = try evaluate(left, value)
            guard case .array(let base) = projected else {
                // Extended: a slice of a string is a string, not a projection over characters.
                if case .string = projected, case .indexExpression(_, .slice) = left { return try evaluate(right, projected) }
                return .null
            }
            var results: [JSONValue] = []
            results.reserveCapacity(base.count)
            for element in base {
                let r = try evaluate(right, element)
                if !r.isNull { results.append(r) }
            }
            return .array(results)
        case .valueProjection(let left, let right):
            guard case .object(let base) = try evaluate(left, value) else { return .null }
            var results: [JSONValue] = []
            results.reserveCapacity(base.count)
            for member in base {
                let r = try evaluate(right, member.value)
                if !r.isNull { results.append(r) }
            }
            return .array(results)
        case .filterProjection(let left, let right, let condition):
            guard case .array(let base) = try evaluate(left, value) else { return .null }
            var results: [JSONValue] = []
            for element in base where try evaluate(condition, element).isTruthy {
                let r = try evaluate(right, element)
                if !r.isNull { results.append(r) }
            }
            return .array(results)
        case .flatten(let inner):
            guard case .array(let base) = try evaluate(inner, value) else { return .null }
            var results: [JSONValue] = []
            results.reserveCapacity(base.count)
            for element in base {
                if case .array(let nested) = element {
                    results.append(contentsOf: nested)
                } else {
                    results.append(element)
                }
            }
            return .array(results)
        case .pipe(let left, let right):
            return try evaluate(right, try evaluate(left, value))
        case .or(let left, let right):
            let l = try evaluate(left, value)
            return l.isTruthy ? l : try evaluate(right, value)
        case .and(let left, let right):
            let l = try evaluate(left, value)
            return l.isTruthy ? try evaluate(right, value) : l
        case .not(let inner):
            return .bool(!(try evaluate(inner, value).isTruthy))
        case .comparator(let op, let left, let right):
            return compare(op, try evaluate(left, value), try evaluate(right, value))
        case .arithmetic(let op, let left, let right, let offset):
            return try arithmetic(op, try evaluate(left, value), try evaluate(right, value), offset: offset)
        case .unary(let negate, let inner, let offset):
            let v = try evaluate(inner, value)
            switch v {
            case .integer(let i):
                if !negate { return v }
                return i == Int.min ? .double(-Double(i)) : .integer(-i)
            case .double(let d): return .double(negate ? -d : d)
            default: throw error(.invalidType, "unary \(negate ? "-" : "+") needs a number, got \(v.typeName)", at: offset)
            }
        case .literal(let literal):
            return literal
        case .multiSelectList(let items):
            if value.isNull { return .null }
            var results: [JSONValue] = []
            results.reserveCapacity(items.count)
            for item in items { results.append(try evaluate(item, value)) }
            return .array(results)
        case .multiSelectHash(let pairs):
            if value.isNull { return .null }
            var members: [JSONObject.Member] = []
            members.reserveCapacity(pairs.count)
            var object = JSONObject()
            var unique = true
            for pair in pairs {
                let v = try evaluate(pair.value, value)
                if unique && !members.contains(where: { $0.key == pair.key }) {
                    members.append(JSONObject.Member(key: pair.key, value: v))
                } else {
                    if unique {
                        object = JSONObject(members.map { ($0.key, $0.value) })
                        unique = false
                    }
                    object[pair.key] = v
                }
            }
            return .object(unique ? JSONObject(uniqueMembers: members) : object)
        case .function(let function, let args, let offset):
            var evaluated: [Argument] = []
            evaluated.reserveCapacity(args.count)
            for arg in args {
                if case .expressionReference(let inner) = arg {
                    evaluated.append(.expression(inner))
                } else {
                    evaluated.append(.value(try evaluate(arg, value)))
                }
            }
            return try call(function, evaluated, offset: offset)
        case .expressionReference:
            // An expression reference outside a function argument evaluates to null, as in the reference.
            return .null
        case .letExpression(let bindings, let body):
            var scope: [String: JSONValue] = [:]
            for binding in bindings {
                scope[binding.name] = try evaluate(binding.value, value)
            }
            scopes.append(scope)
            defer { scopes.removeLast() }
            return try evaluate(body, value)
        }
    }

    private func slice(_ value: JSONValue, start: Int?, stop: Int?, step: Int?, offset: Int) throws(JMESPathError) -> JSONValue {
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
            let less = a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
            let greater = b.unicodeScalars.lexicographicallyPrecedes(a.unicodeScalars)
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
