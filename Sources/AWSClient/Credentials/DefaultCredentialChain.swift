import AWSSigV4

/// Builds the SDKs' default credential chain for resolved settings.
///
/// Order (botocore's): environment variables (skipped when `--profile` names a profile),
/// the profile (`role_arn` with `source_profile`/`credential_source`, `web_identity_token_file`,
/// `credential_process`, static keys, in that order), web identity from the environment,
/// container credentials, then instance metadata (IMDSv2).
package enum DefaultCredentialChain {
    /// The chain for `settings`, fetching with `transport` and calling STS with `sts`.
    package static func make(settings: AWSSettings, transport: any AWSTransport, sts: @escaping STSCall) -> any CredentialProvider {
        let environment = settings.environment
        var providers: [(name: String, provider: any CredentialProvider)] = []
        let env = EnvironmentCredentialProvider(environment: environment)
        if !settings.profileIsExplicit && env.isConfigured { providers.append(("environment", env)) }
        if let profile = try? profileProvider(settings.profile, settings: settings, transport: transport, sts: sts, depth: 0) {
            providers.append(("profile \(settings.profile)", profile))
        }
        if let file = environment["AWS_WEB_IDENTITY_TOKEN_FILE"], let role = environment["AWS_ROLE_ARN"] {
            providers.append(
                ("web identity", WebIdentityCredentialProvider(roleARN: role, tokenFile: file, sessionName: environment["AWS_ROLE_SESSION_NAME"], sts: sts)))
        }
        let container = ContainerCredentialProvider(environment: environment, transport: transport)
        if container.isConfigured { providers.append(("container", container)) }
        providers.append(("instance metadata", IMDSCredentialProvider(environment: environment, transport: transport)))
        return CachingCredentialProvider(CredentialChain(providers))
    }

    /// The provider a profile describes, or nil when it holds no credential settings.
    static func profileProvider(
        _ name: String, settings: AWSSettings, transport: any AWSTransport, sts: @escaping STSCall, depth: Int
    ) throws(AWSClientError) -> (any CredentialProvider)? {
        let files = settings.files
        guard depth < 8 else { throw AWSClientError(.configuration, "The profile \(name) has a source_profile cycle.") }
        func value(_ key: String) -> String? { files.value(key, profile: name) }
        if let role = value("role_arn") {
            if let tokenFile = value("web_identity_token_file") {
                return WebIdentityCredentialProvider(
                    roleARN: role, tokenFile: settings.environment.expand(tokenFile), sessionName: value("role_session_name"), sts: sts)
            }
            let source: any CredentialProvider
            if let sourceProfile = value("source_profile") {
                guard files.hasProfile(sourceProfile) else {
                    throw AWSClientError(.configuration, "The source_profile \(sourceProfile) of profile \(name) does not exist.")
                }
                // A profile that names itself as source uses its own static keys.
                if sourceProfile == name, let keys = staticKeys(name, files: files) {
                    source = StaticCredentialProvider(keys)
                } else if let provider = try profileProvider(sourceProfile, settings: settings, transport: transport, sts: sts, depth: depth + 1) {
                    source = provider
                } else {
                    throw AWSClientError(.configuration, "The source_profile \(sourceProfile) of profile \(name) has no credentials.")
                }
            } else if let credentialSource = value("credential_source") {
                switch credentialSource {
                case "Environment": source = EnvironmentCredentialProvider(environment: settings.environment)
                case "Ec2InstanceMetadata": source = IMDSCredentialProvider(environment: settings.environment, transport: transport)
                case "EcsContainer": source = ContainerCredentialProvider(environment: settings.environment, transport: transport)
                default:
                    throw AWSClientError(.configuration, "Unknown credential_source \(credentialSource) in profile \(name).")
                }
            } else {
                throw AWSClientError(.configuration, "The profile \(name) has role_arn but neither source_profile nor credential_source.")
            }
            return AssumeRoleCredentialProvider(
                roleARN: role, sessionName: value("role_session_name"), externalID: value("external_id"),
                durationSeconds: value("duration_seconds").flatMap(Int.init), source: source, sts: sts)
        }
        if let command = value("credential_process") {
            return ProcessCredentialProvider(command: command, environment: settings.environment)
        }
        if let keys = staticKeys(name, files: files) { return StaticCredentialProvider(keys) }
        return nil
    }

    static func staticKeys(_ name: String, files: AWSConfigFiles) -> AWSCredentials? {
        guard let key = files.value("aws_access_key_id", profile: name),
            let secret = files.value("aws_secret_access_key", profile: name)
        else { return nil }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: files.value("aws_session_token", profile: name))
    }
}
