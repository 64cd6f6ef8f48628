"""Seeding: each scenario built through the public AWS API (boto3 against the lab's own port), then pre-aged.

What the workshop's account looks like about ten minutes after terraform: the `default` node group healthy
for two days; `new_nodegroup_1` bumped to one node, its launch decided by the same hook as any later launch
(so it fails for every scenario but `healthy`), plus the Auto Scaling group's two later retries, DEGRADED.
Only values the API cannot set (timestamps, the cluster endpoint and CA, EKS's resource names) are written
into moto's models directly.
"""

from __future__ import annotations

import base64
import json
import random
import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Callable, Optional

from .facts import (ACCOUNT, CLUSTER, EKS_AMI, GRANT_OPERATIONS, LAUNCH_FAILURE, NODEGROUP, RELEASE_VERSION, SLR_ARN,
                    SUBNETS, root_only_policy, workshop_fix_policy)
from .scenario import _utc

if TYPE_CHECKING:
    from .scenario import Scenario


def build(self: "Scenario", name: str, clients: Callable[[str], Any]) -> None:
    """Create scenario ``name`` in an empty moto through the public API, then pre-age it."""
    iam, ec2, kms, eks, asg_api = (clients(s) for s in ("iam", "ec2", "kms", "eks", "autoscaling"))
    now = time.time()

    # IAM ----------------------------------------------------------------------------------------
    trust = lambda service: json.dumps({"Version": "2012-10-17", "Statement": [  # noqa: E731
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})
    cluster_role = iam.create_role(RoleName="eks-workshop-cluster-role",
                                   AssumeRolePolicyDocument=trust("eks.amazonaws.com"))["Role"]["Arn"]
    node_role = iam.create_role(RoleName="eks-workshop-node-role",
                                AssumeRolePolicyDocument=trust("ec2.amazonaws.com"))["Role"]["Arn"]
    if name != "no-service-linked-role":
        iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")

    # Network ------------------------------------------------------------------------------------
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": "eks-workshop"}])
    subnets = []
    for cidr, zone in SUBNETS:
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=zone)["Subnet"]["SubnetId"]
        ec2.create_tags(Resources=[subnet], Tags=[{"Key": "Name", "Value": f"eks-workshop-private-{zone}"}])
        subnets.append(subnet)
    node_sg = ec2.create_security_group(GroupName="eks-cluster-sg-eks-workshop", VpcId=vpc,
                                        Description="EKS created security group")["GroupId"]

    # KMS ----------------------------------------------------------------------------------------
    fixed = name in ("key-disabled", "key-pending-deletion", "healthy")
    key = kms.create_key(Description="NEW KMS CMK", KeyUsage="ENCRYPT_DECRYPT", MultiRegion=False,
                         Policy=workshop_fix_policy() if fixed else root_only_policy())["KeyMetadata"]
    suffix = "".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(5))
    kms.create_alias(AliasName=f"alias/new_kms_key_alias_{suffix}", TargetKeyId=key["KeyId"])
    kms.enable_key_rotation(KeyId=key["KeyId"])
    if name == "key-disabled":
        kms.disable_key(KeyId=key["KeyId"])
    if name == "key-pending-deletion":
        kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    if name == "default-ebs-key":
        ec2.enable_ebs_encryption_by_default()
        ec2.modify_ebs_default_kms_key_id(KmsKeyId=key["Arn"])

    # Launch templates ---------------------------------------------------------------------------
    ebs: dict[str, Any] = {"VolumeSize": 20, "VolumeType": "gp2"}
    if name != "default-ebs-key":
        ebs.update({"Encrypted": True, "KmsKeyId": key["Arn"]})
    user_data = {"ImageId": EKS_AMI, "InstanceType": "m5.large",
                 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": ebs}],
                 "MetadataOptions": {"HttpPutResponseHopLimit": 2, "HttpTokens": "required"}}
    user_lt = ec2.create_launch_template(LaunchTemplateName=NODEGROUP,
                                         LaunchTemplateData=user_data)["LaunchTemplate"]["LaunchTemplateId"]

    # EKS cluster --------------------------------------------------------------------------------
    eks.create_cluster(name=CLUSTER, version="1.30", roleArn=cluster_role,
                       resourcesVpcConfig={"subnetIds": subnets, "securityGroupIds": [node_sg],
                                           "endpointPublicAccess": True, "endpointPrivateAccess": True})
    cluster = self._eks().clusters[CLUSTER]
    cluster.endpoint = self.k8s_endpoint
    cluster.certificate_authority = {"data": base64.b64encode(self.ca_pem).decode()}
    cluster.platformVersion = "eks.21"
    cluster.created_at = _utc(now - 2 * 86400)

    # Node groups and their Auto Scaling groups --------------------------------------------------
    _nodegroup_with_asg(self, eks, ec2, asg_api, name="default", node_role=node_role, subnets=subnets,
                         user_lt=None, template_data={"ImageId": EKS_AMI, "InstanceType": "m5.large",
                                                      "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
                                                                               "Ebs": {"VolumeSize": 20,
                                                                                       "VolumeType": "gp2"}}]},
                         size=(3, 6, 3), created=now - 2 * 86400 - 600)
    asg_name = _nodegroup_with_asg(self, eks, ec2, asg_api, name=NODEGROUP, node_role=node_role, subnets=subnets,
                                    user_lt=user_lt, template_data=user_data, size=(0, 1, 0),
                                    created=now - 12 * 60)
    self.variables.update({
        "EKS_CLUSTER_NAME": CLUSTER, "AWS_ACCOUNT_ID": ACCOUNT, "NEW_NODEGROUP_1_ASG_NAME": asg_name,
        "NEW_NODEGROUP_1_LT_ID": user_lt, "NEW_KMS_KEY_ID": key["KeyId"],
    })

    # The engineer bumps the new group to 1 (min 0, max 1, desired 1). Whether the launch works is
    # decided by the launch hook from the key as seeded: it fails for every variant but `healthy`.
    nodegroup = self._nodegroup(NODEGROUP)
    nodegroup.scaling_config = {"minSize": 0, "maxSize": 1, "desiredSize": 1}
    asg = self._asg_backend().autoscaling_groups[asg_name]
    first_try = _utc(now - 9 * 60)
    asg.set_desired_capacity(1)
    if asg.active_instances():
        instance = asg.active_instances()[0].instance
        for activity in self.activities.get(asg_name, []):
            activity["StartTime"], activity["EndTime"] = first_try, first_try + timedelta(seconds=32)
        self._join(instance, NODEGROUP, asg, ready=True, created=now - 8 * 60)
        nodegroup.status, nodegroup.health = "ACTIVE", {"issues": []}
    else:
        # Pre-age: the failure seen by the hook, plus the Auto Scaling group's two later retries.
        self.activities[asg_name] = []
        for minutes in (9, 6, 3):
            self._record_failed_launch(asg, 0, 1, _utc(now - minutes * 60))
        nodegroup.status = "DEGRADED"
        nodegroup.health = {"issues": [{"code": "AsgInstanceLaunchFailures", "message": LAUNCH_FAILURE,
                                        "resourceIds": [asg_name]}]}
    nodegroup.modified_at = _utc(now - 9 * 60)

    if name == "grant-only":
        # Someone already gave the role the key through a grant, after the failures: recycling is enough.
        kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=SLR_ARN, Operations=GRANT_OPERATIONS,
                         Name="asg-ebs-encryption")

def _nodegroup_with_asg(self: "Scenario", eks: Any, ec2: Any, asg_api: Any, *, name: str, node_role: str, subnets: list,
                    user_lt: Optional[str], template_data: dict, size: tuple, created: float) -> str:
    low, high, want = size
    args: dict[str, Any] = dict(clusterName=CLUSTER, nodegroupName=name, nodeRole=node_role, subnets=subnets,
                                scalingConfig={"minSize": low, "maxSize": high, "desiredSize": want},
                                amiType="AL2_x86_64", capacityType="ON_DEMAND", version="1.30",
                                releaseVersion=RELEASE_VERSION,
                                labels={}, tags={})
    if user_lt:
        args["launchTemplate"] = {"id": user_lt, "version": "1"}
    else:
        args["instanceTypes"] = ["m5.large"]
        args["diskSize"] = 20
    eks.create_nodegroup(**args)
    nodegroup = self._nodegroup(name)
    group_uuid = nodegroup.uuid
    asg_name = f"eks-{name}-{group_uuid}"
    # EKS launches from its own copy of the user's template (or from one it makes).
    eks_lt = ec2.create_launch_template(LaunchTemplateName=f"eks-{group_uuid}",
                                        LaunchTemplateData=template_data)["LaunchTemplate"]["LaunchTemplateId"]
    nodegroup.resources = {"autoScalingGroups": [{"name": asg_name}]}
    nodegroup.health = {"issues": []}
    nodegroup.scaling_config = {"minSize": low, "maxSize": high, "desiredSize": want}
    nodegroup.remote_access = None
    nodegroup.update_config = {"maxUnavailablePercentage": 50} if user_lt else {"maxUnavailable": 1}
    nodegroup.created_at = nodegroup.modified_at = _utc(created)
    if user_lt:
        nodegroup.instance_types = None
        nodegroup.disk_size = None
        nodegroup.launch_template = {"name": NODEGROUP, "version": "1", "id": user_lt}
    nodegroup.labels = {}
    self.managed[asg_name] = name
    asg_api.create_auto_scaling_group(
        AutoScalingGroupName=asg_name, MinSize=low, MaxSize=high, DesiredCapacity=want,
        VPCZoneIdentifier=",".join(subnets), CapacityRebalance=True,
        MixedInstancesPolicy={
            "LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": eks_lt, "Version": "1"},
                               "Overrides": [{"InstanceType": "m5.large"}]},
            "InstancesDistribution": {"OnDemandAllocationStrategy": "prioritized", "OnDemandBaseCapacity": 0,
                                      "OnDemandPercentageAboveBaseCapacity": 100,
                                      "SpotAllocationStrategy": "lowest-price"}},
        Tags=[{"Key": k, "Value": v, "PropagateAtLaunch": True} for k, v in (
            ("eks:cluster-name", CLUSTER), ("eks:nodegroup-name", name),
            ("k8s.io/cluster-autoscaler/enabled", "true"),
            (f"k8s.io/cluster-autoscaler/{CLUSTER}", "owned"),
            (f"kubernetes.io/cluster/{CLUSTER}", "owned"))])
    asg = self._asg_backend().autoscaling_groups[asg_name]
    for state in asg.instance_states:
        self._join(state.instance, name, asg, ready=True, created=created + 90)
    for activity in self.activities.get(asg_name, []):
        activity["StartTime"] = _utc(created + 30)
        activity["EndTime"] = _utc(created + 62)
    return asg_name
