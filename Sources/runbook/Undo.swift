import ArgumentParser
import Engine
import Foundation
import RunJournal
import RunbookCore
import RunbookDSL

/// `runbook undo RUN_ID`: revert a run's changes, most recent first.
struct Undo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Revert the changes a run made, most recent first, with each step's 'undo'.",
        discussion: """
            Each 'undo' action is rendered over the run's recorded state (for example the key policy \
            captured before the fix) and goes through the same rules as any change: --dry-run shows it \
            without sending it, and each needs approval (a terminal prompt or --yes). Exit status: 0 \
            everything reverted; 1 some change was not reverted (no 'undo', not approved); 2 usage; \
            3 an undo failed; 130 interrupted.
            """)

    @Argument(help: "The run's id ('runbook runs' lists them).") var runID: String
    @Flag(help: "Show each undo request without sending it.") var dryRun = false
    @Flag(help: "Approve every undo without asking.") var yes = false
    @Flag(help: "Undo even though the runbook's steps changed, or run again an undo that was interrupted.") var force = false
    @Option(name: .customShort("p"), help: "A secret parameter, given again as key=value.") var param: [String] = []
    @Option(name: .customLong("runbook"), help: "The runbook file, when it moved since the run started.") var runbookFile: String?
    @OptionGroup var journal: JournalOptions

    mutating func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let recording: RunRecording
        let history: RunHistory
        do {
            (recording, history) = try RunRecording.open(
                runID, in: journal.directory, command: "undo", crashHook: JournalSupport.crashHook, now: JournalSupport.now)
        } catch {
            throw JournalSupport.fail(error)
        }
        if let step = history.undoInFlight.sorted().first, !force {
            throw JournalSupport.fail(
                JournalError(
                    .undecided,
                    "the undo of step '\(step)' was interrupted and may have taken effect; check by hand, then run 'runbook undo \(runID) --force' to send it again"))
        }
        let registry = defaultRegistry()
        guard let runbook = RunbookFiles.load(runbookFile ?? history.header.file, registry: registry) else { throw ExitCode(2) }
        let params: JSONObject
        do {
            try ResumeCheck.unchanged(history, runbook: runbook, force: force, verb: "undo")
            params = try ResumeCheck.params(history, runbook: runbook, arguments: JournalSupport.pairs(param), environment: environment)
        } catch let error as JournalError {
            throw JournalSupport.fail(error)
        }
        if let inFlight = history.inFlight, inFlight.requestSent {
            printError("warning: step '\(inFlight.stepID)' was in flight when the run stopped; undo cannot know whether it took effect, so it is not reverted")
        }
        let aws = JournalSupport.aws(history, environment)
        var machine = RunStateMachine(
            resuming: RunStateMachine.Configuration(
                runbook: runbook, params: params, environment: environment, aws: aws, runID: runID, dryRun: true,
                mutating: runbook.steps.map(registry.isMutating)),
            from: history.checkpoint)
        let plan = UndoPlan.plan(history, runbook: runbook, machine: &machine)
        for m in plan.missing { printError("cannot undo: \(m.reason)") }
        guard !plan.runbook.steps.isEmpty else {
            printOut(plan.missing.isEmpty ? "run \(runID) has no change left to undo" : "nothing that can be undone automatically")
            if !plan.missing.isEmpty { throw ExitCode(1) }
            return
        }
        printOut("undoing \(plan.runbook.steps.count) change(s) of run \(runID), most recent first: " + plan.runbook.steps.map(\.id).joined(separator: ", "))
        do {
            try recording.beginSession("undo", dryRun: dryRun)
        } catch {
            throw JournalSupport.fail(error)
        }
        let undoMachine = RunStateMachine(
            RunStateMachine.Configuration(
                runbook: plan.runbook, params: params, environment: environment, aws: aws, runID: runID, dryRun: dryRun,
                mutating: plan.runbook.steps.map { _ in true }, approveAll: yes))
        let workdir = history.header.workingDirectory.isEmpty ? FileManager.default.currentDirectoryPath : history.header.workingDirectory
        let driver = RunDriver(
            registry: registry, approver: JournalSupport.approver(yes: yes),
            observers: [recording.writer, TextPrinter(runbook: plan.runbook, terminal: Terminal.current)],
            redactor: Redactor(secrets: ParamResolver.secrets(runbook, values: params)),
            providerContext: ProviderContext(mode: .live, runID: runID, environment: environment, workingDirectory: workdir))
        let summary = await JournalSupport.drive(undoMachine, with: driver)
        JournalSupport.finish(recording, summary)
        if summary.status == .interrupted || summary.status == .stepFailed { throw ExitCode(summary.status.rawValue) }
        let reverted = summary.steps.filter { $0.state == .passed }.count
        if !dryRun, reverted < plan.runbook.steps.count || !plan.missing.isEmpty { throw ExitCode(1) }
    }
}
