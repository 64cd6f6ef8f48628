import RunbookCore

/// Turns the syntax tree into evaluation nodes, choosing specialised nodes where they pay.
enum Lowering {
    static func lower(_ ast: AST) -> Node {
        switch ast {
        case .current: return CurrentNode()
        case .root: return RootNode()
        case .variable(let name, let offset): return VariableNode(name, offset: offset)
        case .field(let name, let slot): return FieldNode(name, slot: slot)
        case .subexpression(let parts):
            let nodes = parts.map(lower)
            // A chain may stop at the first null only if no later part can make something of null.
            let nullSafe = parts.dropFirst().allSatisfy { part in
                switch part {
                case .field, .index, .subexpression, .multiSelectList, .multiSelectHash, .projection, .valueProjection,
                    .filterProjection, .flatten, .indexExpression:
                    return !containsNullProducer(part)
                default: return false
                }
            }
            return nullSafe ? ChainNode(nodes) : GeneralChainNode(nodes)
        case .index(let i): return IndexNode(i)
        case .slice(let start, let stop, let step, let offset):
            return SliceNode(start: start, stop: stop, step: step, offset: offset)
        case .indexExpression(let left, let right), .pipe(let left, let right):
            return PipeNode(lower(left), lower(right))
        case .projection(let left, let right):
            var slicesString = false
            if case .indexExpression(_, .slice) = left { slicesString = true }
            return ProjectionNode(lower(left), lower(right), slicesString: slicesString)
        case .valueProjection(let left, let right): return ValueProjectionNode(lower(left), lower(right))
        case .filterProjection(let left, let right, let condition):
            return FilterNode(lower(left), lower(right), condition: lower(condition))
        case .flatten(let inner): return FlattenNode(lower(inner))
        case .or(let a, let b): return OrNode(lower(a), lower(b))
        case .and(let a, let b): return AndNode(lower(a), lower(b))
        case .not(let a): return NotNode(lower(a))
        case .comparator(let op, let a, let b):
            if op == .eq || op == .ne, case .literal(let literal) = b {
                return FieldEqualsLiteralNode(lower(a), literal, negate: op == .ne)
            }
            return CompareNode(op, lower(a), lower(b))
        case .arithmetic(let op, let a, let b, let offset): return ArithmeticNode(op, lower(a), lower(b), offset: offset)
        case .unary(let negate, let a, let offset): return UnaryNode(negate: negate, lower(a), offset: offset)
        case .literal(let v): return LiteralNode(v)
        case .multiSelectList(let items): return ListNode(items.map(lower))
        case .multiSelectHash(let pairs): return HashNode(keys: pairs.map(\.key), values: pairs.map { lower($0.value) })
        case .function(let function, let args, let offset):
            return FunctionNode(
                function,
                args.map { arg in
                    if case .expressionReference(let inner) = arg { return (lower(inner), true) }
                    return (lower(arg), false)
                }, offset: offset)
        case .expressionReference:
            // Outside a function argument an expression reference evaluates to null, as in the reference.
            return LiteralNode(.null)
        case .letExpression(let bindings, let body):
            return LetNode(names: bindings.map(\.name), values: bindings.map { lower($0.value) }, body: lower(body))
        }
    }

    /// Whether evaluating `ast` on null could give something other than null.
    private static func containsNullProducer(_ ast: AST) -> Bool {
        switch ast {
        case .literal, .root, .variable, .function, .letExpression, .not, .or, .comparator, .arithmetic, .unary,
            .expressionReference:
            return true
        case .field, .index, .slice, .current: return false
        case .subexpression(let parts): return parts.first.map(containsNullProducer) ?? false
        case .indexExpression(let left, _), .projection(let left, _), .valueProjection(let left, _),
            .filterProjection(let left, _, _), .flatten(let left), .pipe(let left, _):
            return containsNullProducer(left)
        case .and(let a, _): return containsNullProducer(a)
        case .multiSelectList, .multiSelectHash: return false
        }
    }
}
