"""Contract: each variant shows its own evidence, and only the right fix brings the node.

The same symptom (DEGRADED, AsgInstanceLaunchFailures, Cancelled activities) has several causes. Every
test runs the workshop's recycle verbatim after a fix and checks whether a node from new_nodegroup_1 joins.
"""

import json

import pytest

import workshop as w
from conftest import need

SLR = "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
ROOT_ONLY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
    "AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}]}
NODES_JSON = "kubectl get nodes --selector=eks.amazonaws.com/nodegroup=new_nodegroup_1 -o json"


@pytest.fixture(autouse=True)
def _tools():
    need("kubectl", "jq")


def recycle_brings_a_node(lab) -> bool:
    """The workshop's step 7.2 verbatim, then: is there a Ready node from new_nodegroup_1?"""
    lab.ok(w.STEP7_2_RECYCLE)
    assert lab.ok(w.STEP8_1_STATUS).strip() == "ACTIVE"
    items = lab.json(NODES_JSON)["items"]
    ready = [n for n in items if any(c["type"] == "Ready" and c["status"] == "True"
                                     for c in n["status"]["conditions"])]
    if ready:
        assert lab.sh(w.STEP8_2_WAIT).code == 0
    else:
        assert lab.sh(w.STEP8_2_WAIT).err.strip() == "error: no matching resources found"
    return len(ready) == 1


def same_symptom(lab):
    health = lab.json(w.STEP3_NODEGROUP_HEALTH)
    assert health["Status"] == "DEGRADED"
    assert health["Health"]["issues"][0]["code"] == "AsgInstanceLaunchFailures"
    assert lab.sh(w.STEP1_GET_NODES).err.strip() == "No resources found"


def describe_key(lab):
    return lab.json("aws kms describe-key --key-id $NEW_KMS_KEY_ID")["KeyMetadata"]


# ----------------------------------------------------------------------------------------------------------
# key-disabled


def test_key_disabled_evidence_and_the_policy_fix_does_not_help(lab):
    lab.reset("key-disabled")
    same_symptom(lab)
    assert lab.json(w.STEP6_1_DESCRIBE_KEY) == {"KeyId": lab.env["NEW_KMS_KEY_ID"], "Enabled": False,
                                                "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Disabled",
                                                "KeyManager": "CUSTOMER"}
    policy = lab.json(w.STEP6_2_KEY_POLICY)
    assert "AllowAutoScalingServiceRole" in [s.get("Sid") for s in policy["Statement"]]
    lab.ok(w.STEP7_1_PUT_KEY_POLICY)
    assert not recycle_brings_a_node(lab)


def test_key_disabled_enable_key_is_the_fix(lab):
    lab.reset("key-disabled")
    lab.ok("aws kms enable-key --key-id $NEW_KMS_KEY_ID")
    assert describe_key(lab)["KeyState"] == "Enabled"
    assert recycle_brings_a_node(lab)


# ----------------------------------------------------------------------------------------------------------
# key-pending-deletion


def test_key_pending_deletion_evidence_and_wrong_fixes(lab):
    lab.reset("key-pending-deletion")
    same_symptom(lab)
    key = describe_key(lab)
    assert key["KeyState"] == "PendingDeletion" and key["Enabled"] is False
    assert "DeletionDate" in key
    refused = lab.sh("aws kms enable-key --key-id $NEW_KMS_KEY_ID")
    assert refused.code != 0 and "KMSInvalidStateException" in refused.err and "pending deletion" in refused.err
    lab.ok(w.STEP7_1_PUT_KEY_POLICY)
    assert not recycle_brings_a_node(lab)
    # Cancelling the deletion leaves the key Disabled, as in KMS: still no node.
    lab.ok("aws kms cancel-key-deletion --key-id $NEW_KMS_KEY_ID")
    assert describe_key(lab)["KeyState"] == "Disabled"
    assert not recycle_brings_a_node(lab)


def test_key_pending_deletion_cancel_then_enable_is_the_fix(lab):
    lab.reset("key-pending-deletion")
    lab.ok("aws kms cancel-key-deletion --key-id $NEW_KMS_KEY_ID && aws kms enable-key --key-id $NEW_KMS_KEY_ID")
    assert describe_key(lab)["KeyState"] == "Enabled"
    assert recycle_brings_a_node(lab)


# ----------------------------------------------------------------------------------------------------------
# grant-only


def test_grant_only_evidence_and_recycling_alone_is_the_fix(lab):
    lab.reset("grant-only")
    same_symptom(lab)
    assert lab.json(w.STEP6_2_KEY_POLICY) == ROOT_ONLY  # looks like the workshop ...
    grants = lab.json("aws kms list-grants --key-id $NEW_KMS_KEY_ID")["Grants"]
    assert len(grants) == 1  # ... but a grant already gives the role the key
    assert grants[0]["GranteePrincipal"] == SLR
    assert {"Decrypt", "GenerateDataKeyWithoutPlaintext", "CreateGrant", "DescribeKey"} <= set(grants[0]["Operations"])
    assert recycle_brings_a_node(lab)
    assert [e["operation"] for e in lab.log("--mutating")] == ["UpdateNodegroupConfig", "UpdateNodegroupConfig"]


def test_grant_only_without_the_grant_there_is_no_node(lab):
    lab.reset("grant-only")
    grant = lab.json("aws kms list-grants --key-id $NEW_KMS_KEY_ID")["Grants"][0]["GrantId"]
    lab.ok(f"aws kms revoke-grant --key-id $NEW_KMS_KEY_ID --grant-id {grant}")
    assert not recycle_brings_a_node(lab)


# ----------------------------------------------------------------------------------------------------------
# no-service-linked-role


def test_no_service_linked_role_evidence_and_wrong_fixes(lab):
    lab.reset("no-service-linked-role")
    same_symptom(lab)
    role = lab.sh("aws iam get-role --role-name AWSServiceRoleForAutoScaling")
    assert role.code != 0 and "NoSuchEntity" in role.err
    assert lab.json(w.STEP6_2_KEY_POLICY) == ROOT_ONLY
    put = lab.sh(w.STEP7_1_PUT_KEY_POLICY)
    assert put.code != 0
    assert "MalformedPolicyDocumentException" in put.err and "invalid principals" in put.err
    # The role alone is not enough: the key policy still has only the root statement.
    lab.ok("aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com")
    assert not recycle_brings_a_node(lab)


def test_no_service_linked_role_create_the_role_then_the_policy(lab):
    lab.reset("no-service-linked-role")
    created = lab.json("aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com")
    assert created["Role"]["Arn"] == SLR
    lab.ok(w.STEP7_1_PUT_KEY_POLICY)
    assert recycle_brings_a_node(lab)


# ----------------------------------------------------------------------------------------------------------
# default-ebs-key


def test_default_ebs_key_evidence(lab):
    lab.reset("default-ebs-key")
    same_symptom(lab)
    versions = lab.json(w.STEP5_2_LAUNCH_TEMPLATE_VERSIONS)
    ebs = versions[0]["BlockDeviceMappings"][0]["Ebs"]
    assert "KmsKeyId" not in ebs and "Encrypted" not in ebs
    assert lab.json("aws ec2 get-ebs-encryption-by-default") == {"EbsEncryptionByDefault": True}
    default_key = lab.json("aws ec2 get-ebs-default-kms-key-id")["KmsKeyId"]
    assert default_key == f"arn:aws:kms:us-west-2:123456789012:key/{lab.env['NEW_KMS_KEY_ID']}"
    assert lab.json(f"aws kms get-key-policy --key-id {default_key} --query Policy --output text") == ROOT_ONLY
    assert not recycle_brings_a_node(lab)


def test_default_ebs_key_fixing_the_default_keys_policy_is_the_fix(lab):
    lab.reset("default-ebs-key")
    lab.ok(w.STEP7_1_PUT_KEY_POLICY)  # NEW_KMS_KEY_ID is the default EBS key here
    assert recycle_brings_a_node(lab)


def test_default_ebs_key_back_to_the_aws_managed_key_also_works(lab):
    lab.reset("default-ebs-key")
    assert lab.json("aws ec2 reset-ebs-default-kms-key-id")["KmsKeyId"] == "alias/aws/ebs"
    assert recycle_brings_a_node(lab)


# ----------------------------------------------------------------------------------------------------------
# healthy, and the workshop scenario's other fixes


def test_healthy_has_the_node_already(lab):
    lab.reset("healthy")
    lines = lab.ok(w.STEP1_GET_NODES).splitlines()
    assert len(lines) == 2 and " Ready " in lines[1]
    health = lab.json(w.STEP3_NODEGROUP_HEALTH)
    assert health["Status"] == "ACTIVE" and health["Health"]["issues"] == []
    activities = lab.json(w.STEP4_2_SCALING_ACTIVITIES)["Activities"]
    assert [a["StatusCode"] for a in activities] == ["Successful"]
    assert lab.sh(w.STEP8_2_WAIT).code == 0
    assert recycle_brings_a_node(lab)


def test_missing_worker_nodes_a_grant_is_an_alternative_fix(lab):
    lab.reset("missing-worker-nodes")
    lab.ok(f"aws kms create-grant --key-id $NEW_KMS_KEY_ID --grantee-principal {SLR} --operations Decrypt "
           f"GenerateDataKeyWithoutPlaintext ReEncryptFrom ReEncryptTo DescribeKey CreateGrant")
    assert recycle_brings_a_node(lab)


@pytest.mark.parametrize("fix", ["enable-key", "policy-without-create-grant", "create-grant-without-condition-key"])
def test_missing_worker_nodes_wrong_fixes(lab, fix):
    lab.reset("missing-worker-nodes")
    if fix == "enable-key":
        lab.ok("aws kms enable-key --key-id $NEW_KMS_KEY_ID")
    else:
        policy = json.loads(lab.ok(w.STEP7_1_PUT_KEY_POLICY))
        if fix == "policy-without-create-grant":
            policy["Statement"] = policy["Statement"][:2]
        else:
            policy["Statement"][2]["Condition"] = {"Bool": {"kms:GrantIsForAWSResource": "false"}}
        lab.ok(f"aws kms put-key-policy --key-id $NEW_KMS_KEY_ID --policy '{json.dumps(policy)}'")
    assert not recycle_brings_a_node(lab)
    state = lab.state()["nodegroups"]["new_nodegroup_1"]["autoScalingGroup"]["launch"]
    assert state["launches"] is False
    if fix != "enable-key":
        assert state["actions"]["kms:CreateGrant"]["allowed"] is False
        assert state["actions"]["kms:Decrypt"]["allowed"] is True
