"""Contract: the workshop's own commands, verbatim, through the real aws CLI and kubectl, see what the page
shows, before and after the fix; recycling without the fix brings no node."""

import json
import os
import re
import time

import pytest

import workshop as w
from conftest import DEGRADE_SECONDS, need, wait_until

SHARED_PAGE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "seed", w.PAGE)
LAUNCH_FAILURE = ("Instance became unhealthy while waiting for instance to be in InService state. Termination "
                  "Reason: Client.InvalidKMSKey.InvalidState: The KMS key provided is in an incorrect state")
NODE_LINE = re.compile(r"^ip-10-42-\d+-\d+\.us-west-2\.compute\.internal\s+Ready\s+<none>\s+\S+\s+v1\.30\.0-eks-036c24b$")


def test_commands_are_the_page_verbatim():
    if not os.path.exists(SHARED_PAGE):
        pytest.skip(f"the workshop page is not at {SHARED_PAGE}")
    page = open(SHARED_PAGE, encoding="utf-8").read()
    for name, command in w.ALL.items():
        assert "~$" + command in page, name


def diagnose(lab):
    """Steps 1 to 6; returns what each step printed."""
    seen = {}
    run = lab.sh(w.STEP1_GET_NODES)
    seen["get_nodes"] = run
    seen["describe"] = lab.json(w.STEP2_DESCRIBE_NODEGROUP)
    seen["health"] = lab.json(w.STEP3_NODEGROUP_HEALTH)
    seen["asg_name"] = lab.ok(w.STEP4_1_ASG_NAME + "\n" + w.STEP4_1_ECHO).strip()
    seen["activities"] = lab.json(w.STEP4_2_SCALING_ACTIVITIES)
    seen["lt_id"] = lab.ok(w.STEP5_1_LAUNCH_TEMPLATE_ID).strip()
    seen["lt_versions"] = lab.json(w.STEP5_2_LAUNCH_TEMPLATE_VERSIONS)
    seen["key"] = lab.json(w.STEP6_1_DESCRIBE_KEY)
    seen["policy"] = lab.json(w.STEP6_2_KEY_POLICY)
    return seen


def test_before_the_fix_the_commands_show_what_the_page_shows(lab):
    need("kubectl", "jq")
    lab.reset("missing-worker-nodes")
    seen = diagnose(lab)
    env = lab.env

    # 1: no node from the new group (kubectl prints this on stderr and exits 0), but the cluster has nodes.
    assert seen["get_nodes"].code == 0
    assert seen["get_nodes"].out == ""
    assert seen["get_nodes"].err.strip() == "No resources found"
    all_nodes = lab.ok("kubectl get nodes").splitlines()
    assert all_nodes[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    assert len(all_nodes) == 4 and all(" Ready " in line for line in all_nodes[1:])

    # 2, 3: DEGRADED with the AsgInstanceLaunchFailures issue and the exact message.
    group = seen["describe"]["nodegroup"]
    assert group["nodegroupName"] == "new_nodegroup_1"
    assert group["clusterName"] == "eks-workshop"
    assert group["status"] == "DEGRADED"
    assert group["capacityType"] == "ON_DEMAND"
    assert group["scalingConfig"] == {"minSize": 0, "maxSize": 1, "desiredSize": 1}
    assert re.fullmatch(r"arn:aws:eks:us-west-2:123456789012:nodegroup/eks-workshop/new_nodegroup_1/[0-9a-f-]{36}",
                        group["nodegroupArn"])
    assert group["launchTemplate"]["id"] == env["NEW_NODEGROUP_1_LT_ID"]
    health = seen["health"]
    asg = health["AutoScalingGroups"][0]["name"]
    assert re.fullmatch(r"eks-new_nodegroup_1-[0-9a-f-]{36}", asg)
    assert health["Status"] == "DEGRADED"
    assert health["Health"]["issues"] == [{"code": "AsgInstanceLaunchFailures", "message": LAUNCH_FAILURE,
                                           "resourceIds": [asg]}]

    # 4: the ASG name, and Cancelled launch activities with the same message.
    assert seen["asg_name"] == asg == env["NEW_NODEGROUP_1_ASG_NAME"]
    activities = seen["activities"]["Activities"]
    assert len(activities) >= 1
    for activity in activities:
        assert activity["AutoScalingGroupName"] == asg
        assert activity["StatusCode"] == "Cancelled"
        assert activity["StatusMessage"] == LAUNCH_FAILURE
        assert re.fullmatch(r"Launching a new EC2 instance: i-[0-9a-f]{17}\.  Status Reason: " + re.escape(LAUNCH_FAILURE),
                            activity["Description"])
        assert re.fullmatch(r"At \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ an instance was started in response to a difference "
                            r"between desired and actual capacity, increasing the capacity from 0 to 1\.",
                            activity["Cause"])

    # 5: the ASG launches from a template with the encrypted root volume and the key.
    assert re.fullmatch(r"lt-[0-9a-f]{17}", seen["lt_id"])
    versions = seen["lt_versions"]
    assert len(versions) == 1
    assert versions[0]["LaunchTemplateId"] == env["NEW_NODEGROUP_1_LT_ID"]
    assert versions[0]["DefaultVersion"] is True
    assert versions[0]["BlockDeviceMappings"] == [{"DeviceName": "/dev/xvda", "Ebs": {
        "Encrypted": True, "KmsKeyId": f"arn:aws:kms:us-west-2:123456789012:key/{env['NEW_KMS_KEY_ID']}",
        "VolumeSize": 20, "VolumeType": "gp2"}}]
    lt_of_asg = lab.json(f"aws ec2 describe-launch-templates --launch-template-ids {seen['lt_id']}")
    assert lt_of_asg["LaunchTemplates"][0]["LaunchTemplateName"].startswith("eks-")

    # 6: the key is fine; its policy has only the account root statement.
    assert seen["key"] == {"KeyId": env["NEW_KMS_KEY_ID"], "Enabled": True, "KeyUsage": "ENCRYPT_DECRYPT",
                           "KeyState": "Enabled", "KeyManager": "CUSTOMER"}
    assert seen["policy"] == {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*",
        "Resource": "*"}]}
    aliases = lab.json(f"aws kms list-aliases --key-id {env['NEW_KMS_KEY_ID']}")["Aliases"]
    assert any(re.fullmatch(r"alias/new_kms_key_alias_[a-z0-9]{5}", a["AliasName"]) for a in aliases)

    # The diagnosis sent nothing that changes anything.
    entries = lab.log()
    assert entries, "the request log is empty"
    assert [e for e in entries if e["mutating"]] == []
    assert {e["service"] for e in entries} == {"kubernetes", "eks", "autoscaling", "ec2", "kms"}


def test_the_fix_brings_a_ready_node(lab):
    need("kubectl", "jq")
    lab.reset("missing-worker-nodes")

    # 7.1: the new policy is put and read back.
    policy = lab.json(w.STEP7_1_PUT_KEY_POLICY)
    assert [s["Sid"] for s in policy["Statement"]] == ["EnableIAMUserPermissions", "AllowAutoScalingServiceRole",
                                                       "AllowAttachmentOfPersistentResources"]

    # 7.2: scale to 0 and back to 1, waiting for ACTIVE each time (no 30 s waiter sleeps with the defaults).
    started = time.monotonic()
    out = lab.ok(w.STEP7_2_RECYCLE)
    assert time.monotonic() - started < 25
    updates = [json.loads(u) for u in re.findall(r"^\{.*?^\}", out, re.S | re.M)]
    assert [(u["update"]["status"], u["update"]["type"], u["update"]["params"]) for u in updates] == [
        ("InProgress", "ConfigUpdate", [{"type": "DesiredSize", "value": "0"}]),
        ("InProgress", "ConfigUpdate", [{"type": "DesiredSize", "value": "1"}])]

    # 8.1, 8.2: ACTIVE, and one Ready node from the new group.
    assert lab.ok(w.STEP8_1_STATUS).strip() == "ACTIVE"
    waited = lab.sh(w.STEP8_2_WAIT)
    assert waited.code == 0, waited.err
    assert re.fullmatch(r"node/ip-10-42-\d+-\d+\.us-west-2\.compute\.internal condition met\n", waited.out)
    lines = lab.ok(w.STEP8_2_GET_NODES).splitlines()
    assert lines[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    assert len(lines) == 2 and NODE_LINE.match(lines[1]), lines

    node = lab.json("kubectl get nodes --selector=eks.amazonaws.com/nodegroup=new_nodegroup_1 -o json")["items"][0]
    labels = node["metadata"]["labels"]
    assert labels["eks.amazonaws.com/nodegroup"] == "new_nodegroup_1"
    assert labels["eks.amazonaws.com/sourceLaunchTemplateId"] == lab.env["NEW_NODEGROUP_1_LT_ID"]
    assert node["status"]["nodeInfo"]["kubeletVersion"] == "v1.30.0-eks-036c24b"
    instance_id = node["spec"]["providerID"].rsplit("/", 1)[1]
    instance = lab.json(f"aws ec2 describe-instances --instance-ids {instance_id}")["Reservations"][0]["Instances"][0]
    assert instance["State"]["Name"] == "running"
    assert instance["PrivateDnsName"] == node["metadata"]["name"]
    assert instance["InstanceType"] == "m5.large"

    health = lab.json(w.STEP3_NODEGROUP_HEALTH)
    assert health["Status"] == "ACTIVE" and health["Health"]["issues"] == []
    newest = lab.json(w.STEP4_2_SCALING_ACTIVITIES)["Activities"][0]
    assert newest["StatusCode"] == "Successful"
    assert newest["Description"] == f"Launching a new EC2 instance: {instance_id}"

    # The log proves exactly which changes the fix sent.
    mutating = [(e["service"], e["operation"]) for e in lab.log("--mutating")]
    assert mutating == [("kms", "PutKeyPolicy"), ("eks", "UpdateNodegroupConfig"), ("eks", "UpdateNodegroupConfig")]


def test_recycling_without_the_fix_brings_no_node(lab):
    need("kubectl")
    lab.reset("missing-worker-nodes", "--delay", "degrade=6")
    try:
        lab.ok(w.STEP7_2_RECYCLE)
        # The waiter succeeds and the group reads ACTIVE for a while, as a real managed node group does.
        assert lab.ok(w.STEP8_1_STATUS).strip() == "ACTIVE"
        waited = lab.sh(w.STEP8_2_WAIT)
        assert waited.code == 1
        assert waited.err.strip() == "error: no matching resources found"
        assert lab.sh(w.STEP1_GET_NODES).err.strip() == "No resources found"
        newest = lab.json(w.STEP4_2_SCALING_ACTIVITIES)["Activities"][0]
        assert newest["StatusCode"] == "Cancelled" and newest["StatusMessage"] == LAUNCH_FAILURE
        # Then DEGRADED comes back.
        wait_until(lambda: lab.ok(w.STEP8_1_STATUS).strip() == "DEGRADED", timeout=20, interval=0.3)
        issues = lab.json(w.STEP3_NODEGROUP_HEALTH)["Health"]["issues"]
        assert issues[0]["code"] == "AsgInstanceLaunchFailures"
    finally:
        lab.reset("missing-worker-nodes", "--delay", f"degrade={DEGRADE_SECONDS}")


def test_update_validation_and_the_updates_api(lab):
    lab.reset("missing-worker-nodes")
    cluster = "--cluster-name eks-workshop --nodegroup-name new_nodegroup_1"
    too_big = lab.sh(f"aws eks update-nodegroup-config {cluster} --scaling-config desiredSize=2")
    assert too_big.code != 0
    assert "InvalidParameterException" in too_big.err
    assert "Desired capacity 2 can't be greater than max size 1" in too_big.err

    update = lab.json(f"aws eks update-nodegroup-config {cluster} --scaling-config desiredSize=0")["update"]
    listed = lab.json("aws eks list-updates --name eks-workshop --nodegroup-name new_nodegroup_1")
    assert listed["updateIds"] == [update["id"]]
    described = lab.json(f"aws eks describe-update --name eks-workshop --nodegroup-name new_nodegroup_1 "
                         f"--update-id {update['id']}")["update"]
    assert described["status"] == "Successful" and described["params"] == [{"type": "DesiredSize", "value": "0"}]
    missing = lab.sh("aws eks describe-update --name eks-workshop --update-id 00000000-0000-0000-0000-000000000000")
    assert "ResourceNotFoundException" in missing.err


def test_update_while_updating_is_rejected(lab):
    lab.reset("missing-worker-nodes", "--delay", "update=8")
    try:
        cluster = "--cluster-name eks-workshop --nodegroup-name new_nodegroup_1"
        lab.ok(f"aws eks update-nodegroup-config {cluster} --scaling-config desiredSize=0")
        assert lab.ok(w.STEP8_1_STATUS).strip() == "UPDATING"
        busy = lab.sh(f"aws eks update-nodegroup-config {cluster} --scaling-config desiredSize=1")
        assert "ResourceInUseException" in busy.err
        wait_until(lambda: lab.ok(w.STEP8_1_STATUS).strip() == "ACTIVE", timeout=25, interval=0.3)
    finally:
        lab.reset("missing-worker-nodes", "--delay", "update=0")


def test_put_key_policy_rejects_what_kms_rejects(lab):
    lab.reset("missing-worker-nodes")
    key = lab.env["NEW_KMS_KEY_ID"]
    typo = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},'
            '"Action":"kms:*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/'
            'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScalling"},"Action":"kms:*","Resource":"*"}]}')
    bad = lab.sh(f"aws kms put-key-policy --key-id {key} --policy-name default --policy '{typo}'")
    assert "MalformedPolicyDocumentException" in bad.err and "invalid principals" in bad.err
    lockout = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:'
               'role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"},"Action":"kms:*",'
               '"Resource":"*"}]}')
    locked = lab.sh(f"aws kms put-key-policy --key-id {key} --policy-name default --policy '{lockout}'")
    assert "will not allow you to update the key policy" in locked.err
    assert lab.sh(f"aws kms put-key-policy --key-id {key} --policy-name default --policy 'not json'").code != 0
    # Without --policy-name, as the workshop reads it; the answer names the policy.
    assert lab.json(f"aws kms get-key-policy --key-id {key}")["PolicyName"] == "default"
    errors = {e["error"] for e in lab.log() if e.get("error")}
    assert errors == {"MalformedPolicyDocumentException"}
