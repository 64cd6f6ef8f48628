import Engine
import RunbookCore
import RunbookDSL
import ShellSteps
import Testing

@Suite("shell step provider (real processes)")
struct ShellProviderTests {
    func request(_ yaml: String, timeout: Duration? = nil) throws -> StepRequest {
        let runbook = try load("apiVersion: runbook/v1\nname: t\nsteps:\n  - id: s\n    shell: \(yaml)\n")
        let action = runbook.steps[0].action
        let payload = action.payload.literalValue ?? .null
        return StepRequest(stepID: "s", action: action, payload: payload, timeout: timeout, isMutating: ShellProvider().isMutating(action))
    }

    let live = ProviderContext(mode: .live, runID: "r", environment: ["PATH": "/usr/bin:/bin", "GREETING": "hi"], workingDirectory: "/tmp")

    @Test func jsonStdoutIsParsedIntoTheResult() async throws {
        let output = try await ShellProvider().execute(try request(#"{run: "echo '{\"a\": [1, 2]}'", read-only: true}"#), context: live)
        #expect(output.failure == nil)
        #expect(output.result["json"] == ["a": [1, 2]])
        #expect(output.result["exit_code"] == 0)
    }

    @Test func nonZeroExitIsAResultWithFailure() async throws {
        let output = try await ShellProvider().execute(try request(#"{run: "echo out; echo oops >&2; exit 3", read-only: true}"#), context: live)
        #expect(output.result["exit_code"] == 3)
        #expect(output.result["stdout"] == "out\n")
        #expect(output.result["lines"] == ["out"])
        #expect(output.failure == "exited with status 3: oops")
        let tolerated = try await ShellProvider().execute(try request(#"{run: "exit 1", read-only: true, expect-exit: [0, 1]}"#), context: live)
        #expect(tolerated.failure == nil)
    }

    @Test func environmentAndStdin() async throws {
        let output = try await ShellProvider().execute(
            try request(#"{run: "printf '%s %s ' \"$GREETING\" \"$EXTRA\"; cat", read-only: true, env: {EXTRA: there}, stdin: "from stdin"}"#),
            context: live)
        #expect(output.result["stdout"] == "hi there from stdin")
    }

    @Test func timeoutKillsTheWholeProcessGroup() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let output = try await ShellProvider().execute(try request(#"{run: "sleep 120 & sleep 120; echo never", read-only: true}"#, timeout: .milliseconds(300)), context: live)
        // Far less than the children's 120 s: they were killed, not waited for. The bound is loose
        // because the whole suite runs in parallel on 2 cores and resumption can be late.
        #expect(clock.now - start < .seconds(60))
        #expect(output.failure == "timed out after 300ms")
        #expect(output.result["timed_out"] == true)
    }

    @Test func shellStepsAreMutatingUnlessDeclaredReadOnly() throws {
        #expect(ShellProvider().isMutating(try request("echo hi").action))
        #expect(ShellProvider().isMutating(try request("{run: echo hi}").action))
        #expect(!ShellProvider().isMutating(try request("{run: echo hi, read-only: true}").action))
    }

    @Test func readOnlyContextRefusesMutatingCommands() async throws {
        let readOnly = ProviderContext(mode: .readOnly, runID: "r", environment: [:], workingDirectory: "/tmp")
        await #expect(throws: StepFailure.self) {
            _ = try await ShellProvider().execute(try request("touch /tmp/should-not-exist-\(Int.random(in: 0...1_000_000))"), context: readOnly)
        }
        let allowed = try await ShellProvider().execute(try request("{run: echo ok, read-only: true}"), context: readOnly)
        #expect(allowed.result["lines"] == ["ok"])
    }

    @Test func validationReportsUnknownKeysWithPositions() throws {
        let runbook = try load("apiVersion: runbook/v1\nname: t\nsteps:\n  - id: s\n    shell: {run: x, read-onyl: true}\n")
        let diagnostics = ShellProvider().validate(runbook.steps[0].action)
        #expect(diagnostics.map(\.message) == ["unknown key 'read-onyl' in a shell action"])
        #expect(diagnostics.first?.hint == "did you mean 'read-only'?")
        #expect(diagnostics.first?.location?.line == 5)
        #expect(diagnostics.first?.location?.column == 21)
    }
}
