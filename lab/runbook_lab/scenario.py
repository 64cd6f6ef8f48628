"""The workshop's account layered on moto: the seed of each scenario and the node group's state machine.

Everything the scenario does goes through the hooks that ``patches`` installs in moto, so the same rules
apply whoever asks (EKS recycling the node group, ``aws autoscaling set-desired-capacity``, a retry):

* **Launch.** An Auto Scaling launch first computes the root volume's effective key (the launch
  template's ``KmsKeyId``; else the account's default EBS key when the volume is encrypted or EBS
  encryption by default is on; else none). It succeeds when the AWSServiceRoleForAutoScaling role exists,
  the key is ``Enabled``, and the key policy or a grant allows the role every operation EBS needs for it
  (:data:`REQUIRED_ACTIONS`), evaluated by :mod:`runbook_lab.kmspolicy`. A failed launch leaves a
  Cancelled activity with the workshop's message and, after the ``degrade`` delay, a DEGRADED node group.
  A successful one starts a real moto instance; its Node registers after ``node-join`` and turns Ready
  after ``node-ready``.
* **UpdateNodegroupConfig.** Validation as EKS does it (min <= desired <= max, not while UPDATING), an
  ``InProgress`` update with typed params, UPDATING for the ``update`` delay, then the Auto Scaling
  group's capacity changes (launching or terminating), the update becomes ``Successful`` and the node
  group ``ACTIVE``.

The seeds themselves are in :mod:`runbook_lab.seed`; the account's names and policies in :mod:`runbook_lab.facts`.
"""

from __future__ import annotations

import copy
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Optional

from . import kmspolicy
from .kubeapi import NodeStore
from .kubenodes import build_node, set_node_ready

from .facts import (ACCOUNT, CALLER_ARN, CLUSTER, EKS_AMI, LAUNCH_FAILURE, NODEGROUP, REGION, REQUIRED_ACTIONS,
                    SLR_ARN, SLR_NAME, kms_request_context)
from .facts import root_only_policy, workshop_fix_policy  # noqa: F401  (re-exported for callers and tests)


@dataclass
class Verdict:
    """Whether an Auto Scaling launch can create its encrypted root volume, and why."""

    ok: bool
    reason: str
    key: Optional[str] = None
    key_source: Optional[str] = None
    key_state: Optional[str] = None
    actions: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"launches": self.ok, "reason": self.reason, "key": self.key, "key_source": self.key_source,
                "key_state": self.key_state, "actions": self.actions}


def _utc(epoch: Optional[float] = None) -> datetime:
    return datetime.fromtimestamp(time.time() if epoch is None else epoch, timezone.utc)


def _zone(instance: Any) -> str:
    placement = getattr(instance, "_placement", None)
    return getattr(placement, "zone", None) or f"{REGION}a"


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


class Scenario:
    """Owns the scenario's state beside moto's: activities, updates, Nodes, timers, variables."""

    def __init__(self, *, lock: "threading.RLock", nodes: NodeStore, scheduler: Any,
                 delays: dict, k8s_endpoint: str, ca_pem: bytes) -> None:
        self.lock = lock
        self.nodes = nodes
        self.scheduler = scheduler
        self.delays = dict(delays)
        self.k8s_endpoint = k8s_endpoint
        self.ca_pem = ca_pem
        self.name = ""
        self.seeding = False
        self.activities: dict[str, list[dict]] = {}
        self.updates: dict[tuple[str, str], list[dict]] = {}
        self.managed: dict[str, str] = {}  # ASG name -> node group name
        self.variables: dict[str, str] = {}
        self.seeded_at = 0.0
        self._degrade_tokens: dict[str, object] = {}

    # ------------------------------------------------------------------------------------------------
    # moto access

    @staticmethod
    def _eks() -> Any:
        from moto.eks.models import eks_backends
        return eks_backends[ACCOUNT][REGION]

    @staticmethod
    def _asg_backend() -> Any:
        from moto.autoscaling.models import autoscaling_backends
        return autoscaling_backends[ACCOUNT][REGION]

    @staticmethod
    def _ec2() -> Any:
        from moto.ec2.models import ec2_backends
        return ec2_backends[ACCOUNT][REGION]

    @staticmethod
    def _kms() -> Any:
        from moto.kms.models import kms_backends
        return kms_backends[ACCOUNT][REGION]

    @staticmethod
    def _iam() -> Any:
        from moto.iam.models import iam_backends
        return iam_backends[ACCOUNT]["aws"]

    def _nodegroup(self, name: str) -> Any:
        return self._eks().clusters[CLUSTER].nodegroups.get(name)

    def _asg_of(self, nodegroup: Any) -> Any:
        groups = (nodegroup.resources or {}).get("autoScalingGroups") or []
        return self._asg_backend().autoscaling_groups.get(groups[0]["name"]) if groups else None

    # ------------------------------------------------------------------------------------------------
    # Launch decision

    def effective_key(self, asg: Any) -> tuple[Optional[str], str]:
        """(key reference, where it comes from) for the root volume the group's launch would create."""
        ec2 = self._ec2()
        data: dict = {}
        template = getattr(asg, "ec2_launch_template", None)
        if template is not None:
            data = template.get_version(asg.launch_template_version).data or {}
        mappings = [m for m in (data.get("BlockDeviceMappings") or []) if m.get("Ebs") is not None]
        root = next((m for m in mappings if m.get("DeviceName") == "/dev/xvda"), mappings[0] if mappings else None)
        ebs = (root or {}).get("Ebs") or {}
        if ebs.get("KmsKeyId"):
            return str(ebs["KmsKeyId"]), "launch-template"
        encrypted = str(ebs.get("Encrypted", "")).lower() == "true"
        if encrypted or ec2.ebs_encryption_by_default:
            return (ec2.default_kms_key_id or "alias/aws/ebs"), "ebs-default"
        return None, "unencrypted"

    def _find_key(self, ref: str) -> Any:
        kms = self._kms()
        try:
            if ":alias/" in ref or ref.startswith("alias/"):
                alias = "alias/" + ref.split(":alias/", 1)[-1] if ":alias/" in ref else ref
                key_id = kms.get_key_id_from_alias(alias)
            else:
                key_id = kms.get_key_id(ref)
            return kms.keys.get(key_id) if key_id else None
        except Exception:
            return None

    def launch_verdict(self, asg: Any) -> Verdict:
        iam = self._iam()
        ref, source = self.effective_key(asg)
        if not any(role.name == SLR_NAME for role in iam.roles.values()):
            return Verdict(False, f"the service-linked role {SLR_NAME} does not exist", ref, source)
        if ref is None:
            return Verdict(True, "the root volume is not encrypted", None, source)
        if ref in ("alias/aws/ebs", f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/aws/ebs"):
            # The AWS managed key's policy lets every principal of the account use it through EC2.
            return Verdict(True, "the AWS managed key aws/ebs is usable by every principal in the account "
                                 "through EC2", ref, source, "Enabled")
        key = self._find_key(ref)
        if key is None:
            return Verdict(False, f"the key {ref} does not exist", ref, source)
        if not key.enabled or key.key_state != "Enabled":
            return Verdict(False, f"the key is {key.key_state}", key.arn, source, key.key_state)
        grants = [kmspolicy.Grant(g.grantee_principal, list(g.operations or []), g.id, g.name or "")
                  for g in key.grants.values()]
        actions = {}
        for action in REQUIRED_ACTIONS:
            decision = kmspolicy.evaluate(
                key.policy, kmspolicy.Request(SLR_ARN, action, key.arn, kms_request_context(action)), grants)
            actions[action] = decision.to_json()
        denied = [a for a, d in actions.items() if not d["allowed"]]
        if denied:
            return Verdict(False, f"{SLR_NAME} may not use the key for {', '.join(denied)}", key.arn, source,
                           key.key_state, actions)
        return Verdict(True, f"{SLR_NAME} may use the key", key.arn, source, key.key_state, actions)

    # ------------------------------------------------------------------------------------------------
    # Hooks called from the moto patches (the lab lock is held)

    def launch_instances(self, asg: Any, original: Callable, count: int, tags: dict) -> None:
        verdict = self.launch_verdict(asg)
        nodegroup = self.managed.get(asg.name)
        if not verdict.ok:
            before = len(asg.active_instances())
            self._record_failed_launch(asg, before, before + count)
            if nodegroup and not self.seeding:
                # Only the latest failure counts: an update or a newer failure supersedes this timer.
                token = self._degrade_tokens[nodegroup] = object()
                self.scheduler.after(self.delays.get("degrade"), f"degrade {nodegroup}",
                                     lambda: self._degrade(nodegroup, token))
            if not self.seeding:
                self.scheduler.after(self.delays.get("launch-retry"), f"launch-retry {asg.name}",
                                     lambda: self._retry_launch(asg.name))
            return
        known = {s.instance.id for s in asg.instance_states}
        before = len(asg.active_instances())
        original(asg, count, tags)
        fresh = [s.instance for s in asg.instance_states if s.instance.id not in known]
        for index, instance in enumerate(fresh):
            instance.region_name = REGION  # moto names ASG instances *.ec2.internal otherwise
            self._record_launch(asg, instance, before + index, before + index + 1)
            if nodegroup and not self.seeding:
                self.scheduler.after(self.delays.get("node-join"), f"node-join {instance.id}",
                                     lambda inst=instance, ng=nodegroup, a=asg: self._join(inst, ng, a))

    def instances_terminated(self, asg: Any, instances: list, before: int) -> None:
        after = len(asg.instance_states)
        for instance in instances:
            now = _utc()
            self._add_activity(asg, {
                "Description": f"Terminating EC2 instance: {instance.id}",
                "Cause": (f"At {_iso(now)} a user request update of AutoScalingGroup constraints to min: "
                          f"{asg.min_size}, max: {asg.max_size}, desired: {asg.desired_capacity} changing the "
                          f"desired capacity from {before} to {after}.  At {_iso(now)} an instance was taken out "
                          f"of service in response to a difference between desired and actual capacity, "
                          f"shrinking the capacity from {before} to {after}.  At {_iso(now)} instance "
                          f"{instance.id} was selected for termination."),
                "StatusCode": "Successful", "Progress": 100,
                "Details": json.dumps({"Subnet ID": instance.subnet_id,
                                       "Availability Zone": _zone(instance)}),
                "StartTime": now, "EndTime": now,
            })
            name = instance.private_dns_name
            self.scheduler.after(self.delays.get("node-remove"), f"node-remove {name}",
                                 lambda n=name: self.nodes.delete(n))

    def scaling_activities(self, name: Optional[str], ids: list) -> list[dict]:
        if name:
            found = list(self.activities.get(name, []))
        else:
            found = [a for acts in self.activities.values() for a in acts]
        if ids:
            found = [a for a in found if a["ActivityId"] in ids]
        return sorted((copy.deepcopy(a) for a in found), key=lambda a: a["StartTime"], reverse=True)

    def check_key_policy(self, policy: Any, bypass: bool) -> Optional[str]:
        """A MalformedPolicyDocumentException message, or None when KMS would accept the policy."""
        if not isinstance(policy, str):
            return "The policy must be a string containing a JSON policy document."
        try:
            statements = kmspolicy.validate_policy(policy)
        except kmspolicy.PolicyError as exc:
            return f"The policy document is not valid: {exc}"
        iam = self._iam()
        known = {r.arn for r in iam.roles.values()} | {u.arn for u in iam.users.values()}
        for principal in kmspolicy.principals_named(statements):
            if not isinstance(principal, str):
                return "Policy contains a statement with one or more invalid principals."
            if principal.startswith(f"arn:aws:iam::{ACCOUNT}:") and not principal.endswith(":root") \
                    and principal not in known:
                return "Policy contains a statement with one or more invalid principals."
        if not bypass:
            decision = kmspolicy.evaluate(
                policy, kmspolicy.Request(CALLER_ARN, "kms:PutKeyPolicy", "*", {}), (),
                iam_allows=lambda principal, action: True)
            if not decision.allowed:
                return "The new key policy will not allow you to update the key policy in the future."
        return None

    def ebs_default_key_arn(self, ec2_backend: Any) -> str:
        return ec2_backend.default_kms_key_id or "alias/aws/ebs"

    def update_nodegroup_config(self, backend: Any, original: Callable, cluster_name: str, nodegroup_name: str,
                                **kwargs: Any) -> dict:
        from moto.eks.exceptions import InvalidParameterException, ResourceInUseException

        cluster = backend.clusters.get(cluster_name)
        nodegroup = cluster.nodegroups.get(nodegroup_name) if cluster else None
        if nodegroup is None:
            return original(backend, cluster_name, nodegroup_name, **kwargs)
        if nodegroup.status != "ACTIVE" and nodegroup.status != "DEGRADED":
            raise ResourceInUseException(clusterName=cluster_name, nodegroupName=nodegroup_name, addonName=None,
                                         message="Nodegroup cannot be updated as it is currently not in "
                                                 "Active State")
        scaling = kwargs.pop("scaling_config", None) or {}
        params = []
        merged = dict(nodegroup.scaling_config)
        if scaling:
            merged.update({k: int(v) for k, v in scaling.items()})
            low, want, high = merged.get("minSize", 0), merged.get("desiredSize", 0), merged.get("maxSize", 1)
            problem = None
            if high < 1:
                problem = f"Maximum capacity {high} can't be less than 1"
            elif want > high:
                problem = f"Desired capacity {want} can't be greater than max size {high}"
            elif low > want:
                problem = f"Minimum capacity {low} can't be greater than desired size {want}"
            elif low < 0:
                problem = f"Minimum capacity {low} can't be negative"
            if problem:
                raise InvalidParameterException(clusterName=cluster_name, nodegroupName=nodegroup_name,
                                                message=problem)
            for key, kind in (("minSize", "MinSize"), ("maxSize", "MaxSize"), ("desiredSize", "DesiredSize")):
                if key in scaling:
                    params.append({"type": kind, "value": str(int(scaling[key]))})
        others = {k: v for k, v in kwargs.items() if v and k != "client_request_token"}
        if not scaling and not others:
            raise InvalidParameterException(clusterName=cluster_name, nodegroupName=nodegroup_name,
                                            message="No changes needed")
        if others:
            original(backend, cluster_name, nodegroup_name, scaling_config=None, **kwargs)
            labels = others.get("labels") or {}
            if labels.get("addOrUpdateLabels"):
                params.append({"type": "LabelsToAdd", "value": json.dumps(labels["addOrUpdateLabels"])})
            if labels.get("removeLabels"):
                params.append({"type": "LabelsToRemove", "value": json.dumps(labels["removeLabels"])})
            taints = others.get("taints") or {}
            if taints.get("addOrUpdateTaints"):
                params.append({"type": "TaintsToAdd", "value": json.dumps(taints["addOrUpdateTaints"])})
            if taints.get("removeTaints"):
                params.append({"type": "TaintsToRemove", "value": json.dumps(taints["removeTaints"])})
            for key, value in (others.get("update_config") or {}).items():
                params.append({"type": key[0].upper() + key[1:], "value": str(value)})
            if others.get("node_repair_config"):
                params.append({"type": "NodeRepairEnabled",
                               "value": str(others["node_repair_config"].get("enabled", "")).lower()})
        update = {"id": str(uuid.uuid4()), "status": "InProgress", "type": "ConfigUpdate", "params": params,
                  "createdAt": _utc(), "errors": []}
        self.updates.setdefault((cluster_name, nodegroup_name), []).append(update)
        self._degrade_tokens.pop(nodegroup_name, None)
        nodegroup.scaling_config = merged  # a new dict: moto's default is shared between node groups
        nodegroup.status = "UPDATING"
        nodegroup.modified_at = _utc()
        answer = copy.deepcopy(update)
        self.scheduler.after(self.delays.get("update"), f"update {nodegroup_name}",
                             lambda: self._complete_update(nodegroup_name, update, bool(scaling)))
        return answer

    # ------------------------------------------------------------------------------------------------
    # Transitions (the lab lock is held)

    def _complete_update(self, nodegroup_name: str, update: dict, scaling: bool) -> None:
        nodegroup = self._nodegroup(nodegroup_name)
        if nodegroup is None:
            return
        update["status"] = "Successful"
        nodegroup.status = "ACTIVE"
        nodegroup.health = {"issues": []}
        nodegroup.modified_at = _utc()
        asg = self._asg_of(nodegroup)
        if scaling and asg is not None:
            config = nodegroup.scaling_config
            asg.min_size = config.get("minSize", asg.min_size)
            asg.max_size = config.get("maxSize", asg.max_size)
            asg.set_desired_capacity(config.get("desiredSize", asg.desired_capacity))

    def _degrade(self, nodegroup_name: str, token: object) -> None:
        if self._degrade_tokens.get(nodegroup_name) is not token:
            return
        nodegroup = self._nodegroup(nodegroup_name)
        asg = self._asg_of(nodegroup) if nodegroup else None
        if nodegroup is None or asg is None or nodegroup.status == "UPDATING":
            return
        if len(asg.active_instances()) >= (asg.desired_capacity or 0):
            return
        nodegroup.status = "DEGRADED"
        nodegroup.health = {"issues": [{"code": "AsgInstanceLaunchFailures", "message": LAUNCH_FAILURE,
                                        "resourceIds": [asg.name]}]}
        nodegroup.modified_at = _utc()

    def _retry_launch(self, asg_name: str) -> None:
        asg = self._asg_backend().autoscaling_groups.get(asg_name)
        if asg is not None and len(asg.active_instances()) < (asg.desired_capacity or 0):
            asg.set_desired_capacity(asg.desired_capacity)

    def _join(self, instance: Any, nodegroup: str, asg: Any, *, ready: bool = False,
              created: Optional[float] = None) -> None:
        if instance.state != "running":
            return
        created = time.time() if created is None else created
        template = asg.ec2_launch_template
        source_lt = self.variables.get("NEW_NODEGROUP_1_LT_ID") if nodegroup == NODEGROUP else None
        node = build_node(
            name=instance.private_dns_name, instance_id=instance.id, private_ip=instance.private_ip,
            zone=_zone(instance), nodegroup=nodegroup,
            launch_template_id=source_lt or (template.id if template else ""),
            instance_type=instance.instance_type, created=created, ready=ready, ami_id=EKS_AMI)
        self.nodes.put(node)
        if not ready:
            name = node["metadata"]["name"]
            self.scheduler.after(self.delays.get("node-ready"), f"node-ready {name}",
                                 lambda: self.nodes.modify(name, lambda n: set_node_ready(n, True, time.time())))

    # ------------------------------------------------------------------------------------------------
    # Activities

    def _add_activity(self, asg: Any, fields: dict) -> dict:
        activity = {"ActivityId": str(uuid.uuid4()), "AutoScalingGroupName": asg.name,
                    "AutoScalingGroupARN": asg.arn}
        activity.update(fields)
        self.activities.setdefault(asg.name, []).append(activity)
        return activity

    def _record_failed_launch(self, asg: Any, before: int, after: int, when: Optional[datetime] = None) -> None:
        when = when or _utc()
        instance_id = "i-" + "".join(random.choice("0123456789abcdef") for _ in range(17))
        subnet = (asg.vpc_zone_identifier or "").split(",")[0]
        self._add_activity(asg, {
            "Description": f"Launching a new EC2 instance: {instance_id}.  Status Reason: {LAUNCH_FAILURE}",
            "Cause": (f"At {_iso(when)} an instance was started in response to a difference between desired and "
                      f"actual capacity, increasing the capacity from {before} to {after}."),
            "StartTime": when, "EndTime": when + timedelta(seconds=47),
            "StatusCode": "Cancelled", "StatusMessage": LAUNCH_FAILURE, "Progress": 100,
            "Details": json.dumps({"Subnet ID": subnet, "Availability Zone": f"{REGION}a"}),
        })

    def _record_launch(self, asg: Any, instance: Any, before: int, after: int,
                       when: Optional[datetime] = None) -> None:
        when = when or _utc()
        self._add_activity(asg, {
            "Description": f"Launching a new EC2 instance: {instance.id}",
            "Cause": (f"At {_iso(when)} an instance was started in response to a difference between desired and "
                      f"actual capacity, increasing the capacity from {before} to {after}."),
            "StartTime": when, "EndTime": when + timedelta(seconds=32),
            "StatusCode": "Successful", "Progress": 100,
            "Details": json.dumps({"Subnet ID": instance.subnet_id, "Availability Zone": _zone(instance)}),
        })

    # ------------------------------------------------------------------------------------------------
    # EKS updates API (moto has no DescribeUpdate / ListUpdates)

    def list_updates(self, cluster: str, nodegroup: Optional[str]) -> Optional[list[str]]:
        if cluster not in self._eks().clusters:
            return None
        if nodegroup:
            return [u["id"] for u in self.updates.get((cluster, nodegroup), [])]
        return [u["id"] for (c, _), ups in self.updates.items() if c == cluster for u in ups]

    def describe_update(self, cluster: str, nodegroup: Optional[str], update_id: str) -> Optional[dict]:
        for (c, ng), ups in self.updates.items():
            if c == cluster and (nodegroup is None or ng == nodegroup):
                for update in ups:
                    if update["id"] == update_id:
                        answer = copy.deepcopy(update)
                        answer["createdAt"] = update["createdAt"].timestamp()
                        return answer
        return None

    # ------------------------------------------------------------------------------------------------
    # Seeding

    def seed(self, name: str, clients: Callable[[str], Any]) -> None:
        """Build scenario ``name`` from an empty moto through the public API (``clients(service)``)."""
        from moto.moto_api._internal import mock_random
        from moto.moto_api._internal.models import moto_api_backend

        self.scheduler.cancel_all()
        self.nodes.clear()
        moto_api_backend.reset()
        mock_random.seed(20241004)
        random.seed(20241004)
        self.activities.clear()
        self.updates.clear()
        self.managed.clear()
        self.variables.clear()
        self._degrade_tokens.clear()
        self.name = name
        self.seeding = True
        try:
            from .seed import build

            build(self, name, clients)
        finally:
            self.seeding = False
        self.seeded_at = time.time()

    # ------------------------------------------------------------------------------------------------
    # Summary

    def state(self) -> dict:
        eks = self._eks()
        cluster = eks.clusters.get(CLUSTER)
        groups = {}
        for ng_name, nodegroup in (cluster.nodegroups.items() if cluster else []):
            asg = self._asg_of(nodegroup)
            groups[ng_name] = {
                "status": nodegroup.status,
                "health": copy.deepcopy(nodegroup.health),
                "scalingConfig": dict(nodegroup.scaling_config),
                "autoScalingGroup": None if asg is None else {
                    "name": asg.name, "minSize": asg.min_size, "maxSize": asg.max_size,
                    "desiredCapacity": asg.desired_capacity,
                    "instances": [{"id": s.instance.id, "lifecycleState": s.lifecycle_state,
                                   "privateDnsName": s.instance.private_dns_name} for s in asg.instance_states],
                    "activities": [{"status": a["StatusCode"], "description": a["Description"]}
                                   for a in self.scaling_activities(asg.name, [])],
                    "launch": self.launch_verdict(asg).to_json(),
                },
                "updates": [{"id": u["id"], "status": u["status"], "params": u["params"]}
                            for u in self.updates.get((CLUSTER, ng_name), [])],
            }
        kms = self._kms()
        key_id = self.variables.get("NEW_KMS_KEY_ID")
        key = kms.keys.get(key_id) if key_id else None
        ec2 = self._ec2()
        _, nodes = self.nodes.snapshot()
        return {
            "scenario": self.name,
            "account": ACCOUNT,
            "region": REGION,
            "cluster": None if cluster is None else {"name": CLUSTER, "status": cluster.status,
                                                     "endpoint": cluster.endpoint, "version": cluster.version},
            "nodegroups": groups,
            "key": None if key is None else {
                "id": key.id, "arn": key.arn, "enabled": key.enabled, "keyState": key.key_state,
                "policy": json.loads(key.policy) if key.policy else None,
                "grants": [g.to_json() for g in key.grants.values()],
            },
            "serviceLinkedRole": any(r.name == SLR_NAME for r in self._iam().roles.values()),
            "ebsEncryptionByDefault": bool(ec2.ebs_encryption_by_default),
            "ebsDefaultKmsKeyId": self.ebs_default_key_arn(ec2),
            "nodes": [{"name": n["metadata"]["name"],
                       "nodegroup": n["metadata"]["labels"].get("eks.amazonaws.com/nodegroup"),
                       "ready": any(c["type"] == "Ready" and c["status"] == "True"
                                    for c in n["status"]["conditions"])} for n in nodes],
            "pendingTransitions": self.scheduler.pending(),
            "delays": self.delays,
            "variables": dict(self.variables),
        }
