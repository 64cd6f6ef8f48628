import JMESPath
package import RunbookCore
package import RunbookDSL

/// A failure to evaluate an expression or template at run time, with where it is written.
package struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    package var message: String
    /// Where the expression is.
    package var location: SourceLocation

    /// `file:line:col: message`.
    package var description: String { "\(location): \(message)" }
}

/// Evaluates runbook expressions and templates with JMESPath, compiling each text once.
///
/// Pure: the same expression over the same document gives the same value, so the state machine
/// can call it without any effect. Context names are also bound as variables (`$params`,
/// `$steps`, ...), which capture expressions (evaluated over the result) use to reach the context.
package struct Evaluator: Sendable {
    private var cache: [String: JMESPathExpression] = [:]

    /// An evaluator with an empty cache.
    package init() {}

    /// The value of `expression` over `document`.
    package mutating func evaluate(
        _ expression: ExpressionSource, over document: JSONValue, variables: [String: JSONValue] = [:]
    ) throws(EvaluationError) -> JSONValue {
        let compiled: JMESPathExpression
        if let cached = cache[expression.text] {
            compiled = cached
        } else {
            do {
                compiled = try JMESPathExpression.compile(expression.text, dialect: .extended)
            } catch {
                throw EvaluationError(message: error.message, location: expression.map.location(at: error.offset))
            }
            cache[expression.text] = compiled
        }
        do {
            return try compiled.search(document, variables: variables)
        } catch {
            throw EvaluationError(
                message: "\(error.message) (in '\(expression.text)')", location: expression.map.location(at: error.offset))
        }
    }

    /// A template's value: the expression's own JSON value for a whole-value template, else text.
    package mutating func render(
        _ template: Template, over document: JSONValue, variables: [String: JSONValue] = [:]
    ) throws(EvaluationError) -> JSONValue {
        if let whole = template.wholeValueExpression { return try evaluate(whole, over: document, variables: variables) }
        var text = ""
        for part in template.parts {
            switch part {
            case .text(let t): text += t
            case .expression(let e): text += Self.text(of: try evaluate(e, over: document, variables: variables))
            }
        }
        return .string(text)
    }

    /// A templated value rendered into JSON.
    package mutating func render(
        _ value: TemplateValue, over document: JSONValue, variables: [String: JSONValue] = [:]
    ) throws(EvaluationError) -> JSONValue {
        switch value {
        case .literal(let v, _): return v
        case .template(let t): return try render(t, over: document, variables: variables)
        case .array(let items, _):
            var out: [JSONValue] = []
            for item in items { out.append(try render(item, over: document, variables: variables)) }
            return .array(out)
        case .object(let members, _):
            var out = JSONObject()
            for m in members { out[m.key] = try render(m.value, over: document, variables: variables) }
            return .object(out)
        }
    }

    /// How a value reads inside text: strings as they are, null as nothing, the rest as JSON.
    package static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .null: return ""
        default: return JSONSerializer.serialize(value, style: .compact)
        }
    }
}
