package import AWSClient
import Foundation
package import RunbookCore

/// One AWS call a rendered `aws` payload asks for, in either form.
///
/// CLI form (the aws CLI's own syntax, after `aws`):
/// `eks describe-nodegroup --cluster-name c --nodegroup-name n [--query EXPR] [--region R]`, or
/// `eks wait nodegroup-active --cluster-name c --nodegroup-name n`.
///
/// Structured form: `{service, operation | wait-for, parameters, region, profile, endpoint-url,
/// query, paginate, max-items, delay, max-attempts, expect-errors}`; parameters use the model's
/// member names.
package struct AWSCall: Sendable {
    /// The service as written (`eks`, `s3api`).
    package var service: String
    /// The operation's model name (`DescribeNodegroup`), or the polled operation of a waiter.
    package var operation: String
    /// The waiter's model name (`NodegroupActive`) when the call waits.
    package var waiter: String?
    /// Parameters keyed by model member names.
    package var parameters: JSONValue
    /// A JMESPath expression applied to the answer (`--query`).
    package var query: String?
    /// Client options (`--region`, `--profile`, `--endpoint-url`).
    package var options: AWSOptions
    /// Merge pages (the CLI's default); false for `--no-paginate` / `paginate: false`.
    package var paginate = true
    /// `--max-items`.
    package var maxItems: Int?
    /// Seconds between waiter polls (default: the model's).
    package var delay: Double?
    /// Waiter attempts (default: the model's).
    package var maxAttempts: Int?
    /// Service error codes that are an answer, not a failure (`expect-errors: [NoSuchEntity]`).
    package var expectedErrors: [String] = []

    /// Keys of the structured form.
    package static let keys = [
        "service", "operation", "wait-for", "parameters", "region", "profile", "endpoint-url", "query", "paginate",
        "max-items", "delay", "max-attempts", "expect-errors",
    ]

    /// Reads a rendered payload against the models `models` loads.
    package static func parse(_ payload: JSONValue, models: (String) throws(AWSClientError) -> ServiceModel) throws(AWSClientError) -> AWSCall {
        switch payload {
        case .string(let line):
            let words: [String]
            do {
                words = try ShellWords.split(line)
            } catch {
                throw AWSClientError(.usage, "cannot split the aws command into words: \(error.message)")
            }
            return try parse(words: words, models: models)
        case .object(let o):
            return try parse(structured: o, models: models)
        default:
            throw AWSClientError(.usage, "an aws action must be a command line or a mapping with 'service' and 'operation'")
        }
    }

    /// The CLI form, split into words.
    package static func parse(words: [String], models: (String) throws(AWSClientError) -> ServiceModel) throws(AWSClientError) -> AWSCall {
        var words = words
        if words.first == "aws" { words.removeFirst() }
        let invocation = try CLIArguments.invocation(words)
        let model = try models(invocation.service)
        var call = AWSCall(service: invocation.service, operation: "", parameters: [:], options: invocation.options)
        call.query = invocation.query
        call.paginate = !invocation.noPaginate
        call.maxItems = invocation.maxItems
        let op: OperationModel
        if invocation.isWait {
            let waiter = try Waiter(service: model, name: invocation.operation)
            call.waiter = waiter.name
            op = try model.operation(named: waiter.operation)
        } else {
            op = try model.operation(cliName: invocation.operation)
        }
        call.operation = op.name
        call.parameters = try CLIArguments.parameters(invocation.arguments, operation: op, cliInputJSON: invocation.cliInputJSON)
        return call
    }

    /// The structured form.
    package static func parse(structured o: JSONObject, models: (String) throws(AWSClientError) -> ServiceModel) throws(AWSClientError) -> AWSCall {
        guard let service = o["service"]?.stringValue, !service.isEmpty else {
            throw AWSClientError(.usage, "the aws action has no 'service'")
        }
        let model = try models(service)
        var call = AWSCall(service: service, operation: "", parameters: o["parameters"] ?? [:], options: AWSOptions())
        if let name = o["wait-for"]?.stringValue {
            let waiter = try Waiter(service: model, name: name)
            call.waiter = waiter.name
            call.operation = waiter.operation
        } else {
            guard let operation = o["operation"]?.stringValue, !operation.isEmpty else {
                throw AWSClientError(.usage, "the aws action has no 'operation' (or 'wait-for')")
            }
            call.operation = try model.operation(cliName: operation).name
        }
        if call.parameters.isNull { call.parameters = [:] }
        call.options.region = o["region"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        call.options.profile = o["profile"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        call.options.endpointURL = o["endpoint-url"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        call.query = o["query"]?.stringValue
        if let p = o["paginate"]?.boolValue { call.paginate = p }
        call.maxItems = o["max-items"]?.doubleValue.map { Int($0) }
        call.delay = o["delay"].flatMap(Self.seconds)
        call.maxAttempts = o["max-attempts"]?.doubleValue.map { Int($0) }
        call.expectedErrors = (o["expect-errors"]?.arrayValue ?? o["expect-errors"].map { [$0] } ?? []).compactMap(\.stringValue)
        return call
    }

    /// Seconds from a number or a duration text (`2s`, `500ms`, `1m`).
    static func seconds(_ value: JSONValue) -> Double? {
        if let d = value.doubleValue { return d }
        guard var text = value.stringValue?.trimmingCharacters(in: .whitespaces) else { return nil }
        var unit = 1.0
        for (suffix, factor) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count))
            unit = factor
            break
        }
        return Double(text).map { $0 * unit }
    }

    /// The equivalent aws CLI command line (parameters as JSON where they are not plain scalars).
    package var commandLine: String {
        var words = ["aws", service]
        if let waiter {
            words += ["wait", CLIName.kebab(waiter)]
        } else {
            words.append(CLIName.kebab(operation))
        }
        for member in parameters.objectValue ?? JSONObject() {
            words.append("--" + CLIName.kebab(member.key))
            switch member.value {
            case .string(let s):
                // A JSON document shown on one line, as one would type it.
                if s.contains("\n"), let doc = try? JSONParser.parse(s), doc.objectValue != nil || doc.arrayValue != nil {
                    words.append(JSONSerializer.serialize(doc, style: .compact))
                } else {
                    words.append(s)
                }
            case .integer(let i): words.append(String(i))
            case .double(let d): words.append(String(d))
            case .bool(let b):
                words.removeLast()
                words.append((b ? "--" : "--no-") + CLIName.kebab(member.key))
            default: words.append(JSONSerializer.serialize(member.value, style: .compact))
            }
        }
        if let region = options.region { words += ["--region", region] }
        if let profile = options.profile { words += ["--profile", profile] }
        if let url = options.endpointURL { words += ["--endpoint-url", url] }
        if let query { words += ["--query", query] }
        if !paginate { words.append("--no-paginate") }
        if let maxItems { words += ["--max-items", String(maxItems)] }
        return ShellWords.join(words)
    }
}
