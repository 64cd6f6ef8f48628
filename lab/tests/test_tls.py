"""Contract: `--tls` mode. HTTPS with the lab's CA, EKS tokens, and `aws eks update-kubeconfig` that works."""

import base64
import json
import os
import ssl
import urllib.error
import urllib.request

import pytest

import workshop as w
from conftest import need


@pytest.fixture(autouse=True)
def _tools():
    need("kubectl")


def _get(lab, path, token=None):
    state = lab.state_file
    context = ssl.create_default_context(cafile=state["ca_file"])
    request = urllib.request.Request(state["k8s_endpoint"] + path,
                                     headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, context=context, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_describe_cluster_names_the_lab_endpoint_and_ca(tls_lab):
    cluster = tls_lab.json("aws eks describe-cluster --name eks-workshop")["cluster"]
    state = tls_lab.state_file
    assert cluster["endpoint"] == state["k8s_endpoint"] and cluster["endpoint"].startswith("https://127.0.0.1:")
    with open(state["ca_file"], "rb") as fh:
        assert base64.b64decode(cluster["certificateAuthority"]["data"]) == fh.read()
    assert cluster["version"] == "1.30" and cluster["status"] == "ACTIVE"


def test_update_kubeconfig_then_kubectl_get_nodes(tls_lab):
    env = dict(tls_lab.env)
    env["KUBECONFIG"] = os.path.join(tls_lab.work, "from-update-kubeconfig")
    out = tls_lab.ok("aws eks update-kubeconfig --name eks-workshop", env=env)
    assert "arn:aws:eks:us-west-2:123456789012:cluster/eks-workshop" in out
    lines = tls_lab.ok("kubectl get nodes", env=env).splitlines()
    assert len(lines) == 4 and all(" Ready " in line for line in lines[1:])
    assert tls_lab.sh(w.STEP1_GET_NODES, env=env).err.strip() == "No resources found"
    users = {e.get("user") for e in tls_lab.log("--service", "kubernetes") if e["operation"] != "get /version"}
    assert users == {"arn:aws:sts::123456789012:user/moto"}


def test_the_labs_own_kubeconfig_uses_the_exec_plugin(tls_lab):
    with open(tls_lab.env["KUBECONFIG"]) as fh:
        config = json.load(fh)
    user = config["users"][0]["user"]
    assert user["exec"]["command"] == "aws" and "get-token" in user["exec"]["args"]
    assert config["clusters"][0]["cluster"]["server"].startswith("https://")
    assert tls_lab.ok("kubectl get nodes -o name").count("node/") == 3


def test_fix_and_verify_over_tls(tls_lab):
    need("jq")
    tls_lab.reset("missing-worker-nodes")
    tls_lab.ok(w.STEP7_1_PUT_KEY_POLICY)
    tls_lab.ok(w.STEP7_2_RECYCLE)
    assert tls_lab.ok(w.STEP8_2_WAIT).endswith("condition met\n")
    assert " Ready " in tls_lab.ok(w.STEP8_2_GET_NODES).splitlines()[1]


def test_tokens_are_checked(tls_lab):
    token = json.loads(tls_lab.ok("aws eks get-token --cluster-name eks-workshop"))["status"]["token"]
    assert token.startswith("k8s-aws-v1.")
    assert _get(tls_lab, "/api/v1/nodes", token)[0] == 200
    assert _get(tls_lab, "/version")[0] == 200  # like EKS, /version needs no token
    for bad in (None, "k8s-aws-v1.bm90IGEgdXJs", token[:-4] + "AAAA"):
        status, body = _get(tls_lab, "/api/v1/nodes", bad)
        assert status == 401 and body["reason"] == "Unauthorized"
    other = json.loads(tls_lab.ok("aws eks get-token --cluster-name another-cluster"))["status"]["token"]
    assert _get(tls_lab, "/api/v1/nodes", other)[0] == 401
    env = dict(tls_lab.env, AWS_SECRET_ACCESS_KEY="wrong")
    forged = json.loads(tls_lab.ok("aws eks get-token --cluster-name eks-workshop", env=env))["status"]["token"]
    assert _get(tls_lab, "/api/v1/nodes", forged)[0] == 401
    denied = [e for e in tls_lab.log("--service", "kubernetes") if e["status"] == 401]
    assert denied and all(e.get("auth_error") for e in denied)


def test_kubectl_reports_unauthorized_with_a_bad_token(tls_lab):
    with open(tls_lab.env["KUBECONFIG"]) as fh:
        config = json.load(fh)
    config["users"][0]["user"] = {"token": "k8s-aws-v1.bm90LXZhbGlk"}
    path = os.path.join(tls_lab.work, "bad-token")
    with open(path, "w") as fh:
        json.dump(config, fh)
    run = tls_lab.sh("kubectl get nodes", env=dict(tls_lab.env, KUBECONFIG=path))
    assert run.code == 1 and "Unauthorized" in run.err
