import ArgumentParser
import RunbookCore

/// The `runbook` command: a thin front end that parses arguments and calls the libraries.
@main
struct Runbook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Run runbooks-as-code: diagnose and repair cloud incidents, safely.",
        version: "0.1.0",
        subcommands: [
            Run.self, Resume.self, Undo.self, Runs.self, Plan.self, Validate.self, List.self, Show.self, Query.self, AWS.self,
            Test.self, New.self, Schema.self, Plugins.self, Lab.self,
        ]
    )

    /// Tunes the allocator (see ``AllocatorTuning``), then parses the arguments and runs the subcommand.
    static func main() async {
        AllocatorTuning.keepFreedMemory()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
