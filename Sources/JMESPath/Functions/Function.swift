import RunbookCore

/// The built-in functions, resolved by name when an expression is compiled.
enum Function: String, Sendable, Equatable, CaseIterable {
    // The JMESPath specification.
    case abs, avg, ceil, contains, floor, join, keys, length, map, max, merge, min, reverse, sort, sum, type, values
    case endsWith = "ends_with", startsWith = "starts_with", maxBy = "max_by", minBy = "min_by"
    case notNull = "not_null", sortBy = "sort_by", toArray = "to_array", toNumber = "to_number"
    case toString = "to_string"
    // Community-edition and runbook extensions.
    case items, zip, lower, upper, replace, split, trim
    case fromItems = "from_items", groupBy = "group_by", findFirst = "find_first", findLast = "find_last"
    case trimLeft = "trim_left", trimRight = "trim_right", padLeft = "pad_left", padRight = "pad_right"
    case fromJSON = "from_json", toJSON = "to_json"

    /// The function called `name` and its signature, or nil. (The synthesized `init(rawValue:)`
    /// compares the name with each case in turn and a dictionary hashes it; both cost more than
    /// compiling the rest of a typical call. Names are bucketed by first letter and length
    /// instead, one or two per bucket, and compared as two machine words.) The name is given as
    /// UTF-8 bytes (the parser's source text), so no string is made.
    static func named(utf8 name: UnsafeBufferPointer<UInt8>) -> (function: Function, signature: Signature)? {
        guard let bucket = bucket(firstByte: name.first, count: name.count), let words = NameWords(name) else {
            return nil
        }
        for entry in buckets[bucket] where entry.name == words { return (entry.function, entry.signature) }
        return nil
    }

    /// A name of at most 16 bytes packed into two words, zero-padded (every function's name fits).
    private struct NameWords: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count <= 16, let start = bytes.baseAddress else { return nil }
            withUnsafeMutableBytes(of: &self) { $0.baseAddress!.copyMemory(from: start, byteCount: bytes.count) }
        }
    }

    private struct Entry {
        let name: NameWords
        let function: Function
        let signature: Signature
    }

    /// The bucket of names starting with the same lowercase letter and of the same length (15 and
    /// longer share one); nil when the name cannot be a function's.
    private static func bucket(firstByte first: UInt8?, count: Int) -> Int? {
        guard let first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return nil }
        return Int(first - UInt8(ascii: "a")) * 16 + Swift.min(count, 15)
    }

    private static let buckets: [[Entry]] = {
        var table = [[Entry]](repeating: [], count: 26 * 16)
        for function in allCases {
            var name = function.rawValue
            name.withUTF8 { bytes in
                let entry = Entry(name: NameWords(bytes)!, function: function, signature: Signature(function.declaredSignature))
                table[bucket(firstByte: bytes.first, count: bytes.count)!].append(entry)
            }
        }
        return table
    }()

    /// Whether the function is outside the JMESPath specification (unavailable with `--strict`).
    var isExtension: Bool {
        switch self {
        case .items, .zip, .lower, .upper, .replace, .split, .trim, .fromItems, .groupBy, .findFirst, .findLast,
            .trimLeft, .trimRight, .padLeft, .padRight, .fromJSON, .toJSON:
            return true
        default:
            return false
        }
    }

    /// A function's parameter list.
    struct Signature: Sendable {
        let parameters: [ArgumentType]
        let optional: Int
        let variadic: Bool
        init(_ s: (parameters: [ArgumentType], optional: Int, variadic: Bool)) {
            parameters = s.parameters
            optional = s.optional
            variadic = s.variadic
        }
    }

    private var declaredSignature: (parameters: [ArgumentType], optional: Int, variadic: Bool) {
        switch self {
        case .abs, .ceil, .floor: return ([.number], 0, false)
        case .avg, .sum: return ([.arrayOfNumbers], 0, false)
        case .contains: return ([.arrayOrString, .any], 0, false)
        case .endsWith, .startsWith: return ([.string, .string], 0, false)
        case .join: return ([.string, .arrayOfStrings], 0, false)
        case .keys, .values, .items: return ([.object], 0, false)
        case .length: return ([.stringArrayOrObject], 0, false)
        case .map: return ([.expression, .array], 0, false)
        case .max, .min, .sort: return ([.arrayOfNumbersOrStrings], 0, false)
        case .maxBy, .minBy, .sortBy, .groupBy: return ([.array, .expression], 0, false)
        case .merge: return ([.object], 0, true)
        case .notNull: return ([.any], 0, true)
        case .reverse: return ([.arrayOrString], 0, false)
        case .toArray, .toNumber, .toString, .type, .toJSON: return ([.any], 0, false)
        case .zip: return ([.array], 0, true)
        case .fromItems: return ([.array], 0, false)
        case .lower, .upper, .fromJSON: return ([.string], 0, false)
        case .replace: return ([.string, .string, .string, .number], 1, false)
        case .split: return ([.string, .string, .number], 1, false)
        case .trim, .trimLeft, .trimRight: return ([.string, .string], 1, false)
        case .padLeft, .padRight: return ([.string, .number, .string], 1, false)
        case .findFirst, .findLast: return ([.string, .string, .number, .number], 2, false)
        }
    }

    /// Throws `invalid-arity` when `count` arguments do not fit the signature.
    func checkArity(_ count: Int, _ sig: Signature, expression: String, offset: Int) throws(JMESPathError) {
        let required = sig.parameters.count - sig.optional
        let ok = sig.variadic ? count >= required : (count >= required && count <= sig.parameters.count)
        guard !ok else { return }
        let expected: String
        if sig.variadic {
            expected = "at least \(required) argument\(required == 1 ? "" : "s")"
        } else if sig.optional > 0 {
            expected = "\(required) to \(sig.parameters.count) arguments"
        } else {
            expected = "\(required) argument\(required == 1 ? "" : "s")"
        }
        throw JMESPathError(
            kind: .invalidArity, message: "\(rawValue)() takes \(expected) but was given \(count)",
            expression: expression, offset: offset)
    }
}

/// The type a function parameter accepts.
enum ArgumentType: Sendable {
    case any, number, string, array, object, expression
    case arrayOrString, stringArrayOrObject
    case arrayOfNumbers, arrayOfStrings, arrayOfNumbersOrStrings

    /// A word for error messages.
    var name: String {
        switch self {
        case .any: return "any value"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        case .expression: return "an expression reference (&expr)"
        case .arrayOrString: return "an array or a string"
        case .stringArrayOrObject: return "a string, an array or an object"
        case .arrayOfNumbers: return "an array of numbers"
        case .arrayOfStrings: return "an array of strings"
        case .arrayOfNumbersOrStrings: return "an array of numbers or an array of strings"
        }
    }

    /// Whether `value` is acceptable (tested by type tag, never copying strings or arrays out).
    func accepts(_ value: Argument) -> Bool {
        guard case .value(let v) = value else { return self == .expression }
        switch self {
        case .any: return true
        case .expression: return false
        case .number: return v.isNumber
        case .string: return v.isString
        case .array: return v.isArray
        case .object: return v.isObject
        case .arrayOrString: return v.isArray || v.isString
        case .stringArrayOrObject: return v.isArray || v.isString || v.isObject
        case .arrayOfNumbers, .arrayOfStrings, .arrayOfNumbersOrStrings:
            guard case .array(let a) = v else { return false }
            return a.withUnsafeBufferPointer { elements in
                let numbers = self != .arrayOfStrings && elements.allSatisfy(\.isNumber)
                return numbers || (self != .arrayOfNumbers && elements.allSatisfy(\.isString))
            }
        }
    }
}

/// An evaluated function argument: a value, or an unevaluated expression reference.
enum Argument {
    case value(JSONValue)
    case expression(Node)

    var value: JSONValue {
        if case .value(let v) = self { return v }
        return .null
    }
}
