import Foundation
import PluginSteps
import RunbookCore
import RunbookTesting
import Testing

@Suite("plugin manifests")
struct PluginManifestTests {
    @Test func theShippedPluginsLoad() throws {
        #expect(shippedPlugins.problems.map { $0.rendered() } == [])
        #expect(shippedPlugins.names.sorted() == ["notify", "policy-eval"])
        let eval = try #require(shippedPlugins.plugin("policy-eval"))
        #expect(eval.actions.map(\.name) == ["evaluate", "add-statements"])
        #expect(
            eval.command.last?.hasSuffix("plugins/policy-eval/policy_eval.py") == true,
            "files of the plugin folder become absolute")
        #expect(eval.timeout == .seconds(10))
        let notify = try #require(shippedPlugins.plugin("notify")?.action("send"))
        #expect(notify.mutating == .whenGiven(["webhook"]))
    }

    @Test func everyProblemHasAPosition() {
        let marked = MarkedText(
            """
            name: broken
            1️⃣comand: [sh, run.sh]
            actions:
              check:
                2️⃣mutates: false
              other:
                mutating: 3️⃣sometimes
                inputs: 4️⃣[a]
            """)
        let (manifest, problems) = PluginManifest.parse(source: marked.text, path: "p/plugin.yaml", directory: "p")
        #expect(manifest == nil)
        let found = problems.map { d in
            "\(d.location?.line ?? 0):\(d.location?.column ?? 0) \(d.message)" + (d.hint.map { " (\($0))" } ?? "")
        }
        func at(_ marker: String) -> String {
            let m = marked.markers[marker]!
            return "\(m.line):\(m.column)"
        }
        #expect(found.contains("\(at("1️⃣")) unknown key 'comand' in the plugin manifest (did you mean 'command'?)"))
        #expect(found.contains("1:1 the plugin manifest has no 'command' (add 'command: ...')"))
        #expect(
            found.contains(
                "\(at("2️⃣")) unknown key 'mutates' in action 'check' of the plugin manifest (valid keys are 'description', 'mutating', 'inputs', 'outputs')"
            ))
        #expect(
            found.contains {
                $0.hasPrefix("4:3 action 'check' of the plugin manifest does not say whether it is 'mutating'")
            })
        #expect(
            found.contains {
                $0.hasPrefix(
                    "\(at("3️⃣")) 'mutating' of action 'other' of the plugin manifest must be true, false or a list of inputs"
                )
            })
        #expect(
            found.contains(
                "\(at("4️⃣")) 'inputs' of action 'other' of the plugin manifest must be a JSON Schema of type object"))
    }

    @Test func firstPluginWithANameWinsAndBrokenOnesAreReported() throws {
        let a = try scratchPlugin(
            "name: dup\ncommand: [sh, run.sh]\nactions: {go: {mutating: false}}\n", script: "echo '{\"result\": 1}'")
        let b = try scratchPlugin("name: dup\ncommand: [sh, run.sh]\nactions: {go: {mutating: true}}\n", script: "")
        let c = try scratchPlugin("name: Bad Name\ncommand: [sh]\nactions: {go: {mutating: true}}\n", script: "")
        #expect(PluginCatalog.discover(in: ["/nonexistent"]).plugins.isEmpty)
        // Put the three in two search folders: a first, then b and c.
        let first = FileManager.default.temporaryDirectory.appendingPathComponent("search-\(UUID().uuidString)").path
        let second = first + "-2"
        for folder in [first, second] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try FileManager.default.moveItem(atPath: a, toPath: first + "/dup")
        try FileManager.default.moveItem(atPath: b, toPath: second + "/dup")
        try FileManager.default.moveItem(atPath: c, toPath: second + "/bad")
        // The search folders of the scratch plugins are left empty: harmless.
        let found = PluginCatalog.discover(in: [first, second])
        #expect(found.names == ["dup"])
        #expect(found.plugin("dup")?.directory == first + "/dup")
        #expect(found.problems.map(\.message) == ["plugin name must be lowercase letters, digits and '-'"])
        let path = PluginCatalog.searchPath(environment: ["RUNBOOK_PLUGIN_PATH": "/a:/b:"], currentDirectory: "/work")
        #expect(path == ["/work/plugins", "/a", "/b"])
    }
}
