package import AWSClient
import Foundation
import Synchronization

/// Clients by options, shared by every step of a run so connections and credentials are reused.
///
/// Read-only clients (dry runs) are separate entries: each is opened with
/// ``AWSOptions/readOnly`` set, so its transport refuses anything not known to be read-only.
final class AWSClientCache: Sendable {
    private struct Key: Hashable {
        var region: String?
        var profile: String?
        var endpointURL: String?
        var readOnly: Bool
        var environment: [String: String]
    }

    let environment: [String: String]
    let transport: (any AWSTransport)?
    let models: ModelLoader
    let region: String?
    let profile: String?
    private let clients = Mutex<[Key: AWSClient]>([:])
    private let loaded = Mutex<[String: ServiceModel]>([:])

    init(environment: [String: String], transport: (any AWSTransport)?, models: ModelLoader, region: String?, profile: String?) {
        self.environment = environment
        self.transport = transport
        self.models = models
        self.region = region
        self.profile = profile
    }

    /// The models of `service`, loaded once.
    func model(_ service: String) throws(AWSClientError) -> ServiceModel {
        if let m = loaded.withLock({ $0[service] }) { return m }
        let m = try models.load(service)
        loaded.withLock { $0[service] = m }
        return m
    }

    /// A client for `options` (step-level region/profile/endpoint over the provider's defaults),
    /// read-only when asked, seeing `environment` (the run's) over the provider's.
    func client(_ options: AWSOptions, readOnly: Bool, environment runEnvironment: [String: String]) throws(AWSClientError) -> AWSClient {
        var o = options
        o.region = o.region ?? region
        o.profile = o.profile ?? profile
        o.readOnly = readOnly
        let env = runEnvironment.isEmpty ? environment : runEnvironment
        let key = Key(region: o.region, profile: o.profile, endpointURL: o.endpointURL, readOnly: readOnly, environment: env)
        if let c = clients.withLock({ $0[key] }) { return c }
        let c = try AWSClient(options: o, environment: AWSEnvironment(variables: env), transport: transport, modelLoader: models)
        clients.withLock { $0[key] = c }
        return c
    }
}
