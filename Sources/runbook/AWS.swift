import AWSClient
import ArgumentParser
import Foundation

/// `runbook aws SERVICE OPERATION [--param value ...]`: call any AWS API natively, with the aws
/// CLI's syntax and output. Everything after `aws` is handed to `AWSCommandRunner`.
struct AWS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws",
        abstract: "Call an AWS API natively, with the aws CLI's syntax and JSON output.",
        discussion: """
            runbook aws SERVICE OPERATION [--parameter value ...] [--query EXPR] [--output json|text]
                [--region R] [--profile P] [--endpoint-url URL] [--max-items N] [--no-paginate]
                [--cli-input-json JSON|file://PATH]
            runbook aws SERVICE wait WAITER-NAME [--parameter value ...]
            """
    )

    @Argument(parsing: .allUnrecognized, help: "The service, the operation and its parameters, as for the aws CLI.")
    var arguments: [String] = []

    mutating func run() async throws {
        let runner = AWSCommandRunner(
            write: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            writeError: { text in FileHandle.standardError.write(Data(text.utf8)) })
        let status = await runner.run(arguments)
        if status != 0 { throw ExitCode(status) }
    }
}
