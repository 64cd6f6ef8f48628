import ArgumentParser
import Foundation
import RunbookDSL

/// `runbook list`: the runbooks found by name.
struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the runbooks in ./runbooks and RUNBOOK_PATH.")

    mutating func run() async throws {
        let found = RunbookLoader.discover(searchPath: RunbookFiles.searchPath)
        if found.isEmpty {
            printError("no runbooks in " + RunbookFiles.searchPath.joined(separator: ", "))
            return
        }
        let width = found.map(\.name.count).max() ?? 0
        for (name, path) in found {
            let (runbook, diagnostics) = RunbookLoader.load(path: path)
            let title = runbook?.title ?? (diagnostics.isEmpty ? "" : "(invalid: run 'runbook validate \(path)')")
            printOut(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + title)
        }
    }
}
