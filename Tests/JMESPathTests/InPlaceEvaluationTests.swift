import JMESPath
import RunbookCore
import TestSupport
import Testing

/// Lists built from the document (projections, flattens, filters, `sort_by`) are read in place
/// when another projection, filter or sort consumes them: their elements are never copied out.
/// These tests pin that the answers are exactly the plain rules' answers, on the edge cases of
/// each step and against the reference implementation on generated documents.
@Suite("JMESPath lists read in place")
struct InPlaceEvaluationTests {
    static let doc: JSONValue = try! JSONParser.parse(
        #"""
        {"r": [{"i": [{"id": "i-3", "t": "2026-03-01T10:00:00+00:00", "n": 3, "tags": ["x", "y"]},
                      {"id": "i-1", "t": "2026-01-01T10:00:00+00:00", "n": 1, "tags": []}]},
               {"i": []},
               {"other": true},
               {"i": [{"id": "i-2", "t": "2026-02-01T10:00:00+00:00", "n": 2},
                      {"t": "2026-01-15T10:00:00+00:00", "n": 1.5, "tags": ["z"]}]}],
         "odd": [{"i": "not a list"}, {"i": [[{"id": "i-9", "n": 9}], {"id": "i-8", "n": 8}]}, {"i": null}],
         "nested": [[3, [30]], [1], 2, null, [[2]]],
         "mixed": [{"k": 1}, {"k": "a"}],
         "missing": [{"k": 1}, {"j": 2}],
         "ab": [{"s": "ab\u0000"}, {"s": "ab"}, {"s": "a"}, {"s": ""}],
         "long": [{"s": "arn:aws:iam::123456789012:role/service-role/zeta-with-a-long-tail"},
                  {"s": "arn:aws:iam::123456789012:role/service-role/zeta-with-a-long-tai"},
                  {"s": "arn:aws:iam::123456789012:role/service-role/zeta-with-a-long-tail!"},
                  {"s": "arn:aws:iam::123456789012:role/service-role/alpha"}],
         "unicode": [{"s": "é"}, {"s": "z"}, {"s": "😀"}, {"s": "e"}, {"s": "ÿ"}]}
        """#)

    static func eval(_ text: String, on document: JSONValue = doc) throws -> String {
        JSONSerializer.serialize(try Expression.compile(text).search(document), style: .compact)
    }

    @Test(
        "sort_by over built lists, and what projects from it, give the plain answers",
        arguments: [
            (#"sort_by(r[].i[], &t)[].id"#, #"["i-1","i-2","i-3"]"#),
            (#"sort_by(r[].i[], &t)[*].id"#, #"["i-1","i-2","i-3"]"#),
            (#"sort_by(r[].i[], &n)[].n"#, "[1,1.5,2,3]"),
            (#"sort_by(r[].i[], &n)[].tags"#, #"[[],["z"],["x","y"]]"#),
            (#"sort_by(r[].i[], &n)[].tags[]"#, #"["z","x","y"]"#),
            (#"sort_by(r[].i[], &t)[?n > `1`].id"#, #"["i-2","i-3"]"#),
            (#"sort_by(r[].i[], &t)[0].id"#, #""i-1""#),
            (#"sort_by(r[].i[], &t) | [-1].id"#, #""i-3""#),
            (#"length(sort_by(r[].i[], &t))"#, "4"),
            (#"sort_by(r[].i[], &to_number(to_string(n)))[].id"#, #"["i-1","i-2","i-3"]"#),
            (#"sort_by(r[].i[?n < `3`][], &t)[].n"#, "[1,1.5,2]"),
            (#"sort_by(nested, &length(to_array(@)))[]"#, "[1,2,[2],3,[30]]"),
            (#"sort_by(odd[].i[], &length(to_array(@)))[]"#, #"["not a list",{"id":"i-9","n":9},{"id":"i-8","n":8}]"#),
            (#"sort_by(`[]`, &a)[].b"#, "[]"),
            (#"sort_by(r[0].i, &t)[].id"#, #"["i-1","i-3"]"#),
        ])
    func sortedProjections(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test(
        "sort_by orders strings by code point, shorter first, whatever prefix they share",
        arguments: [
            (#"sort_by(ab, &s)[].s"#, #"["","a","ab","ab\u0000"]"#),
            (
                #"sort_by(long, &s)[].s"#,
                #"["arn:aws:iam::123456789012:role/service-role/alpha","arn:aws:iam::123456789012:role/service-role/zeta-with-a-long-tai","arn:aws:iam::123456789012:role/service-role/zeta-with-a-long-tail","arn:aws:iam::123456789012:role/service-role/zeta-with-a-long-tail!"]"#
            ),
            (#"sort_by(unicode, &s)[].s"#, #"["e","z","é","ÿ","😀"]"#),
        ])
    func stringOrder(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test(
        "sort_by over a list read in place reports the plain errors",
        arguments: [
            (#"sort_by(r[0], &t)[].id"#, "sort_by() expects argument 1 to be an array, got object"),
            (
                #"sort_by(odd[].i[][], &n)[].id"#,
                "sort_by() expects the key expression to give numbers or strings, got null"
            ),
            (#"sort_by(mixed, &k)[].k"#, "sort_by() keys must all be numbers or all be strings"),
            (#"sort_by(missing, &k)[].k"#, "sort_by() expects the key expression to give numbers or strings, got null"),
            (#"sort_by(r[].i[], &tags)"#, "sort_by() expects the key expression to give numbers or strings, got array"),
            // The projection's first error in sorted order (i-1's id), not in the list's (i-3's tags).
            (#"sort_by(r[].i[], &n)[].abs(tags || id)"#, "got string"),
        ])
    func sortErrors(_ expression: String, _ message: String) throws {
        do {
            _ = try Expression.compile(expression).search(Self.doc)
            Issue.record("\(expression) gave no error")
        } catch {
            #expect(error.kind == .invalidType, "\(expression)")
            #expect(error.message.contains(message), "\(expression): \(error.message)")
        }
    }

    @Test(
        "projections and filters over built lists keep scalars, drop nulls and splice as flatten does",
        arguments: [
            ("r[].i[].id", #"["i-3","i-1","i-2"]"#),
            ("r[].i[].tags[]", #"["x","y","z"]"#),
            ("r[].i[][?n > `1`].id", "[]"),
            ("r[].i[?n > `1`][].id", #"["i-3","i-2"]"#),
            ("odd[].i[]", #"["not a list",[{"id":"i-9","n":9}],{"id":"i-8","n":8}]"#),
            ("odd[].i[][]", #"["not a list",{"id":"i-9","n":9},{"id":"i-8","n":8}]"#),
            ("odd[].i[].id", #"["i-8"]"#),
            ("odd[].i[][].id", #"["i-9","i-8"]"#),
            ("nested[][]", "[3,30,1,2,2]"),
            ("nested[]", "[3,[30],1,2,[2]]"),
            ("missing[].k", "[1]"),
            ("r[].nothing[].x", "[]"),
            ("nothing[].x[].y", "null"),
        ])
    func builtLists(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test(
        "a filter comparing a field with a string literal inside a projection compares in place, as == does",
        arguments: [
            (#"r[].i[?id == 'i-3'].n"#, #"[[3],[],[]]"#),
            (#"r[].i[?id != 'i-3'].n"#, #"[[1],[],[2,1.5]]"#),
            (#"r[*].i[?t == '2026-02-01T10:00:00+00:00'].id"#, #"[[],[],["i-2"]]"#),
            (
                #"[{l: long}, {l: ab}][].l[?s == 'arn:aws:iam::123456789012:role/service-role/zeta-with-a-long-tai'].s"#,
                #"[["arn:aws:iam::123456789012:role/service-role/zeta-with-a-long-tai"],[]]"#
            ),
            (
                #"[{l: long}][].l[?s != 'arn:aws:iam::123456789012:role/service-role/zeta-with-a-long-tail'] | [0][].s"#,
                #"["arn:aws:iam::123456789012:role/service-role/zeta-with-a-long-tai","arn:aws:iam::123456789012:role/service-role/zeta-with-a-long-tail!","arn:aws:iam::123456789012:role/service-role/alpha"]"#
            ),
            (#"[{l: mixed}, {l: missing}][].l[?k == 'a'].k"#, #"[["a"],[]]"#),
            (#"[{l: mixed}, {l: missing}][].l[?k != 'a'].k"#, #"[[1],[1]]"#),
            (#"odd[].i[?id == 'i-8'].n"#, #"[[8]]"#),
            (#"[{l: ab}][].l[?s == 'ab'].s"#, #"[["ab"]]"#),
            (#"r[].i[?nothing == 'x'].id"#, #"[[],[],[]]"#),
            (#"r[].i[?tags == 'x'].id"#, #"[[],[],[]]"#),
            // Code points, not canonical equivalence: "e" + U+0301 is not "é" (U+00E9).
            ("[{l: unicode}][].l[?s == 'e\u{301}'].s", #"[[]]"#),
            ("[{l: unicode}][].l[?s == '\u{E9}'].s", #"[["é"]]"#),
        ])
    func stringFilters(_ expression: String, _ expected: String) throws {
        #expect(try Self.eval(expression) == expected, "\(expression)")
    }

    @Test("names match keys by code points, as the reference does: \"é\" and \"e\\u0301\" are different keys")
    func codePointNames() throws {
        let doc = try JSONParser.parse("{\"\u{E9}\": 1, \"e\u{301}\": 2, \"l\": [{\"\u{E9}\": 3}, {\"e\u{301}\": 4}]}")
        #expect(try Self.eval("\"e\u{301}\"", on: doc) == "2")
        #expect(try Self.eval("\"\u{E9}\"", on: doc) == "1")
        #expect(try Self.eval("l[].\"e\u{301}\"", on: doc) == "[4]")
    }

    @Test("reading in place leaves the document as it was")
    func documentUnchanged() throws {
        let before = JSONSerializer.serialize(Self.doc, style: .compact)
        _ = try Self.eval("sort_by(r[].i[], &t)[].id")
        _ = try Self.eval("sort_by(r[].i[], &t)")
        _ = try Self.eval("r[].i[][?n > `1`].id")
        #expect(JSONSerializer.serialize(Self.doc, style: .compact) == before)
    }

    @Test("a long key is found wherever it sits, whatever order the objects keep their keys in")
    func longKeysAcrossKeyOrders() throws {
        let doc = try JSONParser.parse(
            #"""
            [{"NetworkInterfaceIdentifier": 1, "b": 0}, {"b": 0, "NetworkInterfaceIdentifier": 2},
             {"NetworkInterfaceIdentifie": 9, "NetworkInterfaceIdentifier": 3}, {"x": 1}]
            """#)
        #expect(try Self.eval("[].NetworkInterfaceIdentifier", on: doc) == "[1,2,3]")
        #expect(
            try Self.eval("sort_by([?NetworkInterfaceIdentifier], &NetworkInterfaceIdentifier)[].b", on: doc) == "[0,0]"
        )
    }

    @Test("long keys compare by every byte: same length, same first eight bytes, a difference in the tail")
    func longKeysOfEqualLength() throws {
        let doc = try JSONParser.parse(
            #"""
            [{"PrivateIpAddresX": 1, "PrivateIpAddress": 2, "PrivateIpAddressX": 3},
             {"PrivateIpAddress": 4}, {"PrivateIpAddresY": 5}, {"privateIpAddress": 6}, "x"]
            """#)
        #expect(try Self.eval("[].PrivateIpAddress", on: doc) == "[2,4]")
        #expect(
            try Self.eval("[].{ip: PrivateIpAddress, x: PrivateIpAddressX}", on: doc)
                == #"[{"ip":2,"x":3},{"ip":4,"x":null},{"ip":null,"x":null},{"ip":null,"x":null},{"ip":null,"x":null}]"#)
    }

    @Test("a long key is found in objects large enough to keep a key index")
    func longKeysInIndexedObjects() throws {
        let members = (0..<60).map { "\"NetworkInterfaceKey\($0)\": \($0)" }.joined(separator: ", ")
        let doc = try JSONParser.parse("[{\(members)}, {\"NetworkInterfaceKey7\": \"small\"}]")
        #expect(try Self.eval("[].NetworkInterfaceKey7", on: doc) == #"[7,"small"]"#)
        #expect(try Self.eval("[].NetworkInterfaceKey59", on: doc) == "[59]")
        #expect(try Self.eval("[].NetworkInterfaceKey60", on: doc) == "[]")
    }

    @Test("a first-match filter over a computed list inside a projection applies its left side once")
    func firstMatchOverComputedList() throws {
        // Expected answers from jmespath.py.
        let sorted = try JSONParser.parse(#"[{"items": [{"k": 3}, {"k": 2}, {"k": 1}]}, {"items": []}]"#)
        #expect(
            try Self.eval("[].{v: sort_by(items, &k)[?k > `1`].k | [0], w: sort_by(items, &k)[?k > `1`].k}", on: sorted)
                == #"[{"v":2,"w":[2,3]},{"v":null,"w":[]}]"#)
        let doc = try JSONParser.parse(#"[{"items": [{"k": 3}, {"k": 2}, {"k": 1}]}, {"items": []}, {"other": 1}]"#)
        #expect(
            try Self.eval("[].[items[?k > `1`].k | [1], (items || `[]`)[?k < `3`].k | [0]]", on: doc)
                == "[[2,2],[null,null],[null,null]]")
    }

    @Test("a multi-select and a first-match filter in a projection read each element where it is stored")
    func multiSelectInProjection() throws {
        let doc = try JSONParser.parse(
            #"""
            {"r": [{"i": [{"InstanceId": "i-0123456789abcdef0", "Placement": {"AvailabilityZone": "us-west-2a"},
                           "Tags": [{"Key": "team", "Value": "sre"}, {"Key": "Name", "Value": "node-0"}]},
                          {"InstanceId": "i-1", "Tags": "none"}, null, 7]},
                   {"i": [{"Placement": null, "Tags": [{"Key": "Name"}, {"Key": "Name", "Value": "late"}]}]}]}
            """#)
        #expect(
            try Self.eval(
                "r[].i[].{id: InstanceId, az: Placement.AvailabilityZone, name: Tags[?Key == 'Name'].Value | [0]}",
                on: doc)
                == #"[{"id":"i-0123456789abcdef0","az":"us-west-2a","name":"node-0"},"#
                + #"{"id":"i-1","az":null,"name":null},{"id":null,"az":null,"name":null},"#
                + #"{"id":null,"az":null,"name":"late"}]"#)
        #expect(try Self.eval("r[].i[].Tags[?Key == 'Name'].Value | [1]", on: doc) == #"["late"]"#)
        #expect(
            try Self.eval("r[].i[].[Tags[?Key == 'Name'].Value | [0]]", on: doc)
                == #"[["node-0"],[null],[null],["late"]]"#)
    }

    /// Documents of lists of objects whose sort keys have one type per list, so sorts mostly
    /// succeed, with nulls, missing names, nested lists and strings sharing long prefixes.
    struct Grammar {
        var rng: SeededGenerator

        mutating func pick<T>(_ items: [T]) -> T { items[rng.below(items.count)] }

        /// Strings that filters compare with: short and long (stored inline and on the heap), one
        /// not ASCII, one empty.
        static let literals = ["a0", "ab1", "é2", "arn:aws:ec2:us-west-2:1:i-0-long-tail-of-text", ""]

        mutating func string() -> String {
            if rng.below(3) == 0 { return pick(Self.literals) }
            return pick(["", "a", "ab", "b", "é", "arn:aws:ec2:us-west-2:1:i-", "2026-0"]) + String(rng.below(40))
                + pick(["", "z", "-long-tail-of-text", "\u{0}"])
        }

        /// A string literal that the documents' strings often equal.
        mutating func literal() -> String { pick(Self.literals) }

        mutating func item(stringKeys: Bool) -> JSONValue {
            var o = JSONObject()
            if rng.below(10) > 0 { o["k"] = stringKeys ? .string(string()) : .integer(rng.below(9) - 3) }
            if rng.below(4) > 0 { o["v"] = pick([.integer(rng.below(5)), .string(string()), .null, .bool(true)]) }
            if rng.below(3) == 0 { o["l"] = .array((0..<rng.below(3)).map { _ in item(stringKeys: stringKeys) }) }
            return .object(o)
        }

        mutating func document() -> JSONValue {
            let stringKeys = rng.below(2) == 0
            var groups: [JSONValue] = []
            for _ in 0..<(1 + rng.below(4)) {
                var g = JSONObject()
                g["l"] = .array((0..<rng.below(5)).map { _ in item(stringKeys: stringKeys) })
                groups.append(rng.below(8) == 0 ? .null : .object(g))
            }
            return ["g": .array(groups), "l": .array((0..<rng.below(6)).map { _ in item(stringKeys: stringKeys) })]
        }

        mutating func list() -> String {
            pick(["l", "l[]", "g[].l[]", "g[*].l[*]", "g[].l", "g[].l[].l[]", "l[?k]", "g[].l[?v]", "l[].l[]", "@.l"])
        }

        mutating func expression() -> String {
            let list = list()
            // The right sides include multi-selects (of names, two items, more) and first-match
            // filters (`xs[?c].y | [n]`) inside the projection, over stored and computed lists.
            let right = pick([
                "v", "k", "l", "l[].k", "@", "l[0]", "[k, v]", "[k, v, l]", "[k, l[0]]", "{a: k, b: v}",
                "{f: l[?v].k | [0]}", "{f: sort_by(l, &k)[?v].k | [0]}", "[sort_by(l, &k)[?k].v | [1], k]",
                "[l[?v != '\(literal())'].k | [0], length(l || `[]`)]",
            ])
            switch rng.below(10) {
            case 0: return "sort_by(\(list), &k)"
            case 1: return "sort_by(\(list), &k)[].\(right)"
            case 2: return "sort_by(\(list), &k)[*].\(right)"
            case 3: return "sort_by(\(list), &k)[?v].\(right)"
            case 4: return "\(list)[].\(right)"
            case 5: return "\(list)[?v].\(right)"
            case 6: return "sort_by(\(list), &k)[].l[]"
            case 7: return "max_by(\(list), &k).\(right)"
            case 8: return "g[].l[?k == '\(literal())'].\(right)"
            default: return "\(list)[?v != '\(literal())'].\(right)"
            }
        }
    }

    @Test("generated sorts, projections and filters over built lists agree with the reference implementation")
    func agreeWithReference() throws {
        var grammar = Grammar(rng: SeededGenerator(seed: 7))
        var cases: [(String, JSONValue)] = []
        while cases.count < 3_000 {
            let doc = grammar.document()
            for _ in 0..<5 { cases.append((grammar.expression(), doc)) }
        }
        guard let expected = try ReferenceAnswers.answers(for: cases) else { return }
        var mismatches: [String] = []
        var sorted = 0
        var matched = 0
        var firstMatches = 0
        for ((expr, doc), answer) in zip(cases, expected) {
            let ours = ReferenceAnswers.ours(expr, doc)
            if ours != answer { mismatches.append("\(expr) over \(doc): ours \(ours), reference \(answer)") }
            if expr.hasPrefix("sort_by"), answer["result"]?.arrayValue?.count ?? 0 > 1 { sorted += 1 }
            if expr.contains("== '"), answer["result"]?.arrayValue?.contains(where: { $0.arrayValue?.isEmpty == false }) == true {
                matched += 1
            }
            if expr.contains("| ["), Self.hasNonNullLeaf(answer["result"]) { firstMatches += 1 }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
        // The grammar must actually exercise sorting of more than one element, and string filters
        // that keep something.
        #expect(sorted > 200, "only \(sorted) sorts of two or more elements")
        #expect(matched > 10, "only \(matched) string filters kept an element")
        #expect(firstMatches > 60, "only \(firstMatches) first-match filters inside projections found something")
    }

    /// Whether `value` holds, at any depth, something other than null, an empty list or object.
    static func hasNonNullLeaf(_ value: JSONValue?) -> Bool {
        switch value {
        case .none, .null?: return false
        case .array(let items)?: return items.contains { hasNonNullLeaf($0) }
        case .object(let members)?: return members.values.contains { hasNonNullLeaf($0) }
        default: return true
        }
    }
}
