package import AWSClient
import Foundation
package import RunbookCore
package import RunbookDSL

/// `aws` in a run's expressions: `{account, region}`.
///
/// The region comes from the runbook's `region` parameter when it has one with a value, then
/// `AWS_REGION`, `AWS_DEFAULT_REGION` and the profile (the SDKs' order). The account is who the
/// credentials belong to, from STS GetCallerIdentity (read-only, asked once per run and only when
/// the runbook has `aws` steps or reads `aws.account`), never from a parameter.
package enum AWSRunContext {
    /// What a run should use.
    package struct Resolved: Sendable {
        /// `{account, region, arn}` for expressions.
        package var value: JSONValue
        /// The environment for the run's providers: `AWS_REGION` set to the region in effect, so
        /// `aws` steps and kubectl's exec credential plugin (`aws eks get-token`) agree.
        package var environment: [String: String]
        /// Why the account could not be found, when it could not.
        package var warning: String?
    }

    /// Whether the runbook calls AWS or reads `aws.*`.
    package static func needsAWS(_ runbook: Runbook) -> Bool {
        runbook.steps.contains { $0.action.provider == "aws" } || runbook.source.contains("aws.account")
    }

    /// Resolves region and account for `runbook` run with `params` in `environment`.
    package static func resolve(
        _ runbook: Runbook, params: JSONObject, environment: [String: String], transport: (any AWSTransport)? = nil
    ) async -> Resolved {
        var env = environment
        if let region = params["region"]?.stringValue, !region.isEmpty {
            env["AWS_REGION"] = region
            env["AWS_DEFAULT_REGION"] = region
        }
        let settings = try? AWSSettings(options: AWSOptions(), environment: AWSEnvironment(variables: env))
        let region = settings?.region
        if let region, env["AWS_REGION"] == nil { env["AWS_REGION"] = region }
        var value = JSONObject([("account", .null), ("region", region.map(JSONValue.string) ?? .null), ("arn", .null)])
        guard needsAWS(runbook) else { return Resolved(value: .object(value), environment: env) }
        do {
            let client = try AWSClient(
                options: AWSOptions(readTimeout: 20, readOnly: true), environment: AWSEnvironment(variables: env), transport: transport)
            let identity = try await client.call(service: "sts", operation: "GetCallerIdentity")
            value["account"] = identity["Account"] ?? .null
            value["arn"] = identity["Arn"] ?? .null
            return Resolved(value: .object(value), environment: env)
        } catch {
            return Resolved(
                value: .object(value), environment: env,
                warning: "cannot tell which AWS account the credentials belong to (sts get-caller-identity: \(error)); aws.account is null")
        }
    }
}
