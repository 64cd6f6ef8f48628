import JMESPath
import RunbookCore
import TestSupport
import Testing

/// The parser and evaluator never crash or hang: random and mutated expressions, and deep nesting,
/// give results or errors. Seeded, so a failure reproduces.
@Suite("JMESPath robustness")
struct FuzzTests {
    static let alphabet: [String] = [
        "a", "b", "foo", "bar", ".", "*", "[", "]", "[]", "[?", "{", "}", "(", ")", ",", ":", "|", "||", "&&",
        "&", "!", "@", "$", "$x", "==", "!=", "<", "<=", ">", ">=", "=", "+", "-", "/", "//", "%", "0", "1", "-1",
        "2", "'s'", "`1`", "`\"x\"`", "`[1,2]`", "`{\"a\":1}`", "\"q\"", "length", "sort_by", "max_by", "map",
        "let", "in", "to_number", "pad_left", "split", "from_json", "sum", "abs", " ", "`", "'", "\"", "\\",
        "é", "\u{0}", "[-1]", "[::-1]", "[1:2:0]", "[0:9223372036854775807:-9223372036854775808]",
    ]

    static let document: JSONValue = try! JSONParser.parse(
        #"{"a": {"b": [1, 2, {"foo": "x"}], "c": "text"}, "foo": [{"bar": 1}, {"bar": [2, 3]}, null, "s"],"#
            + #" "b": [[1, [2]], -3.5, true, {"a": {"a": "deep"}}], "x": "{\"a\": [1]}"}"#)

    static func run(_ text: String) -> Bool {
        for dialect in [Dialect.strict, .extended] {
            do {
                _ = try Expression.compile(text, dialect: dialect).search(document, variables: ["x": 1])
            } catch {
                // Every error must render (message and caret) without trapping.
                _ = error.description
            }
        }
        return true
    }

    @Test("100,000 random and mutated expressions give results or errors")
    func randomAndMutated() throws {
        var rng = SeededGenerator(seed: 20_261_125)
        var seeds = ComplianceTests.cases.map(\.expression)
        if seeds.isEmpty { seeds = ["a.b[0].foo", "foo[?bar > `1`].bar | [0]", "sort_by(foo, &bar)", "{k: a.c}"] }
        var count = 0
        // Half purely random token strings, half mutations of real expressions.
        for _ in 0..<50_000 {
            var text = ""
            for _ in 0..<(1 + rng.below(12)) { text += Self.alphabet[rng.below(Self.alphabet.count)] }
            _ = Self.run(text)
            count += 1
        }
        for _ in 0..<50_000 {
            var scalars = Array(seeds[rng.below(seeds.count)].unicodeScalars)
            for _ in 0..<(1 + rng.below(3)) {
                let position = scalars.isEmpty ? 0 : rng.below(scalars.count + 1)
                switch rng.below(3) {
                case 0:
                    let insert = Array(Self.alphabet[rng.below(Self.alphabet.count)].unicodeScalars)
                    scalars.insert(contentsOf: insert, at: min(position, scalars.count))
                case 1 where !scalars.isEmpty:
                    scalars.remove(at: min(position, scalars.count - 1))
                default:
                    if !scalars.isEmpty {
                        scalars[min(position, scalars.count - 1)] =
                            Array(Self.alphabet[rng.below(Self.alphabet.count)].unicodeScalars).first ?? "a"
                    }
                }
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            _ = Self.run(String(view))
            count += 1
        }
        #expect(count == 100_000)
    }

    @Test(
        "10,000 levels of nesting are an error, not a stack overflow",
        arguments: [
            ("(", ")"), ("[", "]"), ("{a:", "}"), ("!", ""), ("-", ""), ("&", ""), ("length(", ")"),
            ("a[?", "]"), ("let $x = ", " in $x"),
        ])
    func deepNesting(open: String, close: String) {
        let text = String(repeating: open, count: 10_000) + "a" + String(repeating: close, count: 10_000)
        for dialect in [Dialect.strict, .extended] {
            #expect(throws: JMESPathError.self) { try Expression.compile(text, dialect: dialect) }
        }
    }

    @Test(
        "10,000-long chains are handled without recursion trouble",
        arguments: [".a", "[0]", "|a", "||a", "&&a", "[*]", "[]", "==a", "+a"])
    func longChains(link: String) {
        let text = "a" + String(repeating: link, count: 10_000)
        for dialect in [Dialect.strict, .extended] {
            do {
                _ = try Expression.compile(text, dialect: dialect).search(Self.document)
            } catch {
                #expect(error.kind == .syntax)
            }
        }
    }
}
