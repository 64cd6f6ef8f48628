import AWSSteps
import ArgumentParser
import Dispatch
import Engine
import Foundation
import RunbookCore
import RunJournal
import RunbookReplay
import RunbookDSL

#if canImport(Glibc)
import Glibc
#endif

/// `runbook run`: diagnose and, with approval, repair.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a runbook: diagnose, then fix with approval.",
        discussion: """
            Exit status: 0 healthy or repaired and verified; 1 findings remain; 2 usage or runbook \
            error; 3 a step failed (error after retries, timeout); 130 interrupted.
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "A runbook name (found in ./runbooks, then RUNBOOK_PATH) or a file path.") var runbook: String
    @Option(name: .customShort("p"), help: "A parameter, as key=value (repeatable).") var param: [String] = []
    @Flag(help: "Run read-only steps for real; show every mutating request without sending it.") var dryRun = false
    @Flag(help: "Approve every mutating step without asking.") var yes = false
    @Option(help: "Output: text for people, json for one event per line.") var output: Format = .text
    @Option(help: "Write a Markdown incident report to this file.") var report: String?
    @Option(help: "Write each check as a JUnit test case to this file.") var junit: String?
    @Option(help: "The kubeconfig context for kubectl steps that name none (default: the current context).") var context: String?
    @OptionGroup var journal: JournalOptions
    @Option(help: "Also write the run's calls and answers as a test file (credentials and secrets redacted).") var record: String?

    mutating func run() async throws {
        var registry = defaultRegistry(kubeContext: context)
        guard let runbook = RunbookFiles.load(self.runbook, registry: registry) else { throw ExitCode(2) }
        if context == nil, let runbookContext = runbook.context {
            registry = defaultRegistry(kubeContext: runbookContext)
        }
        var environment = ProcessInfo.processInfo.environment
        var pairs: [(String, String)] = []
        for p in param {
            guard let eq = p.firstIndex(of: "=") else {
                printError("error: -p \(p) is not key=value\n  hint: write -p \(p)=VALUE")
                throw ExitCode(2)
            }
            pairs.append((String(p[..<eq]), String(p[p.index(after: eq)...])))
        }
        let (values, problems) = ParamResolver.resolve(runbook, arguments: pairs, environment: environment)
        if !problems.isEmpty {
            DiagnosticPrinter.print(problems, sources: [runbook.file: runbook.source])
            throw ExitCode(2)
        }
        let terminal = Terminal.current
        // `aws.region` (the `region` parameter, env, profile) and `aws.account` (STS, not a parameter).
        let resolved = await AWSRunContext.resolve(runbook, params: values, environment: environment)
        if let warning = resolved.warning { printError("warning: \(warning)") }
        environment = resolved.environment
        let aws = resolved.value
        let recording: RunRecording
        do {
            recording = try journal.startRun(runbook, params: values, dryRun: dryRun, aws: aws)
        } catch {
            throw JournalSupport.fail(error)
        }
        let runID = recording.runID
        let machine = RunStateMachine(
            RunStateMachine.Configuration(
                runbook: runbook, params: values, environment: environment, aws: aws, runID: runID, dryRun: dryRun,
                mutating: runbook.steps.map(registry.isMutating), approveAll: yes))
        let approver: any Approver
        if yes {
            approver = ApproveAll()
        } else if Terminal.stdinIsTTY {
            approver = TerminalApprover(terminal: terminal)
        } else {
            approver = RefuseWithoutTerminal()
        }
        let reportWriter = ReportWriter()
        var observers: [any RunObserver] = [output == .json ? JSONLinesPrinter() : TextPrinter(runbook: runbook, terminal: terminal)]
        if report != nil || junit != nil { observers.append(reportWriter) }
        observers.insert(recording.writer, at: 0)  // durable before anyone is told
        let recorder = record.map { _ in Recorder() }
        let driver = RunDriver(
            registry: recorder?.wrap(registry) ?? registry, approver: approver, observers: observers,
            redactor: Redactor(secrets: ParamResolver.secrets(runbook, values: values)),
            providerContext: ProviderContext(
                mode: .live, runID: runID, environment: environment, workingDirectory: FileManager.default.currentDirectoryPath))
        let task = Task {
            var m = machine
            return await driver.run(&m)
        }
        let signals = Self.forwardSignals(to: task)
        let summary = await task.value
        signals.forEach { $0.cancel() }
        if let report {
            try await reportWriter.markdown(runbook: runbook).write(toFile: report, atomically: true, encoding: .utf8)
        }
        if let junit {
            try await reportWriter.junit(runbook: runbook).write(toFile: junit, atomically: true, encoding: .utf8)
        }
        if let record, let recorder {
            try RecordFile.write(recorder, to: record, runbook: runbook, params: values, aws: aws, dryRun: dryRun, summary: summary)
        }
        JournalSupport.finish(recording, summary)
        if summary.status != .healthy { throw ExitCode(summary.status.rawValue) }
    }

    /// `20251125-113355-3f9a`: sortable, unique enough for one machine.
    static func newRunID() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd-HHmmss"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date()) + "-" + String(UInt16.random(in: 0...UInt16.max), radix: 16)
    }

    /// Turns SIGINT and SIGTERM into cancellation of the run task.
    static func forwardSignals(to task: Task<RunSummary, Never>) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
    }
}
