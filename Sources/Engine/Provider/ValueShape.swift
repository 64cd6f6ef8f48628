package import RunbookCore

/// The shape a value must have: the subset of JSON Schema runbook uses to type-check action
/// payloads (`runbook validate`), to describe plugin inputs, and to build the editor schema.
///
/// Read from and written to JSON Schema (`type`, `enum`, `properties`, `required`,
/// `additionalProperties`, `items`, `anyOf`, `description`), so a plugin manifest's input schema
/// and an AWS operation's input shape end up in the same form.
package struct ValueShape: Sendable, Equatable {
    /// What kind of value.
    package indirect enum Kind: Sendable, Equatable {
        /// Anything.
        case any
        /// A string.
        case string
        /// A whole number.
        case integer
        /// Any number.
        case number
        /// `true` or `false`.
        case boolean
        /// A list whose items have this shape.
        case array(ValueShape)
        /// A mapping with these members; `open` allows other keys (of any shape).
        case object([Member], required: [String], open: Bool)
        /// Any of these shapes.
        case anyOf([ValueShape])
    }

    /// One member of an object shape.
    package struct Member: Sendable, Equatable {
        /// The key.
        package var name: String
        /// Its shape.
        package var shape: ValueShape

        /// Creates a member.
        package init(_ name: String, _ shape: ValueShape) {
            self.name = name
            self.shape = shape
        }
    }

    /// The kind.
    package var kind: Kind
    /// What the value is for (editor hover text).
    package var description: String?
    /// The only values accepted, when limited.
    package var allowed: [JSONValue]?

    /// Creates a shape.
    package init(_ kind: Kind, description: String? = nil, allowed: [JSONValue]? = nil) {
        self.kind = kind
        self.description = description
        self.allowed = allowed
    }

    /// Anything.
    package static let any = ValueShape(.any)

    /// A closed object.
    package static func object(
        _ members: [Member], required: [String] = [], open: Bool = false, description: String? = nil
    ) -> ValueShape {
        ValueShape(.object(members, required: required, open: open), description: description)
    }

    /// The member shape of `key` in an object shape (nil when not an object or no such key).
    package func member(_ key: String) -> ValueShape? {
        guard case .object(let members, _, _) = kind else { return nil }
        return members.first { $0.name == key }?.shape
    }

    /// A short name of the shape for messages: `a string`, `a list`, `an object`.
    package var typeName: String {
        switch kind {
        case .any: return "any value"
        case .string: return "a string"
        case .integer: return "an integer"
        case .number: return "a number"
        case .boolean: return "a boolean"
        case .array: return "a list"
        case .object: return "an object"
        case .anyOf(let shapes): return shapes.map(\.typeName).joined(separator: " or ")
        }
    }
}

extension ValueShape {
    /// Reads a JSON Schema (the subset above); unknown keywords are ignored, so any valid schema
    /// reads, possibly more loosely than it says.
    package init(jsonSchema schema: JSONValue) {
        let description = schema["description"]?.stringValue
        let allowed = schema["enum"]?.arrayValue
        if let options = (schema["anyOf"] ?? schema["oneOf"])?.arrayValue {
            self.init(.anyOf(options.map(ValueShape.init(jsonSchema:))), description: description, allowed: allowed)
            return
        }
        let types =
            schema["type"]?.arrayValue?.compactMap(\.stringValue) ?? schema["type"]?.stringValue.map { [$0] } ?? []
        func kind(_ type: String) -> Kind {
            switch type {
            case "string": return .string
            case "integer": return .integer
            case "number": return .number
            case "boolean": return .boolean
            case "array": return .array(schema["items"].map(ValueShape.init(jsonSchema:)) ?? .any)
            case "object":
                let properties = schema["properties"]?.objectValue ?? JSONObject()
                let members = properties.members.map { Member($0.key, ValueShape(jsonSchema: $0.value)) }
                let open = schema["additionalProperties"].map { $0 != .bool(false) } ?? true
                return .object(
                    members, required: schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [], open: open)
            default: return .any
            }
        }
        switch types.count {
        case 0:
            self.init(schema["properties"] != nil ? kind("object") : .any, description: description, allowed: allowed)
        case 1: self.init(kind(types[0]), description: description, allowed: allowed)
        default: self.init(.anyOf(types.map { ValueShape(kind($0)) }), description: description, allowed: allowed)
        }
    }

    /// The shape as JSON Schema (draft-07 keywords).
    package var jsonSchema: JSONValue {
        var o = JSONObject()
        switch kind {
        case .any: break
        case .string: o["type"] = "string"
        case .integer: o["type"] = "integer"
        case .number: o["type"] = "number"
        case .boolean: o["type"] = "boolean"
        case .array(let items):
            o["type"] = "array"
            if items.kind != .any || items.description != nil { o["items"] = items.jsonSchema }
        case .object(let members, let required, let open):
            o["type"] = "object"
            o["properties"] = .object(JSONObject(members.map { ($0.name, $0.shape.jsonSchema) }))
            if !required.isEmpty { o["required"] = .array(required.map(JSONValue.string)) }
            if !open { o["additionalProperties"] = false }
        case .anyOf(let shapes): o["anyOf"] = .array(shapes.map(\.jsonSchema))
        }
        if let allowed { o["enum"] = .array(allowed) }
        if let description { o["description"] = .string(description) }
        return .object(o)
    }
}
