extension Expression {
    /// The chains of names this expression reads from the document it is evaluated on, e.g.
    /// `steps.describe.result.nodegroup` for `steps.describe.result.nodegroup.status`.
    ///
    /// Only paths read from the top-level node count (`$` paths too): the right side of projections,
    /// filter conditions and pipes read from intermediate values, not from the document, so they are
    /// skipped. Validators use this to check references like `steps.<id>` and `params.<name>`.
    public var documentPaths: [[String]] {
        var paths: [[String]] = []
        collect(ast, into: &paths)
        return paths
    }

    /// The `$name` variables the expression reads without binding them itself.
    public var freeVariables: Set<String> {
        var names: Set<String> = []
        freeVariables(ast, bound: [], into: &names)
        return names
    }

    private func chain(_ node: AST) -> [String]? {
        switch node {
        case .field(let name, _): return [name]
        case .subexpression(let parts):
            var names: [String] = []
            for part in parts {
                guard case .field(let name, _) = part else { break }
                names.append(name)
            }
            if names.isEmpty, let first = parts.first { return chain(first) }
            return names.isEmpty ? nil : names
        case .indexExpression(let left, _): return chain(left)
        default: return nil
        }
    }

    private func collect(_ node: AST, into paths: inout [[String]]) {
        if let names = chain(node) {
            paths.append(names)
            return
        }
        switch node {
        case .subexpression(let parts):
            if let first = parts.first { collect(first, into: &paths) }
            if case .root = parts.first, parts.count > 1, let names = chain(.subexpression(Array(parts.dropFirst()))) {
                paths.append(names)
            }
        case .projection(let left, _), .valueProjection(let left, _), .filterProjection(let left, _, _),
            .pipe(let left, _), .indexExpression(let left, _), .flatten(let left):
            collect(left, into: &paths)
        case .or(let a, let b), .and(let a, let b), .comparator(_, let a, let b), .arithmetic(_, let a, let b, _):
            collect(a, into: &paths)
            collect(b, into: &paths)
        case .not(let a), .unary(_, let a, _):
            collect(a, into: &paths)
        case .multiSelectList(let items):
            for item in items { collect(item, into: &paths) }
        case .multiSelectHash(let pairs):
            for pair in pairs { collect(pair.value, into: &paths) }
        case .function(_, let args, _):
            for arg in args {
                if case .expressionReference = arg { continue }
                collect(arg, into: &paths)
            }
        case .letExpression(let bindings, let body):
            for binding in bindings { collect(binding.value, into: &paths) }
            collect(body, into: &paths)
        default:
            break
        }
    }

    private func freeVariables(_ node: AST, bound: Set<String>, into names: inout Set<String>) {
        switch node {
        case .variable(let name, _):
            if !bound.contains(name) { names.insert(name) }
        case .letExpression(let bindings, let body):
            var inner = bound
            for binding in bindings {
                freeVariables(binding.value, bound: bound, into: &names)
                inner.insert(binding.name)
            }
            freeVariables(body, bound: inner, into: &names)
        default:
            for child in node.children { freeVariables(child, bound: bound, into: &names) }
        }
    }
}
