import RunbookCore

extension Interpreter {
    /// `abs`, `ceil`, `floor`, `avg`, `sum`.
    func math(_ function: Function, _ v: JSONValue) -> JSONValue {
        switch function {
        case .abs:
            if case .integer(let i) = v { return i == Int.min ? .double(-Double(i)) : .integer(Swift.abs(i)) }
            return .double(Swift.abs(v.doubleValue ?? 0))
        case .ceil:
            if case .integer = v { return v }
            return integral((v.doubleValue ?? 0).rounded(.up))
        case .floor:
            if case .integer = v { return v }
            return integral((v.doubleValue ?? 0).rounded(.down))
        case .avg:
            let numbers = v.arrayValue ?? []
            if numbers.isEmpty { return .null }
            return .double(sum(numbers).doubleValue! / Double(numbers.count))
        default:
            return sum(v.arrayValue ?? [])
        }
    }

    /// The sum of numbers: an integer while every term is one and nothing overflows.
    func sum(_ numbers: [JSONValue]) -> JSONValue {
        var intSum = 0
        var doubleSum = 0.0
        var allIntegers = true
        for n in numbers {
            switch n {
            case .integer(let i):
                if allIntegers {
                    let (s, o) = intSum.addingReportingOverflow(i)
                    if o {
                        allIntegers = false
                        doubleSum = Double(intSum) + Double(i)
                    } else {
                        intSum = s
                    }
                } else {
                    doubleSum += Double(i)
                }
            case .double(let d):
                if allIntegers {
                    allIntegers = false
                    doubleSum = Double(intSum)
                }
                doubleSum += d
            default: break
            }
        }
        return allIntegers ? .integer(intSum) : .double(doubleSum)
    }
}
