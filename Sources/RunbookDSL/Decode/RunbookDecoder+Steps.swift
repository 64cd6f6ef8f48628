import RunbookCore
internal import Yams

extension RunbookDecoder {
    /// Keys allowed in a step.
    static let stepKeys = [
        "id", "title", "why", "shell", "aws", "kubectl", "plugin", "capture", "check", "when", "fixes", "verify",
        "wait", "retries", "timeout", "on-failure", "finish-if", "undo", "already-applied",
    ]

    /// `steps: [...]`.
    static func decodeSteps(_ node: Node, _ reader: inout NodeReader) -> [Step] {
        guard let items = reader.sequence(node, "'steps'") else { return [] }
        if items.isEmpty {
            reader.error("empty-steps", "the runbook has no steps", hint: "add at least one step under 'steps:'", at: node)
        }
        var steps: [Step] = []
        for (index, item) in items.enumerated() {
            if let step = decodeStep(item, index: index, &reader) { steps.append(step) }
        }
        return steps
    }

    private static func decodeStep(_ node: Node, index: Int, _ reader: inout NodeReader) -> Step? {
        // Read the id first so every other message can name the step.
        var id: String? = nil
        if case .mapping(let mapping) = node, let idNode = mapping["id"] {
            id = reader.string(idNode, "'id' of step \(index + 1)")
            if let value = id, !isIdentifier(value) {
                reader.error(
                    "invalid-identifier", "step id '\(value)' is not an identifier",
                    hint: "use letters, digits and '_' (e.g. '\(identifierSuggestion(value))'): expressions read '-' as a minus",
                    at: idNode)
            }
        }
        let construct = id.map { "step '\($0)'" } ?? "step \(index + 1)"
        guard let entries = reader.entries(node, of: construct, allowed: stepKeys) else { return nil }
        if id == nil, !entries.contains(where: { $0.key == "id" }) {
            reader.error("missing-key", "\(construct) has no 'id'", hint: "add 'id: a_name' so later steps can read its result", at: node)
        }
        var step = Step(
            id: id ?? "step\(index + 1)",
            action: Action(provider: "", payload: .literal(.null, reader.location(node)), location: reader.location(node)),
            location: reader.location(node))
        var actions: [Entry] = []
        for entry in entries {
            let what = "'\(entry.key)' of \(construct)"
            switch entry.key {
            case "id": break
            case "title": step.title = reader.string(entry.value, what)
            case "why": step.why = reader.string(entry.value, what)
            case "shell", "aws", "kubectl", "plugin": actions.append(entry)
            case "capture": step.captures = decodeCaptures(entry.value, construct: construct, &reader)
            case "check": step.checks = decodeChecks(entry.value, construct: construct, key: "check", &reader)
            case "verify": step.verify = decodeChecks(entry.value, construct: construct, key: "verify", &reader)
            case "when": step.when = reader.expression(entry.value, what)
            case "finish-if": step.finishIf = reader.expression(entry.value, what)
            case "fixes":
                if let finding = reader.string(entry.value, what) {
                    step.fixes = finding
                    step.fixesLocation = reader.location(entry.value)
                }
            case "wait": step.wait = decodeWait(entry.value, construct: construct, &reader)
            case "undo": step.undo = decodeUndo(entry.value, construct: construct, &reader)
            case "already-applied": step.alreadyApplied = decodeAlreadyApplied(entry.value, construct: construct, &reader)
            case "retries": step.retry = decodeRetry(entry.value, construct: construct, &reader)
            case "timeout": step.timeout = reader.duration(entry.value, what)
            case "on-failure":
                if let text = reader.string(entry.value, what) {
                    if let value = OnFailure(rawValue: text) {
                        step.onFailure = value
                    } else {
                        let names = OnFailure.allCases.map(\.rawValue)
                        reader.error(
                            "invalid-value", "\(what) must be 'stop' or 'continue', not '\(text)'",
                            hint: Suggestion.closest(to: text, in: names).map { "did you mean '\($0)'?" }
                                ?? "'stop' (the default) ends the run; 'continue' records the failure and goes on",
                            at: entry.value)
                    }
                }
            default: break
            }
        }
        switch actions.count {
        case 0:
            reader.error(
                "no-action", "\(construct) has no action",
                hint: "add one of " + Action.providerNames.map { "'\($0)'" }.joined(separator: ", "), at: node)
        case 1:
            let entry = actions[0]
            step.action = Action(
                provider: entry.key, payload: reader.templateValue(entry.value, "the '\(entry.key)' action of \(construct)"),
                location: reader.location(entry.keyNode))
        default:
            reader.error(
                "multiple-actions", "\(construct) has more than one action ('\(actions[0].key)' and '\(actions[1].key)')",
                hint: "a step does one thing; split it into two steps", at: actions[1].keyNode)
            step.action = Action(
                provider: actions[0].key, payload: reader.templateValue(actions[0].value, "\(construct)"),
                location: reader.location(actions[0].keyNode))
        }
        return step
    }

    /// `capture: {name: expression}`.
    static func decodeCaptures(_ node: Node, construct: String, checkReserved: Bool = true, _ reader: inout NodeReader) -> [Capture] {
        guard case .mapping(let mapping) = node else {
            reader.wrongType("'capture' of \(construct)", expected: .mapping, node: node, hint: "write 'name: expression' lines")
            return []
        }
        var captures: [Capture] = []
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            guard let name = reader.string(keyNode, "A capture name") else { continue }
            if !seen.insert(name).inserted {
                reader.error("duplicate-key", "duplicate capture '\(name)' in \(construct)", hint: "remove one of them", at: keyNode)
                continue
            }
            if !isIdentifier(name) {
                reader.error(
                    "invalid-identifier", "capture name '\(name)' is not an identifier",
                    hint: "use letters, digits and '_' (e.g. '\(identifierSuggestion(name))'): expressions read '-' as a minus",
                    at: keyNode)
            } else if checkReserved, StepScope.reservedNames.contains(name) {
                reader.error(
                    "reserved-name", "capture name '\(name)' is reserved",
                    hint: "'\(name)' already means something in expressions; choose another name", at: keyNode)
            }
            if let expression = reader.expression(value, "capture '\(name)' of \(construct)") {
                captures.append(Capture(name: name, expression: expression, location: reader.location(keyNode)))
            }
        }
        return captures
    }

    /// Keys allowed in a check.
    static let checkKeys = ["that", "finding", "message", "evidence"]

    /// `check:` or `verify:`: a list of assertions (a single mapping is accepted as a list of one).
    static func decodeChecks(_ node: Node, construct: String, key: String, _ reader: inout NodeReader) -> [Check] {
        let items: [Node]
        switch node {
        case .sequence(let s): items = Array(s)
        case .mapping: items = [node]
        default:
            reader.wrongType("'\(key)' of \(construct)", expected: .sequence, node: node, hint: "write a list of '- that: ...' items")
            return []
        }
        var checks: [Check] = []
        for (index, item) in items.enumerated() {
            let what = "\(key) \(index + 1) of \(construct)"
            guard let entries = reader.entries(item, of: what, allowed: checkKeys) else { continue }
            var assertion: ExpressionSource? = nil
            var check = Check(assertion: ExpressionSource(text: "", map: SourceMap(start: reader.location(item))), location: reader.location(item))
            for entry in entries {
                switch entry.key {
                case "that": assertion = reader.expression(entry.value, "'that' of \(what)")
                case "finding":
                    if let name = reader.string(entry.value, "'finding' of \(what)") {
                        check.finding = name
                        if !isFindingName(name) {
                            reader.error(
                                "invalid-identifier", "finding name '\(name)' is not a valid name",
                                hint: "use letters, digits, '-' and '_', e.g. 'key-disabled'", at: entry.value)
                        }
                    }
                case "message": check.message = reader.template(entry.value, "'message' of \(what)")
                case "evidence": check.evidence = decodeCaptures(entry.value, construct: what, checkReserved: false, &reader)
                default: break
                }
            }
            if !entries.contains(where: { $0.key == "that" }) {
                reader.error("missing-key", "\(what) has no 'that'", hint: "add 'that: <condition that must hold>'", at: item)
            }
            if key == "check", check.finding == nil, !entries.contains(where: { $0.key == "finding" }) {
                reader.error(
                    "missing-key", "\(what) has no 'finding'",
                    hint: "add 'finding: a-name' for the finding raised when the check fails", at: item)
            }
            if let assertion {
                check.assertion = assertion
                checks.append(check)
            }
        }
        return checks
    }

    /// Letters, digits, `-`, `_` and `.`, starting with a letter or digit.
    static func isFindingName(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first.isNumber else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    }
}
