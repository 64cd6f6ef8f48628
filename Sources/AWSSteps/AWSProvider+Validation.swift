import AWSClient
package import Engine
import Foundation
package import RunbookCore
package import RunbookDSL

extension AWSProvider: ActionSchemaProvider {
    /// Names checked against the models, with the closest valid name: service, operation or
    /// waiter, and (in the CLI form) each `--parameter`. Structured parameters are checked by
    /// ``payloadShape(for:)`` (types, unknown and missing members, each at its own position).
    package func validate(_ action: Action) -> [Diagnostic] {
        let payload = action.payload
        switch payload {
        case .literal(.string(let line), let location):
            return validateCLI(line, location: location, literal: true)
        case .template(let t):
            return validateCLI(t.text(placeholder: "\u{1}"), location: t.location, literal: false)
        case .object(_, let location):
            return validateStructured(payload, location: location)
        default:
            return [
                Diagnostic(
                    code: "wrong-type", message: "an aws action must be a command line or a mapping with 'service' and 'operation'",
                    hint: "write 'aws: eks describe-cluster --name c' or 'aws: {service: eks, operation: DescribeCluster, parameters: {name: c}}'",
                    location: payload.location)
            ]
        }
    }

    private func error(_ message: String, _ location: SourceLocation, code: String = "aws-model") -> Diagnostic {
        // The client's messages end with "Did you mean 'x'?": show that part as the hint.
        if let range = message.range(of: " Did you mean ") {
            let hint = "did you mean " + message[range.upperBound...]
            return Diagnostic(code: code, message: String(message[..<range.lowerBound]), hint: hint, location: location)
        }
        return Diagnostic(code: code, message: message, location: location)
    }

    private func validateCLI(_ line: String, location: SourceLocation, literal: Bool) -> [Diagnostic] {
        let words: [String]
        do {
            words = try ShellWords.split(line)
        } catch {
            return [Diagnostic(code: "invalid-value", message: "the aws command cannot be split into words: \(error.message)", location: location)]
        }
        if words.first == "aws" {
            return [
                Diagnostic(
                    code: "invalid-value", message: "the aws command starts with 'aws'",
                    hint: "leave it out: write 'aws: \(words.dropFirst().joined(separator: " "))'", location: location)
            ]
        }
        let invocation: CLIInvocation
        do {
            invocation = try CLIArguments.invocation(words)
        } catch {
            return [self.error(error.message, location, code: "invalid-value")]
        }
        if invocation.service.contains("\u{1}") || invocation.operation.contains("\u{1}") {
            return [
                Diagnostic(
                    code: "template-in-name", message: "the aws service and operation must be written literally",
                    hint: "templates may give parameter values, not the call itself", location: location)
            ]
        }
        if literal {
            do {
                _ = try AWSCall.parse(words: words, models: model)
                return []
            } catch {
                return [self.error(error.message, location)]
            }
        }
        // With templates in values, check the names only.
        do {
            let service = try model(invocation.service)
            let op: OperationModel
            if invocation.isWait {
                op = try service.operation(named: try Waiter(service: service, name: invocation.operation).operation)
            } else {
                op = try service.operation(cliName: invocation.operation)
            }
            let names = op.input.map { op.graph[$0].members.map { CLIName.kebab($0.name) } } ?? []
            var diagnostics: [Diagnostic] = []
            for word in invocation.arguments where word.hasPrefix("--") && !word.contains("\u{1}") {
                var name = String(word.dropFirst(2).prefix { $0 != "=" })
                if name.hasPrefix("no-"), names.contains(String(name.dropFirst(3))) { name = String(name.dropFirst(3)) }
                guard !names.contains(name) else { continue }
                let closest = names.first { $0.hasPrefix(name + "-") } ?? Suggestion.closest(to: name, in: names)
                let hint = closest.map { "did you mean '--\($0)'?" }
                    ?? "\(op.name) takes: " + names.map { "--" + $0 }.joined(separator: ", ")
                diagnostics.append(
                    Diagnostic(code: "aws-model", message: "\(invocation.service) \(op.cliName) has no parameter '--\(name)'", hint: hint, location: location))
            }
            return diagnostics
        } catch {
            return [self.error(error.message, location)]
        }
    }

    private func validateStructured(_ payload: TemplateValue, location: SourceLocation) -> [Diagnostic] {
        guard let serviceValue = payload["service"] else {
            return [Diagnostic(code: "missing-key", message: "the aws action has no 'service'", hint: "add e.g. 'service: eks'", location: location)]
        }
        guard let service = serviceValue.literalValue?.stringValue else {
            return [Diagnostic(code: "template-in-name", message: "'service' of an aws action must be written literally", location: serviceValue.location)]
        }
        let model: ServiceModel
        do {
            model = try self.model(service)
        } catch {
            return [self.error(error.message, serviceValue.location)]
        }
        switch (payload["operation"], payload["wait-for"]) {
        case (nil, nil):
            return [
                Diagnostic(
                    code: "missing-key", message: "the aws action has no 'operation'",
                    hint: "add e.g. 'operation: \(model.operationNames.first ?? "DescribeCluster")' (or 'wait-for: WAITER')", location: location)
            ]
        case (.some, .some(let w)):
            return [Diagnostic(code: "conflicting-keys", message: "an aws action has both 'operation' and 'wait-for'", hint: "a waiter names its own operation: keep 'wait-for'", location: w.location)]
        case (.some(let op), nil):
            guard let name = op.literalValue?.stringValue else {
                return [Diagnostic(code: "template-in-name", message: "'operation' of an aws action must be written literally", location: op.location)]
            }
            do {
                // Suggest in the spelling used: model names (PutKeyPolicy) or CLI names (put-key-policy).
                if name.first?.isUppercase == true, !model.operationNames.contains(name) {
                    _ = try model.operation(named: name)
                } else {
                    _ = try model.operation(cliName: name)
                }
            } catch {
                return [self.error(error.message, op.location)]
            }
        case (nil, .some(let w)):
            guard let name = w.literalValue?.stringValue else {
                return [Diagnostic(code: "template-in-name", message: "'wait-for' of an aws action must be written literally", location: w.location)]
            }
            do {
                _ = try Waiter(service: model, name: name)
            } catch {
                return [self.error(error.message, w.location)]
            }
        }
        return []
    }

    /// The structured form's shape, with `parameters` from the operation's input shape.
    package func payloadShape(for action: Action) -> ValueShape? {
        guard action.payload.members != nil, let call = staticCall(action),
            let op = try? model(call.service).operation(named: call.operation)
        else { return nil }
        let parameters = op.input.map { ModelShapes.shape(op.graph, node: $0, shapes: op.service.shapes, depth: 0) } ?? .object([])
        let text = ValueShape(.string)
        return .object(
            [
                .init("service", text), .init("operation", text), .init("wait-for", text), .init("parameters", parameters),
                .init("region", text), .init("profile", text), .init("endpoint-url", text), .init("query", text),
                .init("paginate", ValueShape(.boolean)), .init("max-items", ValueShape(.integer)),
                .init("delay", ValueShape(.anyOf([ValueShape(.number), text]))), .init("max-attempts", ValueShape(.integer)),
                .init("expect-errors", ValueShape(.anyOf([ValueShape(.array(text)), text]))),
            ], required: ["service"])
    }
}

/// Botocore shapes as ``ValueShape``s.
enum ModelShapes {
    /// The shape of `node`; deeper than a few levels (recursive shapes) anything goes.
    static func shape(_ graph: ShapeGraph, node index: Int, shapes: JSONObject, depth: Int) -> ValueShape {
        guard index >= 0, depth < 8 else { return .any }
        let node = graph[index]
        switch node.type {
        case "structure":
            if node.isDocument { return .any }
            let members = node.members.map { ValueShape.Member($0.name, shape(graph, node: $0.node, shapes: shapes, depth: depth + 1)) }
            let required = node.members.filter { node.required.contains($0.name) && !graph[$0.node].idempotencyToken }.map(\.name)
            return .object(members, required: required)
        case "list":
            return ValueShape(.array(shape(graph, node: node.element, shapes: shapes, depth: depth + 1)))
        case "map":
            return .object([], open: true)
        case "string":
            let allowed = shapes[node.shapeName]?["enum"]?.arrayValue
            return ValueShape(.string, allowed: allowed)
        case "integer", "long":
            return ValueShape(.integer)
        case "float", "double":
            return ValueShape(.number)
        case "boolean":
            return ValueShape(.boolean)
        case "timestamp":
            return ValueShape(.anyOf([ValueShape(.string), ValueShape(.number)]))
        default:
            return .any
        }
    }
}
