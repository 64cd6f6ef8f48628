import Foundation
import JMESPath
import RunbookCore
import TestSupport
import Testing

/// The reference implementation's answers (Python's `jmespath` package, strict JMESPath) to
/// expression and document pairs, and ours in the same form, for differential tests.
enum ReferenceAnswers {
    /// Answers each JSON line {"e": expression, "d": document} of its input, in one JSON list.
    static let pythonScript = """
        import json, sys
        try:
            import jmespath
            from jmespath import exceptions as ex
        except ImportError:
            print(json.dumps({"missing": True})); sys.exit(0)
        def kind(e):
            if isinstance(e, (ex.LexerError, ex.ParseError, ex.IncompleteExpressionError, ex.EmptyExpressionError)): return "syntax"
            if isinstance(e, ex.ArityError) or isinstance(e, ex.VariadictArityError): return "invalid-arity"
            if isinstance(e, ex.UnknownFunctionError): return "unknown-function"
            if isinstance(e, ex.JMESPathTypeError): return "invalid-type"
            if isinstance(e, ValueError): return "invalid-value"
            return "other:" + type(e).__name__
        out = []
        for line in sys.stdin:
            case = json.loads(line)
            try:
                out.append({"result": jmespath.search(case["e"], case["d"])})
            except Exception as e:
                out.append({"error": kind(e)})
        print(json.dumps(out))
        """

    /// The reference's answer to each case, `{"result": ...}` or `{"error": kind}`; nil when
    /// python3 is missing (a skip, printed) or its `jmespath` package is (an issue, recorded).
    static func answers(for cases: [(String, JSONValue)]) throws -> [JSONValue]? {
        guard let python = PythonOracle.path else {
            print("skipped: python3 is missing (scripts/test installs it)")
            return nil
        }
        var lines = ""
        for (expression, document) in cases {
            lines += JSONSerializer.serialize(["e": .string(expression), "d": document], style: .compact) + "\n"
        }
        let answers = try JSONParser.parse(try PythonOracle.run(python, pythonScript, input: lines))
        if answers["missing"] == true {
            Issue.record("Python's jmespath is not installed: run `pip install jmespath` (scripts/test does)")
            return nil
        }
        let expected = try #require(answers.arrayValue)
        #expect(expected.count == cases.count)
        return expected
    }

    /// Our answer to `expression` over `document` in strict mode, in the reference's form.
    static func ours(_ expression: String, _ document: JSONValue) -> JSONValue {
        do {
            return ["result": try Expression.compile(expression, dialect: .strict).search(document)]
        } catch {
            return ["error": .string(error.kind.rawValue)]
        }
    }
}
