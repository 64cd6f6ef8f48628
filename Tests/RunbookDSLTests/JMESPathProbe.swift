import JMESPath

/// Compiles an expression the way the validator does (to read the engine's own error messages).
enum JMESPathProbe {
    static func compile(_ text: String) throws(JMESPathError) -> JMESPathExpression {
        try JMESPathExpression.compile(text, dialect: .extended)
    }
}
