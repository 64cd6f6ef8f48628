package import AWSClient
package import Engine
import Foundation
import JMESPath
package import RunbookCore
package import RunbookDSL

/// `aws`: calls any AWS API natively (no aws CLI process), in the CLI's syntax or a structured form.
///
/// ```yaml
/// aws: eks describe-nodegroup --cluster-name ${{ params.cluster }} --nodegroup-name ng-1
/// aws: eks wait nodegroup-active --cluster-name c --nodegroup-name ng-1     # a waiter from the models
/// aws:
///   service: kms
///   operation: PutKeyPolicy            # or put-key-policy
///   parameters: {KeyId: "${{ steps.key.id }}", PolicyName: default, Policy: "${{ to_json(steps.policy.proposed) }}"}
///   region: us-west-2                  # also profile, endpoint-url, query, paginate, max-items
/// aws:
///   service: eks
///   wait-for: nodegroup-active         # poll until the waiter's success state
///   parameters: {clusterName: c, nodegroupName: ng-1}
///   delay: 2s                          # between polls (default: the model's); max-attempts too
/// ```
///
/// The result is the answer exactly as `aws ... --output json` prints it (after `--query`/`query`
/// when given); pages are merged like the CLI does. A waiter's result is its last answer. A
/// service error fails the attempt with the CLI's message (retries apply), unless its code is in
/// `expect-errors` (structured form): then the result is `{Error: {Code, Message}, HTTPStatus}`
/// and the runbook decides (`exists: Error == null`).
///
/// Read-only or mutating comes from the model (``OperationClassifier``): only operations known
/// to be read-only run in dry runs, and in a read-only context the client itself is opened
/// read-only, so it refuses a mutating call even if asked.
package struct AWSProvider: StepProvider {
    /// The action key.
    package let name = "aws"
    /// What clients are built from.
    let clients: AWSClientCache
    /// Loads models for validation (bundled, or `RUNBOOK_AWS_MODELS`).
    let models: ModelLoader

    /// A provider whose clients see `environment` (and use `transport` when given: tests).
    package init(
        environment: [String: String] = ProcessInfo.processInfo.environment, transport: (any AWSTransport)? = nil,
        region: String? = nil, profile: String? = nil
    ) {
        models = ModelLoader(environment: environment)
        clients = AWSClientCache(environment: environment, transport: transport, models: models, region: region, profile: profile)
    }

    /// The models of a service, cached.
    func model(_ service: String) throws(AWSClientError) -> ServiceModel { try clients.model(service) }

    /// Mutating unless the operation (or the waiter's operation) is known to be read-only.
    package func isMutating(_ action: Action) -> Bool {
        guard let call = staticCall(action) else { return true }
        guard let op = try? model(call.service).operation(named: call.operation) else { return true }
        return !op.isReadOnly
    }

    /// The call, when it can be read from the payload as written (templates only in values).
    func staticCall(_ action: Action) -> AWSCall? {
        switch action.payload {
        case .literal(.string(let line), _):
            return try? AWSCall.parse(.string(line), models: model)
        case .template(let t):
            // Service and operation must be literal words; values may be templates.
            guard let words = try? ShellWords.split(t.text(placeholder: "x")) else { return nil }
            let head = try? CLIArguments.invocation(words)
            guard let head, !t.sourceText.prefix(while: { $0 != "-" }).contains("${{") else { return nil }
            guard let model = try? model(head.service) else { return nil }
            if head.isWait {
                guard let waiter = try? Waiter(service: model, name: head.operation) else { return nil }
                return AWSCall(service: head.service, operation: waiter.operation, waiter: waiter.name, parameters: [:], options: head.options)
            }
            guard let op = try? model.operation(cliName: head.operation) else { return nil }
            return AWSCall(service: head.service, operation: op.name, parameters: [:], options: head.options)
        case .object:
            guard let service = action.payload["service"]?.literalValue?.stringValue else { return nil }
            var o = JSONObject()
            o["service"] = .string(service)
            if let op = action.payload["operation"]?.literalValue { o["operation"] = op }
            if let w = action.payload["wait-for"]?.literalValue { o["wait-for"] = w }
            return try? AWSCall.parse(structured: o, models: model)
        default:
            return nil
        }
    }

    /// `aws <service> <operation>`, templates unrendered.
    package func describe(_ action: Action) -> String {
        switch action.payload {
        case .template(let t): return "aws " + t.sourceText
        case .literal(let v, _): return "aws " + Evaluator.text(of: v)
        default:
            if let call = staticCall(action) {
                return "aws \(call.service) " + (call.waiter.map { "wait " + CLIName.kebab($0) } ?? CLIName.kebab(call.operation))
            }
            return "aws " + JSONSerializer.serialize(action.payload.sourceJSON, style: .compact)
        }
    }

    /// Performs the call (or runs the waiter).
    package func execute(_ request: StepRequest, context: ProviderContext) async throws -> StepOutput {
        guard context.mode != .noCalls else { throw StepFailure("refused: no calls may be made (plan)") }
        let call: AWSCall
        do {
            call = try AWSCall.parse(request.payload, models: model)
        } catch {
            throw StepFailure(error.description)
        }
        let readOnly = context.mode == .readOnly
        let client: AWSClient
        do {
            client = try clients.client(call.options, readOnly: readOnly, environment: context.environment)
        } catch {
            throw StepFailure(error.description)
        }
        let commandLine = call.commandLine
        do {
            var result = try await AWSCallRunner(client: client, model: try model(call.service), call: call).run(timeout: request.timeout)
            if let query = call.query {
                result = try JMESPathExpression.compile(query).search(result)
            }
            return StepOutput(result: result, commandLine: commandLine)
        } catch let error as AWSServiceError {
            let expected = call.expectedErrors.contains(error.code)
            return StepOutput(result: Self.errorValue(error), failure: expected ? nil : error.description, commandLine: commandLine)
        } catch let error as AWSClientError {
            return StepOutput(result: .null, failure: error.description, commandLine: commandLine)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return StepOutput(result: .null, failure: "\(error)", commandLine: commandLine)
        }
    }

    /// `{Error: {Code, Message}}` (plus modelled members), like the CLI's error for `--debug`.
    static func errorValue(_ error: AWSServiceError) -> JSONValue {
        var e = JSONObject([("Code", .string(error.code)), ("Message", .string(error.message))])
        for m in error.details.objectValue ?? JSONObject() where e[m.key] == nil { e[m.key] = m.value }
        return ["Error": .object(e), "HTTPStatus": .integer(error.httpStatus)]
    }
}

extension Template {
    /// The template's text with every expression replaced by `placeholder`.
    func text(placeholder: String) -> String {
        parts.map { part in
            switch part {
            case .text(let t): return t
            case .expression: return placeholder
            }
        }.joined()
    }
}
