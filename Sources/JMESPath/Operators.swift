/// Operators shared by the parser and the evaluation nodes.

/// The comparison operators.
enum Comparator: String, Sendable, Equatable {
    case eq = "=="
    case ne = "!="
    case lt = "<"
    case lte = "<="
    case gt = ">"
    case gte = ">="
}

/// The arithmetic operators of the extended dialect.
enum ArithmeticOperator: String, Sendable, Equatable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"
    case integerDivide = "//"
}
