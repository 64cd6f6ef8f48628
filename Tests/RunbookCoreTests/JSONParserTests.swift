@testable import RunbookCore
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test("parses every kind of value, keeping number kinds and key order")
    func values() throws {
        let v = try JSONParser.parse(
            #"{"z": 1, "a": -2.5e3, "m": [true, false, null], "s": "x\ty\u00e9\ud83d\ude00", "e": {}, "l": []}"#)
        #expect(v.objectValue?.keys == ["z", "a", "m", "s", "e", "l"])
        #expect(v["z"] == .integer(1))
        if case .integer = v["z"]! {} else { Issue.record("1 should stay an integer") }
        #expect(v["a"] == .double(-2500))
        if case .double = v["a"]! {} else { Issue.record("-2.5e3 should be a double") }
        #expect(v["m"] == [true, false, nil])
        #expect(v["s"] == .string("x\tyé😀"))
        #expect(v["e"] == .object(JSONObject()))
        #expect(v["l"] == .array([]))
    }

    @Test("numbers: integers, big integers, fractions and exponents")
    func numbers() throws {
        #expect(try JSONParser.parse("0") == .integer(0))
        #expect(try JSONParser.parse("-0") == .integer(0))
        #expect(try JSONParser.parse("9223372036854775807") == .integer(Int.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .integer(Int.min))
        #expect(try JSONParser.parse("92233720368547758070") == .double(9.223372036854775807e19))
        #expect(try JSONParser.parse("1.0") == .double(1.0))
        #expect(try JSONParser.parse("1E2") == .integer(100))
        #expect(try JSONParser.parse("1e-2") == .double(0.01))
    }

    @Test("JSON equality: 1 == 1.0, objects ignore key order")
    func equality() throws {
        #expect(JSONValue.integer(1) == .double(1.0))
        #expect(try JSONParser.parse(#"{"a":1,"b":2}"#) == JSONParser.parse(#"{"b":2.0,"a":1}"#))
        #expect(JSONValue.string("é") != JSONValue.string("e\u{301}"), "strings compare by code point, like JSON")
    }

    @Test("a repeated key keeps its first position and its last value, like Python's json")
    func duplicateKeys() throws {
        let v = try JSONParser.parse(#"{"a": 1, "b": 2, "a": 3}"#)
        #expect(v.objectValue?.keys == ["a", "b"])
        #expect(v["a"] == .integer(3))
    }

    @Test("large objects look keys up through their index")
    func largeObjects() throws {
        let members = (0..<100).map { "\"key\($0)\": \($0)" }.joined(separator: ",")
        let v = try JSONParser.parse("{\(members)}")
        #expect(v["key77"] == .integer(77))
        #expect(v.objectValue?.keys.first == "key0")
        var o = v.objectValue!
        o["key5"] = nil
        o["new"] = true
        #expect(o["key6"] == .integer(6))
        #expect(o["new"] == true)
        #expect(o.keys.last == "new")
        #expect(o.count == 100)
    }

    @Test(
        "errors say what is wrong and where (line, column)",
        arguments: [
            ("", "1:1: the input is empty; expected a JSON value"),
            ("{\"a\": 1,}", "1:9: unexpected character '}' in an object; expected a quoted key"),
            ("[1, 2", "1:6: unexpected end of input inside an array; expected ',' or ']'"),
            ("{\n  \"a\": tru\n}", "2:8: invalid literal; expected 'true'"),
            ("[01]", "1:2: numbers cannot have leading zeros"),
            ("\"abc", "1:1: unterminated string"),
            ("\"a\\qb\"", "1:3: invalid escape '\\q' in a string"),
            ("[1] 2", "1:5: unexpected data after the JSON value"),
            ("{\"a\" 1}", "1:6: expected ':' after the key \"a\""),
            ("\"a\nb\"", "1:3: control character 0xA in a string; escape it"),
        ])
    func errors(input: String, expected: String) {
        do {
            _ = try JSONParser.parse(input)
            Issue.record("expected an error for \(input)")
        } catch {
            #expect("\(error.line):\(error.column): \(error.message)" == expected)
        }
    }

    @Test("nesting deeper than the limit is an error, not a crash")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? JSONParser.parse(ok)) != nil)
    }

    @Test("invalid UTF-8 is rejected")
    func invalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes: [0x22, 0xFF, 0x22]) }
    }

    @Test("long repeated keys share storage and still compare correctly")
    func internedKeys() throws {
        let v = try JSONParser.parse(
            #"[{"PrivateDnsNameOptions": 1}, {"PrivateDnsNameOptions": 2}, {"PrivateDnsNameOptionX": 3}]"#)
        #expect(v[0]?["PrivateDnsNameOptions"] == .integer(1))
        #expect(v[1]?["PrivateDnsNameOptions"] == .integer(2))
        #expect(v[2]?["PrivateDnsNameOptionX"] == .integer(3))
    }

    @Test("long repeated values share one allocation; values that differ only in the middle stay apart")
    func internedValues() throws {
        let v = try JSONParser.parse(
            #"""
            [{"t": "2026-11-01T10:00:00+00:00", "id": "vpc-0123456789abcdef0"},
             {"t": "2026-11-01T10:00:00+00:00", "id": "vpc-0123456789abcdef0"},
             {"t": "2026-11-02T10:00:00+00:00", "id": "vpc-0123456789abcdef1"},
             {"t": "2026-11-01T10:00:00+00:0\u0030", "id": "vpc-0123456789abcdef0"}]
            """#)
        func storage(_ value: JSONValue?) -> UnsafeRawPointer? {
            guard var s = value?.stringValue else { return nil }
            return s.withUTF8 { UnsafeRawPointer($0.baseAddress) }
        }
        #expect(v[0]?["t"] == "2026-11-01T10:00:00+00:00" && v[2]?["t"] == "2026-11-02T10:00:00+00:00")
        #expect(v[2]?["id"] == "vpc-0123456789abcdef1" && v[3]?["t"] == "2026-11-01T10:00:00+00:00")
        #expect(storage(v[0]?["t"]) == storage(v[1]?["t"]))
        #expect(storage(v[0]?["id"]) == storage(v[3]?["id"]))
        #expect(storage(v[0]?["t"]) != storage(v[2]?["t"]))
    }

    @Test("the string caches are sized to the input: 64 slots for a literal, the full size from 64 KiB on")
    func cacheSizes() throws {
        #expect(StringCache.slots(for: 0, atMost: 4096) == 64)
        #expect(StringCache.slots(for: 65, atMost: 4096) == 128)
        #expect(StringCache.slots(for: 4096, atMost: 4096) == 4096)
        #expect(StringCache.slots(for: 1 << 30, atMost: 512) == 512)
        // A large answer still shares its repeated long values across the whole document.
        let items = (0..<3_000).map { i in #"{"t": "2026-11-0\#(i % 3)T10:00:00+00:00", "n": \#(i)}"# }
        let v = try JSONParser.parse("[" + items.joined(separator: ",") + "]")
        func storage(_ value: JSONValue?) -> UnsafeRawPointer? {
            guard var s = value?.stringValue else { return nil }
            return s.withUTF8 { UnsafeRawPointer($0.baseAddress) }
        }
        #expect(storage(v[0]?["t"]) == storage(v[2_997]?["t"]))
        #expect(storage(v[1]?["t"]) == storage(v[2_998]?["t"]))
        #expect(storage(v[0]?["t"]) != storage(v[1]?["t"]))
        #expect(v[2_999]?["t"] == "2026-11-02T10:00:00+00:00")
    }

    @Test("containers nested in every order keep their elements, each in its own container")
    func nestedContainers() throws {
        let text = #"{"a":[1,{"b":[2,3,{"c":[]}],"d":{}},[4,[5,[6]]]],"e":{"f":[7],"g":8},"h":9}"#
        let v = try JSONParser.parse(text)
        #expect(JSONSerializer.serialize(v, style: .compact) == text)
        #expect(v["a"]?[1]?["b"]?[2]?["c"] == .array([]))
        #expect(v["e"]?["f"] == [7] && v["h"] == 9)
    }

    @Test("keys compare by code points, as in Python's json: \"é\" and \"e\\u0301\" are two keys, small object or indexed")
    func codePointKeys() throws {
        for padding in [0, 60] {
            let others = (0..<padding).map { ", \"k\($0)\": \($0)" }.joined()
            let v = try JSONParser.parse("{\"\u{E9}\": 1, \"e\u{301}\": 2\(others)}")
            #expect(v.objectValue?.count == 2 + padding)
            #expect(v["\u{E9}"] == 1 && v["e\u{301}"] == 2, "\(padding) other members")
            var o = v.objectValue!
            o["e\u{301}"] = nil
            #expect(o["\u{E9}"] == 1 && o["e\u{301}"] == nil && o.count == 1 + padding)
        }
    }

    @Test("an object of 47 members is scanned, one of 48 indexed; both find every key")
    func indexThreshold() throws {
        for n in [47, 48, 49] {
            let v = try JSONParser.parse("{" + (0..<n).map { "\"k\($0)\": \($0)" }.joined(separator: ",") + "}")
            #expect((0..<n).allSatisfy { v["k\($0)"] == .integer($0) }, "\(n) members")
            #expect(v["k\(n)"] == nil)
        }
    }
}

@Suite("JSON objects")
struct JSONObjectTests {
    @Test("building a large object key by key keeps every key findable, in order")
    func buildLarge() {
        var o = JSONObject()
        for i in 0..<500 { o["k\(i)"] = .integer(i) }
        #expect(o.count == 500)
        #expect((0..<500).allSatisfy { o["k\($0)"] == .integer($0) })
        #expect(o.keys.prefix(3) == ["k0", "k1", "k2"])
        o["k10"] = nil
        #expect(o["k10"] == nil && o["k11"] == .integer(11) && o.count == 499)
        o["k11"] = "changed"
        #expect(o["k11"] == "changed" && o.count == 499)
    }

    @Test("a copy of a large (indexed) object stays intact while the original changes")
    func copyOnWriteLarge() {
        var a = JSONObject()
        for i in 0..<100 { a["k\(i)"] = .integer(i) }
        let b = a
        a["k3"] = nil
        a["new"] = true
        #expect(b.count == 100 && b["k3"] == 3 && b["k99"] == 99 && b["new"] == nil)
        #expect(a.count == 100 && a["k3"] == nil && a["k99"] == 99 && a["new"] == true)
        #expect(a.keys.last == "new" && b.keys.last == "k99")
    }

    @Test("copies are independent (copy on write)")
    func copyOnWrite() {
        var a: JSONObject = ["x": 1]
        let b = a
        a["y"] = 2
        a["x"] = 3
        #expect(b.count == 1 && b["x"] == 1)
        #expect(a.count == 2 && a["x"] == 3)
    }
}
