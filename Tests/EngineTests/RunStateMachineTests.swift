import Engine
import RunbookCore
import RunbookDSL
import Testing

/// The machine alone, fed inputs by hand: no provider, no clock, no I/O.
@Suite("Run state machine")
struct RunStateMachineTests {
    @Test func machineAsksToExecuteThenFinishes() throws {
        let runbook = try load("apiVersion: runbook/v1\nname: t\nsteps:\n  - {id: a, shell: {run: a, read-only: true}}\n")
        var machine = RunStateMachine(.init(runbook: runbook, params: [:], runID: "r", mutating: [false]))
        let (events, action) = machine.handle(.start(at: .zero))
        #expect(events.count == 2)
        guard case .execute(let request) = action else {
            Issue.record("expected execute, got \(action)")
            return
        }
        #expect(request.stepID == "a" && request.attempt == 1)
        let (_, next) = machine.handle(.executed(.success(StepOutput(result: ["x": 1])), at: .seconds(2)))
        guard case .finish(let summary) = next else {
            Issue.record("expected finish, got \(next)")
            return
        }
        #expect(summary.status == .healthy)
        #expect(summary.steps[0].duration == .seconds(2))
    }

    @Test func mutatingStepIsPlannedThenNeedsApproval() throws {
        let runbook = try load("apiVersion: runbook/v1\nname: t\nsteps:\n  - {id: a, shell: {run: a}}\n")
        var machine = RunStateMachine(.init(runbook: runbook, params: [:], runID: "r", mutating: [true]))
        guard case .plan = machine.handle(.start(at: .zero)).action else {
            Issue.record("expected plan")
            return
        }
        let plan = StepPlan(summary: "s", request: .null)
        guard case .askApproval(_, let shown, _) = machine.handle(.planned(.success(plan))).action else {
            Issue.record("expected askApproval")
            return
        }
        #expect(shown == plan)
        guard case .finish(let summary) = machine.handle(.approval(.no)).action else {
            Issue.record("expected finish")
            return
        }
        #expect(summary.steps[0].state == .skipped)
        #expect(summary.steps[0].message == "not approved")
    }

    @Test func interruptedRunEndsWith130() throws {
        let runbook = try load("apiVersion: runbook/v1\nname: t\nsteps:\n  - {id: a, shell: {run: a, read-only: true}}\n  - {id: b, shell: {run: b, read-only: true}}\n")
        var machine = RunStateMachine(.init(runbook: runbook, params: [:], runID: "r", mutating: [false, false]))
        _ = machine.handle(.start(at: .zero))
        guard case .finish(let summary) = machine.handle(.interrupted(at: .seconds(1))).action else {
            Issue.record("expected finish")
            return
        }
        #expect(summary.status == .interrupted)
        #expect(summary.steps.map(\.state) == [.failed, .skipped])
    }
}
