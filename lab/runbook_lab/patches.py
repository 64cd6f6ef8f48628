"""The few places where the lab changes moto 5.2.1, and a start-up check that they are still there.

Each patch forwards to the scenario (``hooks``), which owns the behaviour; this module only wires it in:

* ``EKSBackend.update_nodegroup_config``: validation, an InProgress update, UPDATING, the recycle state machine.
* ``AutoScalingResponse.describe_scaling_activities``: moto answers an empty list; the scenario keeps activities.
* ``FakeAutoScalingGroup.replace_autoscaling_group_instances``: every launch, whoever asks for it (EKS, the
  user's set-desired-capacity, a retry), first asks the scenario whether the volume's key is usable.
* ``FakeAutoScalingGroup.set_desired_capacity``: notices terminated instances (activities, Node removal).
* ``KmsResponse.get_key_policy`` / ``put_key_policy``: PolicyName is optional and echoed, as in KMS;
  PutKeyPolicy rejects malformed documents, unknown principals and lockouts
  (MalformedPolicyDocumentException).
* ``KmsBackend.enable_key``: a key pending deletion cannot be enabled (KMSInvalidStateException).
* ``EC2Response.get_ebs_default_kms_key_id`` / ``reset_ebs_default_kms_key_id``: missing from moto.
"""

from __future__ import annotations

import json
from typing import Any, Optional

EXPECTED_MOTO = "5.2.1"


class MotoMismatch(RuntimeError):
    """moto is not the version whose internals the lab was written against."""


hooks: Optional[Any] = None  # the Scenario, set by install()
_installed = False


def self_check() -> None:
    """Fail with a clear message when moto lacks an internal the lab relies on."""
    import importlib.metadata

    version = importlib.metadata.version("moto")
    problems = []
    try:
        from moto.autoscaling import models as asg_models
        from moto.autoscaling import responses as asg_responses
        from moto.core.responses import ActionResult  # noqa: F401
        from moto.ec2 import responses as ec2_responses
        from moto.eks import models as eks_models
        from moto.kms import models as kms_models
        from moto.kms import responses as kms_responses
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: F401

        checks = [
            (eks_models.EKSBackend, "update_nodegroup_config"),
            (eks_models.Nodegroup, "__init__"),
            (asg_responses.AutoScalingResponse, "describe_scaling_activities"),
            (asg_models.FakeAutoScalingGroup, "replace_autoscaling_group_instances"),
            (asg_models.FakeAutoScalingGroup, "set_desired_capacity"),
            (kms_responses.KmsResponse, "get_key_policy"),
            (kms_responses.KmsResponse, "put_key_policy"),
            (kms_models.KmsBackend, "enable_key"),
            (ec2_responses.EC2Response, "modify_ebs_default_kms_key_id"),
        ]
        for owner, name in checks:
            if not hasattr(owner, name):
                problems.append(f"{owner.__module__}.{owner.__name__}.{name} is missing")
        if not hasattr(eks_models, "eks_backends") or not hasattr(asg_models, "autoscaling_backends"):
            problems.append("moto backend dictionaries moved")
    except ImportError as exc:
        problems.append(f"cannot import a moto module: {exc}")
    if problems or version != EXPECTED_MOTO:
        detail = "; ".join(problems) if problems else "its internals may differ"
        raise MotoMismatch(
            f"the lab needs moto {EXPECTED_MOTO} and found moto {version} ({detail}). "
            f"Install the pinned version with: python3 -m pip install 'moto[server]=={EXPECTED_MOTO}'"
        )


def install(scenario: Any) -> None:
    """Point the patches at ``scenario``; install them the first time."""
    global hooks, _installed
    hooks = scenario
    if _installed:
        return
    _installed = True

    from moto.autoscaling import models as asg_models
    from moto.autoscaling import responses as asg_responses
    from moto.core.exceptions import JsonRESTError
    from moto.core.responses import ActionResult
    from moto.ec2 import responses as ec2_responses
    from moto.eks import models as eks_models
    from moto.kms import models as kms_models
    from moto.kms import responses as kms_responses

    # EKS -------------------------------------------------------------------------------------------
    original_update = eks_models.EKSBackend.update_nodegroup_config

    def update_nodegroup_config(self: Any, cluster_name: str, nodegroup_name: str, **kwargs: Any) -> dict:
        return hooks.update_nodegroup_config(self, original_update, cluster_name, nodegroup_name, **kwargs)

    eks_models.EKSBackend.update_nodegroup_config = update_nodegroup_config

    # Auto Scaling -----------------------------------------------------------------------------------
    def describe_scaling_activities(self: Any) -> Any:
        name = self._get_param("AutoScalingGroupName")
        ids = self._get_param("ActivityIds", []) or []
        max_records = self._get_int_param("MaxRecords") or 100
        activities = hooks.scaling_activities(name, ids)[:max_records]
        return ActionResult({"Activities": activities})

    asg_responses.AutoScalingResponse.describe_scaling_activities = describe_scaling_activities

    original_replace = asg_models.FakeAutoScalingGroup.replace_autoscaling_group_instances

    def replace_autoscaling_group_instances(self: Any, count_needed: int, propagated_tags: dict) -> None:
        hooks.launch_instances(self, original_replace, count_needed, propagated_tags)

    asg_models.FakeAutoScalingGroup.replace_autoscaling_group_instances = replace_autoscaling_group_instances

    original_set_desired = asg_models.FakeAutoScalingGroup.set_desired_capacity

    def set_desired_capacity(self: Any, new_capacity: Optional[int]) -> None:
        before = {state.instance.id: state.instance for state in self.instance_states}
        original_set_desired(self, new_capacity)
        after = {state.instance.id for state in self.instance_states}
        gone = [inst for iid, inst in before.items() if iid not in after]
        if gone:
            hooks.instances_terminated(self, gone, len(before))

    asg_models.FakeAutoScalingGroup.set_desired_capacity = set_desired_capacity

    # KMS --------------------------------------------------------------------------------------------
    class MalformedPolicyDocumentException(JsonRESTError):
        code = 400

        def __init__(self, message: str) -> None:
            super().__init__("MalformedPolicyDocumentException", message)

    class KMSInvalidStateException(JsonRESTError):
        code = 400

        def __init__(self, message: str) -> None:
            super().__init__("KMSInvalidStateException", message)

    def _policy_name(self: Any) -> str:
        name = self._get_param("PolicyName") or "default"
        if name != "default":
            from moto.kms.exceptions import NotFoundException

            raise NotFoundException("No such policy exists")
        return name

    def get_key_policy(self: Any) -> str:
        key_id = self._get_param("KeyId")
        name = _policy_name(self)
        self._validate_cmk_id(key_id)
        policy = self.kms_backend.get_key_policy(key_id) or "{}"
        return json.dumps({"Policy": policy, "PolicyName": name})

    def put_key_policy(self: Any) -> str:
        key_id = self._get_param("KeyId")
        _policy_name(self)
        policy = self._get_param("Policy")
        bypass = bool(self._get_param("BypassPolicyLockoutSafetyCheck"))
        self._validate_cmk_id(key_id)
        problem = hooks.check_key_policy(policy, bypass)
        if problem:
            raise MalformedPolicyDocumentException(problem)
        self.kms_backend.put_key_policy(key_id, policy)
        return json.dumps(None)

    kms_responses.KmsResponse.get_key_policy = get_key_policy
    kms_responses.KmsResponse.put_key_policy = put_key_policy

    original_enable = kms_models.KmsBackend.enable_key

    def enable_key(self: Any, key_id: str) -> None:
        key = self.keys.get(self.get_key_id(key_id))
        if key is not None and key.key_state == "PendingDeletion":
            raise KMSInvalidStateException(f"{key.arn} is pending deletion.")
        original_enable(self, key_id)

    kms_models.KmsBackend.enable_key = enable_key

    # EC2 --------------------------------------------------------------------------------------------
    def get_ebs_default_kms_key_id(self: Any) -> Any:
        return ActionResult({"KmsKeyId": hooks.ebs_default_key_arn(self.ec2_backend)})

    def reset_ebs_default_kms_key_id(self: Any) -> Any:
        self.ec2_backend.default_kms_key_id = ""
        return ActionResult({"KmsKeyId": hooks.ebs_default_key_arn(self.ec2_backend)})

    ec2_responses.EC2Response.get_ebs_default_kms_key_id = get_ebs_default_kms_key_id
    ec2_responses.EC2Response.reset_ebs_default_kms_key_id = reset_ebs_default_kms_key_id
