import Foundation
package import RunbookCore

/// A parsed `aws`-style command line: `SERVICE OPERATION [--param value ...] [global options]`
/// or `SERVICE wait WAITER [--param value ...]`.
package struct CLIInvocation: Sendable {
    /// The service as typed (`eks`, `s3api`).
    package var service: String
    /// The operation's CLI or model name; for waits, the waiter name.
    package var operation: String
    /// Whether this is `SERVICE wait WAITER`.
    package var isWait = false
    /// The raw operation arguments (everything that is not a global option).
    package var arguments: [String] = []
    /// Client options (`--region`, `--profile`, `--endpoint-url`, timeouts).
    package var options = AWSOptions()
    /// `--query`.
    package var query: String?
    /// `--output` (`json` or `text`).
    package var output = "json"
    /// `--max-items`.
    package var maxItems: Int?
    /// `--page-size`.
    package var pageSize: Int?
    /// `--starting-token`.
    package var startingToken: String?
    /// `--no-paginate`.
    package var noPaginate = false
    /// `--cli-input-json` (inline JSON, or `file://path`).
    package var cliInputJSON: String?
    /// `--debug`.
    package var debug = false
    /// `--no-sign-request`.
    package var noSignRequest = false
}

/// Parses the aws CLI's command-line syntax against the models.
package enum CLIArguments {
    /// Global options that take a value.
    static let valued: Set<String> = [
        "region", "profile", "endpoint-url", "query", "output", "max-items", "page-size", "starting-token",
        "cli-input-json", "cli-read-timeout", "cli-connect-timeout", "color", "ca-bundle",
    ]
    /// Global flags.
    static let flags: Set<String> = ["no-paginate", "debug", "no-sign-request", "no-verify-ssl", "no-cli-pager", "cli-auto-prompt"]

    /// Splits global options from the rest and reads service, operation (or `wait WAITER`).
    package static func invocation(_ args: [String]) throws(AWSClientError) -> CLIInvocation {
        var positional: [String] = []
        var rest: [String] = []
        var inv = CLIInvocation(service: "", operation: "")
        var i = 0
        while i < args.count {
            let arg = args[i]
            guard arg.hasPrefix("--"), arg.count > 2 else {
                positional.append(arg)
                i += 1
                continue
            }
            var name = String(arg.dropFirst(2))
            var inline: String?
            if let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if flags.contains(name) {
                switch name {
                case "no-paginate": inv.noPaginate = true
                case "debug": inv.debug = true
                case "no-sign-request": inv.noSignRequest = true
                default: break
                }
                i += 1
                continue
            }
            if valued.contains(name) {
                let value: String
                if let inline {
                    value = inline
                    i += 1
                } else {
                    guard i + 1 < args.count else { throw AWSClientError(.usage, "argument --\(name): expected one argument") }
                    value = args[i + 1]
                    i += 2
                }
                try apply(name, value, to: &inv)
                continue
            }
            rest.append(arg)
            i += 1
            // Operation parameters: copy their values too (up to the next option).
            if inline == nil {
                while i < args.count, !(args[i].hasPrefix("--") && args[i].count > 2) {
                    rest.append(args[i])
                    i += 1
                }
            }
        }
        guard positional.count >= 2 else {
            throw AWSClientError(.usage, "usage: runbook aws SERVICE OPERATION [--parameter value ...] (or SERVICE wait WAITER ...)")
        }
        inv.service = positional[0]
        var extra: ArraySlice<String>
        if positional[1] == "wait" {
            guard positional.count >= 3 else { throw AWSClientError(.usage, "usage: runbook aws \(positional[0]) wait WAITER-NAME [--parameter value ...]") }
            inv.isWait = true
            inv.operation = positional[2]
            extra = positional[3...]
        } else {
            inv.operation = positional[1]
            extra = positional[2...]
        }
        if !extra.isEmpty { throw AWSClientError(.unknownParameter, "Unknown options: \(extra.joined(separator: ", "))") }
        inv.arguments = rest
        return inv
    }

    static func apply(_ name: String, _ value: String, to inv: inout CLIInvocation) throws(AWSClientError) {
        func int(_ v: String) throws(AWSClientError) -> Int {
            guard let n = Int(v), n > 0 else { throw AWSClientError(.usage, "argument --\(name): invalid integer value: '\(v)'") }
            return n
        }
        switch name {
        case "region": inv.options.region = value
        case "profile": inv.options.profile = value
        case "endpoint-url": inv.options.endpointURL = value
        case "query": inv.query = value
        case "output":
            guard ["json", "text"].contains(value) else {
                throw AWSClientError(.usage, "argument --output: invalid choice: '\(value)' (choose from 'json', 'text')")
            }
            inv.output = value
        case "max-items": inv.maxItems = try int(value)
        case "page-size": inv.pageSize = try int(value)
        case "starting-token": inv.startingToken = value
        case "cli-input-json": inv.cliInputJSON = value
        case "cli-read-timeout": inv.options.readTimeout = Double(value).map { $0 == 0 ? 3600 : $0 }
        case "cli-connect-timeout": inv.options.connectTimeout = Double(value).map { $0 == 0 ? 3600 : $0 }
        default: break
        }
    }

    /// The parameters (model member names) given by `arguments` for `operation`, merged over
    /// `--cli-input-json` when given.
    package static func parameters(
        _ arguments: [String], operation: OperationModel, cliInputJSON: String? = nil
    ) throws(AWSClientError) -> JSONValue {
        var params = JSONObject()
        if let cliInputJSON {
            let text = try readValue(cliInputJSON)
            guard case .object(let object)? = try? JSONParser.parse(text) else {
                throw AWSClientError(.invalidParameter, "--cli-input-json must be a JSON object.")
            }
            params = object
        }
        guard let input = operation.input else {
            if let first = arguments.first { throw AWSClientError(.unknownParameter, "Unknown options: \(arguments.joined(separator: ", "))" + (first.isEmpty ? "" : "")) }
            return .object(params)
        }
        let graph = operation.graph
        let shape = graph[input]
        var byCLIName: [String: ShapeNode.Member] = [:]
        for m in shape.members { byCLIName[CLIName.kebab(m.name)] = m }
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            guard arg.hasPrefix("--") else {
                throw AWSClientError(.unknownParameter, "Unknown options: \(arguments[i...].joined(separator: ", "))")
            }
            var name = String(arg.dropFirst(2))
            var values: [String] = []
            if let eq = name.firstIndex(of: "=") {
                values.append(String(name[name.index(after: eq)...]))
                name = String(name[..<eq])
            }
            i += 1
            while i < arguments.count, !(arguments[i].hasPrefix("--") && arguments[i].count > 2) {
                values.append(arguments[i])
                i += 1
            }
            var negated = false
            var member = byCLIName[name]
            if member == nil, name.hasPrefix("no-"), let m = byCLIName[String(name.dropFirst(3))], graph[m.node].type == "boolean" {
                member = m
                negated = true
            }
            guard let member else {
                let candidates = byCLIName.keys.map { "--" + $0 }
                let hint = Suggestion.closest(to: "--" + name, in: candidates).map { " Did you mean '\($0)'?" } ?? ""
                throw AWSClientError(.unknownParameter, "Unknown options: --\(name).\(hint)")
            }
            let node = graph[member.node]
            let value: JSONValue
            if node.type == "boolean" {
                if values.isEmpty {
                    value = .bool(!negated)
                } else if values.count == 1, ["true", "false"].contains(values[0].lowercased()) {
                    value = .bool((values[0].lowercased() == "true") != negated)
                } else {
                    throw AWSClientError(.unknownParameter, "Unknown options: \(values.joined(separator: ", "))")
                }
            } else {
                guard !values.isEmpty else { throw AWSClientError(.usage, "argument --\(name): expected one argument") }
                if node.type != "list" && values.count > 1 {
                    throw AWSClientError(.unknownParameter, "Unknown options: \(values.dropFirst().joined(separator: ", "))")
                }
                value = try interpret(values, node: member.node, graph: graph, name: name)
            }
            params[member.name] = value
        }
        return .object(params)
    }

    /// The text of a value, reading `file://` paths.
    static func readValue(_ raw: String) throws(AWSClientError) -> String {
        for prefix in ["file://", "fileb://"] where raw.hasPrefix(prefix) {
            let path = String(raw.dropFirst(prefix.count))
            guard let text = try? String(contentsOfFile: (path as NSString).expandingTildeInPath, encoding: .utf8) else {
                throw AWSClientError(.invalidParameter, "Error parsing parameter: Unable to load paramfile \(raw)")
            }
            return text
        }
        return raw
    }

    static func interpret(_ rawValues: [String], node index: Int, graph: ShapeGraph, name: String) throws(AWSClientError) -> JSONValue {
        var values: [String] = []
        for raw in rawValues { values.append(try readValue(raw)) }
        let node = graph[index]
        switch node.type {
        case "list":
            if values.count == 1, let json = json(values[0], expecting: "[") { return try coerce(json, node: index, graph: graph) }
            let element = graph[node.element]
            var items: [JSONValue] = []
            for v in values {
                if element.isScalar {
                    if v.contains(","), !(v.first == "\"" || v.first == "'") {
                        let parsed = try ShorthandParser.parse("x=" + v)["x"] ?? .null
                        if case .array(let parts) = parsed { items += parts } else { items.append(parsed) }
                    } else {
                        items.append(.string(v))
                    }
                } else if let json = json(v, expecting: element.type == "list" ? "[" : "{") {
                    items.append(json)
                } else {
                    items.append(try ShorthandParser.parse(v))
                }
            }
            return try coerce(.array(items), node: index, graph: graph)
        case "structure", "map":
            if let json = json(values[0], expecting: "{") { return try coerce(json, node: index, graph: graph) }
            if node.isDocument { return .string(values[0]) }
            return try coerce(try ShorthandParser.parse(values[0]), node: index, graph: graph)
        default:
            return try coerce(.string(values[0]), node: index, graph: graph)
        }
    }

    static func json(_ text: String, expecting open: Character) -> JSONValue? {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" }
        guard trimmed.first == open else { return nil }
        return try? JSONParser.parse(String(trimmed))
    }

    /// Converts shorthand strings to the member types (numbers, booleans, one-element lists).
    static func coerce(_ value: JSONValue, node index: Int, graph: ShapeGraph) throws(AWSClientError) -> JSONValue {
        let node = graph[index]
        switch (node.type, value) {
        case ("structure", .object(let object)):
            if node.isDocument { return value }
            var out = JSONObject()
            for m in object {
                guard let member = node.member(named: m.key) else {
                    let hint = Suggestion.closest(to: m.key, in: node.members.map(\.name)).map { " Did you mean '\($0)'?" } ?? ""
                    throw AWSClientError(
                        .unknownParameter,
                        "Unknown parameter '\(m.key)' in \(node.shapeName).\(hint) Valid names: \(node.members.map(\.name).joined(separator: ", ")).")
                }
                out[m.key] = try coerce(m.value, node: member.node, graph: graph)
            }
            return .object(out)
        case ("map", .object(let object)):
            var out = JSONObject()
            for m in object { out[m.key] = try coerce(m.value, node: node.value, graph: graph) }
            return .object(out)
        case ("list", .array(let items)):
            var out: [JSONValue] = []
            for item in items { out.append(try coerce(item, node: node.element, graph: graph)) }
            return .array(out)
        case ("list", _):
            return .array([try coerce(value, node: node.element, graph: graph)])
        case ("integer", .string(let s)), ("long", .string(let s)):
            guard let n = Int(s) else { throw AWSClientError(.invalidParameter, "Invalid value '\(s)': expected an integer.") }
            return .integer(n)
        case ("float", .string(let s)), ("double", .string(let s)):
            guard let d = Double(s) else { throw AWSClientError(.invalidParameter, "Invalid value '\(s)': expected a number.") }
            return .double(d)
        case ("boolean", .string(let s)):
            switch s.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw AWSClientError(.invalidParameter, "Invalid value '\(s)': expected true or false.")
            }
        default:
            return value
        }
    }
}
