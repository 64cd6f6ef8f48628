import AWSClient
package import Engine
import Foundation
import RunbookCore

extension AWSProvider {
    /// What the call would send: rendered parameters, the equivalent aws CLI line, and for
    /// operations that replace a document the diff from the current one (read with a read-only client).
    package func plan(_ request: StepRequest, context: ProviderContext) async throws -> StepPlan {
        let call: AWSCall
        do {
            call = try AWSCall.parse(request.payload, models: model)
        } catch {
            throw StepFailure(error.description)
        }
        let what = call.waiter.map { "wait for \(call.service) \(CLIName.kebab($0))" } ?? "call \(call.service) \(call.operation)"
        var plan = StepPlan(
            summary: what, request: ["service": .string(call.service), "operation": .string(call.operation), "parameters": call.parameters],
            commandLine: call.commandLine)
        if context.mode != .noCalls, call.waiter == nil, let replacement = DocumentReplacement.find(service: call.service, operation: call.operation) {
            plan.diff = await diff(replacement, call: call, context: context)
        }
        return plan
    }

    /// The diff of the current and the proposed document, or a line saying why there is none.
    func diff(_ replacement: DocumentReplacement, call: AWSCall, context: ProviderContext) async -> String {
        let parameters = call.parameters.objectValue ?? JSONObject()
        var read = call
        read.operation = replacement.read
        read.parameters = replacement.readParameters(parameters)
        read.query = nil
        let current: JSONValue
        do {
            let client = try clients.client(call.options, readOnly: true, environment: context.environment)
            let answer = try await AWSCallRunner(client: client, model: try model(read.service), call: read).run(timeout: .seconds(30))
            current = replacement.current(answer, parameters)
        } catch let error as AWSServiceError where error.code.contains("NotFound") || error.code.contains("NoSuch") {
            current = .null
        } catch {
            return "(cannot show the current value: \(read.commandLine) failed: \(error))"
        }
        let proposed = replacement.proposed(parameters, current)
        let label = "\(call.service) \(replacement.read)"
        return UnifiedDiff.diff(
            DocumentReplacement.text(current), DocumentReplacement.text(proposed), oldLabel: "current (\(label))",
            newLabel: "proposed (\(call.service) \(call.operation))", context: 1000)
            ?? "(no change: the proposed value equals the current one, \(label))"
    }
}
