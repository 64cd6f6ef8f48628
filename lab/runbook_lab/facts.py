"""Facts of the workshop's account the lab reproduces: names, the launch failure message, key policies."""

from __future__ import annotations

import json
from typing import Any

ACCOUNT = "123456789012"
REGION = "us-west-2"
CLUSTER = "eks-workshop"
NODEGROUP = "new_nodegroup_1"
SLR_NAME = "AWSServiceRoleForAutoScaling"
SLR_ARN = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/{SLR_NAME}"
CALLER_ARN = f"arn:aws:sts::{ACCOUNT}:user/moto"  # what moto's STS answers for the lab's credentials
EKS_AMI = "ami-0b7b2ef1c5a23e0f6"
RELEASE_VERSION = "1.30.0-20240703"
LAUNCH_FAILURE = (
    "Instance became unhealthy while waiting for instance to be in InService state. "
    "Termination Reason: Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state"
)
# What EBS needs from the key, on behalf of the Auto Scaling role, to create an encrypted volume for a
# launch: create the data key, decrypt it, re-encrypt (both halves of kms:ReEncrypt*), look the key up,
# and hand a grant to EC2 for the attached volume. kms:Encrypt is in the workshop's fix but not needed.
REQUIRED_ACTIONS = (
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:DescribeKey",
    "kms:CreateGrant",
)
GRANT_OPERATIONS = ["Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
                    "ReEncryptFrom", "ReEncryptTo", "DescribeKey", "CreateGrant"]
SUBNETS = (("10.42.96.0/19", "us-west-2a"), ("10.42.128.0/19", "us-west-2b"), ("10.42.160.0/19", "us-west-2c"))


def root_only_policy(account: str = ACCOUNT) -> str:
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                       "Action": "kms:*", "Resource": "*"}],
    })


def workshop_fix_policy(account: str = ACCOUNT) -> str:
    """The policy the workshop's step 7.1 puts (the known-good shape)."""
    slr = f"arn:aws:iam::{account}:role/aws-service-role/autoscaling.amazonaws.com/{SLR_NAME}"
    return json.dumps({
        "Version": "2012-10-17",
        "Id": "default",
        "Statement": [
            {"Sid": "EnableIAMUserPermissions", "Effect": "Allow",
             "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "kms:*", "Resource": "*"},
            {"Sid": "AllowAutoScalingServiceRole", "Effect": "Allow", "Principal": {"AWS": slr},
             "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
             "Resource": "*"},
            {"Sid": "AllowAttachmentOfPersistentResources", "Effect": "Allow", "Principal": {"AWS": slr},
             "Action": "kms:CreateGrant", "Resource": "*",
             "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}},
        ],
    })


def kms_request_context(action: str) -> dict:
    """The condition context KMS sees when EBS uses the key for an Auto Scaling launch."""
    context: dict[str, Any] = {
        "aws:PrincipalArn": SLR_ARN,
        "aws:PrincipalAccount": ACCOUNT,
        "aws:PrincipalIsAWSService": False,
        "kms:CallerAccount": ACCOUNT,
        "kms:ViaService": f"ec2.{REGION}.amazonaws.com",
        "kms:EncryptionContextKeys": ["aws:ebs:id"],
    }
    if action == "kms:CreateGrant":
        context["kms:GrantIsForAWSResource"] = True
        context["kms:GrantOperations"] = ["Decrypt", "Encrypt", "GenerateDataKeyWithoutPlaintext",
                                          "ReEncryptFrom", "ReEncryptTo", "CreateGrant", "RetireGrant",
                                          "DescribeKey"]
    return context
