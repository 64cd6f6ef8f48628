import Foundation
import RunbookCore
import Testing

@testable import AWSClient

@Suite("command line")
struct CommandLineTests {
    static let loader = ModelLoader(dataFolder: nil)

    @Test(
        "CLI names follow botocore's xform_name",
        arguments: [
            ("DescribeNodegroup", "describe-nodegroup"), ("DBInstanceIdentifier", "db-instance-identifier"),
            ("ListWebACLs", "list-web-acls"), ("InstanceIds", "instance-ids"), ("clusterName", "cluster-name"),
            ("GetBucketAcl", "get-bucket-acl"), ("AssociateIamInstanceProfile", "associate-iam-instance-profile"),
            ("DescribeDhcpOptions", "describe-dhcp-options"), ("ListCACertificates", "list-ca-certificates"),
            ("CreateCachediSCSIVolume", "create-cached-iscsi-volume"), ("MaxResults", "max-results"),
            ("DescribeVpcEndpointServiceConfigurations", "describe-vpc-endpoint-service-configurations"),
        ])
    func cliNames(_ model: String, _ cli: String) {
        #expect(CLIName.kebab(model) == cli)
    }

    @Test("shorthand syntax")
    func shorthand() throws {
        #expect(try ShorthandParser.parse("desiredSize=0") == ["desiredSize": "0"])
        #expect(try ShorthandParser.parse("id=lt-1,version=2") == ["id": "lt-1", "version": "2"])
        #expect(try ShorthandParser.parse("Name=tag:team,Values=a,b") == ["Name": "tag:team", "Values": ["a", "b"]])
        #expect(try ShorthandParser.parse("k=[a,b],m={x=1,y=[2,3]}") == ["k": ["a", "b"], "m": ["x": "1", "y": ["2", "3"]]])
        #expect(try ShorthandParser.parse("k='a,b',j=\"c d\"") == ["k": "a,b", "j": "c d"])
        #expect(throws: AWSClientError.self) { try ShorthandParser.parse("novalue") }
    }

    @Test("CLI arguments become model parameters with the member types")
    func arguments() throws {
        let eks = try Self.loader.load("eks")
        let update = try eks.operation(cliName: "update-nodegroup-config")
        let params = try CLIArguments.parameters(
            ["--cluster-name", "prod", "--nodegroup-name", "ng", "--scaling-config", "desiredSize=0,maxSize=3"], operation: update)
        #expect(params == ["clusterName": "prod", "nodegroupName": "ng", "scalingConfig": ["desiredSize": 0, "maxSize": 3]])
        let create = try eks.operation(cliName: "create-nodegroup")
        let lt = try CLIArguments.parameters(["--launch-template", "id=lt-1,version=2", "--subnets", "a", "b"], operation: create)
        #expect(lt["launchTemplate"] == ["id": "lt-1", "version": "2"])
        #expect(lt["subnets"] == ["a", "b"])
        let ec2 = try Self.loader.load("ec2")
        let describe = try ec2.operation(cliName: "describe-instances")
        let p = try CLIArguments.parameters(
            ["--instance-ids", "i-1,i-2", "--filters", "Name=instance-state-name,Values=running", "Name=tag:a,Values=b", "--dry-run"],
            operation: describe)
        #expect(p["InstanceIds"] == ["i-1", "i-2"])
        #expect(p["Filters"]?[1] == ["Name": "tag:a", "Values": ["b"]])
        #expect(p["DryRun"] == true)
        let json = try CLIArguments.parameters(["--filters", #"[{"Name":"vpc-id","Values":["v"]}]"#, "--no-dry-run"], operation: describe)
        #expect(json["Filters"]?[0]?["Name"] == "vpc-id")
        #expect(json["DryRun"] == false)
        let input = try CLIArguments.parameters(["--max-results", "5"], operation: describe, cliInputJSON: #"{"InstanceIds":["i-9"],"MaxResults":100}"#)
        #expect(input == ["InstanceIds": ["i-9"], "MaxResults": 5])
    }

    @Test("a wrong parameter or operation name suggests the closest valid one")
    func suggestions() throws {
        let eks = try Self.loader.load("eks")
        let describe = try eks.operation(cliName: "describe-nodegroup")
        #expect(throws: AWSClientError(.unknownParameter, "Unknown options: --cluster-nme. Did you mean '--cluster-name'?")) {
            try CLIArguments.parameters(["--cluster-nme", "x"], operation: describe)
        }
        #expect(throws: AWSClientError(.unknownOperation, "The eks service has no operation 'describe-nodegroups'. Did you mean 'describe-nodegroup'?")) {
            try eks.operation(cliName: "describe-nodegroups")
        }
        do {
            _ = try ParameterValidator.prepare(["clusterName": "a", "nodegroupNme": "b"], operation: describe)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("Unknown parameter 'nodegroupNme'. Did you mean 'nodegroupName'?"))
        }
        #expect(throws: AWSClientError.self) { try ParameterValidator.prepare(["clusterName": "a"], operation: describe) }
        #expect(throws: AWSClientError.self) { try Self.loader.load("ek2") }
        let waiterError = #expect(throws: AWSClientError.self) { try Waiter(service: eks, name: "nodegroup-activ") }
        #expect(waiterError?.message.contains("Did you mean 'nodegroup-active'?") == true)
    }

    @Test("global options are separated from operation parameters")
    func invocation() throws {
        let inv = try CLIArguments.invocation([
            "--region", "eu-west-1", "eks", "describe-cluster", "--name", "x", "--query", "cluster.status", "--output=text", "--no-paginate",
            "--max-items", "5", "--profile", "p",
        ])
        #expect(inv.service == "eks")
        #expect(inv.operation == "describe-cluster")
        #expect(inv.arguments == ["--name", "x"])
        #expect(inv.options.region == "eu-west-1")
        #expect(inv.options.profile == "p")
        #expect(inv.query == "cluster.status")
        #expect(inv.output == "text")
        #expect(inv.noPaginate)
        #expect(inv.maxItems == 5)
        let wait = try CLIArguments.invocation(["eks", "wait", "nodegroup-active", "--cluster-name", "c"])
        #expect(wait.isWait && wait.operation == "nodegroup-active")
    }

    @Test("text output follows the CLI's layout")
    func text() throws {
        let value: JSONValue = ["Reservations": [["Instances": [["InstanceId": "i-1", "State": ["Name": "running", "Code": 16]]]]]]
        #expect(TextFormatter.format(value) == "INSTANCES\ti-1\nSTATE\t16\trunning\n")
        #expect(TextFormatter.format([["a", 1], ["b", true]]) == "a\t1\nb\tTrue\n")
    }
}
