import ArgumentParser
import Engine
import RunbookCore
import RunbookDSL
import RunbookReplay

/// `runbook schema`: the JSON Schema of the language (or of test files), for editors.
struct Schema: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema of runbook files (or of test files) for editors.",
        discussion: """
            Save it and point the YAML language server at it with a first line such as
              # yaml-language-server: $schema=../.runbook/runbook.schema.json
            Completion and hover text come from the schema's descriptions; installed plugins and \
            their inputs are included. See docs/authoring.md.
            """)

    @Flag(help: "The schema of test files (*.test.yaml) instead.") var test = false

    mutating func run() async throws {
        printOut(JSONSerializer.serialize(Self.document(test: test), style: .pretty(indent: 2)))
    }

    /// The schema with the payload schemas of this build's providers.
    static func document(test: Bool) -> JSONValue {
        let registry = defaultRegistry()
        if test { return TestFileSchema.document(kinds: Array(Set(registry.names + Action.providerNames)).sorted()) }
        var actions: [String: JSONValue] = [:]
        for name in registry.names {
            if let provider = registry.provider(named: name) as? any ActionSchemaProvider,
                let schema = provider.editorSchema()
            {
                actions[name] = schema
            }
        }
        return LanguageSchema.document(actions: actions)
    }
}
