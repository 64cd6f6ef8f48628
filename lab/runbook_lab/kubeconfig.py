"""The kubeconfig the lab writes (JSON, which kubectl and ``aws eks update-kubeconfig`` read as YAML)."""

from __future__ import annotations

import base64
import json
import os
from typing import Optional


def cluster_arn(account: str, region: str, cluster: str) -> str:
    return f"arn:aws:eks:{region}:{account}:cluster/{cluster}"


def write_kubeconfig(path: str, *, server: str, account: str, region: str, cluster: str,
                     ca_pem: Optional[bytes], exec_env: Optional[dict] = None) -> None:
    """Write a kubeconfig whose cluster, context and user are named like ``aws eks update-kubeconfig``'s.

    Over https it trusts the lab's CA and authenticates with the exec plugin ``aws eks get-token`` (the
    plugin gets ``exec_env`` so it signs for the lab even when the shell has no lab environment); over
    plain http kubectl sends no credentials, so the user is empty.
    """
    name = cluster_arn(account, region, cluster)
    cluster_entry: dict = {"server": server}
    user: dict = {}
    if server.startswith("https://"):
        if ca_pem:
            cluster_entry["certificate-authority-data"] = base64.b64encode(ca_pem).decode()
        user = {"exec": {
            "apiVersion": "client.authentication.k8s.io/v1beta1",
            "command": "aws",
            "args": ["--region", region, "eks", "get-token", "--cluster-name", cluster, "--output", "json"],
            "env": [{"name": k, "value": v} for k, v in (exec_env or {}).items()],
            "interactiveMode": "Never",
            "provideClusterInfo": False,
        }}
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "preferences": {},
        "clusters": [{"name": name, "cluster": cluster_entry}],
        "contexts": [{"name": name, "context": {"cluster": name, "user": name}}],
        "current-context": name,
        "users": [{"name": name, "user": user}],
    }
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(config, fh, indent=2)
        fh.write("\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
