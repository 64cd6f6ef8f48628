"""Unit tests without a lab: selectors, ages, flags, EKS tokens, the request classifier."""

import base64
import io
import time

import botocore.session
import pytest

from runbook_lab import ekstoken, requirements
from runbook_lab.kubeapi import NodeStore, kube_operation
from runbook_lab.kubenodes import build_node, human_duration, wants_table
from runbook_lab.kubeselect import SelectorError, parse_field_selector, parse_label_selector
from runbook_lab.options import OptionError, parse_delay, parse_fault
from runbook_lab.traffic import Faults, aws_mutating, classify_aws


@pytest.mark.parametrize("selector,labels,expected", [
    ("", {}, True),
    ("a=b", {"a": "b"}, True),
    ("a==b", {"a": "c"}, False),
    ("a!=b", {}, True),
    ("a", {"a": ""}, True),
    ("!a", {"a": "x"}, False),
    ("a in (x, y)", {"a": "y"}, True),
    ("a notin (x,y)", {"a": "z"}, True),
    ("eks.amazonaws.com/nodegroup=new_nodegroup_1,kubernetes.io/os=linux",
     {"eks.amazonaws.com/nodegroup": "new_nodegroup_1", "kubernetes.io/os": "linux"}, True),
    ("a in (x),b", {"a": "x"}, False),
])
def test_label_selectors(selector, labels, expected):
    assert parse_label_selector(selector)(labels) is expected


@pytest.mark.parametrize("bad", ["a=b,", "=b", "a in x", "a=(b)"])
def test_bad_label_selectors(bad):
    with pytest.raises(SelectorError):
        parse_label_selector(bad)


def test_field_selectors():
    node = {"metadata": {"name": "n1"}, "spec": {}}
    assert parse_field_selector("metadata.name=n1")(node)
    assert not parse_field_selector("metadata.name!=n1")(node)
    assert parse_field_selector("spec.unschedulable=false")(node)
    with pytest.raises(SelectorError, match="field label not supported: status.phase"):
        parse_field_selector("status.phase=Running")


@pytest.mark.parametrize("seconds,text", [(-5, "<invalid>"), (-1, "0s"), (5, "5s"), (119, "119s"), (120, "2m"),
                                          (189, "3m9s"), (600, "10m"), (3 * 3600, "3h"), (3 * 3600 + 120, "3h2m"),
                                          (47 * 3600, "47h"), (2 * 86400, "2d"), (2 * 86400 + 3600, "2d1h"),
                                          (30 * 86400, "30d"), (3 * 365 * 86400, "3y")])
def test_human_duration(seconds, text):
    assert human_duration(seconds) == text


def test_table_is_detected_from_the_accept_header():
    assert wants_table("application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
    assert not wants_table("application/json")
    assert not wants_table("")


def test_kube_operations():
    assert kube_operation("GET", "/api/v1/nodes", {}) == ("list", "list /api/v1/nodes", False)
    assert kube_operation("GET", "/api/v1/nodes", {"watch": "true"})[0] == "watch"
    assert kube_operation("GET", "/api/v1/nodes/n1", {})[0] == "get"
    assert kube_operation("PATCH", "/api/v1/nodes/n1", {}) == ("patch", "patch /api/v1/nodes/n1", True)
    assert kube_operation("DELETE", "/api/v1/nodes", {})[0] == "deletecollection"


def test_node_store_events():
    store = NodeStore()
    node = build_node(name="ip-10-42-96-9.us-west-2.compute.internal", instance_id="i-0123456789abcdef0",
                      private_ip="10.42.96.9", zone="us-west-2a", nodegroup="ng", launch_template_id="lt-1",
                      instance_type="m5.large", created=time.time(), ready=False)
    rv, _ = store.snapshot()
    store.put(node)
    store.modify(node["metadata"]["name"], lambda n: n["metadata"]["labels"].update({"x": "y"}))
    store.delete(node["metadata"]["name"])
    events = store.wait_events(rv, store.generation, 0.1)
    assert [e[1] for e in events] == ["ADDED", "MODIFIED", "DELETED"]
    assert store.wait_events(events[-1][0], store.generation, 0.05) == []
    generation = store.generation
    store.clear()
    assert store.wait_events(0, generation, 0.05) is None


def test_delays_and_faults_parse_with_clear_errors():
    assert parse_delay("node-ready=2") == ("node-ready", 2.0)
    assert parse_delay("launch-retry=off") == ("launch-retry", None)
    for bad, message in (("nope=1", "NAME one of"), ("update=abc", "not a number"), ("update=off", "always happens"),
                         ("update=-1", "between")):
        with pytest.raises(OptionError, match=message):
            parse_delay(bad)
    fault = parse_fault("throttle:rate=30%,ops=PutKeyPolicy+DescribeKey,count=2")
    assert (fault.kind, fault.rate, fault.ops, fault.count) == ("throttle", 0.3, ["PutKeyPolicy", "DescribeKey"], 2)
    assert parse_fault("latency").ms == 500
    assert parse_fault("error:status=503").kind == "5xx"
    for bad, message in (("boom", "unknown kind"), ("throttle:rate=2", "between 0 and 1"),
                         ("drop:service=s3", "unknown service"), ("throttle:status=503", "applies to 5xx"),
                         ("5xx:color=red", "unknown key")):
        with pytest.raises(OptionError, match=message):
            parse_fault(bad)


def test_fault_rules_match_services_operations_and_counts():
    faults = Faults([parse_fault("5xx:service=kms,count=1"), parse_fault("latency:ms=5,ops=list")], seed=1)
    assert faults.pick("eks", "DescribeNodegroup") == (0, None)
    latency, failure = faults.pick("kms", "DescribeKey")
    assert failure.kind == "5xx" and latency == 0
    assert faults.pick("kms", "DescribeKey") == (0, None)
    assert faults.pick("kubernetes", "list /api/v1/nodes") == (5, None)


def test_mutating_classification():
    assert not aws_mutating("DescribeNodegroup")
    assert not aws_mutating("GetKeyPolicy")
    assert not aws_mutating("ListGrants")
    assert aws_mutating("PutKeyPolicy")
    assert aws_mutating("UpdateNodegroupConfig")
    assert aws_mutating("Decrypt")


def _environ(method, path, headers=None, body=b"", query=""):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    environ.update(headers or {})
    return environ


AUTH = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/{}/aws4_request, SignedHeaders=host, Signature=x"


def test_classify_each_protocol():
    eks = classify_aws(_environ("POST", "/clusters/c/node-groups/n/update-config",
                                {"HTTP_AUTHORIZATION": AUTH.format("eks")}), b"{}")
    assert (eks["service"], eks["operation"], eks["mutating"]) == ("eks", "UpdateNodegroupConfig", True)
    eks = classify_aws(_environ("GET", "/clusters/c/node-groups/n", {"HTTP_AUTHORIZATION": AUTH.format("eks")}), b"")
    assert eks["operation"] == "DescribeNodegroup"
    eks = classify_aws(_environ("GET", "/clusters/c/updates/u1", {"HTTP_AUTHORIZATION": AUTH.format("eks")}), b"")
    assert eks["operation"] == "DescribeUpdate"
    kms = classify_aws(_environ("POST", "/", {"HTTP_AUTHORIZATION": AUTH.format("kms"),
                                              "HTTP_X_AMZ_TARGET": "TrentService.PutKeyPolicy"}), b"{}")
    assert (kms["service"], kms["operation"], kms["mutating"]) == ("kms", "PutKeyPolicy", True)
    body = b"Action=DescribeScalingActivities&Version=2011-01-01"
    asg = classify_aws(_environ("POST", "/", {"HTTP_AUTHORIZATION": AUTH.format("autoscaling"),
                                              "CONTENT_TYPE": "application/x-www-form-urlencoded"}, body), body)
    assert (asg["service"], asg["operation"], asg["mutating"]) == ("autoscaling", "DescribeScalingActivities", False)


def _token(cluster="eks-workshop", key="AKIARUNBOOKLAB000001", secret="s3cret", endpoint="http://127.0.0.1:4566"):
    """A token made the way `aws eks get-token` makes one (botocore's presigner)."""
    session = botocore.session.get_session()
    session.set_credentials(key, secret)
    sts = session.create_client("sts", region_name="us-west-2", endpoint_url=endpoint)

    def add_cluster(request, **kwargs):
        request.headers["x-k8s-aws-id"] = cluster

    sts.meta.events.register("before-sign.sts.GetCallerIdentity", add_cluster)
    url = sts.generate_presigned_url("get_caller_identity", Params={}, ExpiresIn=60, HttpMethod="GET")
    return "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")


def test_eks_tokens():
    secrets = {"AKIARUNBOOKLAB000001": "s3cret"}
    check = dict(cluster="eks-workshop", secrets=secrets, account="123456789012")
    assert ekstoken.verify(_token(), **check).endswith(":user/moto")
    for token, message in ((_token(cluster="other"), "signature does not match"),
                           (_token(secret="nope"), "signature does not match"),
                           (_token(key="AKIAOTHER"), "does not know"),
                           ("Bearer x", "does not start"),
                           ("k8s-aws-v1.!!!", "not base64url"),
                           ("k8s-aws-v1." + base64.urlsafe_b64encode(b"http://x/?Action=ListUsers").decode(),
                            "GetCallerIdentity")):
        with pytest.raises(ekstoken.TokenError, match=message):
            ekstoken.verify(token, **check)
    with pytest.raises(ekstoken.TokenError, match="expired"):
        ekstoken.verify(_token(), now=time.time() + 3600, **check)


def test_missing_packages_are_explained(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "moto" else real(name, *a))
    problems = requirements.missing()
    assert problems == ["moto is not installed (needed for the AWS API)"]
    text = requirements.explain(problems)
    assert "python3" in text or "python" in text
    assert "-m pip install" in text
