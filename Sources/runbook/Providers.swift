import Engine
import ShellSteps

/// The step providers of this build. Register new providers (aws, kubectl, plugin) here.
func defaultRegistry() -> ProviderRegistry {
    ProviderRegistry([ShellProvider()])
}
