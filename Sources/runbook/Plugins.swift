import ArgumentParser
import Engine
import PluginSteps
import RunbookCore
import RunbookDSL

/// `runbook plugins`: the installed plugins, their actions and inputs.
struct Plugins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the plugins in ./plugins and RUNBOOK_PLUGIN_PATH with their actions and inputs.")

    @Argument(help: "Show only this plugin.") var name: String?
    @Flag(help: "Print the manifests as JSON (with the full input schemas).") var json = false

    mutating func run() async throws {
        let catalog = installedPlugins()
        DiagnosticPrinter.print(catalog.problems, sources: [:])
        var plugins = catalog.plugins
        if let name {
            plugins = plugins.filter { $0.name == name }
            if plugins.isEmpty {
                let hint = Suggestion.closest(to: name, in: catalog.names).map { " (did you mean '\($0)'?)" } ?? ""
                printError("error: no plugin named '\(name)'\(hint)")
                throw ExitCode(2)
            }
        }
        if json {
            printOut(JSONSerializer.serialize(.array(plugins.map(Self.json)), style: .pretty(indent: 2)))
        } else if plugins.isEmpty {
            printOut("no plugins in " + catalog.searchPath.joined(separator: ", "))
        } else {
            printOut(plugins.map(Self.text).joined(separator: "\n\n"))
        }
        if !catalog.problems.isEmpty { throw ExitCode(2) }
    }

    static func text(_ p: PluginManifest) -> String {
        var lines = [
            "\(p.name): \(p.description)", "  from: \(p.directory)",
            "  runs: \(p.command.joined(separator: " ")) (timeout \(DurationParser.format(p.timeout)))",
        ]
        for a in p.actions {
            let mutating: String
            switch a.mutating {
            case .always: mutating = "mutating"
            case .never: mutating = "read-only"
            case .whenGiven(let inputs): mutating = "mutating when given " + inputs.joined(separator: " or ")
            }
            lines.append("  action \(a.name) (\(mutating))" + (a.description.map { ": \($0)" } ?? ""))
            let required = Set(a.inputSchema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            for member in a.inputSchema["properties"]?.objectValue ?? JSONObject() {
                let type = ValueShape(jsonSchema: member.value).typeName
                let description = member.value["description"]?.stringValue.map { ": \($0)" } ?? ""
                lines.append(
                    "    \(member.key) (\(type)\(required.contains(member.key) ? ", required" : ""))\(description)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ p: PluginManifest) -> JSONValue {
        [
            "name": .string(p.name), "description": .string(p.description), "directory": .string(p.directory),
            "command": .array(p.command.map(JSONValue.string)), "timeout": .string(DurationParser.format(p.timeout)),
            "actions": .array(
                p.actions.map { a in
                    let mutating: JSONValue
                    switch a.mutating {
                    case .always: mutating = true
                    case .never: mutating = false
                    case .whenGiven(let inputs): mutating = .array(inputs.map(JSONValue.string))
                    }
                    return [
                        "name": .string(a.name), "description": a.description.map(JSONValue.string) ?? .null,
                        "mutating": mutating,
                        "inputs": a.inputSchema, "outputs": a.outputSchema ?? .null,
                    ]
                }),
        ]
    }
}
