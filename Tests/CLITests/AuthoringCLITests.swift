import Foundation
import RunbookCore
import RunbookTesting
import TestSupport
import Testing

/// `runbook new`, `test`, `schema`, `plugins`, `validate --output json` and `run --record`.
@Suite("authoring commands", .serialized)
struct AuthoringCLITests {
    static let authoring = CLI.fixtures + "/authoring"

    func snapshot(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        if let problem = Snapshot.check(text, path: "\(CLI.snapshots)/\(name).txt") {
            Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
        }
    }

    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("authoring-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func times(_ text: String) -> String {
        text.replacingOccurrences(of: #"\(\d+\.\d\ds\)"#, with: "(#.##s)", options: .regularExpression)
            .replacingOccurrences(of: #"in \d+\.\d\ds"#, with: "in #.##s", options: .regularExpression)
    }

    @Test func aNewRunbookValidatesAndItsTestsPass() throws {
        let dir = try scratch()
        let made = try CLI.run(["new", "web-replicas"], in: dir)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("wrote ./web-replicas.yaml and ./web-replicas.test.yaml"))
        let runbook = try String(contentsOfFile: dir + "/web-replicas.yaml", encoding: .utf8)
        #expect(runbook.hasPrefix("# yaml-language-server: $schema=.runbook/runbook.schema.json\n"))
        #expect(FileManager.default.fileExists(atPath: dir + "/.runbook/runbook-test.schema.json"))
        let validate = try CLI.run(["validate", "web-replicas.yaml"], in: dir)
        #expect(validate.status == 0, "\(validate.stderr)")
        let test = try CLI.run(["test"], in: dir)
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains("3 cases: 3 passed, 0 failed"))
        let again = try CLI.run(["new", "web-replicas"], in: dir)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        let invalid = try CLI.run(["new", "Web Replicas"], in: dir)
        #expect(invalid.status == 2 && invalid.stderr.contains("e.g. 'web-replicas'"))
    }

    @Test func everyExampleHasATestFileAndAReadmeAndPasses() throws {
        let examples = CLI.repository + "/examples"
        let runbooks = try FileManager.default.contentsOfDirectory(atPath: examples)
            .filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".test.yaml") }.sorted()
        #expect(runbooks.count >= 4)
        for file in runbooks {
            let name = String(file.dropLast(5))
            #expect(FileManager.default.fileExists(atPath: "\(examples)/\(name).test.yaml"), "\(name) has no test file")
            if name != "stale-lock" {  // the teaching example is described in examples/README.md
                #expect(FileManager.default.fileExists(atPath: "\(examples)/\(name).md"), "\(name) has no README")
            }
        }
        let result = try CLI.run(["test", "examples"], in: CLI.repository)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("FAIL"))
        snapshot(Self.times(result.stdout), "testExamples()")
    }

    @Test func aFailingCaseSaysWhatDiffersAndWhatToAdd() throws {
        let result = try CLI.run(["test", "failing.test.yaml"], in: Self.authoring)
        #expect(result.status == 1)
        snapshot(Self.times(result.stdout), "testFailingCase()")
    }

    @Test func validateAsJSONForEditorsAndCI() throws {
        let result = try CLI.run(
            ["validate", "--output", "json", "warnings.yaml", "mistakes.yaml"], in: Self.authoring,
            environment: ["RUNBOOK_PLUGIN_PATH": CLI.repository + "/plugins"])
        #expect(result.status == 2)
        let doc = try JSONParser.parse(result.stdout)
        #expect(doc["version"] == 1)
        #expect(doc["summary"]?["files"] == 2)
        let files = try #require(doc["files"]?.arrayValue)
        #expect(files[0]["file"] == "warnings.yaml")
        let codes = files[0]["diagnostics"]?.arrayValue?.compactMap { $0["code"]?.stringValue }
        #expect(codes.map(Set.init) == ["unused-param", "unhandled-finding", "fix-without-verify"])
        #expect(files[1]["diagnostics"]?[0]?["line"] == 11)
        snapshot(JSONSerializer.serialize(doc, style: .pretty(indent: 2)), "validateJSON()")
        let warningsOnly = try CLI.run(["validate", "warnings.yaml"], in: Self.authoring)
        #expect(warningsOnly.status == 1, "warnings alone exit 1")
        #expect(warningsOnly.stderr.contains("warnings.yaml: 0 errors, 3 warnings"))
        let testFile = try CLI.run(["validate", "bad-ref.test.yaml", "failing.test.yaml"], in: Self.authoring)
        #expect(testFile.status == 2)
        #expect(
            testFile.stderr.hasPrefix("bad-ref.test.yaml:4:22: error: lock has no step 'unlok'\n"), "\(testFile.stderr)"
        )
        #expect(testFile.stdout == "failing.test.yaml: ok\n")
    }

    @Test func theSchemaIsJSONSchemaWithThePlugins() throws {
        let result = try CLI.run(["schema"], in: CLI.repository)
        #expect(result.status == 0)
        let schema = try JSONParser.parse(result.stdout)
        #expect(schema["$schema"] == "http://json-schema.org/draft-07/schema#")
        let plugin = try #require(schema["definitions"]?["step"]?["properties"]?["plugin"])
        #expect(plugin["anyOf"]?[1]?["properties"]?["name"]?["enum"] == ["notify", "policy-eval"])
        let test = try JSONParser.parse(try CLI.run(["schema", "--test"], in: CLI.repository).stdout)
        #expect(test["title"] == "runbook test file")
    }

    /// Whether python3 with jsonschema and PyYAML is here (a JSON Schema validator to check ours with).
    static let hasSchemaValidator: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import jsonschema, yaml"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    @Test(.enabled(if: hasSchemaValidator, "needs python3 with jsonschema and PyYAML"))
    func theEditorSchemasAcceptEveryShippedFileAndRejectMistakes() throws {
        let dir = try scratch()
        for (flag, file) in [([] as [String], "runbook.json"), (["--test"], "test.json")] {
            try CLI.run(["schema"] + flag, in: CLI.repository).stdout.write(
                toFile: "\(dir)/\(file)", atomically: true, encoding: .utf8)
        }
        let script = """
            import glob, json, sys, jsonschema, yaml
            schemas = {k: json.load(open(sys.argv[1] + "/" + k + ".json")) for k in ("runbook", "test")}
            for s in schemas.values(): jsonschema.Draft7Validator.check_schema(s)
            files = glob.glob("examples/*.yaml") + glob.glob("runbooks/*.yaml")
            for f in sorted(files + glob.glob("Tests/CLITests/Fixtures/authoring/*.yaml")):
                kind = "test" if f.endswith(".test.yaml") else "runbook"
                errors = list(jsonschema.Draft7Validator(schemas[kind]).iter_errors(yaml.safe_load(open(f))))
                print(f, len(errors))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir]
        p.currentDirectoryURL = URL(fileURLWithPath: CLI.repository)
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        for line in text.split(separator: "\n") {
            let expected = line.hasPrefix("Tests/CLITests/Fixtures/authoring/mistakes.yaml") ? " 2" : " 0"
            #expect(line.hasSuffix(expected), "\(line)")
        }
        #expect(
            text.contains("examples/ebs-csi-kms-key.yaml 0") && text.contains("examples/node-role-policy.test.yaml 0"),
            "\(text)")
    }

    @Test func pluginsAreListedWithTheirInputs() throws {
        let result = try CLI.run(["plugins"], in: CLI.repository)
        #expect(result.status == 0)
        #expect(result.stdout.contains("policy-eval: May this principal do this action"))
        #expect(result.stdout.contains("  action send (mutating when given webhook)"))
        #expect(result.stdout.contains("    principal (a string, required): Who asks"))
        let json = try JSONParser.parse(try CLI.run(["plugins", "--json", "notify"], in: CLI.repository).stdout)
        #expect(json[0]?["actions"]?[0]?["mutating"] == ["webhook"])
        let unknown = try CLI.run(["plugins", "notfy"], in: CLI.repository)
        #expect(unknown.status == 2 && unknown.stderr.contains("did you mean 'notify'?"))
    }

    @Test func aRecordedRunBecomesAPassingTestWithoutItsSecrets() throws {
        let dir = try scratch()
        try #"{"locked": true}"#.write(toFile: dir + "/status.json", atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: dir + "/lock", contents: Data())
        try FileManager.default.copyItem(atPath: Self.authoring + "/lock.yaml", toPath: dir + "/lock.yaml")
        let run = try CLI.run(
            ["run", "lock.yaml", "-p", "dir=\(dir)", "-p", "token=hunter2", "--yes", "--record", "recorded.test.yaml"],
            in: dir)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("recorded 2 calls to recorded.test.yaml"))
        let text = try String(contentsOfFile: dir + "/recorded.test.yaml", encoding: .utf8)
        #expect(!text.contains("hunter2"), "\(text)")
        #expect(text.contains("runbook: lock.yaml"))
        let test = try CLI.run(["test", "recorded.test.yaml"], in: dir)
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)\n\(text)")
    }
}
