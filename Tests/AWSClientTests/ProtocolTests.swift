import AWSSigV4
import Foundation
import RunbookCore
import Testing

@testable import AWSClient

@Suite("protocols and models")
struct ProtocolTests {
    static let loader = ModelLoader(dataFolder: nil)

    @Test("every bundled model loads and every operation compiles")
    func bundledModels() throws {
        for name in ["eks", "ec2", "autoscaling", "kms", "iam", "sts", "ssm", "logs", "cloudwatch", "cloudformation", "elbv2", "s3"] {
            let model = try Self.loader.load(name)
            #expect(!model.operationNames.isEmpty)
            for op in model.operationNames { _ = try model.operation(named: op) }
        }
        #expect(try Self.loader.load("s3api").isS3)
        #expect(try Self.loader.load("cloudwatch").wireProtocol == .json)
    }

    @Test("RUNBOOK_AWS_MODELS reads botocore's own (gzipped) data folder")
    func botocoreFolder() throws {
        let output = try? ExternalTools.run(
            ExternalTools.find("python3") ?? "/usr/bin/python3", ["-c", "import botocore,os;print(os.path.dirname(botocore.__file__))"],
            environment: ProcessInfo.processInfo.environment)
        guard let dir = output?.stdout.trimmingCharacters(in: .whitespacesAndNewlines), !dir.isEmpty else { return }
        let loader = ModelLoader(environment: ["RUNBOOK_AWS_MODELS": dir + "/data"])
        let sqs = try loader.load("sqs")
        #expect(sqs.operationNames.contains("ReceiveMessage"))
        let route53 = try loader.load("route53")
        #expect(route53.wireProtocol == .restXML)
        // The folder's ec2 model equals the bundled one.
        #expect(try loader.load("ec2").operationNames == Self.loader.load("ec2").operationNames)
    }

    @Test("read-only classification")
    func classification() throws {
        let ec2 = try Self.loader.load("ec2")
        #expect(try ec2.operation(named: "DescribeInstances").isReadOnly)
        #expect(try !ec2.operation(named: "TerminateInstances").isReadOnly)
        #expect(try !ec2.operation(named: "RunInstances").isReadOnly)
        let eks = try Self.loader.load("eks")
        #expect(try eks.operation(named: "DescribeNodegroup").isReadOnly)
        #expect(try eks.operation(named: "ListClusters").isReadOnly)
        #expect(try !eks.operation(named: "UpdateNodegroupConfig").isReadOnly)
        let s3 = try Self.loader.load("s3")
        #expect(try s3.operation(named: "GetObject").isReadOnly)
        #expect(try !s3.operation(named: "PutObject").isReadOnly)
        #expect(try !s3.operation(named: "DeleteBucket").isReadOnly)
        #expect(OperationClassifier.isReadOnly(name: "Describer", httpMethod: "POST", protocol: .json) == false)
        #expect(OperationClassifier.isReadOnly(name: "ListThings", httpMethod: "POST", protocol: .restJSON) == false)
    }

    @Test("a read-only client and a read-only transport refuse mutating operations")
    func readOnly() async throws {
        let server = try LoopbackServer { _, _ in .respond(200, [:], "<TerminateInstancesResponse/>") }
        defer { server.stop() }
        let client = try AWSClient(options: AWSOptions(endpointURL: server.endpoint, readOnly: true), environment: testEnvironment())
        await #expect(throws: AWSClientError.self) {
            try await client.call(service: "ec2", operation: "TerminateInstances", parameters: ["InstanceIds": ["i-1"]])
        }
        // The transport checks what the request itself says, whatever the caller declares.
        let op = try Self.loader.load("ec2").operation(named: "TerminateInstances")
        let serialized = try RequestPipeline.serialize(op, parameters: ["InstanceIds": ["i-1"]])
        let lying = HTTPRequest(
            url: server.endpoint, method: "POST", headers: serialized.headers, body: serialized.body,
            operation: OperationTag(service: "ec2", name: "DescribeInstances", wireProtocol: .ec2))
        await #expect(throws: AWSClientError.self) { try await ReadOnlyTransport(URLSessionTransport()).send(lying, timeout: 5) }
        let restDelete = HTTPRequest(
            url: server.endpoint, method: "DELETE", headers: [], body: [], operation: OperationTag(service: "eks", name: "ListClusters", wireProtocol: .restJSON))
        #expect(throws: AWSClientError.self) { try ReadOnlyTransport.check(restDelete) }
        #expect(server.requests.isEmpty)
        // Reads go through.
        let reads = try LoopbackServer { _, _ in .respond(200, [:], "<DescribeInstancesResponse><reservationSet/></DescribeInstancesResponse>") }
        defer { reads.stop() }
        let readClient = try AWSClient(options: AWSOptions(endpointURL: reads.endpoint, readOnly: true), environment: testEnvironment())
        #expect(try await readClient.call(service: "ec2", operation: "DescribeInstances") == ["Reservations": []])
    }

    @Test("query, ec2, json, rest-json and rest-xml requests are serialized like botocore")
    func serialization() throws {
        let iam = try Self.loader.load("iam").operation(named: "ListRoles")
        let query = try RequestPipeline.serialize(iam, parameters: ["PathPrefix": "/a b/", "MaxItems": 5])
        #expect(String(decoding: query.body, as: UTF8.self) == "Action=ListRoles&Version=2010-05-08&PathPrefix=%2Fa+b%2F&MaxItems=5")
        let ec2 = try Self.loader.load("ec2").operation(named: "DescribeInstances")
        let ec2Body = try RequestPipeline.serialize(ec2, parameters: ["Filters": [["Name": "n", "Values": ["v1", "v2"]]], "InstanceIds": ["i-1"]])
        #expect(
            String(decoding: ec2Body.body, as: UTF8.self)
                == "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=n&Filter.1.Value.1=v1&Filter.1.Value.2=v2&InstanceId.1=i-1")
        let asg = try Self.loader.load("autoscaling").operation(named: "DescribeAutoScalingGroups")
        let asgBody = try RequestPipeline.serialize(asg, parameters: ["AutoScalingGroupNames": ["a"]])
        #expect(String(decoding: asgBody.body, as: UTF8.self).hasSuffix("AutoScalingGroupNames.member.1=a"))
        let logs = try Self.loader.load("logs").operation(named: "GetLogEvents")
        let json = try RequestPipeline.serialize(logs, parameters: ["logGroupName": "g", "logStreamName": "s", "startTime": 5])
        #expect(json.headers.contains { $0 == ("X-Amz-Target", "Logs_20140328.GetLogEvents") })
        #expect(String(decoding: json.body, as: UTF8.self) == #"{"logGroupName":"g","logStreamName":"s","startTime":5}"#)
        let eks = try Self.loader.load("eks").operation(named: "ListNodegroups")
        let rest = try RequestPipeline.serialize(eks, parameters: ["clusterName": "my cluster/x", "maxResults": 10])
        #expect(rest.path == "/clusters/my%20cluster%2Fx/node-groups")
        #expect(rest.encodedQuery == "maxResults=10")
        let s3 = try Self.loader.load("s3").operation(named: "PutBucketTagging")
        let xml = try RequestPipeline.serialize(s3, parameters: ["Bucket": "b", "Tagging": ["TagSet": [["Key": "k", "Value": "v&"]]]])
        #expect(
            String(decoding: xml.body, as: UTF8.self)
                == #"<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>k</Key><Value>v&amp;</Value></Tag></TagSet></Tagging>"#)
        #expect(xml.headers.contains { $0.name == "Content-MD5" })
        let get = try Self.loader.load("s3").operation(named: "GetObject")
        let greedy = try RequestPipeline.serialize(get, parameters: ["Bucket": "b", "Key": "a/b c.txt"])
        #expect(greedy.path == "/b/a/b%20c.txt")
    }

    @Test("XML answers are shaped like the CLI's JSON")
    func xmlParsing() throws {
        let op = try Self.loader.load("ec2").operation(named: "DescribeInstances")
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>
            <reservationSet><item><reservationId>r-1</reservationId><ownerId>1</ownerId><groupSet/>
            <instancesSet><item><instanceId>i-1</instanceId><amiLaunchIndex>0</amiLaunchIndex><ebsOptimized>false</ebsOptimized>
            <launchTime>2024-05-01T10:00:00.000Z</launchTime><tagSet><item><key>Name</key><value>a &amp; b</value></item></tagSet>
            <instanceState><code>16</code><name>running</name></instanceState><privateDnsName></privateDnsName></item></instancesSet>
            </item></reservationSet></DescribeInstancesResponse>
            """
        let result = try ResponseParser.parse(HTTPResponse(status: 200, body: Array(body.utf8)), operation: op)
        let instance = result["Reservations"]?[0]?["Instances"]?[0]
        #expect(instance?["InstanceId"] == "i-1")
        #expect(instance?["AmiLaunchIndex"] == 0)
        #expect(instance?["EbsOptimized"] == false)
        #expect(instance?["LaunchTime"] == "2024-05-01T10:00:00.000Z")
        #expect(instance?["Tags"] == [["Key": "Name", "Value": "a & b"]])
        #expect(instance?["State"] == ["Code": 16, "Name": "running"])
        #expect(instance?["PrivateDnsName"] == "")
        #expect(result["Reservations"]?[0]?["Groups"] == [])
        let iso = try ResponseParser.parse(HTTPResponse(status: 200, body: Array(body.utf8)), operation: op, timestamps: .iso8601)
        #expect(iso["Reservations"]?[0]?["Instances"]?[0]?["LaunchTime"] == "2024-05-01T10:00:00+00:00")
    }

    @Test("JSON answers keep model order and REST headers are read")
    func jsonParsing() throws {
        let op = try Self.loader.load("eks").operation(named: "DescribeNodegroup")
        let body = #"{"nodegroup":{"status":"ACTIVE","nodegroupName":"ng","scalingConfig":{"desiredSize":2},"createdAt":1.7E9,"unknown":1}}"#
        let result = try ResponseParser.parse(HTTPResponse(status: 200, body: Array(body.utf8)), operation: op)
        #expect(result["nodegroup"]?.objectValue?.keys == ["nodegroupName", "createdAt", "status", "scalingConfig"])
        #expect(JSONSerializer.serialize(result["nodegroup"]?["createdAt"] ?? .null) == "1700000000.0")
        let head = try Self.loader.load("s3").operation(named: "HeadObject")
        let headers: [(name: String, value: String)] = [("Content-Length", "11"), ("ETag", "\"e\""), ("x-amz-meta-team", "sre"), ("Last-Modified", "Wed, 01 May 2024 10:00:00 GMT")]
        let parsed = try ResponseParser.parse(HTTPResponse(status: 200, headers: headers), operation: head)
        #expect(parsed["ContentLength"] == 11)
        #expect(parsed["Metadata"] == ["team": "sre"])
        #expect(parsed["LastModified"] == "Wed, 01 May 2024 10:00:00 GMT")
    }

    @Test("endpoint resolution and overrides follow the SDK precedence")
    func endpoints() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write(
            ".aws/config",
            "[default]\nregion = eu-west-1\nendpoint_url = http://profile:1\nservices = local\n[services local]\neks =\n  endpoint_url = http://eks-profile:2\n")
        let eks = try Self.loader.load("eks"), iam = try Self.loader.load("iam"), ec2 = try Self.loader.load("ec2")
        func settings(_ extra: [String: String], flag: String? = nil) throws -> AWSSettings {
            var v = ["HOME": home.path]
            for (k, val) in extra { v[k] = val }
            return try AWSSettings(options: AWSOptions(endpointURL: flag), environment: AWSEnvironment(variables: v))
        }
        #expect(try settings([:]).endpointOverride(for: eks) == "http://eks-profile:2")
        #expect(try settings([:]).endpointOverride(for: ec2) == "http://profile:1")
        #expect(try settings(["AWS_ENDPOINT_URL": "http://env:3"]).endpointOverride(for: eks) == "http://env:3")
        #expect(try settings(["AWS_ENDPOINT_URL": "http://env:3", "AWS_ENDPOINT_URL_EKS": "http://eks-env:4"]).endpointOverride(for: eks) == "http://eks-env:4")
        #expect(try settings(["AWS_ENDPOINT_URL_EKS": "http://eks-env:4"], flag: "http://flag:5").endpointOverride(for: eks) == "http://flag:5")
        #expect(try settings(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]).endpointOverride(for: eks) == nil)
        #expect(try settings([:]).region == "eu-west-1")
        #expect(try settings(["AWS_REGION": "ap-south-1"]).region == "ap-south-1")
        let resolved = try EndpointResolver.resolve(service: eks, region: "eu-west-1", override: nil)
        #expect(resolved.endpoint.description == "https://eks.eu-west-1.amazonaws.com")
        let global = try EndpointResolver.resolve(service: iam, region: "eu-west-1", override: nil)
        #expect(global.endpoint.host == "iam.amazonaws.com" && global.signingRegion == "us-east-1")
        let china = try EndpointResolver.resolve(service: ec2, region: "cn-north-1", override: nil)
        #expect(china.endpoint.host == "ec2.cn-north-1.amazonaws.com.cn")
    }

    @Test("timestamps parse and format like botocore")
    func timestamps() {
        #expect(Timestamp.parse("2024-05-01T10:00:00Z")?.iso8601 == "2024-05-01T10:00:00Z")
        #expect(Timestamp.parse("2024-05-01T12:00:00.5+02:00")?.iso8601 == "2024-05-01T10:00:00.500000Z")
        #expect(Timestamp.parse("1714557600")?.rfc822 == "Wed, 01 May 2024 10:00:00 GMT")
        #expect(Timestamp.parse("2024-05-01")?.seconds == 1_714_521_600)
        #expect(Timestamp(epoch: 1_700_000_000.123).pythonISOFormat == "2023-11-14T22:13:20.123000+00:00")
    }

    @Test("gzip decoding")
    func gzip() throws {
        let path = NSTemporaryDirectory() + "runbook-gzip-\(UUID().uuidString)"
        let text = String(repeating: "hello gzip world ", count: 500) + "{\"end\":true}"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".gz")
        }
        guard let gzip = ExternalTools.find("gzip"), (try? ExternalTools.run(gzip, ["-k", path], environment: [:]))?.status == 0,
            let data = FileManager.default.contents(atPath: path + ".gz")
        else { return }
        #expect(String(decoding: try Gzip.decompress([UInt8](data)), as: UTF8.self) == text)
    }
}
