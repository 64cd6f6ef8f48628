import Foundation
package import RunbookCore
import RunbookDSL

extension PluginManifest {
    /// The manifest's file name inside a plugin folder.
    package static let fileName = "plugin.yaml"
    /// Keys of a manifest.
    static let keys = ["name", "description", "command", "timeout", "env", "actions"]
    /// Keys of an action.
    static let actionKeys = ["description", "mutating", "inputs", "outputs"]

    /// Reads `<directory>/plugin.yaml`; nil and the problems (with file:line:col) when it is invalid.
    package static func read(directory: String) -> (PluginManifest?, [Diagnostic]) {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path), let source = String(data: data, encoding: .utf8)
        else {
            return (nil, [Diagnostic(code: "unreadable-file", message: "cannot read '\(path)'")])
        }
        return parse(source: source, path: path, directory: directory)
    }

    /// Parses a manifest's text.
    package static func parse(source: String, path: String, directory: String) -> (PluginManifest?, [Diagnostic]) {
        let (document, parseProblems) = LocatedYAML.parse(source, file: path)
        guard let document else { return (nil, parseProblems) }
        var problems = document.checkKeys(
            keys, required: ["name", "command", "actions"], construct: "the plugin manifest")
        guard document.members != nil else { return (nil, problems) }
        var manifest = PluginManifest(
            name: "", description: "", command: [], directory: directory, manifestPath: path, timeout: .seconds(30),
            passEnvironment: [], actions: [])
        if let name = document["name"] {
            if let text = name.json.stringValue, isPluginName(text) {
                manifest.name = text
            } else {
                problems.append(
                    Diagnostic(
                        code: "invalid-name", message: "plugin name must be lowercase letters, digits and '-'",
                        location: name.location))
            }
        }
        manifest.description = document["description"]?.json.stringValue ?? ""
        if let command = document["command"] {
            switch command.json {
            case .string(let s): manifest.command = s.split(separator: " ").map(String.init)
            case .array(let items) where items.allSatisfy({ $0.stringValue != nil }) && !items.isEmpty:
                manifest.command = items.compactMap(\.stringValue)
            default:
                problems.append(
                    Diagnostic(
                        code: "wrong-type",
                        message: "'command' must be a program and its arguments (a list of strings)",
                        hint: "e.g. command: [python3, evaluate.py]", location: command.location))
            }
            manifest.command = resolve(manifest.command, in: directory)
        }
        if let timeout = document["timeout"] {
            if let d = timeout.json.stringValue.flatMap(DurationParser.parse)
                ?? timeout.json.doubleValue.map({ Duration.seconds($0) })
            {
                manifest.timeout = d
            } else {
                problems.append(
                    Diagnostic(
                        code: "invalid-duration", message: "invalid 'timeout'", hint: "write e.g. 10s or 2m",
                        location: timeout.location))
            }
        }
        if let env = document["env"] {
            if let names = env.json.arrayValue?.compactMap(\.stringValue), names.count == env.items?.count {
                manifest.passEnvironment = names
            } else {
                problems.append(
                    Diagnostic(
                        code: "wrong-type", message: "'env' must be a list of variable names", location: env.location))
            }
        }
        if let actions = document["actions"] {
            if let members = actions.members, !members.isEmpty {
                for member in members {
                    let (action, actionProblems) = readAction(member)
                    problems += actionProblems
                    if let action { manifest.actions.append(action) }
                }
            } else {
                problems.append(
                    Diagnostic(
                        code: "wrong-type",
                        message: "'actions' must map each action's name to its description, mutating and inputs",
                        location: actions.location))
            }
        }
        return (problems.isEmpty ? manifest : nil, problems)
    }

    private static func readAction(_ member: LocatedYAML.Member) -> (PluginAction?, [Diagnostic]) {
        let construct = "action '\(member.key)' of the plugin manifest"
        var problems = member.value.checkKeys(actionKeys, construct: construct)
        guard member.value.members != nil else { return (nil, problems) }
        var action = PluginAction(
            name: member.key, description: member.value["description"]?.json.stringValue, mutating: .always,
            inputSchema: ["type": "object", "properties": [:], "additionalProperties": false],
            outputSchema: member.value["outputs"]?.json)
        if let mutating = member.value["mutating"] {
            switch mutating.json {
            case .bool(let b): action.mutating = b ? .always : .never
            case .array(let items) where items.allSatisfy({ $0.stringValue != nil }):
                action.mutating = .whenGiven(items.compactMap(\.stringValue))
            default:
                problems.append(
                    Diagnostic(
                        code: "wrong-type",
                        message: "'mutating' of \(construct) must be true, false or a list of inputs",
                        hint: "a list means: mutating only when one of these inputs is given",
                        location: mutating.location))
            }
        } else {
            problems.append(
                Diagnostic(
                    code: "missing-key", message: "\(construct) does not say whether it is 'mutating'",
                    hint: "add 'mutating: false' if it only reads, 'mutating: true' if it changes anything",
                    location: member.keyLocation))
        }
        if let inputs = member.value["inputs"] {
            guard var schema = inputs.json.objectValue, schema["type"] == nil || schema["type"] == "object" else {
                problems.append(
                    Diagnostic(
                        code: "wrong-type", message: "'inputs' of \(construct) must be a JSON Schema of type object",
                        location: inputs.location))
                return (nil, problems)
            }
            schema["type"] = "object"
            // Closed unless the author says otherwise: a misspelt input is an error, not ignored.
            if schema["additionalProperties"] == nil { schema["additionalProperties"] = false }
            action.inputSchema = .object(schema)
        }
        return (action, problems)
    }

    /// Arguments naming a file of the plugin folder become absolute paths.
    static func resolve(_ command: [String], in directory: String) -> [String] {
        command.map { arg in
            guard !arg.hasPrefix("/"), !arg.hasPrefix("-") else { return arg }
            let candidate = directory + "/" + (arg.hasPrefix("./") ? String(arg.dropFirst(2)) : arg)
            return FileManager.default.fileExists(atPath: candidate) ? candidate : arg
        }
    }

    static func isPluginName(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter, first.isLowercase || first.isNumber else { return false }
        return s.allSatisfy { ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" || $0 == "_" }
    }
}
