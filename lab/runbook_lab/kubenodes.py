"""Node objects as an EKS managed node group registers them, and the Table kubectl prints them from."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

KUBELET_VERSION = "v1.30.0-eks-036c24b"

def rfc3339(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def human_duration(seconds: float) -> str:
    """Age as kubectl prints it (the API server's HumanDuration rules: 5s, 3m9s, 2d3h, ...)."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes, hours, days = s // 60, s // 3600, s // 86400
    if minutes < 10:
        rest = s % 60
        return f"{minutes}m{rest}s" if rest else f"{minutes}m"
    if minutes < 180:
        return f"{minutes}m"
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h{rest}m" if rest else f"{hours}h"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{days}d{rest}h" if rest else f"{days}d"
    if hours < 24 * 365 * 2:
        return f"{days}d"
    years, rest = days // 365, days % 365
    if hours < 24 * 365 * 8:
        return f"{years}y{rest}d" if rest else f"{years}y"
    return f"{years}y"


def build_node(
    *,
    name: str,
    instance_id: str,
    private_ip: str,
    zone: str,
    nodegroup: str,
    launch_template_id: str,
    instance_type: str,
    created: float,
    ready: bool,
    ami_id: str = "ami-0b7b2ef1c5a23e0f6",
) -> dict:
    """A Node object shaped like one an EKS managed node group registers."""
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/instance-type": instance_type,
        "beta.kubernetes.io/os": "linux",
        "eks.amazonaws.com/capacityType": "ON_DEMAND",
        "eks.amazonaws.com/nodegroup": nodegroup,
        "eks.amazonaws.com/nodegroup-image": ami_id,
        "eks.amazonaws.com/sourceLaunchTemplateId": launch_template_id,
        "eks.amazonaws.com/sourceLaunchTemplateVersion": "1",
        "failure-domain.beta.kubernetes.io/region": zone[:-1],
        "failure-domain.beta.kubernetes.io/zone": zone,
        "k8s.io/cloud-provider-aws": "b69cba9c8e6fa3b3e8d6f4e1c2a7d9f0",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "node.kubernetes.io/instance-type": instance_type,
        "topology.k8s.aws/zone-id": "usw2-az" + str("abcd".index(zone[-1]) + 1),
        "topology.kubernetes.io/region": zone[:-1],
        "topology.kubernetes.io/zone": zone,
    }
    node = {
        "kind": "Node",
        "apiVersion": "v1",
        "metadata": {
            "name": name,
            "uid": "",
            "resourceVersion": "",
            "creationTimestamp": rfc3339(created),
            "labels": labels,
            "annotations": {
                "alpha.kubernetes.io/provided-node-ip": private_ip,
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
        },
        "spec": {"providerID": f"aws:///{zone}/{instance_id}"},
        "status": {
            "capacity": {"cpu": "2", "ephemeral-storage": "20959212Ki", "hugepages-1Gi": "0",
                         "hugepages-2Mi": "0", "memory": "7910348Ki", "pods": "29"},
            "allocatable": {"cpu": "1930m", "ephemeral-storage": "18242267924", "hugepages-1Gi": "0",
                            "hugepages-2Mi": "0", "memory": "7220172Ki", "pods": "29"},
            "conditions": [],
            "addresses": [
                {"type": "InternalIP", "address": private_ip},
                {"type": "InternalDNS", "address": name},
                {"type": "Hostname", "address": name},
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "machineID": instance_id.replace("i-", "ec2") + "0" * 6,
                "systemUUID": "ec2" + instance_id[2:10] + "-0000-0000-0000-000000000000",
                "bootID": instance_id[2:] + "-boot",
                "kernelVersion": "5.10.223-212.873.amzn2.x86_64",
                "osImage": "Amazon Linux 2",
                "containerRuntimeVersion": "containerd://1.7.11",
                "kubeletVersion": KUBELET_VERSION,
                "kubeProxyVersion": KUBELET_VERSION,
                "operatingSystem": "linux",
                "architecture": "amd64",
            },
        },
    }
    set_node_ready(node, ready, created)
    return node


def set_node_ready(node: dict, ready: bool, when: float) -> None:
    stamp = rfc3339(when)
    conditions = []
    for ctype, reason, message in (
        ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    ):
        conditions.append({"type": ctype, "status": "False", "lastHeartbeatTime": stamp,
                           "lastTransitionTime": stamp, "reason": reason, "message": message})
    if ready:
        conditions.append({"type": "Ready", "status": "True", "lastHeartbeatTime": stamp,
                           "lastTransitionTime": stamp, "reason": "KubeletReady",
                           "message": "kubelet is posting ready status"})
    else:
        conditions.append({"type": "Ready", "status": "False", "lastHeartbeatTime": stamp,
                           "lastTransitionTime": stamp, "reason": "KubeletNotReady",
                           "message": "container runtime network not ready: NetworkReady=false "
                                      "reason:NetworkPluginNotReady message:Network plugin returns error: "
                                      "cni plugin not initialized"})
    node["status"]["conditions"] = conditions


def node_is_ready(node: dict) -> bool:
    return any(c["type"] == "Ready" and c["status"] == "True" for c in node["status"].get("conditions", []))


# ------------------------------------------------------------------------------------------------------
# Tables

_NODE_COLUMNS = [
    ("Name", "string", "name", 0, "Name must be unique within a namespace."),
    ("Status", "string", "", 0, "The status of the node"),
    ("Roles", "string", "", 0, "The roles of the node"),
    ("Age", "string", "", 0, "CreationTimestamp is a timestamp representing the server time when this object "
                             "was created."),
    ("Version", "string", "", 0, "Kubelet Version reported by the node."),
    ("Internal-IP", "string", "", 1, "List of addresses reachable to the node. Queried from cloud provider, "
                                     "if available."),
    ("External-IP", "string", "", 1, "List of addresses reachable to the node. Queried from cloud provider, "
                                     "if available."),
    ("OS-Image", "string", "", 1, "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 "
                                  "(wheezy))."),
    ("Kernel-Version", "string", "", 1, "Kernel Version reported by the node from 'uname -r' (e.g. "
                                        "3.16.0-0.bpo.4-amd64)."),
    ("Container-Runtime", "string", "", 1, "Container runtime version reported by the node through runtime "
                                           "remote API (e.g. containerd://1.4.2)."),
]


def _node_cells(node: dict, now: float) -> list:
    status = "Ready" if node_is_ready(node) else "NotReady"
    if node.get("spec", {}).get("unschedulable"):
        status += ",SchedulingDisabled"
    labels = node["metadata"].get("labels", {})
    roles = sorted(k.split("/", 1)[1] for k in labels if k.startswith("node-role.kubernetes.io/"))
    created = datetime.strptime(node["metadata"]["creationTimestamp"], "%Y-%m-%dT%H:%M:%SZ")
    age = human_duration(now - created.replace(tzinfo=timezone.utc).timestamp())
    addresses = {a["type"]: a["address"] for a in node["status"].get("addresses", [])}
    info = node["status"].get("nodeInfo", {})
    return [
        node["metadata"]["name"], status, ",".join(roles) or "<none>", age, info.get("kubeletVersion", ""),
        addresses.get("InternalIP", "<none>"), addresses.get("ExternalIP", "<none>"),
        info.get("osImage", "<unknown>"), info.get("kernelVersion", "<unknown>"),
        info.get("containerRuntimeVersion", "<unknown>"),
    ]


def node_table(nodes: list[dict], resource_version: int, include_object: str, now: float,
               with_columns: bool = True) -> dict:
    rows = []
    for node in nodes:
        row: dict[str, Any] = {"cells": _node_cells(node, now)}
        if include_object == "Object":
            row["object"] = node
        elif include_object != "None":
            row["object"] = {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                             "metadata": node["metadata"]}
        rows.append(row)
    table: dict[str, Any] = {"kind": "Table", "apiVersion": "meta.k8s.io/v1",
                             "metadata": {"resourceVersion": str(resource_version)}, "rows": rows}
    if with_columns:
        table["columnDefinitions"] = [
            {"name": n, "type": t, "format": f, "description": d, "priority": p} for n, t, f, p, d in _NODE_COLUMNS
        ]
    return table


def wants_table(accept: str) -> bool:
    """True when the first acceptable media type is a meta.k8s.io Table."""
    for part in (accept or "").split(","):
        params = [p.strip() for p in part.split(";")]
        if params and params[0] in ("application/json", "*/*"):
            return "as=Table" in params
    return False
