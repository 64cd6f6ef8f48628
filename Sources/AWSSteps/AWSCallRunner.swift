import AWSClient
import Foundation
import RunbookCore

/// Carries out one ``AWSCall``: a single call, the CLI's page merging, or a waiter's polls.
struct AWSCallRunner {
    let client: AWSClient
    /// The service's models (the provider's cache: parsed once per run, not once per client).
    let model: ServiceModel
    let call: AWSCall

    /// The answer (a waiter's last answer), within `timeout` when given.
    func run(timeout: Duration?) async throws -> JSONValue {
        guard let timeout else { return try await perform() }
        return try await withThrowingTaskGroup(of: JSONValue.self) { group in
            group.addTask { try await perform() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw AWSClientError(.timeout, "the call did not finish within \(timeout)")
            }
            defer { group.cancelAll() }
            // swift-format-ignore: NeverForceUnwrap
            return try await group.next()!
        }
    }

    private func perform() async throws -> JSONValue {
        let op = try model.operation(named: call.operation)
        if let waiterName = call.waiter {
            return try await wait(Waiter(service: model, name: waiterName), operation: op)
        }
        if call.paginate, let paginator = Paginator(client: client, operation: op), !setsPaging(paginator.config) {
            return try await paginator.fullResult(parameters: call.parameters, maxItems: call.maxItems)
        }
        return try await client.send(op, parameters: call.parameters)
    }

    /// The CLI turns pagination off when the caller passes a token or page-size member.
    private func setsPaging(_ config: PaginatorConfig) -> Bool {
        (config.inputTokens + (config.limitKey.map { [$0] } ?? [])).contains { call.parameters[$0] != nil }
    }

    /// Polls until the waiter's success state; the result is the last answer.
    private func wait(_ waiter: Waiter, operation: OperationModel) async throws -> JSONValue {
        let delay = call.delay ?? waiter.delay
        let maxAttempts = call.maxAttempts ?? waiter.maxAttempts
        var attempts = 0
        while true {
            attempts += 1
            let outcome: Waiter.Outcome
            var last: JSONValue = .null
            do {
                last = try await client.send(operation, parameters: call.parameters)
                outcome = .output(last)
            } catch let error as AWSServiceError {
                outcome = .error(error)
            }
            if let (state, _) = waiter.evaluate(outcome) {
                if state == "success" { return last }
                if state == "failure" {
                    throw AWSClientError(.waiter, "Waiter \(waiter.name) failed: Waiter encountered a terminal failure state")
                }
            } else if case .error(let e) = outcome {
                throw e
            }
            if attempts >= maxAttempts {
                throw AWSClientError(.waiter, "Waiter \(waiter.name) failed: Max attempts exceeded (\(maxAttempts) polls, \(delay) s apart)")
            }
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
        }
    }
}
