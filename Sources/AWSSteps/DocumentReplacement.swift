import AWSClient
import Foundation
import RunbookCore

/// Operations that replace a document or a setting, and how to read what they would replace, so
/// a plan (dry run, approval prompt) can show the current and the proposed value as a diff.
///
/// Reading uses a read-only client; a missing current document (not found) diffs against nothing.
struct DocumentReplacement: Sendable {
    /// The writing operation (`kms PutKeyPolicy`).
    var service: String
    var operation: String
    /// The reading operation (`GetKeyPolicy`).
    var read: String
    /// Its parameters, from the writing call's parameters.
    var readParameters: @Sendable (JSONObject) -> JSONValue
    /// The current value, from the reading call's answer.
    var current: @Sendable (JSONValue, JSONObject) -> JSONValue
    /// The value the writing call would leave, from its parameters and the current value.
    var proposed: @Sendable (JSONObject, JSONValue) -> JSONValue

    /// The replacement `operation` of `service` performs, if it is one this build knows.
    static func find(service: String, operation: String) -> DocumentReplacement? {
        all.first { $0.service == ModelLoader.folderName(service) && $0.operation == operation }
    }

    static let all: [DocumentReplacement] = [
        DocumentReplacement(
            service: "kms", operation: "PutKeyPolicy", read: "GetKeyPolicy",
            readParameters: { p in ["KeyId": p["KeyId"] ?? .null, "PolicyName": p["PolicyName"] ?? "default"] },
            current: { answer, _ in document(answer["Policy"]) },
            proposed: { p, _ in document(p["Policy"]) }),
        DocumentReplacement(
            service: "iam", operation: "PutRolePolicy", read: "GetRolePolicy",
            readParameters: { p in ["RoleName": p["RoleName"] ?? .null, "PolicyName": p["PolicyName"] ?? .null] },
            current: { answer, _ in document(answer["PolicyDocument"]) },
            proposed: { p, _ in document(p["PolicyDocument"]) }),
        DocumentReplacement(
            service: "iam", operation: "UpdateAssumeRolePolicy", read: "GetRole",
            readParameters: { p in ["RoleName": p["RoleName"] ?? .null] },
            current: { answer, _ in document(answer["Role"]?["AssumeRolePolicyDocument"]) },
            proposed: { p, _ in document(p["PolicyDocument"]) }),
        DocumentReplacement(
            service: "s3", operation: "PutBucketPolicy", read: "GetBucketPolicy",
            readParameters: { p in ["Bucket": p["Bucket"] ?? .null] },
            current: { answer, _ in document(answer["Policy"]) },
            proposed: { p, _ in document(p["Policy"]) }),
        DocumentReplacement(
            service: "ssm", operation: "PutParameter", read: "GetParameter",
            readParameters: { p in ["Name": p["Name"] ?? .null] },
            current: { answer, _ in answer["Parameter"]?["Value"] ?? .null },
            proposed: { p, _ in p["Value"] ?? .null }),
        DocumentReplacement(
            service: "eks", operation: "UpdateNodegroupConfig", read: "DescribeNodegroup",
            readParameters: { p in ["clusterName": p["clusterName"] ?? .null, "nodegroupName": p["nodegroupName"] ?? .null] },
            current: { answer, p in
                var o = JSONObject()
                for key in ["scalingConfig", "labels", "taints", "updateConfig"] where p[key] != nil {
                    o[key] = answer["nodegroup"]?[key] ?? .null
                }
                return .object(o)
            },
            proposed: { p, current in
                var o = current.objectValue ?? JSONObject()
                for key in ["scalingConfig", "updateConfig"] {
                    guard let change = p[key]?.objectValue else { continue }
                    var merged = o[key]?.objectValue ?? JSONObject()
                    for m in change { merged[m.key] = m.value }
                    o[key] = .object(merged)
                }
                for key in ["labels", "taints"] where p[key] != nil { o[key] = p[key] }
                return .object(o)
            }),
        DocumentReplacement(
            service: "autoscaling", operation: "UpdateAutoScalingGroup", read: "DescribeAutoScalingGroups",
            readParameters: { p in ["AutoScalingGroupNames": [p["AutoScalingGroupName"] ?? .null]] },
            current: { answer, p in
                var o = JSONObject()
                let group = answer["AutoScalingGroups"]?[0] ?? .null
                for m in p where m.key != "AutoScalingGroupName" { o[m.key] = group[m.key] ?? .null }
                return .object(o)
            },
            proposed: { p, current in
                var o = current.objectValue ?? JSONObject()
                for m in p where m.key != "AutoScalingGroupName" { o[m.key] = m.value }
                return .object(o)
            }),
    ]

    /// A policy-like value as JSON: strings holding JSON (or URL-encoded JSON, as IAM answers)
    /// are parsed so the diff compares documents, not escaped text.
    static func document(_ value: JSONValue?) -> JSONValue {
        guard let value else { return .null }
        guard case .string(var text) = value else { return value }
        if text.hasPrefix("%7B") || text.hasPrefix("%7b"), let decoded = text.removingPercentEncoding { text = decoded }
        return (try? JSONParser.parse(text)) ?? value
    }

    /// The text a diff shows for a value.
    static func text(_ value: JSONValue) -> String {
        if value.isNull { return "" }
        if let s = value.stringValue { return s + "\n" }
        return JSONSerializer.serialize(value, style: .pretty(indent: 2)) + "\n"
    }
}
