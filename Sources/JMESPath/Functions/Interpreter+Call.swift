import RunbookCore

extension Interpreter {
    /// Type-checks the arguments against the function's signature (`sig`, looked up once when the
    /// expression was compiled), then runs it.
    mutating func call(
        _ function: Function, _ sig: Function.Signature, _ args: consuming [Argument], offset: Int
    ) throws(JMESPathError) -> JSONValue {
        for i in 0..<args.count {
            try check(args[i], against: sig.parameters[min(i, sig.parameters.count - 1)], argument: i, of: function, offset)
        }
        return try run(function, args, offset: offset)
    }

    /// `call` with the one argument `value` (arity checked when the expression was compiled): the
    /// functions of one value run without an argument array; the others are handed one.
    mutating func call(
        _ function: Function, _ sig: Function.Signature, only value: JSONValue, offset: Int
    ) throws(JMESPathError) -> JSONValue {
        try check(.value(value), against: sig.parameters[0], argument: 0, of: function, offset)
        switch function {
        case .abs, .ceil, .floor, .avg, .sum: return math(function, value)
        case .toArray, .toNumber, .toString, .fromJSON, .toJSON: return try conversions(function, value, offset: offset)
        case .length: return length(of: value)
        case .type: return .string(value.typeName)
        default: return try run(function, [.value(value)], offset: offset)
        }
    }

    /// Throws the invalid-type error when argument `index` (from 0) does not have `type`.
    private func check(
        _ arg: Argument, against type: ArgumentType, argument index: Int, of function: Function, _ offset: Int
    ) throws(JMESPathError) {
        guard !type.accepts(arg) else { return }
        let got: String
        switch arg {
        case .expression: got = "an expression reference"
        case .value(let v): got = v.typeName
        }
        throw error(
            .invalidType, "\(function.rawValue)() expects argument \(index + 1) to be \(type.name), got \(got)",
            at: offset)
    }

    /// Runs `function` on arguments that passed the type check.
    private mutating func run(_ function: Function, _ args: consuming [Argument], offset: Int) throws(JMESPathError)
        -> JSONValue
    {
        switch function {
        case .abs, .ceil, .floor, .avg, .sum: return math(function, args[0].value)
        case .contains, .endsWith, .startsWith, .join, .length, .reverse:
            return try text(function, args, offset: offset)
        case .lower, .upper, .replace, .split, .trim, .trimLeft, .trimRight, .padLeft, .padRight, .findFirst, .findLast:
            return try strings(function, args, offset: offset)
        case .keys, .values, .merge, .items, .fromItems, .zip, .notNull, .type:
            return try collections(function, args, offset: offset)
        case .max, .min, .sort, .maxBy, .minBy, .sortBy, .groupBy, .map:
            return try ordering(function, consume args, offset: offset)  // handed over: see `permuted`
        case .toArray, .toNumber, .toString, .fromJSON, .toJSON:
            return try conversions(function, args[0].value, offset: offset)
        }
    }

    /// Evaluates an expression reference on `value`.
    mutating func apply(_ reference: Argument, to value: JSONValue) throws(JMESPathError) -> JSONValue {
        guard case .expression(let node) = reference else { return .null }
        return try node.evaluate(value, &self)
    }

    /// A number as the JSON value Python would produce: an integer when it is one and fits.
    func integral(_ d: Double) -> JSONValue {
        if d.rounded() == d, abs(d) < 9.2e18 { return .integer(Int(d)) }
        return .double(d)
    }
}
