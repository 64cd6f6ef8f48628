import Foundation
import RunbookCore
import Testing

@Suite("JSON files")
struct JSONFileTests {
    @Test("a file is parsed, and an invalid one reports path, line and column")
    func readFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jsonfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json")
        try Data(#"{"a": [1, 2]}"#.utf8).write(to: good)
        #expect(try JSONFile.read(path: good.path)["a"] == [1, 2])
        let bad = dir.appendingPathComponent("bad.json")
        try Data("{\n  \"a\": [1,, 2]\n}".utf8).write(to: bad)
        do {
            _ = try JSONFile.read(path: bad.path)
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == "\(bad.path):2:13: invalid JSON: unexpected character ',' in an array; expected a value"
                    || error.description.hasPrefix("\(bad.path):2:"))
        }
        #expect(throws: JSONFile.ReadError.self) {
            try JSONFile.read(path: dir.appendingPathComponent("missing.json").path)
        }
    }

    @Test("a document larger than the release stride parses intact")
    func largeFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jsonfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("big.json")
        let item =
            #"{"InstanceId": "i-0123456789abcdef0", "PrivateDnsName": "ip-10-0-0-1.us-west-2.compute.internal", "n": 7}"#
        let text = "[" + Array(repeating: item, count: 200_000).joined(separator: ",\n") + "]"
        try Data(text.utf8).write(to: path)
        let v = try JSONFile.read(path: path.path)
        #expect(v.arrayValue?.count == 200_000)
        #expect(v[199_999]?["n"] == .integer(7))
    }
}
