import Engine
import Foundation
import RunbookCore
import RunbookDSL
import RunbookReplay
import RunbookTesting
import ShellSteps
import Testing

@Suite("recording real runs")
struct RecorderTests {
    @Test func aRecordedRunReplaysAsATestAndHidesSecrets() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"locked": true, "holder": "i-0abc", "key": "AKIAABCDEFGHIJKLMNOP"}"#.write(
            toFile: dir + "/status.json", atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: dir + "/lock", contents: Data())
        let rb = try runbook("lock.yaml")
        let providers = ProviderRegistry([
            ShellProvider(),
            InMemoryProvider(
                name: "aws",
                answers: ["owner": [.result(["Reservations": [["Instances": [["State": ["Name": "stopped"]]]]]])]]),
        ])
        let recorder = Recorder()
        let (values, _) = ParamResolver.resolve(
            rb, arguments: [("dir", dir), ("token", "hunter2-\(dir)")], environment: [:])
        var machine = RunStateMachine(
            .init(
                runbook: rb, params: values, runID: "rec-1", mutating: rb.steps.map(providers.isMutating),
                approveAll: true))
        let driver = RunDriver(
            registry: recorder.wrap(providers), clock: TestClock(), approver: ApproveAll(),
            providerContext: ProviderContext(
                mode: .live, runID: "rec-1", environment: ProcessInfo.processInfo.environment, workingDirectory: dir))
        let summary = await driver.run(&machine)
        #expect(summary.status == .healthy)
        #expect(!FileManager.default.fileExists(atPath: dir + "/lock"))
        let text = recorder.testFile(
            runbook: rb, runbookPath: fixtures + "/lock.yaml", params: values,
            secrets: ParamResolver.secrets(rb, values: values),
            aws: ["account": "123456789012", "region": "us-west-2"], dryRun: false, summary: summary)
        #expect(!text.contains("hunter2"), "secret parameters are redacted")
        #expect(!text.contains("AKIAABCDEFGHIJKLMNOP"), "access key ids are redacted")
        #expect(text.contains("token: '***'"))
        #expect(text.contains("fixed: [unlock]"))
        // The recording is a passing test of the same runbook.
        let path = dir + "/lock.test.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (file, problems) = TestFileDecoder.load(path: path, kinds: kinds)
        let tests = try #require(file, "\(problems.map { $0.rendered() })\n\(text)")
        #expect(TestFileChecker.check(tests, against: rb).isEmpty)
        let result = await TestRunner(registry: registry()).run(tests.cases[0], runbook: rb, workingDirectory: dir)
        #expect(result.passed, "\(result.failures) \(result.unanswered.map { TestRunner.entryToAdd($0) })\n\(text)")
    }

    @Test func theScrubberHidesCredentials() {
        let scrubber = CredentialScrubber(secrets: ["p@ss"])
        let value: JSONValue = [
            "Credentials": ["AccessKeyId": "ASIAABCDEFGHIJKLMNOP", "SecretAccessKey": "x"],
            "cmd":
                "curl -H 'Authorization: Bearer abc.def.ghi' https://x?X-Amz-Security-Token=FQoG&a=1 --password p@ss",
            "token": "k8s-aws-v1.aHR0cHM6Ly9zdHM", "note": "key ASIAABCDEFGHIJKLMNOP used",
            "list": ["aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
        ]
        #expect(
            scrubber.scrub(value) == [
                "Credentials": "***",
                "cmd": "curl -H 'Authorization: Bearer ***' https://x?X-Amz-Security-Token=***&a=1 --password ***",
                "token": "***", "note": "key *** used", "list": ["aws_secret_access_key = ***"],
            ])
    }
}
