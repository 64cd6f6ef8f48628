/// What the user asked for on the command line or in code; anything nil falls back to the
/// environment and the profile, with the SDKs' precedence.
package struct AWSOptions: Sendable {
    /// `--region`.
    package var region: String?
    /// `--profile` (an explicit profile also disables the environment credentials, like botocore).
    package var profile: String?
    /// `--endpoint-url`.
    package var endpointURL: String?
    /// Total attempts per call (`AWS_MAX_ATTEMPTS`, profile `max_attempts`, default 3).
    package var maxAttempts: Int?
    /// Seconds to connect, and between bytes (`--cli-connect-timeout`, default 60 like the CLI).
    package var connectTimeout: Double?
    /// Seconds for a whole attempt (`--cli-read-timeout`, default 60).
    package var readTimeout: Double?
    /// Refuse mutating operations (dry run).
    package var readOnly = false
    /// Timestamps in answers: `wire` or `iso8601` (profile `cli_timestamp_format`).
    package var timestampFormat: String?
    /// Send requests unsigned (`--no-sign-request`).
    package var unsigned = false

    /// No overrides.
    package init(
        region: String? = nil, profile: String? = nil, endpointURL: String? = nil, maxAttempts: Int? = nil,
        connectTimeout: Double? = nil, readTimeout: Double? = nil, readOnly: Bool = false, timestampFormat: String? = nil
    ) {
        self.region = region
        self.profile = profile
        self.endpointURL = endpointURL
        self.maxAttempts = maxAttempts
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.readOnly = readOnly
        self.timestampFormat = timestampFormat
    }
}

/// Options resolved against the environment and the shared config files.
package struct AWSSettings: Sendable {
    /// The options given.
    package let options: AWSOptions
    /// The environment.
    package let environment: AWSEnvironment
    /// The parsed config files.
    package let files: AWSConfigFiles
    /// The profile in effect (`--profile`, `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, `default`).
    package let profile: String
    /// Whether the profile was named explicitly with `--profile`.
    package let profileIsExplicit: Bool

    /// Resolves `options` in `environment`.
    package init(options: AWSOptions, environment: AWSEnvironment) throws(AWSClientError) {
        self.options = options
        self.environment = environment
        files = AWSConfigFiles(environment: environment)
        profileIsExplicit = options.profile != nil
        profile = options.profile ?? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default"
        if profile != "default" && !files.hasProfile(profile) {
            throw AWSClientError(.configuration, "The config profile (\(profile)) could not be found")
        }
    }

    /// A profile setting.
    package func profileValue(_ key: String) -> String? { files.value(key, profile: profile) }

    /// The region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
    package var region: String? {
        options.region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? profileValue("region")
    }

    /// Attempts per call.
    package var maxAttempts: Int {
        options.maxAttempts ?? environment["AWS_MAX_ATTEMPTS"].flatMap(Int.init) ?? profileValue("max_attempts").flatMap(Int.init) ?? 3
    }

    /// How answers show timestamps.
    package var timestampOutput: TimestampOutput {
        let format = options.timestampFormat ?? profileValue("cli_timestamp_format") ?? "wire"
        return format.lowercased() == "iso8601" ? .iso8601 : .wire
    }

    /// The endpoint URL configured for `service`, if any: `--endpoint-url`,
    /// `AWS_ENDPOINT_URL_<SERVICE_ID>`, `AWS_ENDPOINT_URL`, the profile's `services` section, then
    /// the profile's `endpoint_url`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` keeps only the flag.
    package func endpointOverride(for service: ServiceModel) -> String? {
        if let flag = options.endpointURL { return flag }
        let ignore = (environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] ?? profileValue("ignore_configured_endpoint_urls"))?.lowercased() == "true"
        if ignore { return nil }
        let id = service.serviceID
        let envName = "AWS_ENDPOINT_URL_" + id.uppercased().split(whereSeparator: { $0 == " " || $0 == "-" }).joined(separator: "_")
        if let specific = environment[envName] { return specific }
        if let global = environment["AWS_ENDPOINT_URL"] { return global }
        let configKey = id.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }).joined(separator: "_")
        if let servicesName = profileValue("services"), let section = files.services[servicesName],
            let url = section.nested[configKey]?["endpoint_url"]
        {
            return url
        }
        return profileValue("endpoint_url")
    }
}
