import Foundation
import JMESPath
import RunbookCore
internal import Yams

extension NodeReader {
    /// Where each character of a scalar's decoded text sits in the file.
    func sourceMap(_ node: Node) -> SourceMap {
        let start = location(node)
        guard case .scalar(let scalar) = node else { return SourceMap(start: start) }
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            var l = start
            l.column += 1
            return SourceMap(start: l)
        case .literal, .folded:
            return blockMap(indicatorLine: start.line) ?? SourceMap(start: start)
        default:
            return SourceMap(start: start)
        }
    }

    /// Maps a block scalar whose `|` or `>` sits on `indicatorLine` (1-based).
    private func blockMap(indicatorLine: Int) -> SourceMap? {
        var index = indicatorLine  // 0-based index of the first content line
        var indent: Int? = nil
        var segments: [SourceMap.Segment] = []
        var offset = 0
        while index < lines.count {
            let line = lines[index]
            let leading = line.prefix { $0 == " " }.count
            let blank = line.allSatisfy { $0 == " " }
            if !blank {
                if indent == nil { indent = leading }
                if leading < indent! { break }
            }
            let column = (indent ?? leading) + 1
            segments.append(.init(offset: offset, location: SourceLocation(file: file, line: index + 1, column: column)))
            offset += blank ? 1 : line.count - (indent ?? 0) + 1
            index += 1
        }
        return segments.isEmpty ? nil : SourceMap(segments: segments)
    }

    /// A JMESPath expression written bare (`status == 'ACTIVE'`) or as one `${{ }}`; compiled to
    /// report syntax errors at their position in the file.
    mutating func expression(_ node: Node, _ what: String) -> ExpressionSource? {
        if node.kind == .boolean, case .scalar(let s) = node {
            return ExpressionSource(text: "`\(s.string.lowercased())`", map: sourceMap(node))
        }
        guard case .scalar(let scalar) = node, node.kind != .null else {
            wrongType(what, expected: .string, node: node, hint: "write a JMESPath expression, e.g. status == 'ACTIVE'")
            return nil
        }
        let map = sourceMap(node)
        var source = ExpressionSource(text: scalar.string, map: map)
        if TemplateParser.containsTemplate(scalar.string) {
            guard let template = parseTemplate(scalar.string, map: map, what) else { return nil }
            guard let whole = template.wholeValueExpression else {
                error(
                    "mixed-template", "\(what) must be a single expression, not text with templates",
                    hint: "write the expression alone, without '${{ }}' around its parts", at: node)
                return nil
            }
            source = whole
        }
        guard !source.text.trimmingCharacters(in: .whitespaces).isEmpty else {
            error("empty-expression", "\(what) is empty", hint: "write a JMESPath expression", at: node)
            return nil
        }
        return compile(source, what) ? source : nil
    }

    /// Compiles an expression, recording a syntax error at its position; returns whether it compiled.
    @discardableResult
    mutating func compile(_ source: ExpressionSource, _ what: String) -> Bool {
        do {
            _ = try JMESPathExpression.compile(source.text, dialect: .extended)
            return true
        } catch {
            diagnostics.append(
                Diagnostic(
                    code: "expression-syntax", message: "invalid expression in \(what): \(error.message)",
                    hint: "see https://jmespath.org for the syntax; quote names with '-' as \"name-with-dash\"",
                    location: source.map.location(at: error.offset)))
            return false
        }
    }

    /// Splits a string into a template; records unclosed `${{` and bad expressions.
    mutating func parseTemplate(_ text: String, map: SourceMap, _ what: String) -> Template? {
        do {
            let template = try TemplateParser.parse(text, map: map)
            var ok = true
            for expression in template.expressions {
                if expression.text.isEmpty {
                    error("empty-expression", "empty template '${{ }}' in \(what)", hint: "put an expression between '${{' and '}}'", at: expression.location)
                    ok = false
                } else if !compile(expression, what) {
                    ok = false
                }
            }
            return ok ? template : nil
        } catch {
            self.error(
                "unclosed-template", "'${{' in \(what) is never closed",
                hint: "close the template with '}}', or write '$${{' for a literal '${{'",
                at: map.location(at: error.offset))
            return nil
        }
    }

    /// A string that may hold templates (`message`, action fields).
    mutating func template(_ node: Node, _ what: String) -> Template? {
        guard case .scalar(let scalar) = node, node.kind != .null else {
            wrongType(what, expected: .string, node: node)
            return nil
        }
        return parseTemplate(scalar.string, map: sourceMap(node), what)
    }

    /// Any YAML value, with templates parsed in its strings (an action's payload).
    mutating func templateValue(_ node: Node, _ what: String) -> TemplateValue {
        let here = location(node)
        switch node {
        case .scalar(let scalar):
            if node.kind == .string, TemplateParser.containsTemplate(scalar.string),
                let template = parseTemplate(scalar.string, map: sourceMap(node), what)
            {
                return template.isLiteral ? .literal(.string(template.sourceText), here) : .template(template)
            }
            return .literal(json(node), here)
        case .sequence(let sequence):
            return .array(sequence.map { templateValue($0, what) }, here)
        case .mapping(let mapping):
            var members: [TemplateMember] = []
            var seen: Set<String> = []
            for (key, value) in mapping {
                let name = key.string ?? ""
                if !seen.insert(name).inserted {
                    error("duplicate-key", "duplicate key '\(name)' in \(what)", hint: "remove one of them", at: key)
                    continue
                }
                members.append(TemplateMember(key: name, keyLocation: location(key), value: templateValue(value, what)))
            }
            return .object(members, here)
        case .alias:
            return .literal(.null, here)
        }
    }
}
