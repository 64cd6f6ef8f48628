import AWSSteps
import Engine
import Foundation
import KubernetesSteps
import PluginSteps
import ShellSteps

/// The step providers of this build; `kubeContext` is the kubectl context for steps that name
/// none (`runbook run --context`).
func defaultRegistry(kubeContext: String? = nil) -> ProviderRegistry {
    ProviderRegistry([
        ShellProvider(), PluginProvider(catalog: installedPlugins()), AWSProvider(),
        KubectlProvider(defaultContext: kubeContext),
    ])
}

/// The plugins in ./plugins and RUNBOOK_PLUGIN_PATH.
func installedPlugins() -> PluginCatalog {
    PluginCatalog.discover(
        environment: ProcessInfo.processInfo.environment, currentDirectory: FileManager.default.currentDirectoryPath)
}
