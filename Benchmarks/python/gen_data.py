#!/usr/bin/env python3
"""Generates the benchmark inputs, deterministically (seeded):

- ec2-10mb.json / ec2-100mb.json: `aws ec2 describe-instances --output json` style documents
  (4-space indentation, as the aws CLI prints them);
- ec2-100mb-min.json: 100 MiB of the same kind of answer, minified (no whitespace at all);
- expressions.txt: 10,000 distinct JMESPath expressions of the kinds runbooks use.
"""
import json
import random
import sys


def instance(rng, i):
    az = rng.choice(["us-west-2a", "us-west-2b", "us-west-2c"])
    ip = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    state = rng.choice([("running", 16)] * 6 + [("stopped", 80), ("pending", 0), ("terminated", 48)])
    return {
        "AmiLaunchIndex": 0,
        "ImageId": f"ami-{rng.getrandbits(64):016x}",
        "InstanceId": f"i-{rng.getrandbits(68):017x}",
        "InstanceType": rng.choice(["m5.large", "m5.xlarge", "t3.medium", "c5.2xlarge", "r5.large"]),
        "LaunchTime": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+00:00",
        "Monitoring": {"State": "disabled"},
        "Placement": {"AvailabilityZone": az, "GroupName": "", "Tenancy": "default"},
        "PrivateDnsName": f"ip-{ip.replace('.', '-')}.us-west-2.compute.internal",
        "PrivateIpAddress": ip,
        "ProductCodes": [],
        "PublicDnsName": "",
        "State": {"Code": state[1], "Name": state[0]},
        "StateTransitionReason": "",
        "SubnetId": f"subnet-{rng.getrandbits(68):017x}",
        "VpcId": f"vpc-{rng.getrandbits(68):017x}",
        "Architecture": "x86_64",
        "BlockDeviceMappings": [
            {
                "DeviceName": "/dev/xvda",
                "Ebs": {
                    "AttachTime": "2026-11-01T10:00:00+00:00",
                    "DeleteOnTermination": True,
                    "Status": "attached",
                    "VolumeId": f"vol-{rng.getrandbits(68):017x}",
                },
            }
        ],
        "ClientToken": "",
        "EbsOptimized": rng.random() < 0.5,
        "EnaSupport": True,
        "Hypervisor": "xen",
        "IamInstanceProfile": {
            "Arn": "arn:aws:iam::123456789012:instance-profile/eks-node",
            "Id": f"AIPA{rng.getrandbits(64):016X}",
        },
        "NetworkInterfaces": [
            {
                "Attachment": {"AttachTime": "2026-11-01T10:00:00+00:00", "AttachmentId": f"eni-attach-{rng.getrandbits(68):017x}",
                               "DeleteOnTermination": True, "DeviceIndex": 0, "Status": "attached", "NetworkCardIndex": 0},
                "Description": "",
                "Groups": [{"GroupName": "eks-cluster-sg", "GroupId": f"sg-{rng.getrandbits(68):017x}"}],
                "MacAddress": "02:%02x:%02x:%02x:%02x:%02x" % tuple(rng.randint(0, 255) for _ in range(5)),
                "NetworkInterfaceId": f"eni-{rng.getrandbits(68):017x}",
                "OwnerId": "123456789012",
                "PrivateIpAddress": ip,
                "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": ip}],
                "SourceDestCheck": True,
                "Status": "in-use",
                "InterfaceType": "interface",
            }
        ],
        "RootDeviceName": "/dev/xvda",
        "RootDeviceType": "ebs",
        "SecurityGroups": [{"GroupName": "eks-cluster-sg", "GroupId": f"sg-{rng.getrandbits(68):017x}"}],
        "Tags": [
            {"Key": "Name", "Value": f"node-{i}"},
            {"Key": "eks:nodegroup-name", "Value": rng.choice(["default", "new_nodegroup_1", "spot"])},
            {"Key": "eks:cluster-name", "Value": "eks-workshop"},
        ],
        "VirtualizationType": "hvm",
        "CpuOptions": {"CoreCount": rng.choice([1, 2, 4]), "ThreadsPerCore": 2},
        "MetadataOptions": {"State": "applied", "HttpTokens": "required", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled"},
        "CpuUtilization": round(rng.random() * 100, 3),
    }


def document(rng, target_bytes, minified=False):
    reservations = []
    size = 0
    i = 0
    while size < target_bytes:
        instances = [instance(rng, i + k) for k in range(rng.randint(1, 4))]
        i += len(instances)
        r = {"Groups": [], "Instances": instances, "OwnerId": "123456789012", "ReservationId": f"r-{rng.getrandbits(68):017x}"}
        if minified:
            size += len(json.dumps(r, separators=(",", ":"))) + 1
        else:
            size += int(len(json.dumps(r, indent=4)) * 1.25)
        reservations.append(r)
    return {"Reservations": reservations}


FIELDS = ["InstanceId", "InstanceType", "State.Name", "State.Code", "Placement.AvailabilityZone", "PrivateIpAddress",
          "LaunchTime", "CpuOptions.CoreCount", "Tags[0].Value", "NetworkInterfaces[0].Groups[0].GroupId", "CpuUtilization"]


def expressions(rng, count):
    seen = set()
    out = []
    while len(out) < count:
        f = rng.choice(FIELDS)
        g = rng.choice(FIELDS)
        n = rng.randint(0, 99)
        kind = rng.randrange(8)
        if kind == 0:
            e = f"Reservations[{n}].Instances[0].{f}"
        elif kind == 1:
            e = f"Reservations[].Instances[?{f} == '{rng.choice(['running', 'm5.large', 'us-west-2a'])}{n}'].{g}"
        elif kind == 2:
            e = f"Reservations[].Instances[].{{a{n}: {f}, b: {g}}}"
        elif kind == 3:
            e = f"sort_by(Reservations[].Instances[], &{f})[{n}].{g}"
        elif kind == 4:
            e = f"length(Reservations[?Instances[?CpuOptions.CoreCount > `{n}`]])"
        elif kind == 5:
            e = f"Reservations[*].Instances[*].[{f}, {g}] | [{n}]"
        elif kind == 6:
            e = f"max_by(Reservations[].Instances[], &CpuUtilization).Tags[?Key == 'Name{n}'].Value | [0]"
        else:
            e = f"Reservations[{n}:{n + rng.randint(1, 9)}].Instances[].Tags[?Key=='eks:nodegroup-name' && Value=='{rng.choice(['default', 'spot'])}{n}'] | length(@)"
        if e not in seen:
            seen.add(e)
            out.append(e)
    return out


def main():
    out_dir = sys.argv[1]
    rng = random.Random(20261125)
    with open(f"{out_dir}/expressions.txt", "w") as fh:
        fh.write("\n".join(expressions(rng, 10_000)) + "\n")
    for name, size in (("ec2-10mb.json", 10 << 20), ("ec2-100mb.json", 100 << 20)):
        with open(f"{out_dir}/{name}", "w") as fh:
            json.dump(document(random.Random(size), size), fh, indent=4)
    # The same kind of answer without whitespace: the tree is then large next to the text.
    with open(f"{out_dir}/ec2-100mb-min.json", "w") as fh:
        json.dump(document(random.Random(100), 100 << 20, minified=True), fh, separators=(",", ":"))


if __name__ == "__main__":
    main()
