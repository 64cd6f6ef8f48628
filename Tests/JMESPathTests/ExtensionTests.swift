import JMESPath
import RunbookCore
import Testing

/// The "JMESPath-like" extensions runbook authors get on top of the standard, and `--strict`.
@Suite("JMESPath extensions")
struct ExtensionTests {
    static let doc: JSONValue = try! JSONParser.parse(
        #"""
        {"nodegroup": {"status": "DEGRADED", "scalingConfig": {"desiredSize": 1, "maxSize": 3},
         "health": {"issues": [{"code": "AsgInstanceLaunchFailures", "resourceIds": ["eks-ng-1"]}]}},
         "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"root\",\"Effect\":\"Allow\",\"Action\":\"kms:*\"}]}",
         "tags": {"team": "sre", "env": "prod"},
         "people": [{"name": "ana", "team": "sre", "age": 31}, {"name": "bo", "team": "web", "age": 25},
                    {"name": "cy", "team": "sre", "age": 40}]}
        """#)

    static func eval(_ text: String, _ dialect: Dialect = .extended, variables: [String: JSONValue] = [:]) throws
        -> JSONValue
    {
        try Expression.compile(text, dialect: dialect).search(doc, variables: variables)
    }

    @Test(
        "each extension gives the documented result",
        arguments: [
            ("let $ng = nodegroup in $ng.status", #""DEGRADED""#),
            ("let $a = `1`, $b = `2` in [$a, $b]", "[1,2]"),
            ("people[*].[name, let $t = team in $.tags.team == $t]", #"[["ana",true],["bo",false],["cy",true]]"#),
            ("nodegroup.scalingConfig.maxSize - nodegroup.scalingConfig.desiredSize", "2"),
            ("nodegroup.scalingConfig.maxSize * `2` + `1`", "7"),
            ("`7` / `2`", "3.5"),
            ("`7` // `2`", "3"),
            ("`-7` % `3`", "2"),
            ("-nodegroup.scalingConfig.maxSize", "-3"),
            ("sum(people[*].age) / length(people)", "32.0"),
            ("items(tags)", #"[["team","sre"],["env","prod"]]"#),
            ("from_items(items(tags))", #"{"team":"sre","env":"prod"}"#),
            ("zip(people[*].name, people[*].age)", #"[["ana",31],["bo",25],["cy",40]]"#),
            ("group_by(people, &team).sre[*].name", #"["ana","cy"]"#),
            ("find_first('abcabc', 'c')", "2"),
            ("find_last('abcabc', 'c')", "5"),
            ("find_first('abcabc', 'x')", "null"),
            ("lower('MiXeD')", #""mixed""#),
            ("upper(nodegroup.status)", #""DEGRADED""#),
            ("replace('a-b-c', '-', '+')", #""a+b+c""#),
            ("replace('a-b-c', '-', '+', `1`)", #""a+b-c""#),
            ("split('a,b,,c', ',')", #"["a","b","","c"]"#),
            ("split('a,b,c', ',', `1`)", #"["a","b,c"]"#),
            ("trim('  x  ')", #""x""#),
            ("trim_left('xxyxx', 'x')", #""yxx""#),
            ("trim_right('xxyxx', 'x')", #""xxy""#),
            ("pad_left('7', `3`, '0')", #""007""#),
            ("pad_right('ab', `4`)", #""ab  ""#),
            ("from_json(policy).Statement[0].Action", #""kms:*""#),
            ("to_json(tags)", #""{\"team\":\"sre\",\"env\":\"prod\"}""#),
            ("from_json(to_json(people)) == people", "true"),
            ("'b' > 'a'", "true"),
            ("'abc'[::-1]", #""cba""#),
            ("$.nodegroup.health.issues[0].code", #""AsgInstanceLaunchFailures""#),
        ])
    func extensions(expression: String, expected: String) throws {
        #expect(try Self.eval(expression) == JSONParser.parse(expected), "\(expression)")
    }

    @Test("variables can be bound by the caller")
    func callerVariables() throws {
        #expect(try Self.eval("$cluster", variables: ["cluster": "eks-workshop"]) == "eks-workshop")
        #expect(try Self.eval("let $cluster = 'inner' in $cluster", variables: ["cluster": "outer"]) == "inner")
    }

    @Test("an unbound variable is an error naming it")
    func unboundVariable() {
        #expect {
            try Self.eval("$missing")
        } throws: { error in
            (error as? JMESPathError)?.kind == .undefinedVariable && "\(error)".contains("$missing")
        }
    }

    @Test(
        "strict mode is exactly the standard: every extension is a syntax or unknown-function error",
        arguments: [
            ("let $x = a in $x", JMESPathError.Kind.syntax), ("$", .syntax), ("a + b", .syntax), ("a - b", .syntax),
            ("a / b", .syntax), ("a % b", .syntax), ("a * b", .syntax), ("items(@)", .unknownFunction),
            ("from_json('{}')", .unknownFunction), ("lower('A')", .unknownFunction), ("zip(a, b)", .unknownFunction),
        ])
    func strict(expression: String, kind: JMESPathError.Kind) {
        do {
            _ = try Expression.compile(expression, dialect: .strict).search(Self.doc)
            Issue.record("\(expression) should fail in strict mode")
        } catch {
            #expect(error.kind == kind, "\(expression)")
        }
    }

    @Test("strict mode keeps standard runtime rules: strings do not order, strings do not slice")
    func strictRuntime() throws {
        #expect(try Self.eval("'b' > 'a'", .strict) == nil)
        #expect(try Self.eval("'abc'[::-1]", .strict) == nil)
    }

    @Test("runtime errors of extensions are typed")
    func runtimeErrors() {
        for (text, kind) in [
            ("`1` / `0`", JMESPathError.Kind.invalidValue), ("'a' + `1`", .invalidType),
            ("from_json('not json')", .invalidValue), ("pad_left('a', `99999999`)", .invalidValue),
            ("from_items(`[[1, 2]]`)", .invalidType),
        ] {
            do {
                _ = try Self.eval(text)
                Issue.record("\(text) should fail")
            } catch {
                #expect((error as? JMESPathError)?.kind == kind, "\(text)")
            }
        }
    }

    @Test("a compiled expression is reusable across documents and tasks")
    func reusable() async throws {
        let expr = try Expression.compile("nodegroup.status")
        let results = try await withThrowingTaskGroup(of: JSONValue.self) { group in
            for i in 0..<8 {
                group.addTask { try expr.search(["nodegroup": ["status": .string("S\(i)")]]) }
            }
            var all: [JSONValue] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(Set(results.compactMap(\.stringValue)) == Set((0..<8).map { "S\($0)" }))
    }

    @Test("documentPaths lists the names read from the document, for reference checks")
    func documentPaths() throws {
        let expr = try Expression.compile(
            "steps.describe.result.nodegroup.status == params.wanted && length(steps.asg.groups[?x]) > `0`")
        #expect(
            expr.documentPaths == [
                ["steps", "describe", "result", "nodegroup", "status"], ["params", "wanted"],
                ["steps", "asg", "groups"],
            ])
        #expect(try Expression.compile("let $x = a in [$x, $y]").freeVariables == ["y"])
    }
}
