/// A JSON document or fragment, shared by every module of runbook.
///
/// Numbers keep their kind: integers parsed from `1` stay `.integer`, so they print without `.0`,
/// while `1.5` and `1.0` stay `.double`. Equality follows JSON, not Swift: `.integer(1) == .double(1.0)`.
/// Objects keep their key order (see ``JSONObject``), like the aws CLI and `jq`.
public enum JSONValue: Sendable {
    /// The literal `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case integer(Int)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object, keys in insertion order.
    case object(JSONObject)
}

extension JSONValue {
    /// The JMESPath type name of the value: `null`, `boolean`, `number`, `string`, `array`, `object`.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The number as a `Double`, or nil for non-numbers.
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The string payload, or nil.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The array payload, or nil.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The object payload, or nil.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The boolean payload, or nil.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Whether the value is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Whether the value is an array.
    @inlinable public var isArray: Bool {
        if case .array = self { return true }
        return false
    }

    /// Whether the value is a string (without copying it, unlike `stringValue != nil`).
    @inlinable public var isString: Bool {
        if case .string = self { return true }
        return false
    }

    /// Whether the value is an object.
    @inlinable public var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    /// Whether the value is a number (integer or double).
    @inlinable public var isNumber: Bool {
        switch self {
        case .integer, .double: return true
        default: return false
        }
    }

    /// JMESPath truthiness: false, null, empty string, empty array and empty object are false.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        case .integer, .double: return true
        }
    }

    /// The member named `key` of an object, or nil when the value is not an object or lacks the key.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` of an array, or nil.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }
}

extension JSONValue: Equatable {
    /// JSON equality: numbers compare by value (`1 == 1.0`), strings by code point (not Unicode
    /// canonical equivalence, which Swift's `String ==` uses), objects ignore key order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        // One switch per side rather than over a tuple, which would copy (retain) both values.
        switch lhs {
        case .null:
            if case .null = rhs { return true }
        case .bool(let a):
            if case .bool(let b) = rhs { return a == b }
        case .integer(let a):
            if case .integer(let b) = rhs { return a == b }
            if case .double(let b) = rhs { return Double(a) == b }
        case .double(let a):
            if case .double(let b) = rhs { return a == b }
            if case .integer(let b) = rhs { return a == Double(b) }
        case .string(let a):
            if case .string(let b) = rhs { return a.utf8Equals(b) }
        case .array(let a):
            if case .array(let b) = rhs { return a == b }
        case .object(let a):
            if case .object(let b) = rhs { return a == b }
        }
        return false
    }
}

extension JSONValue: Hashable {
    /// Hashes consistently with ``==``: numbers hash by their `Double` value.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .integer(let i): hasher.combine(Double(i))
        case .double(let d): hasher.combine(d)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let o): hasher.combine(o)
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A double.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object, keys in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text.
    public var description: String { JSONSerializer.serialize(self, style: .compact) }
}
