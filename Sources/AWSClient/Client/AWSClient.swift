import AWSSigV4
import Foundation
package import Logging
package import RunbookCore

/// The native AWS client: any operation of any modelled service, by name, with parameters that
/// use the model's member names, answering JSON shaped like `aws ... --output json`.
///
/// ```swift
/// let client = try AWSClient(options: AWSOptions(region: "eu-west-1"))
/// let nodegroup = try await client.call(
///     service: "eks", operation: "DescribeNodegroup",
///     parameters: ["clusterName": "prod", "nodegroupName": "ng-1"])
/// ```
package struct AWSClient: Sendable {
    /// Options resolved against the environment and config files.
    package let settings: AWSSettings
    /// The transport (read-only-wrapped when ``AWSOptions/readOnly`` is set).
    package let transport: any AWSTransport
    /// Where signing credentials come from.
    package let credentialProvider: any CredentialProvider
    /// The clock for signing and backoff.
    package let clock: any AWSClock
    /// The retry strategy.
    package var retry: RetryStrategy
    /// Debug logging.
    package var logger: Logger?
    private let quota = RetryQuota()
    private let models: ModelCache

    /// A client. Every dependency has a real default; tests pass fakes.
    package init(
        options: AWSOptions = AWSOptions(), environment: AWSEnvironment = AWSEnvironment(),
        transport: (any AWSTransport)? = nil, credentials: (any CredentialProvider)? = nil,
        clock: any AWSClock = SystemClock(), modelLoader: ModelLoader? = nil, logger: Logger? = nil
    ) throws(AWSClientError) {
        let settings = try AWSSettings(options: options, environment: environment)
        self.settings = settings
        let base = transport ?? URLSessionTransport(connectTimeout: options.connectTimeout ?? 60)
        self.transport = options.readOnly ? ReadOnlyTransport(base) : base
        self.clock = clock
        self.logger = logger
        retry = RetryStrategy(maxAttempts: settings.maxAttempts)
        let models = ModelCache(loader: modelLoader ?? ModelLoader(environment: environment.variables))
        self.models = models
        if let credentials {
            credentialProvider = credentials
        } else {
            // STS calls for assume-role use the base transport and no read-only check: getting
            // credentials changes nothing.
            let stsContext = StsContext(settings: settings, transport: base, clock: clock, models: models)
            credentialProvider = DefaultCredentialChain.make(settings: settings, transport: base, sts: stsContext.call)
        }
    }

    /// The models of `service` (CLI or botocore name).
    package func model(_ service: String) throws(AWSClientError) -> ServiceModel { try models.model(service) }

    /// Calls one page of `operation` (model name like `DescribeNodegroup` or CLI name like
    /// `describe-nodegroup`) with parameters keyed by model member names.
    package func call(service: String, operation: String, parameters: JSONValue = [:]) async throws -> JSONValue {
        let op = try model(service).operation(cliName: operation)
        return try await send(op, parameters: parameters)
    }

    /// Calls `operation` once with `parameters` (model member names).
    package func send(_ operation: OperationModel, parameters: JSONValue) async throws -> JSONValue {
        if settings.options.readOnly && !operation.isReadOnly {
            throw AWSClientError(
                .readOnly,
                "Refused to call \(operation.service.name) \(operation.name): the client is read-only (dry run) and \(operation.name) is not known to be read-only.")
        }
        let (customized, autoEncoding) = Customizations.request(parameters, operation: operation)
        let prepared = try ParameterValidator.prepare(customized, operation: operation)
        let (endpoint, signingRegion, custom) = try resolveEndpoint(operation.service)
        let context = CallContext(
            transport: transport, clock: clock, retry: retry, quota: quota,
            attemptTimeout: settings.options.readTimeout ?? 60, timestamps: settings.timestampOutput, logger: logger)
        return try await RequestPipeline.send(
            operation, parameters: prepared, credentials: settings.options.unsigned ? nil : credentialProvider, endpoint: endpoint,
            isCustomEndpoint: custom, signingRegion: signingRegion, context: context, autoEncoding: autoEncoding)
    }

    /// The endpoint, signing region and whether the endpoint was configured by the user.
    package func resolveEndpoint(_ service: ServiceModel) throws(AWSClientError) -> (Endpoint, String, Bool) {
        guard let region = settings.region else {
            throw AWSClientError(.endpoint, "You must specify a region. You can also configure your region by running \"aws configure\".")
        }
        let override = settings.endpointOverride(for: service)
        let (endpoint, signingRegion) = try EndpointResolver.resolve(service: service, region: region, override: override)
        return (endpoint, signingRegion, override != nil)
    }
}

/// Loaded models, shared by copies of a client.
///
/// `@unchecked Sendable` because `cache` is only read and written under `lock`.
final class ModelCache: @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: ServiceModel] = [:]
    let loader: ModelLoader

    init(loader: ModelLoader) { self.loader = loader }

    func model(_ service: String) throws(AWSClientError) -> ServiceModel {
        lock.lock()
        if let m = cache[service] {
            lock.unlock()
            return m
        }
        lock.unlock()
        let m = try loader.load(service)
        lock.lock()
        cache[service] = m
        lock.unlock()
        return m
    }
}

/// Makes the STS calls of assume-role credential providers.
struct StsContext: Sendable {
    let settings: AWSSettings
    let transport: any AWSTransport
    let clock: any AWSClock
    let models: ModelCache

    var call: STSCall {
        { operation, parameters, credentials in
            let service = try models.model("sts")
            let op = try service.operation(named: operation)
            let region = settings.region ?? "us-east-1"
            let override = settings.endpointOverride(for: service)
            let (endpoint, signingRegion) = try EndpointResolver.resolve(service: service, region: region, override: override)
            let context = CallContext(
                transport: transport, clock: clock, retry: RetryStrategy(maxAttempts: settings.maxAttempts), quota: RetryQuota(),
                attemptTimeout: 30, timestamps: .wire)
            return try await RequestPipeline.send(
                op, parameters: try ParameterValidator.prepare(parameters, operation: op),
                credentials: credentials.map { StaticCredentialProvider($0) }, endpoint: endpoint, isCustomEndpoint: override != nil,
                signingRegion: signingRegion, context: context)
        }
    }
}
