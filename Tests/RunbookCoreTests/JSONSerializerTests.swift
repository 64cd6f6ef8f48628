import Foundation
import RunbookCore
import TestSupport
import Testing

@Suite("JSON serializer")
struct JSONSerializerTests {
    @Test("pretty output matches the aws CLI: 4 spaces, ': ', key order kept, empty containers inline")
    func pretty() throws {
        let v = try JSONParser.parse(#"{"b": [1, {"x": []}], "a": {}, "c": "é/\""}"#)
        #expect(
            JSONSerializer.serialize(v) == """
                {
                    "b": [
                        1,
                        {
                            "x": []
                        }
                    ],
                    "a": {},
                    "c": "é/\\""
                }
                """)
    }

    @Test("compact output has no spaces")
    func compact() throws {
        let v = try JSONParser.parse(#"{"a": [1, 2.5, null, true], "b": "x"}"#)
        #expect(JSONSerializer.serialize(v, style: .compact) == #"{"a":[1,2.5,null,true],"b":"x"}"#)
    }

    @Test(
        "doubles print like Python's repr",
        arguments: [
            (1.0, "1.0"), (0.1, "0.1"), (1e-05, "1e-05"), (0.0001, "0.0001"), (1e16, "1e+16"),
            (1e15, "1000000000000000.0"), (123.456, "123.456"), (-2.5, "-2.5"), (1.5e300, "1.5e+300"),
            (5e-324, "5e-324"), (0.0, "0.0"), (-0.0, "-0.0"), (12345678.9, "12345678.9"),
        ])
    func doubles(value: Double, expected: String) {
        #expect(JSONSerializer.formatDouble(value) == expected)
    }

    @Test("control characters are escaped as \\u00XX, others kept as UTF-8")
    func escapes() {
        #expect(JSONSerializer.serialize(.string("a\u{1}b\n\u{7f}ü")) == #""a\u0001b\n\u007fü""#)
    }

    @Test("output is byte-for-byte what Python's json.dumps(indent=4, ensure_ascii=False) prints")
    func matchesPython() throws {
        guard let python = PythonOracle.path else {
            print("skipped: python3 not found")
            return
        }
        let document = """
            {"Reservations": [{"Instances": [{"InstanceId": "i-0abc", "State": {"Code": 16, "Name": "running"},
            "CpuOptions": {"CoreCount": 1, "ThreadsPerCore": 2}, "Tags": [{"Key": "Name", "Value": "nœud"}],
            "Score": 0.000012, "Big": 1e22, "Ratio": 2.5, "Empty": [], "Nothing": {}, "Flag": false, "N": null}]}]}
            """
        let ours = JSONSerializer.serialize(try JSONParser.parse(document))
        let theirs = try PythonOracle.run(
            python,
            "import json,sys; print(json.dumps(json.loads(sys.stdin.read()), indent=4, ensure_ascii=False), end='')",
            input: document)
        #expect(ours == theirs)
    }
}
