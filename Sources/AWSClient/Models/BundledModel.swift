/// One service's models compiled into the binary by `scripts/generate-aws-models.py`.
struct BundledModel: Sendable {
    /// The botocore folder name (`ec2`, `elbv2`, ...).
    let name: String
    /// The API version folder the models came from.
    let apiVersion: String
    /// `service-2.json`, trimmed.
    let service: String
    /// `paginators-1.json`, trimmed.
    let paginators: String
    /// `waiters-2.json`, trimmed.
    let waiters: String
}

/// Namespace for the generated models (see `Bundled/`).
enum BundledModels {}
