import ArgumentParser
import Foundation
import JMESPath
import RunbookCore

/// `runbook query`: evaluate a JMESPath expression over JSON, like the `jp` tool.
struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a JMESPath expression over JSON from a file or standard input.",
        discussion: """
            Exit status: 0 on success, 1 for an expression error (syntax or runtime), 2 when the input \
            cannot be read or is not valid JSON.
            """
    )

    @Argument(help: "The JMESPath expression.") var expression: String
    @Argument(help: "A JSON file; standard input when omitted or '-'.") var file: String?
    @Flag(help: "Print the result on one line.") var compact = false
    @Flag(name: .shortAndLong, help: "Print a string result without quotes.") var raw = false
    @Flag(help: "Exactly the JMESPath specification: no let, $, arithmetic or extra functions.") var strict = false

    mutating func run() async throws {
        let compiled: JMESPathExpression
        do {
            compiled = try JMESPathExpression.compile(expression, dialect: strict ? .strict : .extended)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        let document: JSONValue
        do {
            if let file, file != "-" {
                document = try JSONFile.read(path: file)
            } else {
                document = try JSONFile.read(descriptor: 0)
            }
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let result: JSONValue
        do {
            result = try compiled.search(document)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        var text: String
        if raw, case .string(let s) = result {
            text = s
        } else {
            text = JSONSerializer.serialize(result, style: compact ? .compact : .default)
        }
        text += "\n"
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data("runbook query: \(message)\n".utf8))
    }
}
