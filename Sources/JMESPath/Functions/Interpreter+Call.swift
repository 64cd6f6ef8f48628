import RunbookCore

extension Interpreter {
    /// Type-checks the arguments against the function's signature (`sig`, looked up once when the
    /// expression was compiled), then runs it.
    mutating func call(
        _ function: Function, _ sig: Function.Signature, _ args: consuming [Argument], offset: Int
    ) throws(JMESPathError) -> JSONValue {
        for i in 0..<args.count {
            let arg = args[i]
            let type = sig.parameters[min(i, sig.parameters.count - 1)]
            guard type.accepts(arg) else {
                let got: String
                switch arg {
                case .expression: got = "an expression reference"
                case .value(let v): got = v.typeName
                }
                throw error(
                    .invalidType,
                    "\(function.rawValue)() expects argument \(i + 1) to be \(type.name), got \(got)", at: offset)
            }
        }
        switch function {
        case .abs, .ceil, .floor, .avg, .sum: return try math(function, args, offset: offset)
        case .contains, .endsWith, .startsWith, .join, .length, .reverse:
            return try text(function, args, offset: offset)
        case .lower, .upper, .replace, .split, .trim, .trimLeft, .trimRight, .padLeft, .padRight, .findFirst, .findLast:
            return try strings(function, args, offset: offset)
        case .keys, .values, .merge, .items, .fromItems, .zip, .notNull, .type:
            return try collections(function, args, offset: offset)
        case .max, .min, .sort, .maxBy, .minBy, .sortBy, .groupBy, .map:
            return try ordering(function, consume args, offset: offset)  // handed over: see `permuted`
        case .toArray, .toNumber, .toString, .fromJSON, .toJSON:
            return try conversions(function, args, offset: offset)
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
