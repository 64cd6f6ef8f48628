import Engine
import Foundation
import RunbookCore
import RunbookDSL
import RunbookReplay
import RunbookTesting
import Testing

@Suite("offline test runner")
struct TestRunnerTests {
    let runner = TestRunner(registry: registry())

    @Test func theFixtureCasesPassThroughTheRealEngine() async throws {
        let (file, problems) = TestFileDecoder.load(path: fixtures + "/lock.test.yaml", kinds: kinds)
        let tests = try #require(file, "\(problems.map { $0.rendered() })")
        #expect(tests.runbookPath == fixtures + "/lock.yaml")
        let rb = try runbook("lock.yaml")
        #expect(TestFileChecker.check(tests, against: rb).isEmpty)
        for c in tests.cases {
            let result = await runner.run(c, runbook: rb, workingDirectory: fixtures)
            #expect(
                result.passed, "\(c.name): \(result.failures) \(result.unanswered.map { TestRunner.entryToAdd($0) })")
            #expect(result.unused.isEmpty)
        }
    }

    @Test func mismatchesAreSaidInWords() async throws {
        let tests = try testFile(
            """
            cases:
              - name: wrong expectations
                params: {dir: /srv}
                calls:
                  - shell: cat *
                    answer: {json: {locked: true, holder: i-1}}
                  - aws: {operation: DescribeInstances}
                    answer: {Reservations: [{Instances: [{State: {Name: running}}]}]}
                expect:
                  status: findings
                  findings: [stale-lock]
                  fixed: [unlock]
                  steps: {owner: finding}
                  captures: {owner.instance_state: stopped}
                  messages: {stale-lock: gone}
            """)
        let result = await runner.run(tests.cases[0], runbook: try runbook("lock.yaml"), workingDirectory: fixtures)
        #expect(
            result.failures == [
                "exit status: expected 1 (findings remain), got 0 (healthy or repaired)",
                "findings: expected stale-lock, got none",
                "fixes run: expected unlock, got none",
                "step 'owner': expected finding, got passed",
                "capture owner.instance_state: expected \"stopped\", got \"running\"",
                "finding 'stale-lock' was not raised, so its message cannot contain 'gone'",
            ])
    }

    @Test func anUnansweredCallFailsTheCaseAndSaysWhatToAdd() async throws {
        let tests = try testFile(
            """
            cases:
              - name: missing answers
                params: {dir: /srv}
                calls:
                  - shell: cat *
                    answer: {json: {locked: true, holder: i-1}}
                  - shell: never used
                    answer: {stdout: ""}
            """)
        let result = await runner.run(tests.cases[0], runbook: try runbook("lock.yaml"), workingDirectory: fixtures)
        #expect(!result.passed)
        #expect(result.summary?.status == .stepFailed)
        #expect(result.unanswered.count == 1)
        #expect(result.unused.map(\.location.line) == [7])
        #expect(
            TestRunner.entryToAdd(try #require(result.unanswered.first)) == """
                - aws:
                    service: ec2
                    operation: DescribeInstances
                    params:
                      InstanceIds: [i-1]
                  answer: {}

                """)
    }

    @Test func approvalsAndDryRunsComeFromTheCase() async throws {
        let base = """
            cases:
              - name: c
                params: {dir: /srv}
                %@
                calls:
                  - shell: cat *
                    answer: {json: {locked: true, holder: i-1}}
                  - aws: {operation: DescribeInstances}
                    answer: {Reservations: [{Instances: [{State: {Name: stopped}}]}]}
                  - shell: rm *
                    answer: {json: {removed: true}}
            """
        let rb = try runbook("lock.yaml")
        for (setting, status, unlock) in [
            ("approve: all", ExitStatus.healthy, StepState.fixed), ("approve: none", .findings, .skipped),
            ("approve: [unlock]", .healthy, .fixed), ("approve: [owner]", .findings, .skipped),
            ("dry-run: true", .findings, .skipped),
        ] {
            let tests = try testFile(base.replacingOccurrences(of: "%@", with: setting))
            let result = await runner.run(tests.cases[0], runbook: rb, workingDirectory: fixtures)
            #expect(result.summary?.status == status, "\(setting)")
            #expect(result.summary?.steps.last?.state == unlock, "\(setting)")
        }
    }

    @Test func theEnvironmentIsTheCasesOnly() async throws {
        let rb = try #require(
            RunbookLoader.load(
                source: """
                    apiVersion: runbook/v1
                    name: env
                    params:
                      region: {type: string, env: AWS_REGION, required: true}
                    steps:
                      - id: a
                        shell: {run: "echo ${{ params.region }} ${{ env.HOME || 'no-home' }}", read-only: true}
                        capture: {out: "lines[0]"}
                    """, file: "env.yaml"
            ).runbook)
        let tests = try testFile(
            """
            cases:
              - name: from env
                env: {AWS_REGION: eu-west-1}
                calls: [{shell: "echo eu-west-1 no-home", answer: {stdout: "ok\\n"}}]
                expect: {status: 0, captures: {a.out: ok}}
              - name: missing
                calls: []
            """)
        #expect(await runner.run(tests.cases[0], runbook: rb, workingDirectory: "/").passed)
        let missing = await runner.run(tests.cases[1], runbook: rb, workingDirectory: "/")
        #expect(
            missing.failures == [
                "parameters: missing required parameter 'region' (pass -p region=VALUE or set AWS_REGION)"
            ])
    }
}
