import JMESPath
import RunbookCore
import Testing

/// Errors a person can act on: message, the expression, a caret under the offending column, the offset.
@Suite("JMESPath error messages")
struct ErrorMessageTests {
    static func failure(_ text: String, dialect: Dialect = .extended, document: JSONValue = [:]) -> JMESPathError? {
        do {
            _ = try Expression.compile(text, dialect: dialect).search(document)
            return nil
        } catch {
            return error
        }
    }

    @Test("a syntax error points at the offending token")
    func syntaxCaret() throws {
        let error = try #require(Self.failure("foo.[bar"))
        #expect(error.kind == .syntax)
        #expect(error.offset == 8)
        #expect(
            error.description == """
                syntax error: expected ',' or ']' in a multi-select list but found the end of the expression (at column 9)
                  foo.[bar
                          ^
                """)
    }

    @Test(
        "messages pinned word for word",
        arguments: [
            ("a.", 2, "syntax error: expected a name, '*', '[' or '{' after '.', but found the end of the expression"),
            ("a[?b==]", 6, "syntax error: unexpected ']'"),
            ("a = b", 2, "syntax error: unexpected '='"),
            ("foo(@)", 0, "unknown function: unknown function 'foo()'"),
            ("lenght(@)", 0, "unknown function: unknown function 'lenght()'; did you mean 'length'?"),
            ("length(@, @)", 0, "invalid arity: length() takes 1 argument but was given 2"),
            ("sort_by(@)", 0, "invalid arity: sort_by() takes 2 arguments but was given 1"),
            (
                "length(`1`)", 0,
                "invalid type: length() expects argument 1 to be a string, an array or an object, got number"
            ),
            ("a[1:2:0]", 2, "invalid value: a slice step cannot be 0"),
            ("'unterminated", 0, "syntax error: unterminated raw string: add the closing '"),
            (
                "`\"open`", 0,
                "syntax error: invalid JSON literal `\"open`; quote strings inside backticks, e.g. `\"text\"`"
            ),
            ("\"x\"(@)", 0, "syntax error: a function name cannot be quoted; write x(...) without quotes"),
            ("a ^ b", 2, "syntax error: unexpected character '^'"),
            ("[a b]", 3, "syntax error: expected ',' or ']' in a multi-select list but found identifier 'b'"),
            ("[a, b c]", 6, "syntax error: expected ',' or ']' in a multi-select list but found identifier 'c'"),
            ("[a, b", 5, "syntax error: expected ',' or ']' in a multi-select list but found the end of the expression"),
            ("[a, b,]", 6, "syntax error: unexpected ']'"),
            ("sum([a, b] c)", 11, "syntax error: expected ',' or ')' in the arguments of sum() but found identifier 'c'"),
            ("{a: b c}", 6, "syntax error: expected ',' or '}' in a multi-select hash but found identifier 'c'"),
            ("{a: b, }", 7, "syntax error: expected a key name in a multi-select hash but found '}'"),
            ("{a: b", 5, "syntax error: expected ',' or '}' in a multi-select hash but found the end of the expression"),
            ("{a: b, c: d e}", 12, "syntax error: expected ',' or '}' in a multi-select hash but found identifier 'e'"),
            ("sum2(@)", 0, "unknown function: unknown function 'sum2()'; did you mean 'sum'?"),
            ("abcdefghijklmnopqrstu(@)", 0, "unknown function: unknown function 'abcdefghijklmnopqrstu()'"),
            ("Sum(@)", 0, "unknown function: unknown function 'Sum()'; did you mean 'sum'?"),
        ])
    func pinned(expression: String, offset: Int, message: String) throws {
        let error = try #require(Self.failure(expression), "\(expression) should fail")
        #expect(error.offset == offset, "\(expression)")
        #expect(error.description.hasPrefix(message), "\(expression): \(error.description)")
        #expect(error.expression == expression)
    }

    @Test("offsets count characters, so a caret lines up after non-ASCII text")
    func unicodeOffsets() throws {
        let error = try #require(Self.failure("\"héllo\".[x"))
        #expect(error.offset == 10)
    }
}
