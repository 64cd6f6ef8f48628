import Foundation
package import RunbookCore

/// The plugins this run can use.
///
/// Each folder of `./plugins`, then of each folder in `RUNBOOK_PLUGIN_PATH` (colon separated),
/// that holds a `plugin.yaml`. The first plugin with a name wins; invalid manifests are kept as
/// problems, shown by `runbook plugins` and `validate`.
package struct PluginCatalog: Sendable {
    /// Valid plugins, by name, in discovery order.
    package private(set) var plugins: [PluginManifest] = []
    /// Problems with manifests that could not be read.
    package private(set) var problems: [Diagnostic] = []
    /// The folders searched.
    package private(set) var searchPath: [String] = []

    /// An empty catalog.
    package init() {}

    /// A catalog of these plugins (tests).
    package init(plugins: [PluginManifest]) { self.plugins = plugins }

    /// The folders searched: `<currentDirectory>/plugins`, then `RUNBOOK_PLUGIN_PATH`.
    package static func searchPath(environment: [String: String], currentDirectory: String) -> [String] {
        var folders = [currentDirectory + "/plugins"]
        if let extra = environment["RUNBOOK_PLUGIN_PATH"] {
            folders += extra.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        return folders
    }

    /// Discovers the plugins in `folders`.
    package static func discover(in folders: [String]) -> PluginCatalog {
        var catalog = PluginCatalog()
        catalog.searchPath = folders
        let fm = FileManager.default
        for folder in folders {
            let entries = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            for entry in entries {
                let directory = folder + "/" + entry
                guard fm.fileExists(atPath: directory + "/" + PluginManifest.fileName) else { continue }
                let (manifest, problems) = PluginManifest.read(directory: directory)
                catalog.problems += problems
                if let manifest, catalog.plugin(manifest.name) == nil { catalog.plugins.append(manifest) }
            }
        }
        return catalog
    }

    /// Discovers the plugins for a process's environment and folder.
    package static func discover(environment: [String: String], currentDirectory: String) -> PluginCatalog {
        discover(in: searchPath(environment: environment, currentDirectory: currentDirectory))
    }

    /// The plugin named `name`.
    package func plugin(_ name: String) -> PluginManifest? { plugins.first { $0.name == name } }

    /// Plugin names, in discovery order.
    package var names: [String] { plugins.map(\.name) }
}
