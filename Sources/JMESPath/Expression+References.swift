extension Expression {
    /// The chains of names this expression reads from the document it is evaluated on, e.g.
    /// `steps.describe.result.nodegroup` for `steps.describe.result.nodegroup.status`.
    ///
    /// Only paths read from the top-level node count (`$` paths too): the right side of projections,
    /// filter conditions and pipes read from intermediate values, not from the document, so they are
    /// skipped. Validators use this to check references like `steps.<id>` and `params.<name>`.
    public var documentPaths: [[String]] {
        var paths: [[String]] = []
        Self.collect(program, into: &paths)
        return paths
    }

    /// The `$name` variables the expression reads without binding them itself.
    public var freeVariables: Set<String> {
        var names: Set<String> = []
        Self.freeVariables(program, bound: [], into: &names)
        return names
    }

    /// The leading field names of a chain of parts.
    private static func leadingFields(_ parts: some Collection<Node>) -> [String]? {
        var names: [String] = []
        for part in parts {
            guard let partNames = part.pathNames else { break }
            names.append(contentsOf: partNames)
        }
        return names.isEmpty ? nil : names
    }

    private static func chain(_ node: Node) -> [String]? {
        if let names = node.pathNames { return names }
        if let chain = node as? ChainNode {
            if let names = leadingFields(chain.parts) { return names }
            return chain.parts.first.flatMap(self.chain)
        }
        if let indexed = node as? IndexExpressionNode { return chain(indexed.left) }
        if let element = node as? ElementNode { return chain(element.left) }
        return nil
    }

    private static func collect(_ node: Node, into paths: inout [[String]]) {
        if let names = chain(node) {
            paths.append(names)
            return
        }
        switch node {
        case let n as ChainNode:
            if let first = n.parts.first { collect(first, into: &paths) }
            if n.parts.first is RootNode, let names = leadingFields(n.parts.dropFirst()) { paths.append(names) }
        case let n as IndexExpressionNode: collect(n.left, into: &paths)
        case let n as ElementNode: collect(n.left, into: &paths)
        case let n as PipelineNode: collect(n.stages[0], into: &paths)
        case let n as ProjectionNode: collect(n.left, into: &paths)
        case let n as ValueProjectionNode: collect(n.left, into: &paths)
        case let n as FilterNode: collect(n.left, into: &paths)
        case let n as FlattenNode: collect(n.inner, into: &paths)
        case let n as FunctionNode:
            for argument in n.arguments where !argument.isReference { collect(argument.node, into: &paths) }
        case is ExpressionReferenceNode:
            break
        case let n as NameListNode:
            for name in n.names { paths.append([name]) }
        case let n as NameHashNode:
            for name in n.names { paths.append([name]) }
        default:
            // Operators, lists, hashes, let: every child reads from the current node.
            node.forEachChild { collect($0, into: &paths) }
        }
    }

    private static func freeVariables(_ node: Node, bound: Set<String>, into names: inout Set<String>) {
        if let variable = node as? VariableNode {
            if !bound.contains(variable.name) { names.insert(variable.name) }
        } else if let binding = node as? LetNode {
            for value in binding.values { freeVariables(value, bound: bound, into: &names) }
            freeVariables(binding.body, bound: bound.union(binding.names), into: &names)
        } else {
            node.forEachChild { freeVariables($0, bound: bound, into: &names) }
        }
    }
}
