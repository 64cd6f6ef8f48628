import RunbookCore

/// The syntax tree of a JMESPath expression: a value type, shared freely between tasks.
enum AST: Sendable, Equatable {
    /// `@`: the current node.
    case current
    /// `$`: the document the search started from (extended).
    case root
    /// `$name`: a variable bound by `let` or by the caller (extended).
    case variable(String, offset: Int)
    /// `foo` or `"foo"`: the member of an object, or null. `slot` numbers the field nodes of an
    /// expression so the interpreter can remember where each key was last found.
    case field(String, slot: Int)
    /// `a.b.c`: each expression evaluated on the result of the previous one.
    case subexpression([AST])
    /// `[2]`, `[-1]`: an array element, or null.
    case index(Int)
    /// `[start:stop:step]`: a slice of an array (or string, extended).
    case slice(start: Int?, stop: Int?, step: Int?, offset: Int)
    /// `left[index]`: evaluates `right` (an index or slice) on the result of `left`.
    indirect case indexExpression(left: AST, right: AST)
    /// `left[*].right`: evaluates `right` on every element of the array `left`, dropping nulls.
    indirect case projection(left: AST, right: AST)
    /// `left.*.right`: evaluates `right` on every value of the object `left`, dropping nulls.
    indirect case valueProjection(left: AST, right: AST)
    /// `left[?condition].right`: projects `right` over the elements for which `condition` is truthy.
    indirect case filterProjection(left: AST, right: AST, condition: AST)
    /// `left[]`: the array `left` with nested arrays merged one level.
    indirect case flatten(AST)
    /// `left | right`: `right` evaluated on the result of `left`; stops projections.
    indirect case pipe(left: AST, right: AST)
    /// `a || b`: `a` when truthy, else `b`.
    indirect case or(AST, AST)
    /// `a && b`: `a` when falsy, else `b`.
    indirect case and(AST, AST)
    /// `!a`: whether `a` is falsy.
    indirect case not(AST)
    /// `a == b`, `a < b`, ...
    indirect case comparator(Comparator, AST, AST)
    /// Arithmetic (extended): `a + b`, `a - b`, `a * b`, `a / b`, `a % b`, `a // b`.
    indirect case arithmetic(ArithmeticOperator, AST, AST, offset: Int)
    /// Unary minus or plus (extended).
    indirect case unary(negate: Bool, AST, offset: Int)
    /// A JSON literal or raw string.
    case literal(JSONValue)
    /// `[a, b]`: a list of the results (null when the current node is null).
    case multiSelectList([AST])
    /// `{k: a, ...}`: an object of the results (null when the current node is null).
    case multiSelectHash([KeyedAST])
    /// `name(args...)`: a built-in function call, resolved at compile time.
    case function(Function, [AST], offset: Int)
    /// `&expr`: an expression passed unevaluated to a function.
    indirect case expressionReference(AST)
    /// `let $a = x, $b = y in body` (extended).
    indirect case letExpression(bindings: [Binding], body: AST)
}

/// A key and the expression that computes its value in a multi-select hash.
struct KeyedAST: Sendable, Equatable {
    /// The key.
    var key: String
    /// The value's expression.
    var value: AST
}

/// One `$name = expression` binding of a `let`.
struct Binding: Sendable, Equatable {
    /// The variable name without `$`.
    var name: String
    /// The bound expression, evaluated against the current node.
    var value: AST
}

/// The comparison operators.
enum Comparator: String, Sendable, Equatable {
    case eq = "=="
    case ne = "!="
    case lt = "<"
    case lte = "<="
    case gt = ">"
    case gte = ">="
}

/// The arithmetic operators of the extended dialect.
enum ArithmeticOperator: String, Sendable, Equatable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"
    case integerDivide = "//"
}

extension AST {
    /// The depth of the tree, computed without recursion so hostile input cannot overflow the stack.
    var depth: Int {
        var maxDepth = 0
        var stack: [(AST, Int)] = [(self, 1)]
        while let (node, d) = stack.popLast() {
            maxDepth = max(maxDepth, d)
            for child in node.children { stack.append((child, d + 1)) }
        }
        return maxDepth
    }

    /// The direct children of the node.
    var children: [AST] {
        switch self {
        case .current, .root, .variable, .field, .index, .slice, .literal: return []
        case .subexpression(let parts): return parts
        case .indexExpression(let l, let r), .projection(let l, let r), .valueProjection(let l, let r),
            .pipe(let l, let r), .or(let l, let r), .and(let l, let r), .comparator(_, let l, let r),
            .arithmetic(_, let l, let r, _):
            return [l, r]
        case .filterProjection(let l, let r, let c): return [l, r, c]
        case .flatten(let a), .not(let a), .unary(_, let a, _), .expressionReference(let a): return [a]
        case .multiSelectList(let items): return items
        case .multiSelectHash(let pairs): return pairs.map(\.value)
        case .function(_, let args, _): return args
        case .letExpression(let bindings, let body): return bindings.map(\.value) + [body]
        }
    }
}
