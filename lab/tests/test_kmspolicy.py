"""Unit tests of the KMS policy evaluator: the launch decision must follow from these rules, not a flag."""

import json

import pytest

from runbook_lab import kmspolicy
from runbook_lab.kmspolicy import Grant, Request, evaluate
from runbook_lab.scenario import (REQUIRED_ACTIONS, SLR_ARN, kms_request_context, root_only_policy,
                                  workshop_fix_policy)

ACCT = "123456789012"
KEY = f"arn:aws:kms:us-west-2:{ACCT}:key/0e6a6f0e-1111-2222-3333-444455556666"
ROOT = f"arn:aws:iam::{ACCT}:root"


def request(action, principal=SLR_ARN, context=None):
    return Request(principal, action, KEY, kms_request_context(action) if context is None else context)


def allowed(policy, action, grants=(), **kw):
    doc = policy if isinstance(policy, str) else json.dumps(policy)
    return evaluate(doc, request(action, **kw), grants).allowed


def usable(policy, grants=()):
    return all(allowed(policy, a, grants) for a in REQUIRED_ACTIONS)


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(actions, principal=SLR_ARN, condition=None, effect="Allow", resource="*"):
    stmt = {"Effect": effect, "Principal": {"AWS": principal}, "Action": actions, "Resource": resource}
    if condition:
        stmt["Condition"] = condition
    return stmt


GRANT_CONDITION = {"Bool": {"kms:GrantIsForAWSResource": "true"}}
USE = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]


def test_root_only_policy_does_not_let_the_role_use_the_key():
    decision = evaluate(root_only_policy(), request("kms:Decrypt"))
    assert not decision.allowed
    assert "only the account (root) statement" in decision.reason
    assert not usable(root_only_policy())


def test_root_statement_delegates_to_iam_policies():
    decision = evaluate(root_only_policy(), request("kms:Decrypt"), iam_allows=lambda p, a: True)
    assert decision.allowed and decision.reason == "allowed-by-iam-policy"


def test_workshop_fix_makes_the_key_usable():
    assert usable(workshop_fix_policy())


def test_bool_condition_accepts_json_true_as_well_as_the_string():
    doc = policy(allow(USE), allow("kms:CreateGrant", condition={"Bool": {"kms:GrantIsForAWSResource": True}}))
    assert usable(doc)


def test_missing_create_grant_statement_is_not_enough():
    doc = policy(allow(USE))
    assert allowed(doc, "kms:Decrypt")
    assert not allowed(doc, "kms:CreateGrant")
    assert not usable(doc)


def test_grant_condition_false_does_not_apply():
    doc = policy(allow(USE), allow("kms:CreateGrant", condition={"Bool": {"kms:GrantIsForAWSResource": "false"}}))
    assert not allowed(doc, "kms:CreateGrant")


def test_create_grant_condition_needs_the_context_key():
    doc = policy(allow("kms:CreateGrant", condition=GRANT_CONDITION))
    assert not allowed(doc, "kms:CreateGrant", context={})


def test_principal_as_list():
    doc = policy(allow(USE, principal=[ROOT, SLR_ARN]), allow("kms:CreateGrant", principal=[SLR_ARN],
                                                              condition=GRANT_CONDITION))
    assert usable(doc)


def test_principal_star_and_aws_star():
    assert usable(policy({"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}))
    assert usable(policy(allow("kms:*", principal="*")))


def test_other_role_does_not_match():
    other = f"arn:aws:iam::{ACCT}:role/SomethingElse"
    assert not usable(policy(allow("kms:*", principal=other)))


def test_action_wildcards_are_case_insensitive():
    doc = policy(allow(["KMS:decrypt", "kms:reencrypt*", "kms:Generate*", "kms:Describe?ey", "kms:CreateGrant"]))
    assert usable(doc)


def test_reencrypt_star_covers_both_halves_but_generate_data_key_does_not_cover_without_plaintext():
    assert allowed(policy(allow("kms:ReEncrypt*")), "kms:ReEncryptFrom")
    assert allowed(policy(allow("kms:ReEncrypt*")), "kms:ReEncryptTo")
    assert not allowed(policy(allow("kms:GenerateDataKey")), "kms:GenerateDataKeyWithoutPlaintext")
    assert allowed(policy(allow("kms:GenerateDataKey*")), "kms:GenerateDataKeyWithoutPlaintext")


def test_encrypt_is_not_required_for_ebs():
    doc = policy(allow(["kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"]),
                 allow("kms:CreateGrant", condition=GRANT_CONDITION))
    assert usable(doc)


def test_explicit_deny_wins_over_allow():
    doc = json.loads(workshop_fix_policy())
    doc["Statement"].append(allow("kms:CreateGrant", effect="Deny"))
    decision = evaluate(json.dumps(doc), request("kms:CreateGrant"))
    assert not decision.allowed and decision.reason == "explicit-deny"
    assert allowed(doc, "kms:Decrypt")


def test_deny_with_not_action_and_condition():
    doc = json.loads(workshop_fix_policy())
    doc["Statement"].append({"Effect": "Deny", "Principal": "*", "NotAction": ["kms:Describe*"], "Resource": "*",
                             "Condition": {"StringNotEquals": {"kms:ViaService": "ec2.us-west-2.amazonaws.com"}}})
    assert usable(doc)  # the request comes via EC2 in us-west-2
    doc["Statement"][-1]["Condition"] = {"StringNotEquals": {"kms:ViaService": "rds.us-west-2.amazonaws.com"}}
    assert allowed(doc, "kms:DescribeKey")
    assert not allowed(doc, "kms:Decrypt")


def test_deny_overrides_a_grant():
    grants = [Grant(SLR_ARN, ["Decrypt"])]
    doc = policy(allow("kms:*", principal=ROOT), allow("kms:Decrypt", effect="Deny"))
    assert not allowed(doc, "kms:Decrypt", grants)


def test_grant_gives_the_role_the_operations():
    grants = [Grant(SLR_ARN, ["Decrypt", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo",
                              "DescribeKey", "CreateGrant"], "g-1")]
    assert usable(root_only_policy(), grants)
    decision = evaluate(root_only_policy(), request("kms:Decrypt"), grants)
    assert decision.reason == "allowed-by-grant" and decision.source == "g-1"


def test_grant_for_another_principal_or_missing_operation_does_not_help():
    assert not usable(root_only_policy(), [Grant(f"arn:aws:iam::{ACCT}:role/Other", ["Decrypt"])])
    assert not usable(root_only_policy(), [Grant(SLR_ARN, ["Decrypt", "DescribeKey"])])


def test_string_like_and_arn_like_conditions():
    doc = policy(allow(USE + ["kms:CreateGrant"],
                       condition={"StringLike": {"kms:ViaService": "ec2.*.amazonaws.com"},
                                  "ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCT}:role/aws-service-role/*"}}))
    assert usable(doc)


def test_if_exists_and_missing_keys():
    doc = policy(allow("kms:Decrypt", condition={"StringEqualsIfExists": {"kms:EncryptionAlgorithm": "X"}}))
    assert allowed(doc, "kms:Decrypt")
    doc = policy(allow("kms:Decrypt", condition={"StringEquals": {"kms:EncryptionAlgorithm": "X"}}))
    assert not allowed(doc, "kms:Decrypt")
    doc = policy(allow("kms:Decrypt", condition={"StringNotEquals": {"kms:EncryptionAlgorithm": "X"}}))
    assert allowed(doc, "kms:Decrypt")


def test_for_all_values_on_grant_operations():
    ok = {"ForAllValues:StringEquals": {"kms:GrantOperations": [
        "Decrypt", "Encrypt", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "CreateGrant",
        "RetireGrant", "DescribeKey"]}}
    assert allowed(policy(allow("kms:CreateGrant", condition=ok)), "kms:CreateGrant")
    narrow = {"ForAllValues:StringEquals": {"kms:GrantOperations": ["Decrypt"]}}
    assert not allowed(policy(allow("kms:CreateGrant", condition=narrow)), "kms:CreateGrant")


def test_resource_must_match_the_key():
    assert usable(policy(allow(USE + ["kms:CreateGrant"], resource=KEY)))
    assert not usable(policy(allow(USE + ["kms:CreateGrant"], resource=KEY.replace("0e6a", "ffff"))))
    assert usable(policy(allow(USE + ["kms:CreateGrant"], resource="arn:aws:kms:us-west-2:*:key/*")))


def test_single_statement_object_and_bare_account_principal():
    doc = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": ACCT},
                                                  "Action": "kms:*", "Resource": "*"}}
    decision = evaluate(json.dumps(doc), request("kms:Decrypt"))
    assert not decision.allowed and "root" in decision.reason


@pytest.mark.parametrize("text", ["not json", "[]", '{"Statement": []}',
                                  '{"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "*"}]}',
                                  '{"Statement": [{"Effect": "Allow", "Action": "*"}]}',
                                  '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", '
                                  '"Condition": {"Bool2": {"a": "b"}}}]}'])
def test_malformed_policies_are_rejected_and_deny_everything(text):
    with pytest.raises(kmspolicy.PolicyError):
        kmspolicy.validate_policy(text)
    assert not evaluate(text, request("kms:Decrypt")).allowed


def test_principals_named():
    statements = kmspolicy.parse_policy(workshop_fix_policy())
    assert kmspolicy.principals_named(statements) == [ROOT, SLR_ARN, SLR_ARN]
