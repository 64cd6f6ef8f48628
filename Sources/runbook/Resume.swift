import ArgumentParser
import Engine
import Foundation
import RunJournal
import RunbookCore
import RunbookDSL

/// `runbook resume [RUN_ID]`: continue an interrupted run after its last completed step.
struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue an interrupted run after its last completed step.",
        discussion: """
            Completed steps are not run again; their results, captures and findings come from the \
            run's journal. A read-only step that was in flight runs again. A step that changes things \
            and was in flight is never sent again blindly: its 'already-applied' check decides; without \
            one, resume asks on a terminal, and otherwise refuses (use --assume-applied or --rerun \
            after checking by hand). Exit status as for 'runbook run'; 2 when the run cannot be resumed.
            """)

    @Argument(help: "The run's id (default: the latest interrupted run).") var runID: String?
    @Option(name: .customShort("p"), help: "A secret parameter, given again as key=value (the journal does not keep secrets).")
    var param: [String] = []
    @Flag(help: "Approve every mutating step without asking; refuse to guess about a step in flight.") var yes = false
    @Flag(help: "Resume even though the runbook's steps changed since the run started.") var force = false
    @Option(name: .customLong("runbook"), help: "The runbook file, when it moved since the run started.") var runbookFile: String?
    @Option(help: "The in-flight step took effect (checked by hand): mark it done without sending it again.")
    var assumeApplied: String?
    @Option(help: "The in-flight step did not take effect (checked by hand): run it again.") var rerun: String?
    @Option(help: "Output: text for people, json for one event per line.") var output: Run.Format = .text
    @OptionGroup var journal: JournalOptions

    mutating func run() async throws {
        let entered = ContinuousClock.now
        let enteredCPU = JournalSupport.cpuSeconds()
        let directory = journal.directory
        let environment = ProcessInfo.processInfo.environment
        let recording: RunRecording
        let history: RunHistory
        do {
            let id: String
            if let runID { id = runID } else { id = try RunCatalog.latestInterrupted(in: directory) }
            (recording, history) = try RunRecording.open(
                id, in: directory, command: "resume", crashHook: JournalSupport.crashHook, now: JournalSupport.now)
            try ResumeCheck.resumable(history)
        } catch {
            throw JournalSupport.fail(error)
        }
        let opened = ContinuousClock.now
        let registry = defaultRegistry()
        guard let runbook = RunbookFiles.load(runbookFile ?? history.header.file, registry: registry) else { throw ExitCode(2) }
        let loaded = ContinuousClock.now
        let params: JSONObject
        do {
            try ResumeCheck.unchanged(history, runbook: runbook, force: force, verb: "resume")
            params = try ResumeCheck.params(history, runbook: runbook, arguments: JournalSupport.pairs(param), environment: environment)
        } catch let error as JournalError {
            throw JournalSupport.fail(error)
        }
        let runID = recording.runID
        let configuration = RunStateMachine.Configuration(
            runbook: runbook, params: params, environment: environment, aws: JournalSupport.aws(history, environment), runID: runID,
            dryRun: history.header.dryRun, mutating: runbook.steps.map(registry.isMutating), approveAll: yes)
        let workdir = history.header.workingDirectory.isEmpty ? FileManager.default.currentDirectoryPath : history.header.workingDirectory
        let context = ProviderContext(mode: .live, runID: runID, environment: environment, workingDirectory: workdir)
        var checkpoint = history.checkpoint
        printOut("resuming run \(runID) of \(runbook.name): \(checkpoint.steps.count) of \(runbook.steps.count) steps done")
        do {
            try recording.beginSession("resume")
            if let inFlight = history.inFlight, let index = runbook.index(ofStep: inFlight.stepID) {
                try await settle(inFlight, step: runbook.steps[index], index: index, checkpoint: &checkpoint,
                    configuration: configuration, context: context, registry: registry, writer: recording.writer)
            }
        } catch let error as JournalError {
            throw JournalSupport.fail(error)
        }
        let machine = RunStateMachine(resuming: configuration, from: checkpoint)
        let printer: any RunObserver = output == .json ? JSONLinesPrinter() : TextPrinter(runbook: runbook, terminal: Terminal.current)
        let driver = RunDriver(
            registry: registry, approver: JournalSupport.approver(yes: yes), observers: [recording.writer, printer],
            redactor: Redactor(secrets: ParamResolver.secrets(runbook, values: params)), providerContext: context)
        if environment["RUNBOOK_JOURNAL_STATS"] == "1" {
            func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15 }
            let now = ContinuousClock.now
            printError(
                "resume-ready {\"ms\":\(ms(now - entered)),\"journal_ms\":\(ms(opened - entered)),\"runbook_ms\":\(ms(loaded - opened)),"
                    + "\"restore_ms\":\(ms(now - loaded)),\"cpu_ms\":\((JournalSupport.cpuSeconds() - enteredCPU) * 1e3),"
                    + "\"steps_done\":\(checkpoint.steps.count)}")
        }
        let summary = await JournalSupport.drive(machine, with: driver)
        JournalSupport.finish(recording, summary)
        if summary.status != .healthy { throw ExitCode(summary.status.rawValue) }
    }

    /// Decides what to do with the step that was in flight, recording the decision.
    private func settle(
        _ inFlight: RunHistory.InFlight, step: Step, index: Int, checkpoint: inout RunStateMachine.Checkpoint,
        configuration: RunStateMachine.Configuration, context: ProviderContext, registry: ProviderRegistry, writer: JournalWriter
    ) async throws {
        guard inFlight.isMutating, inFlight.requestSent else {
            let why = inFlight.isMutating ? "its change was not sent yet" : "it is read-only"
            printOut("step '\(step.id)' was in flight; \(why), so it runs again")
            return
        }
        var machine = RunStateMachine(resuming: configuration, from: checkpoint)
        var decision: InFlightResolver.Decision
        if assumeApplied == step.id {
            decision = .applied("marked applied with --assume-applied")
        } else if rerun == step.id {
            decision = .notApplied("run again with --rerun")
        } else {
            decision = await InFlightResolver(registry: registry, context: context).decide(step, index: index, machine: &machine)
        }
        if case .undecided(let why) = decision {
            guard !yes, Terminal.stdinIsTTY else {
                printError(
                    "error: \(why)\n  hint: check by hand, then resume with --assume-applied \(step.id) (it took effect) "
                        + "or --rerun \(step.id) (it did not); or add an 'already-applied' check to step '\(step.id)'")
                try writer.write(type: "resume_decision", fields: ["step": .string(step.id), "decision": "refused", "why": .string(why)])
                throw ExitCode(2)
            }
            decision = Self.ask(why, stepID: step.id)
        }
        switch decision {
        case .applied(let how):
            let (record, fixed) = checkpoint.markApplied(step, index: index, message: how)
            var records = [JournalRecord(type: "resume_decision", at: JournalSupport.now(), fields: ["step": .string(step.id), "decision": "applied", "why": .string(how)])]
            if let fixed { records += JournalRecord.records(for: .findingFixed(name: fixed, stepID: step.id), at: JournalSupport.now()) }
            records += JournalRecord.records(for: .stepFinished(record), at: JournalSupport.now())
            try writer.write(records)
            printOut("step '\(step.id)' was in flight: its change is in place (\(how)); it is not sent again")
        case .notApplied(let how):
            try writer.write(type: "resume_decision", fields: ["step": .string(step.id), "decision": "not-applied", "why": .string(how)])
            printOut("step '\(step.id)' was in flight: its change is not in place (\(how)); it runs again")
        case .undecided:
            try writer.write(type: "resume_decision", fields: ["step": .string(step.id), "decision": "stopped"])
            printError("stopped: run \(configuration.runID) left as it was; resume it again when you have checked step '\(step.id)'")
            throw ExitCode(2)
        }
    }

    /// Asks on the terminal what happened to the in-flight step.
    private static func ask(_ why: String, stepID: String) -> InFlightResolver.Decision {
        printOut(why + ".")
        while true {
            printOut("Did it take effect? [a]pplied: do not send it again / [r]erun it / [q]uit: ", terminator: "")
            guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return .undecided(why) }
            switch answer {
            case "a", "applied": return .applied("marked applied at the prompt")
            case "r", "rerun": return .notApplied("run again at the prompt")
            case "q", "quit", "": return .undecided(why)
            default: printOut("Please answer a, r or q.")
            }
        }
    }
}
