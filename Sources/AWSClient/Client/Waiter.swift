import JMESPath
package import RunbookCore

/// A waiter from `waiters-2`: poll an operation every `delay` seconds, at most `maxAttempts`
/// times, until an acceptor matches a success or failure state.
package struct Waiter: Sendable {
    /// One acceptor: a matcher over the answer and the state it leads to.
    package struct Acceptor: Sendable {
        /// `path`, `pathAll`, `pathAny`, `status` or `error`.
        package var matcher: String
        /// The JMESPath expression of path matchers.
        package var argument: String?
        /// The value to compare with.
        package var expected: JSONValue
        /// `success`, `failure` or `retry`.
        package var state: String
    }

    /// The waiter's model name (`NodegroupActive`).
    package let name: String
    /// The service whose operation is polled.
    package let service: ServiceModel
    /// The operation polled.
    package let operation: String
    /// Seconds between attempts.
    package var delay: Double
    /// Attempts before giving up.
    package var maxAttempts: Int
    /// Acceptors in order.
    package let acceptors: [Acceptor]

    /// The waiter named `name` (model name like `NodegroupActive` or CLI name like
    /// `nodegroup-active`), or an error suggesting the closest.
    package init(service: ServiceModel, name: String) throws(AWSClientError) {
        var modelName = name
        if service.waiters[name] == nil {
            guard let found = service.waiters.keys.first(where: { CLIName.kebab($0) == name }) else {
                let names = service.waiters.keys.map { CLIName.kebab($0) }
                let hint = Suggestion.closest(to: name, in: names).map { " Did you mean '\($0)'?" } ?? ""
                let known = names.isEmpty ? " The service has no waiters." : ""
                throw AWSClientError(.unknownOperation, "The \(service.name) service has no waiter '\(name)'.\(hint)\(known)")
            }
            modelName = found
        }
        let entry = service.waiters[modelName] ?? .null
        self.name = modelName
        self.service = service
        operation = entry["operation"]?.stringValue ?? ""
        delay = entry["delay"]?.doubleValue ?? 15
        maxAttempts = entry["maxAttempts"]?.doubleValue.map { Int($0) } ?? 40
        acceptors = (entry["acceptors"]?.arrayValue ?? []).map { a in
            Acceptor(
                matcher: a["matcher"]?.stringValue ?? "", argument: a["argument"]?.stringValue, expected: a["expected"] ?? .null,
                state: a["state"]?.stringValue ?? "retry")
        }
    }

    /// What one poll produced.
    package enum Outcome: Sendable {
        /// A successful answer.
        case output(JSONValue)
        /// A service error.
        case error(AWSServiceError)
    }

    /// The state the acceptors give `outcome` (nil when none matches), and the matching acceptor.
    package func evaluate(_ outcome: Outcome) -> (state: String, acceptor: Acceptor)? {
        for acceptor in acceptors {
            if matches(acceptor, outcome) { return (acceptor.state, acceptor) }
        }
        return nil
    }

    func matches(_ a: Acceptor, _ outcome: Outcome) -> Bool {
        switch a.matcher {
        case "status":
            let status: Int
            switch outcome {
            case .output: status = 200
            case .error(let e): status = e.httpStatus
            }
            return a.expected.doubleValue.map { Int($0) } == status
        case "error":
            guard case .error(let e) = outcome else {
                return a.expected == .bool(false)
            }
            if case .bool(let b) = a.expected { return b }
            return a.expected.stringValue == e.code
        default:
            guard case .output(let output) = outcome, let argument = a.argument,
                let expression = try? JMESPathExpression.compile(argument), let value = try? expression.search(output)
            else { return false }
            switch a.matcher {
            case "path": return value == a.expected
            case "pathAll":
                guard case .array(let items) = value, !items.isEmpty else { return false }
                return items.allSatisfy { $0 == a.expected }
            case "pathAny":
                guard case .array(let items) = value else { return false }
                return items.contains(a.expected)
            default: return false
            }
        }
    }

    /// The CLI's reason text for a failure acceptor.
    func explanation(_ a: Acceptor) -> String {
        let expected = JSONSerializer.serialize(a.expected, style: .compact)
        let shown = a.expected.stringValue ?? expected
        switch a.matcher {
        case "path": return "For expression \"\(a.argument ?? "")\" we matched expected path: \"\(shown)\""
        case "pathAll": return "For expression \"\(a.argument ?? "")\" all members matched expected path: \"\(shown)\""
        case "pathAny": return "For expression \"\(a.argument ?? "")\" we matched expected path: \"\(shown)\" at least once"
        case "status": return "Matched expected HTTP status code: \(shown)"
        case "error": return "Matched expected service error code: \(shown)"
        default: return "Unknown acceptor: \(a.matcher)"
        }
    }

    /// Polls until success; throws ``AWSClientError`` `.waiter` with the CLI's wording otherwise.
    package func run(client: AWSClient, parameters: JSONValue) async throws {
        let op = try service.operation(named: operation)
        var attempts = 0
        while true {
            attempts += 1
            let outcome: Outcome
            do {
                outcome = .output(try await client.send(op, parameters: parameters))
            } catch let error as AWSServiceError {
                outcome = .error(error)
            }
            if let (state, acceptor) = evaluate(outcome) {
                if state == "success" { return }
                if state == "failure" {
                    throw AWSClientError(
                        .waiter, "Waiter \(name) failed: Waiter encountered a terminal failure state: \(explanation(acceptor))")
                }
            } else if case .error(let e) = outcome {
                throw AWSClientError(.waiter, "Waiter \(name) failed: An error occurred (\(e.code)): \(e.message)")
            }
            if attempts >= maxAttempts {
                throw AWSClientError(.waiter, "Waiter \(name) failed: Max attempts exceeded")
            }
            try await client.clock.sleep(seconds: delay)
        }
    }
}
