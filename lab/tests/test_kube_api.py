"""The lab's Kubernetes API as kubectl and a native client see it: discovery, tables, selectors, watch."""

import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

import workshop as w
from conftest import need

SLR = "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"


def get(lab, path, accept="application/json", method="GET"):
    request = urllib.request.Request(lab.state_file["k8s_endpoint"] + path, headers={"Accept": accept},
                                     method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def names(lab, **query):
    status, body = get(lab, "/api/v1/nodes?" + urllib.parse.urlencode(query))
    assert status == 200, body
    return sorted(item["metadata"]["name"] for item in body["items"])


@pytest.fixture(scope="module", autouse=True)
def _seeded(lab):
    lab.reset("healthy")


def test_discovery(lab):
    assert get(lab, "/version")[1]["gitVersion"].startswith("v1.30.")
    assert get(lab, "/api")[1]["versions"] == ["v1"]
    assert get(lab, "/apis")[1]["groups"] == []
    resources = get(lab, "/api/v1")[1]["resources"]
    nodes = next(r for r in resources if r["name"] == "nodes")
    assert nodes["kind"] == "Node" and nodes["namespaced"] is False and "watch" in nodes["verbs"]
    assert get(lab, "/api/v1/pods")[0] == 404


def test_table_output(lab):
    status, table = get(lab, "/api/v1/nodes?labelSelector=eks.amazonaws.com%2Fnodegroup%3Dnew_nodegroup_1&limit=500",
                        accept=TABLE)
    assert status == 200 and table["kind"] == "Table" and table["apiVersion"] == "meta.k8s.io/v1"
    assert [c["name"] for c in table["columnDefinitions"] if c["priority"] == 0] == [
        "Name", "Status", "Roles", "Age", "Version"]
    (row,) = table["rows"]
    name, status_cell, roles, age, version = row["cells"][:5]
    assert name.startswith("ip-10-42-") and name.endswith(".us-west-2.compute.internal")
    assert (status_cell, roles, version) == ("Ready", "<none>", "v1.30.0-eks-036c24b")
    assert age.endswith("m") or "m" in age
    assert row["object"]["kind"] == "PartialObjectMetadata"
    assert row["object"]["metadata"]["labels"]["eks.amazonaws.com/nodegroup"] == "new_nodegroup_1"


def test_label_and_field_selectors(lab):
    every = names(lab)
    assert len(every) == 4
    new = names(lab, labelSelector="eks.amazonaws.com/nodegroup=new_nodegroup_1")
    assert len(new) == 1
    assert names(lab, labelSelector="eks.amazonaws.com/nodegroup==new_nodegroup_1") == new
    assert len(names(lab, labelSelector="eks.amazonaws.com/nodegroup!=new_nodegroup_1")) == 3
    assert len(names(lab, labelSelector="eks.amazonaws.com/nodegroup in (default,other)")) == 3
    assert names(lab, labelSelector="eks.amazonaws.com/nodegroup notin (default)") == new
    assert len(names(lab, labelSelector="eks.amazonaws.com/nodegroup,kubernetes.io/os=linux")) == 4
    assert names(lab, labelSelector="!eks.amazonaws.com/nodegroup") == []
    assert names(lab, fieldSelector=f"metadata.name={new[0]}") == new
    assert len(names(lab, fieldSelector=f"metadata.name!={new[0]}")) == 3
    status, body = get(lab, "/api/v1/nodes?fieldSelector=status.phase%3DRunning")
    assert status == 400 and body["reason"] == "BadRequest" and "not supported" in body["message"]
    status, body = get(lab, "/api/v1/nodes?labelSelector=a%3D%3D%3Db")
    assert status == 400


def test_get_one_node_and_not_found(lab):
    name = names(lab)[0]
    status, node = get(lab, f"/api/v1/nodes/{name}")
    assert status == 200 and node["metadata"]["name"] == name
    assert node["spec"]["providerID"].startswith("aws:///us-west-2")
    status, body = get(lab, "/api/v1/nodes/ip-10-42-0-1.us-west-2.compute.internal")
    assert status == 404 and body["kind"] == "Status" and body["reason"] == "NotFound"


def test_the_api_is_read_only(lab):
    name = names(lab)[0]
    status, body = get(lab, f"/api/v1/nodes/{name}", method="DELETE")
    assert status == 405 and "read-only" in body["message"]
    entry = [e for e in lab.log("--service", "kubernetes") if e["status"] == 405][-1]
    assert entry["mutating"] is True and entry["operation"] == f"delete /api/v1/nodes/{name}"


def _watch_lines(lab, query, seconds):
    endpoint = urllib.parse.urlparse(lab.state_file["k8s_endpoint"])
    connection = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=seconds + 5)
    connection.request("GET", "/api/v1/nodes?" + urllib.parse.urlencode(query))
    response = connection.getresponse()
    assert response.status == 200
    events = []
    deadline = time.monotonic() + seconds + 5
    while time.monotonic() < deadline:
        line = response.readline()
        if not line:
            break
        events.append(json.loads(line))
    connection.close()
    return events


def test_watch_sees_a_node_join_and_turn_ready(lab):
    lab.reset("missing-worker-nodes", "--delay", "node-join=0.3", "--delay", "node-ready=0.6")
    try:
        lab.ok(f"aws kms create-grant --key-id $NEW_KMS_KEY_ID --grantee-principal {SLR} --operations Decrypt "
               "GenerateDataKeyWithoutPlaintext ReEncryptFrom ReEncryptTo DescribeKey CreateGrant")
        status, listed = get(lab, "/api/v1/nodes?labelSelector=eks.amazonaws.com%2Fnodegroup%3Dnew_nodegroup_1")
        assert listed["items"] == []
        lab.ok(w.STEP7_2_RECYCLE)
        events = _watch_lines(lab, {"labelSelector": "eks.amazonaws.com/nodegroup=new_nodegroup_1", "watch": "true",
                                    "resourceVersion": listed["metadata"]["resourceVersion"],
                                    "timeoutSeconds": "3"}, 3)
        kinds = [(e["type"], [c["status"] for c in e["object"]["status"]["conditions"] if c["type"] == "Ready"][0])
                 for e in events]
        assert kinds == [("ADDED", "False"), ("MODIFIED", "True")]
        versions = [int(e["object"]["metadata"]["resourceVersion"]) for e in events]
        assert versions == sorted(versions)
    finally:
        lab.reset("healthy", "--delay", "node-join=0", "--delay", "node-ready=0")


def test_kubectl_wait_waits_for_ready(lab):
    need("kubectl")
    lab.reset("missing-worker-nodes", "--delay", "node-ready=6")
    try:
        lab.ok(f"aws kms create-grant --key-id $NEW_KMS_KEY_ID --grantee-principal {SLR} --operations Decrypt "
               "GenerateDataKeyWithoutPlaintext ReEncryptFrom ReEncryptTo DescribeKey CreateGrant")
        lab.ok(w.STEP7_2_RECYCLE)
        lines = lab.ok(w.STEP1_GET_NODES).splitlines()
        assert " NotReady " in lines[1]
        started = time.monotonic()
        assert lab.ok(w.STEP8_2_WAIT).endswith("condition met\n")
        assert time.monotonic() - started < 30
        assert " Ready " in lab.ok(w.STEP1_GET_NODES).splitlines()[1]
        watches = [e for e in lab.log("--service", "kubernetes") if e.get("verb") == "watch"]
        assert watches and watches[-1]["query"]["fieldSelector"].startswith("metadata.name=")
    finally:
        lab.reset("healthy", "--delay", "node-ready=0")


def test_watch_from_zero_replays_and_ends_at_its_timeout(lab):
    lab.reset("healthy")
    started = time.monotonic()
    events = _watch_lines(lab, {"watch": "1", "timeoutSeconds": "1"}, 1)
    assert time.monotonic() - started < 4
    assert [e["type"] for e in events] == ["ADDED"] * 4


def test_watch_with_a_stale_resource_version_reports_gone_after_reset(lab):
    status, listed = get(lab, "/api/v1/nodes")
    lab.reset("healthy")
    events = _watch_lines(lab, {"watch": "true", "resourceVersion": listed["metadata"]["resourceVersion"],
                                "timeoutSeconds": "1"}, 1)
    assert events and events[0]["type"] == "ERROR" and events[0]["object"]["code"] == 410
