/// The standard AWS endpoint of a service in a region, and the region requests are signed for.
///
/// The rules: `https://{endpointPrefix}.{region}.{dnsSuffix}` where the suffix is
/// `amazonaws.com.cn` in China and `amazonaws.com` elsewhere; IAM (and other global services
/// with a `globalEndpoint`) is signed for `us-east-1` (`cn-north-1` in China) at its global host;
/// S3 in `us-east-1` uses `s3.amazonaws.com`.
package enum EndpointResolver {
    /// The endpoint and signing region for `service` in `region`, or `override` when given.
    package static func resolve(
        service: ServiceModel, region: String, override: String?
    ) throws(AWSClientError) -> (endpoint: Endpoint, signingRegion: String) {
        let china = region.hasPrefix("cn-")
        let suffix = china ? "amazonaws.com.cn" : "amazonaws.com"
        var signingRegion = region
        if service.endpointPrefix == "iam" || (service.globalEndpoint != nil && service.endpointPrefix != "sts" && !service.isS3) {
            signingRegion = china ? "cn-north-1" : (region.hasPrefix("us-gov-") ? "us-gov-west-1" : "us-east-1")
        }
        if let override { return (try Endpoint.parse(override), signingRegion) }
        let host: String
        if service.endpointPrefix == "iam" {
            host = china ? "iam.cn-north-1.amazonaws.com.cn" : (region.hasPrefix("us-gov-") ? "iam.us-gov.amazonaws.com" : "iam.amazonaws.com")
        } else if service.isS3 && region == "us-east-1" {
            host = "s3.amazonaws.com"
        } else if let global = service.globalEndpoint, service.endpointPrefix != "sts", !service.isS3 {
            host = global
        } else {
            host = "\(service.endpointPrefix).\(region).\(suffix)"
        }
        return (Endpoint(host: host), signingRegion)
    }
}
