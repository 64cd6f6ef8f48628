public import RunbookCore

/// A YAML value that may contain templates: the payload of an action, with positions kept.
///
/// Providers validate their payload from this tree (every key and value knows where it is in the
/// file), and the engine renders it into a ``JSONValue`` before calling the provider.
public indirect enum TemplateValue: Sendable, Hashable {
    /// A scalar with no template: null, boolean, number or string.
    case literal(JSONValue, SourceLocation)
    /// A string with at least one `${{ }}`.
    case template(Template)
    /// A sequence.
    case array([TemplateValue], SourceLocation)
    /// A mapping, keys in file order.
    case object([TemplateMember], SourceLocation)

    /// Where the value starts.
    public var location: SourceLocation {
        switch self {
        case .literal(_, let l), .array(_, let l), .object(_, let l): return l
        case .template(let t): return t.location
        }
    }

    /// The member named `key` of a mapping.
    public subscript(key: String) -> TemplateValue? {
        guard case .object(let members, _) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The members of a mapping, or nil.
    public var members: [TemplateMember]? {
        if case .object(let m, _) = self { return m }
        return nil
    }

    /// The value when it holds no template at all, or nil.
    public var literalValue: JSONValue? {
        switch self {
        case .literal(let v, _): return v
        case .template: return nil
        case .array(let items, _):
            var out: [JSONValue] = []
            for item in items {
                guard let v = item.literalValue else { return nil }
                out.append(v)
            }
            return .array(out)
        case .object(let members, _):
            var out = JSONObject()
            for m in members {
                guard let v = m.value.literalValue else { return nil }
                out[m.key] = v
            }
            return .object(out)
        }
    }

    /// Every template expression in the value, depth first.
    public var expressions: [ExpressionSource] {
        switch self {
        case .literal: return []
        case .template(let t): return t.expressions
        case .array(let items, _): return items.flatMap(\.expressions)
        case .object(let members, _): return members.flatMap(\.value.expressions)
        }
    }

    /// The value written back as JSON, templates shown as `${{ ... }}` strings (for plans).
    public var sourceJSON: JSONValue {
        switch self {
        case .literal(let v, _): return v
        case .template(let t): return .string(t.sourceText)
        case .array(let items, _): return .array(items.map(\.sourceJSON))
        case .object(let members, _): return .object(JSONObject(members.map { ($0.key, $0.value.sourceJSON) }))
        }
    }
}

/// One key of a templated mapping.
public struct TemplateMember: Sendable, Hashable {
    /// The key.
    public var key: String
    /// Where the key is.
    public var keyLocation: SourceLocation
    /// The value.
    public var value: TemplateValue

    /// Creates a member.
    public init(key: String, keyLocation: SourceLocation, value: TemplateValue) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}
