"""Fault injection: throttling, server errors, dropped connections and latency, in each service's wire format."""

import http.client
import json
import time
import urllib.error
import urllib.request

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError

from conftest import need


def client(lab, service):
    env = lab.env
    return boto3.session.Session().client(
        service, endpoint_url=env["AWS_ENDPOINT_URL"], region_name="us-west-2",
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=10))


@pytest.fixture()
def faulty(lab):
    yield lab
    lab.reset("missing-worker-nodes", "--clear-faults")


def test_throttling_in_every_protocol(faulty):
    faulty.reset("missing-worker-nodes", "--fault", "throttle")
    calls = {
        "ThrottlingException": lambda: client(faulty, "kms").describe_key(KeyId=faulty.env["NEW_KMS_KEY_ID"]),
        "ThrottlingException ": lambda: client(faulty, "eks").describe_cluster(name="eks-workshop"),
        "Throttling": lambda: client(faulty, "autoscaling").describe_auto_scaling_groups(),
        "RequestLimitExceeded": lambda: client(faulty, "ec2").describe_instances(),
    }
    for code, call in calls.items():
        with pytest.raises(ClientError) as raised:
            call()
        assert raised.value.response["Error"]["Code"] == code.strip()
    entries = faulty.log()
    assert [e["fault"] for e in entries] == ["throttle"] * 4
    assert [e["status"] for e in entries] == [400, 429, 400, 503]


def test_the_aws_cli_retries_a_throttled_call(faulty):
    faulty.reset("missing-worker-nodes", "--fault", "throttle:ops=DescribeNodegroup,count=1")
    status = faulty.ok("aws eks describe-nodegroup --cluster-name eks-workshop --nodegroup-name new_nodegroup_1 "
                       "--query nodegroup.status --output text")
    assert status.strip() == "DEGRADED"
    entries = [(e["operation"], e["status"], e.get("error")) for e in faulty.log()]
    assert entries == [("DescribeNodegroup", 429, "ThrottlingException"), ("DescribeNodegroup", 200, None)]


def test_server_error_on_one_operation(faulty):
    faulty.reset("missing-worker-nodes", "--fault", "5xx:ops=PutKeyPolicy,status=503,count=1")
    kms = client(faulty, "kms")
    key = faulty.env["NEW_KMS_KEY_ID"]
    policy = kms.get_key_policy(KeyId=key)["Policy"]
    with pytest.raises(ClientError) as raised:
        kms.put_key_policy(KeyId=key, PolicyName="default", Policy=policy)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    kms.put_key_policy(KeyId=key, PolicyName="default", Policy=policy)  # count=1: the next one goes through
    assert [e["status"] for e in faulty.log()] == [200, 503, 200]


def test_dropped_connections(faulty):
    faulty.reset("missing-worker-nodes", "--fault", "drop:service=kubernetes,count=1", "--fault",
                 "drop:service=eks,count=1")
    url = faulty.state_file["k8s_endpoint"] + "/api/v1/nodes"
    with pytest.raises((urllib.error.URLError, http.client.HTTPException, ConnectionError)):
        urllib.request.urlopen(url, timeout=5)
    with urllib.request.urlopen(url, timeout=5) as response:
        assert len(json.loads(response.read())["items"]) == 3
    with pytest.raises((ConnectionClosedError, EndpointConnectionError)):
        client(faulty, "eks").list_clusters()
    assert client(faulty, "eks").list_clusters()["clusters"] == ["eks-workshop"]
    dropped = [e for e in faulty.log() if e.get("fault") == "drop"]
    assert [(e["service"], e["status"]) for e in dropped] == [("kubernetes", 0), ("eks", 0)]


def test_latency(faulty):
    faulty.reset("missing-worker-nodes", "--fault", "latency:ms=400,ops=DescribeKey")
    kms = client(faulty, "kms")
    started = time.monotonic()
    kms.describe_key(KeyId=faulty.env["NEW_KMS_KEY_ID"])
    assert time.monotonic() - started >= 0.4
    started = time.monotonic()
    kms.list_keys()
    assert time.monotonic() - started < 0.4
    assert faulty.log()[0]["injected_latency_ms"] == 400


def test_rates(faulty):
    faulty.reset("missing-worker-nodes", "--fault", "5xx:rate=0.5,service=sts")
    sts = client(faulty, "sts")
    outcomes = []
    for _ in range(40):
        try:
            sts.get_caller_identity()
            outcomes.append(True)
        except ClientError:
            outcomes.append(False)
    assert 5 <= outcomes.count(False) <= 35
    faulty.reset("missing-worker-nodes", "--fault", "5xx:rate=0,service=sts")
    assert all(sts.get_caller_identity() for _ in range(10))
    state = faulty.state()
    assert state["faults"][0]["fired"] == 0


def test_kubectl_rides_out_kubernetes_throttling(faulty):
    need("kubectl")
    faulty.reset("missing-worker-nodes", "--fault", "throttle:service=kubernetes,ops=list,count=2")
    lines = faulty.ok("kubectl get nodes").splitlines()
    assert len(lines) == 4
    statuses = [e["status"] for e in faulty.log("--service", "kubernetes") if e["operation"] == "list /api/v1/nodes"]
    assert statuses[:3] == [429, 429, 200]
