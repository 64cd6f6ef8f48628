import RunbookCore

extension Interpreter {
    /// Arithmetic on numbers (extended dialect). Integers stay integers unless the result overflows
    /// or is fractional; `/` always divides exactly, `//` floors, `%` follows the sign of the divisor
    /// as in Python.
    func arithmetic(_ op: ArithmeticOperator, _ l: JSONValue, _ r: JSONValue, offset: Int) throws(JMESPathError)
        -> JSONValue
    {
        guard let a = l.doubleValue, let b = r.doubleValue else {
            let bad = l.doubleValue == nil ? l : r
            throw error(.invalidType, "'\(op.rawValue)' needs numbers, got \(bad.typeName)", at: offset)
        }
        if case .integer(let x) = l, case .integer(let y) = r {
            switch op {
            case .add:
                let (v, o) = x.addingReportingOverflow(y)
                return o ? .double(a + b) : .integer(v)
            case .subtract:
                let (v, o) = x.subtractingReportingOverflow(y)
                return o ? .double(a - b) : .integer(v)
            case .multiply:
                let (v, o) = x.multipliedReportingOverflow(by: y)
                return o ? .double(a * b) : .integer(v)
            case .divide:
                if y == 0 { throw error(.invalidValue, "division by zero", at: offset) }
                return .double(a / b)
            case .modulo:
                if y == 0 { throw error(.invalidValue, "modulo by zero", at: offset) }
                let m = x % y
                return .integer(m != 0 && (m < 0) != (y < 0) ? m + y : m)
            case .integerDivide:
                if y == 0 { throw error(.invalidValue, "division by zero", at: offset) }
                let q = x / y
                return .integer((x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q)
            }
        }
        switch op {
        case .add: return .double(a + b)
        case .subtract: return .double(a - b)
        case .multiply: return .double(a * b)
        case .divide:
            if b == 0 { throw error(.invalidValue, "division by zero", at: offset) }
            return .double(a / b)
        case .modulo:
            if b == 0 { throw error(.invalidValue, "modulo by zero", at: offset) }
            let m = a.truncatingRemainder(dividingBy: b)
            return .double(m != 0 && (m < 0) != (b < 0) ? m + b : m)
        case .integerDivide:
            if b == 0 { throw error(.invalidValue, "division by zero", at: offset) }
            return .double((a / b).rounded(.down))
        }
    }
}
