import AWSSigV4
import Foundation
import RunbookCore
import Testing

@testable import AWSClient

/// Runs the same commands through `runbook aws` and the real aws CLI against one moto server
/// with signature checking on, and requires identical output, errors and exit classes.
@Suite(
    "moto differential", .serialized,
    .enabled(if: ExternalTools.haveMotoAndCLI, "the aws CLI or moto_server is not installed; skipping the moto tests"))
struct MotoDifferentialTests {
    /// The state shared by the differential commands: the server, keys and created ids.
    struct Fixture {
        let moto: MotoServer
        /// moto checks EKS (rest-json) signatures wrongly even for the aws CLI, so EKS runs on a
        /// second server without authentication.
        let eksMoto: MotoServer
        let home: TemporaryDirectory
        let environment: [String: String]
        let ids: [String: String]
    }

    /// Starts moto with authentication after three actions, creates an admin user with those
    /// three actions, then creates resources in every service with the user's signed requests.
    static func makeFixture(resources: Bool = true) async throws -> Fixture {
        let moto = try MotoServer(noAuthActions: 3)
        let home = try TemporaryDirectory()
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path]
        base["AWS_DEFAULT_REGION"] = "us-east-1"
        base["AWS_EC2_METADATA_DISABLED"] = "true"
        let bootstrap = try AWSClient(
            options: AWSOptions(region: "us-east-1", endpointURL: moto.endpoint), environment: AWSEnvironment(variables: base),
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "bootstrap")))
        _ = try await bootstrap.call(service: "iam", operation: "CreateUser", parameters: ["UserName": "runbook-admin"])
        let key = try await bootstrap.call(service: "iam", operation: "CreateAccessKey", parameters: ["UserName": "runbook-admin"])
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        _ = try await bootstrap.call(
            service: "iam", operation: "PutUserPolicy",
            parameters: ["UserName": "runbook-admin", "PolicyName": "admin", "PolicyDocument": .string(policy)])
        var environment = base
        environment["AWS_ACCESS_KEY_ID"] = key["AccessKey"]?["AccessKeyId"]?.stringValue
        environment["AWS_SECRET_ACCESS_KEY"] = key["AccessKey"]?["SecretAccessKey"]?.stringValue
        let client = try AWSClient(
            options: AWSOptions(region: "us-east-1", endpointURL: moto.endpoint), environment: AWSEnvironment(variables: environment))
        var ids = resources ? try await createResources(client) : [:]
        let eksMoto = try MotoServer()
        let eksClient = try AWSClient(
            options: AWSOptions(region: "us-east-1", endpointURL: eksMoto.endpoint), environment: AWSEnvironment(variables: environment))
        if resources { try await createEKS(eksClient, ids: &ids) }
        return Fixture(moto: moto, eksMoto: eksMoto, home: home, environment: environment, ids: ids)
    }

    /// Mutating calls through the structured API (model member names), one or more per protocol.
    static func createResources(_ c: AWSClient) async throws -> [String: String] {
        var ids: [String: String] = [:]
        // ec2
        let images = try await c.call(service: "ec2", operation: "DescribeImages", parameters: ["Owners": ["amazon"]])
        let image = images["Images"]?[0]?["ImageId"]?.stringValue ?? "ami-12c6146b"
        let run = try await c.call(
            service: "ec2", operation: "RunInstances",
            parameters: ["ImageId": .string(image), "MinCount": 2, "MaxCount": 2, "InstanceType": "t3.micro"])
        ids["instance"] = run["Instances"]?[0]?["InstanceId"]?.stringValue
        _ = try await c.call(
            service: "ec2", operation: "CreateTags",
            parameters: ["Resources": [.string(ids["instance"] ?? "")], "Tags": [["Key": "team", "Value": "sre"]]])
        _ = try await c.call(service: "ec2", operation: "CreateKeyPair", parameters: ["KeyName": "ops"])
        let vpcs = try await c.call(service: "ec2", operation: "DescribeVpcs")
        ids["vpc"] = vpcs["Vpcs"]?[0]?["VpcId"]?.stringValue
        let subnets = try await c.call(service: "ec2", operation: "DescribeSubnets")
        ids["subnet1"] = subnets["Subnets"]?[0]?["SubnetId"]?.stringValue
        ids["subnet2"] = subnets["Subnets"]?[1]?["SubnetId"]?.stringValue
        let volume = try await c.call(service: "ec2", operation: "CreateVolume", parameters: ["AvailabilityZone": "us-east-1a", "Size": 8])
        ids["volume"] = volume["VolumeId"]?.stringValue
        // iam (query)
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        let role = try await c.call(
            service: "iam", operation: "CreateRole", parameters: ["RoleName": "eks-role", "AssumeRolePolicyDocument": .string(trust)])
        ids["role"] = role["Role"]?["Arn"]?.stringValue
        let doc = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:Describe*","Resource":"*"}]}"#
        let created = try await c.call(service: "iam", operation: "CreatePolicy", parameters: ["PolicyName": "eks-read", "PolicyDocument": .string(doc)])
        _ = try await c.call(
            service: "iam", operation: "AttachRolePolicy",
            parameters: ["RoleName": "eks-role", "PolicyArn": created["Policy"]?["Arn"] ?? ""])
        // autoscaling (query)
        _ = try await c.call(
            service: "autoscaling", operation: "CreateLaunchConfiguration",
            parameters: ["LaunchConfigurationName": "lc-1", "ImageId": .string(image), "InstanceType": "t3.micro"])
        _ = try await c.call(
            service: "autoscaling", operation: "CreateAutoScalingGroup",
            parameters: [
                "AutoScalingGroupName": "asg-1", "LaunchConfigurationName": "lc-1", "MinSize": 0, "MaxSize": 2, "DesiredCapacity": 1,
                "AvailabilityZones": ["us-east-1a"],
            ])
        // elbv2 (query)
        let lb = try await c.call(
            service: "elbv2", operation: "CreateLoadBalancer",
            parameters: ["Name": "web", "Subnets": [.string(ids["subnet1"] ?? ""), .string(ids["subnet2"] ?? "")]])
        ids["lb"] = lb["LoadBalancers"]?[0]?["LoadBalancerArn"]?.stringValue
        let tg = try await c.call(
            service: "elbv2", operation: "CreateTargetGroup",
            parameters: ["Name": "web-tg", "Protocol": "HTTP", "Port": 80, "VpcId": .string(ids["vpc"] ?? "")])
        ids["tg"] = tg["TargetGroups"]?[0]?["TargetGroupArn"]?.stringValue
        // cloudformation (query)
        let template = #"{"Resources":{"Topic":{"Type":"AWS::SNS::Topic","Properties":{"TopicName":"alerts"}}}}"#
        _ = try await c.call(service: "cloudformation", operation: "CreateStack", parameters: ["StackName": "app", "TemplateBody": .string(template)])
        // logs, ssm, kms (json)
        for name in ["/app/web", "/app/api", "/app/jobs"] {
            _ = try await c.call(service: "logs", operation: "CreateLogGroup", parameters: ["logGroupName": .string(name)])
        }
        _ = try await c.call(service: "logs", operation: "CreateLogStream", parameters: ["logGroupName": "/app/web", "logStreamName": "s1"])
        _ = try await c.call(
            service: "logs", operation: "PutLogEvents",
            parameters: [
                "logGroupName": "/app/web", "logStreamName": "s1",
                "logEvents": [["timestamp": 1_700_000_000_000, "message": "hello"], ["timestamp": 1_700_000_001_000, "message": "world"]],
            ])
        _ = try await c.call(service: "ssm", operation: "PutParameter", parameters: ["Name": "/app/db/host", "Value": "db.internal", "Type": "String"])
        _ = try await c.call(service: "ssm", operation: "PutParameter", parameters: ["Name": "/app/db/port", "Value": "5432", "Type": "String"])
        let key = try await c.call(service: "kms", operation: "CreateKey", parameters: ["Description": "app key"])
        ids["key"] = key["KeyMetadata"]?["KeyId"]?.stringValue
        _ = try await c.call(service: "kms", operation: "CreateAlias", parameters: ["AliasName": "alias/app", "TargetKeyId": .string(ids["key"] ?? "")])
        // cloudwatch (json, query-compatible)
        _ = try await c.call(
            service: "cloudwatch", operation: "PutMetricAlarm",
            parameters: [
                "AlarmName": "cpu-high", "MetricName": "CPUUtilization", "Namespace": "AWS/EC2", "Statistic": "Average", "Period": 60,
                "EvaluationPeriods": 1, "Threshold": 80.5, "ComparisonOperator": "GreaterThanThreshold",
            ])
        // s3 (rest-xml)
        _ = try await c.call(service: "s3", operation: "CreateBucket", parameters: ["Bucket": "runbook-data"])
        _ = try await c.call(service: "s3", operation: "PutObject", parameters: ["Bucket": "runbook-data", "Key": "a/b.txt", "Body": "hello world"])
        _ = try await c.call(service: "s3", operation: "PutObject", parameters: ["Bucket": "runbook-data", "Key": "c d.txt", "Body": "x"])
        _ = try await c.call(
            service: "s3", operation: "PutBucketTagging",
            parameters: ["Bucket": "runbook-data", "Tagging": ["TagSet": [["Key": "env", "Value": "prod"]]]])
        return ids
    }

    /// EKS resources (rest-json), on the unauthenticated server.
    static func createEKS(_ c: AWSClient, ids: inout [String: String]) async throws {
        let vpc = try await c.call(service: "ec2", operation: "CreateVpc", parameters: ["CidrBlock": "10.0.0.0/16"])
        let vpcID = vpc["Vpc"]?["VpcId"]?.stringValue ?? ""
        let subnet = try await c.call(service: "ec2", operation: "CreateSubnet", parameters: ["VpcId": .string(vpcID), "CidrBlock": "10.0.1.0/24"])
        let subnetID = subnet["Subnet"]?["SubnetId"]?.stringValue ?? ""
        let role = "arn:aws:iam::123456789012:role/eks-role"
        _ = try await c.call(
            service: "eks", operation: "CreateCluster",
            parameters: ["name": "prod", "roleArn": .string(role), "resourcesVpcConfig": ["subnetIds": [.string(subnetID)]]])
        _ = try await c.call(
            service: "eks", operation: "CreateNodegroup",
            parameters: [
                "clusterName": "prod", "nodegroupName": "ng-1", "nodeRole": .string(role), "subnets": [.string(subnetID)],
                "scalingConfig": ["minSize": 1, "maxSize": 3, "desiredSize": 2], "labels": ["tier": "web"],
            ])
    }

    /// The commands compared: at least 40, across the five protocols, plus error cases.
    static func commands(_ ids: [String: String]) -> [[String]] {
        let instance = ids["instance"] ?? "", vpc = ids["vpc"] ?? "", key = ids["key"] ?? ""
        let lb = ids["lb"] ?? "", tg = ids["tg"] ?? "", volume = ids["volume"] ?? ""
        return [
            // ec2
            ["ec2", "describe-instances"],
            ["ec2", "describe-instances", "--instance-ids", instance],
            ["ec2", "describe-instances", "--filters", "Name=tag:team,Values=sre"],
            ["ec2", "describe-instances", "--query", "Reservations[].Instances[].[InstanceId,State.Name]", "--output", "text"],
            ["ec2", "describe-instances", "--max-items", "1"],
            ["ec2", "describe-vpcs"],
            ["ec2", "describe-subnets", "--filters", "Name=vpc-id,Values=\(vpc)"],
            ["ec2", "describe-security-groups"],
            ["ec2", "describe-key-pairs"],
            ["ec2", "describe-volumes", "--volume-ids", volume],
            ["ec2", "describe-tags"],
            ["ec2", "describe-availability-zones"],
            ["ec2", "describe-instance-status", "--include-all-instances"],
            ["ec2", "describe-route-tables"],
            ["ec2", "describe-instances", "--instance-ids", "i-00000000000000000"],
            // query: iam, sts, autoscaling, elbv2, cloudformation
            ["iam", "list-users"],
            ["iam", "get-user", "--user-name", "runbook-admin"],
            ["iam", "get-role", "--role-name", "eks-role"],
            ["iam", "list-roles"],
            ["iam", "list-attached-role-policies", "--role-name", "eks-role"],
            ["iam", "list-user-policies", "--user-name", "runbook-admin"],
            ["iam", "list-policies", "--scope", "Local"],
            ["iam", "get-role", "--role-name", "missing"],
            ["sts", "get-caller-identity"],
            ["autoscaling", "describe-auto-scaling-groups"],
            ["autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "asg-1", "--query", "AutoScalingGroups[0].DesiredCapacity"],
            ["autoscaling", "describe-launch-configurations"],
            ["elbv2", "describe-load-balancers"],
            ["elbv2", "describe-load-balancers", "--load-balancer-arns", lb],
            ["elbv2", "describe-target-groups", "--target-group-arns", tg],
            ["cloudformation", "describe-stacks", "--stack-name", "app"],
            ["cloudformation", "list-stacks"],
            ["cloudformation", "list-stack-resources", "--stack-name", "app"],
            // json: logs, ssm, kms, cloudwatch
            ["logs", "describe-log-groups"],
            ["logs", "describe-log-groups", "--page-size", "1"],
            ["logs", "describe-log-groups", "--max-items", "2"],
            ["logs", "describe-log-groups", "--no-paginate", "--limit", "1"],
            ["ssm", "describe-parameters", "--max-items", "1", "--output", "text"],
            ["ec2", "wait", "instance-running", "--instance-ids", instance],
            ["logs", "describe-log-streams", "--log-group-name", "/app/web"],
            ["logs", "get-log-events", "--log-group-name", "/app/web", "--log-stream-name", "s1"],
            ["ssm", "get-parameter", "--name", "/app/db/host"],
            ["ssm", "get-parameters-by-path", "--path", "/app", "--recursive"],
            ["ssm", "describe-parameters"],
            ["ssm", "get-parameter", "--name", "/nope"],
            ["kms", "list-keys"],
            ["kms", "describe-key", "--key-id", key],
            ["kms", "list-aliases", "--query", "Aliases[?AliasName=='alias/app']"],
            ["cloudwatch", "describe-alarms"],
            ["cloudwatch", "describe-alarms", "--alarm-names", "cpu-high", "--query", "MetricAlarms[0].Threshold"],
            // rest-json: eks (sent to the unauthenticated server)
            ["eks", "list-clusters"],
            ["eks", "describe-cluster", "--name", "prod"],
            ["eks", "list-nodegroups", "--cluster-name", "prod"],
            ["eks", "describe-nodegroup", "--cluster-name", "prod", "--nodegroup-name", "ng-1"],
            ["eks", "describe-nodegroup", "--cluster-name", "prod", "--nodegroup-name", "ng-1", "--query", "nodegroup.scalingConfig"],
            ["eks", "describe-nodegroup", "--cluster-name", "prod", "--nodegroup-name", "missing"],
            ["eks", "list-clusters", "--endpoint-url", "AUTH"],
            ["eks", "wait", "nodegroup-active", "--cluster-name", "prod", "--nodegroup-name", "ng-1"],
            // rest-xml: s3
            ["s3api", "list-buckets"],
            ["s3api", "list-objects-v2", "--bucket", "runbook-data"],
            ["s3api", "list-objects", "--bucket", "runbook-data"],
            ["s3api", "head-object", "--bucket", "runbook-data", "--key", "a/b.txt"],
            ["s3api", "get-bucket-tagging", "--bucket", "runbook-data"],
            ["s3api", "get-bucket-location", "--bucket", "runbook-data"],
            ["s3api", "head-bucket", "--bucket", "missing-bucket"],
            ["s3api", "list-objects-v2", "--bucket", "runbook-data", "--prefix", "c d"],
        ]
    }

    @Test("runbook aws and the aws CLI print the same JSON for every command")
    func differential() async throws {
        let fixture = try await Self.makeFixture()
        defer {
            fixture.moto.stop()
            fixture.eksMoto.stop()
            fixture.home.remove()
        }
        let aws = try #require(ExternalTools.find("aws"))
        let commands = Self.commands(fixture.ids)
        #expect(commands.count >= 40)
        var mismatches: [String] = []
        for command in commands {
            var args = command
            if let i = args.firstIndex(of: "AUTH") {
                args[i] = fixture.moto.endpoint  // EKS against the authenticating server: both fail alike.
            } else {
                args += ["--endpoint-url", command[0] == "eks" ? fixture.eksMoto.endpoint : fixture.moto.endpoint]
            }
            let (status, out, err) = await runRunbookAWS(args, environment: fixture.environment)
            let cli = try ExternalTools.run(aws, args, environment: fixture.environment)
            let cliError = cli.stderr.split(separator: "\n").filter { $0.hasPrefix("An error occurred") }.joined(separator: "\n")
            let ourError = err.split(separator: "\n").filter { $0.hasPrefix("An error occurred") }.joined(separator: "\n")
            if out != cli.stdout || (status == 0) != (cli.status == 0) || ourError != cliError {
                mismatches.append(
                    "\(command.joined(separator: " ")): status \(status) vs \(cli.status)\n--- runbook\n\(out)\(err)\n--- aws\n\(cli.stdout)\(cli.stderr)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(commands.count) differ:\n\(mismatches.joined(separator: "\n\n"))")
    }

    @Test("a wrong secret or a tampered signature is rejected by moto; waiters give up with the CLI's message")
    func rejected() async throws {
        let fixture = try await Self.makeFixture(resources: false)
        defer {
            fixture.moto.stop()
            fixture.eksMoto.stop()
            fixture.home.remove()
        }
        var wrong = fixture.environment
        wrong["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        for command in [["sts", "get-caller-identity"], ["ec2", "describe-vpcs"], ["kms", "list-keys"], ["s3api", "list-buckets"]] {
            let (status, out, err) = await runRunbookAWS(command + ["--endpoint-url", fixture.moto.endpoint], environment: wrong)
            #expect(status == 254, "\(command)")
            #expect(out.isEmpty)
            // EC2 reports a bad signature as AuthFailure, the others as SignatureDoesNotMatch.
            #expect(err.contains("SignatureDoesNotMatch") || err.contains("(AuthFailure)"), "\(command): \(err)")
        }
        let tampering = TamperingTransport(base: URLSessionTransport())
        let (status, _, err) = await runRunbookAWS(
            ["iam", "list-users", "--endpoint-url", fixture.moto.endpoint], environment: fixture.environment, transport: tampering)
        #expect(status == 254)
        #expect(err.contains("SignatureDoesNotMatch"))
        let (ok, out, _) = await runRunbookAWS(["iam", "list-users", "--endpoint-url", fixture.moto.endpoint], environment: fixture.environment)
        #expect(ok == 0 && out.contains("runbook-admin"))
        let (waitStatus, _, waitError) = await runRunbookAWS(
            ["iam", "wait", "role-exists", "--role-name", "missing", "--endpoint-url", fixture.moto.endpoint], environment: fixture.environment,
            clock: RecordingClock())
        #expect(waitStatus == 255)
        #expect(waitError == "\nWaiter RoleExists failed: Max attempts exceeded\n")
    }
}

/// Flips the last character of the signature before sending.
struct TamperingTransport: AWSTransport {
    let base: any AWSTransport
    func send(_ request: HTTPRequest, timeout: Double) async throws -> HTTPResponse {
        var request = request
        if let i = request.headers.firstIndex(where: { $0.name == "Authorization" }) {
            var value = request.headers[i].value
            let last = value.removeLast()
            value.append(last == "0" ? "1" : "0")
            request.headers[i].value = value
        }
        return try await base.send(request, timeout: timeout)
    }
}
