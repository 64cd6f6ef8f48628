import JMESPath
import Logging
package import RunbookCore

/// Runs `runbook aws ...` the way the aws CLI runs `aws ...`: parse, call (merging pages unless
/// told not to), apply `--query`, print JSON or text, and map failures to the CLI's messages and
/// exit codes (254 for service errors, 252 for usage errors, 255 for everything else).
package struct AWSCommandRunner: Sendable {
    /// Where output goes; injectable for tests.
    package var write: @Sendable (String) -> Void
    /// Where errors go.
    package var writeError: @Sendable (String) -> Void
    /// The environment.
    package var environment: AWSEnvironment
    /// A transport override (tests).
    package var transport: (any AWSTransport)?
    /// A clock override (tests).
    package var clock: any AWSClock = SystemClock()

    /// A runner printing to the given sinks.
    package init(
        environment: AWSEnvironment = AWSEnvironment(), transport: (any AWSTransport)? = nil,
        write: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void
    ) {
        self.environment = environment
        self.transport = transport
        self.write = write
        self.writeError = writeError
    }

    /// Exit status of a service error, as in the aws CLI.
    package static let serviceErrorStatus: Int32 = 254
    /// Exit status of a command-line error.
    package static let usageStatus: Int32 = 252
    /// Exit status of any other failure.
    package static let failureStatus: Int32 = 255

    /// Runs the command line `args` (everything after `aws`) and returns the exit status.
    package func run(_ args: [String]) async -> Int32 {
        do {
            try await execute(args)
            return 0
        } catch let error as AWSServiceError {
            writeError("\n\(error.description)\n")
            return Self.serviceErrorStatus
        } catch let error as AWSClientError {
            writeError("\n\(error.description)\n")
            switch error.code {
            case .usage, .unknownOperation, .unknownParameter, .unknownService, .invalidParameter, .missingParameter:
                return Self.usageStatus
            default:
                return Self.failureStatus
            }
        } catch let error as JMESPathError {
            writeError("\nBad value for --query: \(error)\n")
            return Self.usageStatus
        } catch {
            writeError("\n\(error)\n")
            return Self.failureStatus
        }
    }

    /// Runs the command line, printing the answer; throws what went wrong.
    package func execute(_ args: [String]) async throws {
        var invocation = try CLIArguments.invocation(args)
        invocation.options.unsigned = invocation.noSignRequest
        var logger: Logger?
        if invocation.debug {
            let sink = writeError
            var l = Logger(label: "runbook.aws", factory: { _ in CallbackLogHandler(sink) })
            l.logLevel = .debug
            logger = l
        }
        let query = try invocation.query.map { try JMESPathExpression.compile($0) }
        let client = try AWSClient(
            options: invocation.options, environment: environment, transport: transport, clock: clock, logger: logger)
        let service = try client.model(invocation.service)
        if invocation.isWait {
            let waiter = try Waiter(service: service, name: invocation.operation)
            let op = try service.operation(named: waiter.operation)
            let params = try CLIArguments.parameters(invocation.arguments, operation: op, cliInputJSON: invocation.cliInputJSON)
            try await waiter.run(client: client, parameters: params)
            return
        }
        let operation = try service.operation(cliName: invocation.operation)
        let params = try CLIArguments.parameters(invocation.arguments, operation: operation, cliInputJSON: invocation.cliInputJSON)
        var result: JSONValue
        var paginated = false
        if !invocation.noPaginate, let paginator = Paginator(client: client, operation: operation),
            !userSetPagingParameters(params, paginator.config)
        {
            paginated = true
            result = try await paginator.fullResult(
                parameters: params, maxItems: invocation.maxItems, pageSize: invocation.pageSize,
                startingToken: invocation.startingToken)
        } else {
            result = try await client.send(operation, parameters: params)
        }
        if let query { result = try query.search(result) }
        if invocation.output == "text" {
            // Like the CLI: the answer, then the resume token on its own NEXTTOKEN line.
            if invocation.query == nil, case .object(var object) = result, let token = object["NextToken"], paginated {
                object["NextToken"] = nil
                write(TextFormatter.format(.object(object)) + TextFormatter.format(["NextToken": ["NextToken": token]]))
            } else {
                write(TextFormatter.format(result))
            }
        } else if result != .object(JSONObject()) {
            write(JSONSerializer.serialize(result, style: .default) + "\n")
        }
    }

    /// The CLI turns pagination off when the user passes the token or page-size member directly.
    func userSetPagingParameters(_ params: JSONValue, _ config: PaginatorConfig) -> Bool {
        let names = config.inputTokens + (config.limitKey.map { [$0] } ?? [])
        return names.contains { params[$0] != nil }
    }
}

/// Sends log lines to a closure (the runner's error stream), so `--debug` output is testable.
struct CallbackLogHandler: LogHandler {
    let sink: @Sendable (String) -> Void
    var logLevel: Logger.Level = .debug
    var metadata: Logger.Metadata = [:]

    init(_ sink: @escaping @Sendable (String) -> Void) { self.sink = sink }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        sink("debug: \(event.message)\n")
    }
}
