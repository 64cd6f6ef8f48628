@testable import JMESPath
import RunbookCore
import Testing

/// The evaluator's shortcuts (in-place name paths, fused `a[].b[]` projections, flattening without
/// copies, `| [n]` on filters, in-place reordering for `sort_by`, introsort) give exactly what the
/// plain rules give, including on the edge cases each shortcut has to step around.
@Suite("JMESPath evaluation shortcuts")
struct EvaluationShortcutTests {
    static let doc: JSONValue = try! JSONParser.parse(
        #"""
        {"a": {"b": {"c": 1, "s": "x"}, "n": null, "list": [1, 2], "str": "abc"},
         "groups": [{"items": [1, 2]}, {"items": 3}, {"other": 1}, {"items": []}, {"items": [[4], 5]}, 7],
         "tags": [{"Key": "team", "Value": "sre"}, {"Key": "Name", "Value": null},
                  {"Key": "Name", "Value": "first"}, {"Key": "Name", "Value": "second"}, "oops"],
         "nested": [[1, [2]], 3, [4]],
         "arns": ["arn:aws:iam::123456789012:role/zeta", "arn:aws:iam::123456789012:role/alpha",
                  "arn:aws:iam::123456789012:role/alpha", "arn:aws:iam::123456789012:role/",
                  "arn:aws:iam::123456789012:role/alphabet-soup-with-a-very-long-tail"],
         "people": [{"n": "d", "k": 2}, {"n": "a", "k": 1}, {"n": "c", "k": 2}, {"n": "b", "k": 1}],
         "odd": {"a b": 1, "A": 2, "k": 3}}
        """#)

    static func eval(_ text: String, on document: JSONValue = doc) throws -> String {
        JSONSerializer.serialize(try Expression.compile(text).search(document), style: .compact)
    }

    @Test(
        "a path of names walks objects and stops at anything else",
        arguments: [
            ("a.b.c", "1"), ("a.b.s", #""x""#), ("a.n.c", "null"), ("a.list.c", "null"), ("a.str.c", "null"),
            ("a.missing.c", "null"), (#"a."b".c"#, "1"), ("a.b.c.d", "null"), ("a.b.c | @", "1"),
            ("a.list[0]", "1"), ("a.b.*", #"[1,"x"]"#), ("a.b.[c, s]", #"[1,"x"]"#), ("a.b.{v: c}", #"{"v":1}"#),
            ("length(a.list)", "2"), ("a.b.c.to_string(@)", #""1""#),
        ])
    func paths(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test("paths of any length keep every name, and a path cut short by a lexing error leaks nothing")
    func longPaths() throws {
        let names = (0..<40).map { "n\($0)" }
        var text = "\"end\""
        for name in names.reversed() { text = "{\"\(name)\": \(text)}" }
        let doc = try JSONParser.parse(text)
        #expect(try Self.eval(names.joined(separator: "."), on: doc) == #""end""#)
        #expect(try Self.eval(names.prefix(5).joined(separator: ".") + ".missing.n6", on: doc) == "null")
        for broken in ["a.b.c.\"open", "a.b.c.d.e.`1", "a.b.'x", "a.b.c.d.e.f.g.h.\"\\u12\""] {
            #expect(throws: JMESPathError.self, "\(broken)") { try Expression.compile(broken) }
        }
    }

    @Test(
        "projections of projections splice arrays, keep scalars and drop nulls, as flatten does",
        arguments: [
            ("groups[].items[]", "[1,2,3,[4],5]"),
            ("groups[].items[] | [*]", "[1,2,3,[4],5]"),
            ("groups[*].items[]", "[1,2,3,[4],5]"),
            ("groups[].items[][]", "[1,2,3,4,5]"),
            ("groups[?items].items[]", "[1,2,3,[4],5]"),
            ("groups[].items", "[[1,2],3,[],[[4],5]]"),
            ("nested[]", "[1,[2],3,4]"),
            ("nested[][]", "[1,2,3,4]"),
            ("a.list[]", "[1,2]"),
            ("a.str[]", "null"),
            ("a.missing[].b[]", "null"),
            ("`[1, null, 2]`[*]", "[1,2]"),
        ])
    func flattening(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test(
        "`| [n]` after a filter picks the nth kept result, skipping nulls",
        arguments: [
            ("tags[?Key == 'Name'].Value | [0]", #""first""#),
            ("tags[?Key == 'Name'].Value | [1]", #""second""#),
            ("tags[?Key == 'Name'].Value | [2]", "null"),
            ("tags[?Key == 'Name'] | [0].Value", "null"),
            ("tags[?Key == 'Name'].Value | [-1]", #""second""#),
            ("tags[?Key == 'nope'].Value | [0]", "null"),
            ("a[?Key == 'Name'].Value | [0]", "null"),
            ("tags[?Key == 'team'] | [0]", #"{"Key":"team","Value":"sre"}"#),
        ])
    func firstMatch(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test(
        "a run of && or || is one node that gives what the nested pairs give, next to other operators",
        arguments: [
            ("a.n && a.b && a.list", "null"), ("a.b && a.list && a.str", #""abc""#),
            ("a.b && a.list && a.missing", "null"), ("a.n || a.missing || a.str", #""abc""#),
            ("a.n || a.missing || a.list[5]", "null"), ("a.b.c && a.n || a.str && a.list", "[1,2]"),
            ("a.n || a.b.c && a.str || a.list", #""abc""#), ("a.n && a.b || a.missing && a.str || a.list", "[1,2]"),
            ("a.b && a.str && a.list | [1]", "2"), ("a.list | a.n || [0] || a.str", "1"),
            ("people[?k == `2` && n && n != 'x' && k].n", #"["d","c"]"#),
            ("people[?n == 'a' || n == 'b' || k == `9`].n", #"["a","b"]"#),
            ("!a.n && !a.missing && a.b.s", "null"), ("!(a.n) && !(a.missing) && a.b.s", #""x""#), ("(a.n || a.b) && (a.missing || a.list) && a.str", #""abc""#),
        ])
    func logicalRuns(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test(
        "a run of && or || gives what its parenthesised pairs give, which stay two-operand nodes",
        arguments: [
            ("a.n && a.b && a.list", "(a.n && a.b) && a.list"), ("a.b && a.list && a.str", "a.b && (a.list && a.str)"),
            ("a.n || a.missing || a.str", "(a.n || a.missing) || a.str"),
            ("a.b || a.n || a.str || a.list", "a.b || (a.n || (a.str || a.list))"),
            ("a.n || a.missing || a.list[5]", "(a.n || a.missing) || a.list[5]"),
        ])
    func logicalRunsAssociate(_ run: String, _ nested: String) throws {
        #expect(try Self.eval(run) == Self.eval(nested), "\(run)")
    }

    @Test(
        "an index picks one element wherever it sits: alone, after names and projections, in filters and sort keys",
        arguments: [
            ("a.list[0]", "1"), ("a.list[-1]", "2"), ("a.list[2]", "null"), ("a.list[-3]", "null"), ("a.str[0]", "null"),
            ("nested[0][1][0]", "2"), ("nested[1][0]", "null"), ("groups[].items[0]", "[1,[4]]"),
            ("groups[*].items[-1]", "[2,5]"), ("groups[?items[0] == `1`].items", "[[1,2]]"),
            ("nested[?[0] == `1`]", "[[1,[2]]]"), ("tags[0].Key", #""team""#), ("[tags[0], tags[-1]][].Key", #"["team"]"#),
            ("groups[0].items[1]", "2"), ("sort_by(people, &[n][0])[].n", #"["a","b","c","d"]"#),
            ("people[].[n][0]", #"["d"]"#), ("nested[][0]", "[2]"), ("tags[?Key == 'Name'] | [1].Value", #""first""#),
            ("a.list | [-1]", "2"),
        ])
    func indexes(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test(
        "a two-item multi-select list gives what longer ones give: null on null, in projections, as an argument",
        arguments: [
            ("[a.b.c, a.b.s]", #"[1,"x"]"#), ("a.n.[c, s]", "null"), ("a.b.[c, missing]", "[1,null]"),
            ("people[].[n, k]", #"[["d",2],["a",1],["c",2],["b",1]]"#), ("people[*].[k, n] | [1]", #"[1,"a"]"#),
            ("people[?k == `1`].[n, k]", #"[["a",1],["b",1]]"#), ("[[a.b.c, a.b.s], [a.list, a.n]]", #"[[1,"x"],[[1,2],null]]"#),
            ("sum([a.b.c, `2`])", "3"), ("max([a.b.c, `5`])", "5"), ("[a.b.c]", "[1]"),
            ("[a.b.c, a.b.s, a.list]", #"[1,"x",[1,2]]"#), ("people[].[n, to_string(k)]", #"[["d","2"],["a","1"],["c","2"],["b","1"]]"#),
        ])
    func pairLists(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test(
        "a multi-select of plain names looks each one up in place, and mixes with other items in any order",
        arguments: [
            ("a.b.[c, missing, s]", #"[1,null,"x"]"#), ("a.str.[c, s]", "[null,null]"), ("a.list.[c, s]", "[null,null]"),
            ("a.n.[c, s]", "null"), ("a.b.[c, c, c]", "[1,1,1]"),
            ("groups[].[items, other]", "[[[1,2],null],[3,null],[null,1],[[],null],[[[4],5],null],[null,null]]"),
            ("groups[*].[other, items] | [2]", "[1,null]"), (#"odd.["a b", "\u0041", k]"#, "[1,2,3]"),
            (#"odd.["A"]"#, "[2]"), ("people[].[n]", #"[["d"],["a"],["c"],["b"]]"#),
            ("people[].[n, k, length(n)]", #"[["d",2,1],["a",1,1],["c",2,1],["b",1,1]]"#),
            ("people[].[n, k, n.x, k]", #"[["d",2,null,2],["a",1,null,1],["c",2,null,2],["b",1,null,1]]"#),
            ("people[].[k.x, n, k]", #"[[null,"d",2],[null,"a",1],[null,"c",2],[null,"b",1]]"#),
            ("people[?k == `2`].[k, n]", #"[[2,"d"],[2,"c"]]"#), ("[a.n, people[0].n, a.b.c]", #"[null,"d",1]"#),
            ("a.[b, n, list, str, missing]", #"[{"c":1,"s":"x"},null,[1,2],"abc",null]"#),
        ])
    func nameLists(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test(
        "a multi-select hash of plain names looks each one up in place; repeats and other values keep the plain rules",
        arguments: [
            ("a.b.{x: c, y: s, z: missing}", #"{"x":1,"y":"x","z":null}"#), ("a.str.{x: c}", #"{"x":null}"#),
            ("a.n.{x: c}", "null"),
            ("people[].{name: n, key: k}", #"[{"name":"d","key":2},{"name":"a","key":1},{"name":"c","key":2},{"name":"b","key":1}]"#),
            ("people[?k == `1`].{K: k}", #"[{"K":1},{"K":1}]"#),
            ("groups[].{i: items, o: other}", #"[{"i":[1,2],"o":null},{"i":3,"o":null},{"i":null,"o":1},{"i":[],"o":null},{"i":[[4],5],"o":null},{"i":null,"o":null}]"#),
            (#"odd.{"q r": "a b", "\u0041": k}"#, #"{"q r":1,"A":3}"#), ("a.b.{x: c, x: s}", #"{"x":"x"}"#),
            ("a.b.{x: c, y: s, x: s}", #"{"x":"x","y":"x"}"#), ("a.b.{x: c, y: length(s), z: s}", #"{"x":1,"y":1,"z":"x"}"#),
            ("a.b.{x: length(s), y: c}", #"{"x":1,"y":1}"#), ("a.b.{x: c, x: length(s)}", #"{"x":1}"#),
            ("a.b.{x: length(s), x: c}", #"{"x":1}"#),
            ("people[].{n: n, l: length(n), k: k}", #"[{"n":"d","l":1,"k":2},{"n":"a","l":1,"k":1},{"n":"c","l":1,"k":2},{"n":"b","l":1,"k":1}]"#),
        ])
    func nameHashes(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test(
        "a one-argument call in a projection reads each element where it is stored",
        arguments: [
            ("people[].length(n)", "[1,1,1,1]"), ("people[*].to_string(k)", #"["2","1","2","1"]"#),
            ("people[?k == `1`].type(n)", #"["string","string"]"#), ("groups[].to_array(items)", "[[1,2],[3],[null],[],[[4],5],[null]]"),
            ("groups[].not_null(items)", "[[1,2],3,[],[[4],5]]"), ("people[].sum([k, k])", "[4,2,4,2]"),
            ("people[].abs(k)", "[2,1,2,1]"), ("people[].length(@)", "[2,2,2,2]"),
        ])
    func callsInProjections(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test("an error in the second item of a two-item list is the list's error, in or out of a projection")
    func pairListErrors() throws {
        for expression in [
            "[a.b.c, length(a.b.c)]", "people[].[n, length(k)]", "groups[].[items[0], length(items)]",
            "groups[].length(items)", "groups[].keys(@)",
        ] {
            #expect(throws: JMESPathError.self, "\(expression)") { try Self.eval(expression) }
        }
    }

    @Test("functions are found by name, however long or unusual the name")
    func functionNames() throws {
        #expect(try Self.eval("starts_with(a.b.s, 'x')") == "true")
        #expect(try Self.eval("to_number('12')") == "12")
        #expect(try Self.eval("not_null(a.n, a.b.c)") == "1")
        #expect(try Self.eval("min([`3`, `1`])") == "1")
        #expect(try Self.eval("map(&k, people)") == "[2,1,2,1]")
        for unknown in ["sum2(@)", "abcdefghijklmnopqrstuvwxyz(@)", "to_numbers(@)", "Sum(@)", "s(@)", "_sum(@)"] {
            #expect(throws: JMESPathError.self, "\(unknown)") { try Expression.compile(unknown) }
        }
        #expect(throws: JMESPathError.self) { try Expression.compile("lower('A')", dialect: .strict) }
        #expect(try Self.eval("lower('A')") == #""a""#)
    }

    @Test("sort_by reads a key picked by an index where it is stored")
    func sortByIndexedKey() throws {
        let doc = try JSONParser.parse(#"{"nested": [[1, [2]], [7], [4], [9, 0]]}"#)
        #expect(try Self.eval("sort_by(nested[1:], &[0])", on: doc) == "[[4],[7],[9,0]]")
        #expect(throws: JMESPathError.self) { try Self.eval("sort_by(nested, &[1])", on: doc) }
    }

    @Test("sort_by and sort order keys by code point, stably, whatever prefix the keys share")
    func sortingSharedPrefixes() throws {
        #expect(
            try Self.eval("sort(arns)")
                == #"["arn:aws:iam::123456789012:role/","arn:aws:iam::123456789012:role/alpha","#
                + #""arn:aws:iam::123456789012:role/alpha","arn:aws:iam::123456789012:role/alphabet-soup-with-a-very-long-tail","#
                + #""arn:aws:iam::123456789012:role/zeta"]"#)
        #expect(try Self.eval("sort_by(people, &k)[].n") == #"["a","b","d","c"]"#)
        #expect(try Self.eval("sort_by(people, &n)[].k") == "[1,1,2,2]")
        #expect(try Self.eval("sort_by(people[], &k)[].n") == #"["a","b","d","c"]"#)
    }

    @Test("sorting reorders a copy: the document and earlier results are never changed")
    func sortingNeverMutatesTheDocument() throws {
        let before = JSONSerializer.serialize(Self.doc, style: .compact)
        let people = try Expression.compile("people").search(Self.doc)
        _ = try Self.eval("sort_by(people, &n)")
        _ = try Self.eval("sort_by(@, &k)", on: people)
        _ = try Self.eval("sort(arns)")
        #expect(JSONSerializer.serialize(Self.doc, style: .compact) == before)
        #expect(try Self.eval("[*].n", on: people) == #"["d","a","c","b"]"#)
    }

    @Test("a multi-select that fails half-way throws its error and leaks nothing half-built")
    func multiSelectFailure() throws {
        #expect(throws: JMESPathError.self) { try Self.eval("{x: a.b.c, y: abs(a.b.s), z: a}") }
        #expect(try Self.eval("{x: a.b.c, y: a.b.s}") == #"{"x":1,"y":"x"}"#)
    }

    @Test("pipelines, paths and first-match filters report the names they read from the document")
    func references() throws {
        #expect(try Expression.compile("a.b.c | d.e").documentPaths == [["a", "b", "c"]])
        #expect(try Expression.compile("a.b | c | d").documentPaths == [["a", "b"]])
        #expect(try Expression.compile("x[?y].z | [0]").documentPaths == [["x"]])
        #expect(try Expression.compile("length(a.b) > `1` && c").documentPaths == [["a", "b"], ["c"]])
        #expect(try Expression.compile("[a, b, c]").documentPaths == [["a"], ["b"], ["c"]])
        #expect(try Expression.compile("[a, b.c, d]").documentPaths == [["a"], ["b", "c"], ["d"]])
        #expect(try Expression.compile("x[].[a, b]").documentPaths == [["x"]])
        #expect(try Expression.compile("{p: a, q: b}").documentPaths == [["a"], ["b"]])
        #expect(try Expression.compile("{p: a, q: b.c}").documentPaths == [["a"], ["b", "c"]])
    }

    @Test("tasks sharing compiled expressions each get their own answer while they move the position hints")
    func sharedExpressionsAcrossTasks() async throws {
        let texts = [
            "a.b.c", "items[].v[]", "items[?k == 'x'].v | [0]", "sort_by(items, &k)[].v[0]", "{p: a.b.c, q: items[1].k}",
            "sort_by(items[], &k)[].v", "items[].v[][?@ > `0`]", "items[].[k, v, missing]", "a.[x, b]", "items[].{key: k, value: v}",
        ]
        let shared = try texts.map { try Expression.compile($0) }
        // Each task's objects list their keys in another order, so every task rewrites the hints.
        @Sendable func document(_ t: Int) -> JSONValue {
            let pad = (0..<(t % 4)).map { ("pad\($0)", JSONValue.integer($0)) }
            let b = JSONValue.object(JSONObject(pad + [("c", .integer(t))]))
            let a = JSONValue.object(JSONObject(t % 2 == 0 ? [("x", .integer(1)), ("b", b)] : [("b", b), ("x", .integer(1))]))
            let items: [JSONValue] = (0..<3).map { i in
                let k = JSONValue.string(["y", "x", "z"][(i + t) % 3])
                let v = JSONValue.array([.integer(t * 10 + i)])
                return .object(JSONObject(t % 3 == 0 ? [("k", k), ("v", v)] : [("v", v), ("k", k)]))
            }
            return .object(JSONObject(t % 2 == 0 ? [("a", a), ("items", .array(items))] : [("items", .array(items)), ("a", a)]))
        }
        let expected = try (0..<8).map { t in
            try texts.map { JSONSerializer.serialize(try Expression.compile($0).search(document(t)), style: .compact) }
        }
        try await withThrowingTaskGroup(of: [String].self) { group in
            for t in 0..<8 {
                group.addTask {
                    var mismatches: [String] = []
                    for _ in 0..<300 {
                        for (i, expression) in shared.enumerated() {
                            let got = JSONSerializer.serialize(try expression.search(document(t)), style: .compact)
                            if got != expected[t][i] { mismatches.append("task \(t): \(texts[i]) gave \(got)") }
                        }
                    }
                    return mismatches
                }
            }
            for try await mismatches in group { #expect(mismatches.isEmpty, "\(mismatches.prefix(3))") }
        }
    }

    @Test("introsort orders any input like the standard library does, including long runs and reversals")
    func introsortMatchesTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        let shapes: [(Int) -> [Int]] = [
            { n in (0..<n).map { _ in Int.random(in: 0..<50, using: &generator) } },
            { n in Array(0..<n) },
            { n in Array((0..<n).reversed()) },
            { n in (0..<n).map { $0 % 7 } },
            { n in Array(repeating: 3, count: n) },
        ]
        for n in [0, 1, 2, 3, 16, 17, 100, 1_000, 5_000] {
            for shape in shapes {
                // Ties broken by position make the order total, as the sort functions do.
                var pairs = shape(n).enumerated().map { ($0.element, $0.offset) }
                let expected = pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                TotalOrderSort.sort(&pairs) { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                #expect(pairs.map(\.1) == expected.map(\.1), "n = \(n)")
            }
        }
    }
}
