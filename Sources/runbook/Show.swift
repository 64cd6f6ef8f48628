import ArgumentParser
import RunbookDSL

/// `runbook show`: the runbook as a readable procedure.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a runbook as a readable procedure.")

    @Argument(help: "A runbook name or file.") var runbook: String

    mutating func run() async throws {
        let registry = defaultRegistry()
        guard let runbook = RunbookFiles.load(self.runbook, registry: registry) else { throw ExitCode(2) }
        printOut(ProcedureText.render(runbook, registry: registry, detailed: false))
    }
}
