import RunbookCore
internal import Yams

extension RunbookDecoder {
    /// `undo: {title?, <one action>}`.
    static func decodeUndo(_ node: Node, construct: String, _ reader: inout NodeReader) -> Undo? {
        let what = "'undo' of \(construct)"
        guard let entries = reader.entries(node, of: what, allowed: ["title"] + Action.providerNames) else { return nil }
        var title: String? = nil
        for entry in entries where entry.key == "title" { title = reader.string(entry.value, "'title' of \(what)") }
        guard let action = decodeOneAction(entries, node: node, what: what, &reader) else { return nil }
        return Undo(title: title, action: action, location: reader.location(node))
    }

    /// `already-applied: <expression>` or `already-applied: {that, <optional read-only action>}`.
    static func decodeAlreadyApplied(_ node: Node, construct: String, _ reader: inout NodeReader) -> AlreadyApplied? {
        let what = "'already-applied' of \(construct)"
        if case .scalar = node {
            guard let expression = reader.expression(node, what) else { return nil }
            return AlreadyApplied(action: nil, assertion: expression, location: reader.location(node))
        }
        guard let entries = reader.entries(node, of: what, allowed: ["that"] + Action.providerNames) else { return nil }
        var assertion: ExpressionSource? = nil
        for entry in entries where entry.key == "that" { assertion = reader.expression(entry.value, "'that' of \(what)") }
        let hasAction = entries.contains { Action.providerNames.contains($0.key) }
        let action = hasAction ? decodeOneAction(entries, node: node, what: what, &reader) : nil
        guard entries.contains(where: { $0.key == "that" }) else {
            reader.error(
                "missing-key", "\(what) has no 'that'",
                hint: "add 'that: <condition that holds when the change is already in place>'", at: node)
            return nil
        }
        guard let assertion else { return nil }
        return AlreadyApplied(action: action, assertion: assertion, location: reader.location(node))
    }

    /// The single action among `entries` (a provider key), reporting none or several.
    private static func decodeOneAction(_ entries: [Entry], node: Node, what: String, _ reader: inout NodeReader) -> Action? {
        let actions = entries.filter { Action.providerNames.contains($0.key) }
        guard let first = actions.first else {
            reader.error(
                "no-action", "\(what) has no action",
                hint: "add one of " + Action.providerNames.map { "'\($0)'" }.joined(separator: ", "), at: node)
            return nil
        }
        if actions.count > 1 {
            reader.error(
                "multiple-actions", "\(what) has more than one action ('\(first.key)' and '\(actions[1].key)')",
                hint: "keep one action", at: actions[1].keyNode)
        }
        return Action(
            provider: first.key, payload: reader.templateValue(first.value, "the '\(first.key)' action of \(what)"),
            location: reader.location(first.keyNode))
    }
}
