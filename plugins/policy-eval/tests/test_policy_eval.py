"""Tests of the policy-eval plugin: run with `python3 -m unittest discover plugins/policy-eval/tests`."""

import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.dirname(HERE)
sys.path.insert(0, PLUGIN)

from iampolicy import add_statements, evaluate  # noqa: E402
from iampolicy.evaluate import PolicyError  # noqa: E402

ACCOUNT = "111122223333"
SLR = "arn:aws:iam::%s:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling" % ACCOUNT
ROOT_ONLY = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                   "Principal": {"AWS": "arn:aws:iam::%s:root" % ACCOUNT}, "Action": "kms:*", "Resource": "*"}],
}
EBS_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"]
# The two statements of AWS's "Required KMS key policy for use with encrypted volumes".
WORKSHOP_FIX = [
    {"Sid": "Allow service-linked role use of the customer managed key", "Effect": "Allow",
     "Principal": {"AWS": [SLR]},
     "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], "Resource": "*"},
    {"Sid": "Allow attachment of persistent resources", "Effect": "Allow", "Principal": {"AWS": [SLR]},
     "Action": ["kms:CreateGrant"], "Resource": "*", "Condition": {"Bool": {"kms:GrantIsForAWSResource": True}}},
]


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(**kw):
    return dict({"Effect": "Allow", "Resource": "*"}, **kw)


def deny(**kw):
    return dict({"Effect": "Deny", "Resource": "*"}, **kw)


def decision(pol, principal, action, **kw):
    return evaluate(dict({"policy": pol, "principal": principal, "action": action}, **kw))


class WorkshopKeyPolicy(unittest.TestCase):
    def test_root_only_policy_delegates_and_the_role_is_not_allowed(self):
        r = decision(ROOT_ONLY, SLR, "kms:Decrypt")
        self.assertFalse(r["allowed"])
        self.assertEqual(r["decision"], "delegated-to-iam")
        self.assertIn("Enable IAM User Permissions", r["reason"])

    def test_policy_given_as_json_text_like_get_key_policy(self):
        r = decision(json.dumps(ROOT_ONLY), "arn:aws:iam::%s:root" % ACCOUNT, "kms:Decrypt")
        self.assertTrue(r["allowed"])

    def test_the_two_statements_allow_every_ebs_action(self):
        fixed = add_statements({"policy": ROOT_ONLY, "statements": WORKSHOP_FIX})["policy"]
        r = evaluate({"policy": fixed, "principal": SLR, "actions": EBS_ACTIONS + ["kms:CreateGrant"],
                      "context": {"kms:GrantIsForAWSResource": True}})
        self.assertTrue(r["allowed"], r["reason"])
        self.assertEqual(r["results"][-1]["statements"], ["Allow attachment of persistent resources"])

    def test_create_grant_needs_the_grant_condition(self):
        fixed = add_statements({"policy": ROOT_ONLY, "statements": WORKSHOP_FIX})["policy"]
        self.assertFalse(decision(fixed, SLR, "kms:CreateGrant")["allowed"])
        self.assertFalse(decision(fixed, SLR, "kms:CreateGrant", context={"kms:GrantIsForAWSResource": "false"})["allowed"])
        self.assertTrue(decision(fixed, SLR, "kms:CreateGrant", context={"kms:GrantIsForAWSResource": "true"})["allowed"])

    def test_identity_policy_allows_when_the_key_delegates(self):
        identity = policy(allow(Action=["kms:Decrypt"]))
        self.assertTrue(decision(ROOT_ONLY, SLR, "kms:Decrypt", identity_policies=[identity])["allowed"])
        r = decision(ROOT_ONLY, SLR, "kms:Encrypt", identity_policies=[identity])
        self.assertEqual(r["decision"], "delegated-to-iam")
        self.assertIn("IAM policies given do not allow it", r["reason"])

    def test_grant_to_the_role_allows_its_operations(self):
        grants = [{"GrantId": "g-1", "GranteePrincipal": SLR, "Operations": ["Decrypt", "CreateGrant"]}]
        r = decision(ROOT_ONLY, SLR, "kms:Decrypt", grants=grants)
        self.assertTrue(r["allowed"])
        self.assertEqual(r["results"][0]["via"], "grant")
        self.assertFalse(decision(ROOT_ONLY, SLR, "kms:Encrypt", grants=grants)["allowed"])

    def test_adding_twice_changes_nothing(self):
        once = add_statements({"policy": ROOT_ONLY, "statements": WORKSHOP_FIX})
        twice = add_statements({"policy": once["policy"], "statements": WORKSHOP_FIX})
        self.assertTrue(once["changed"])
        self.assertFalse(twice["changed"])
        self.assertEqual(len(twice["policy"]["Statement"]), 3)
        self.assertEqual(twice["policy"]["Statement"][0], ROOT_ONLY["Statement"][0])

    def test_a_different_statement_with_the_same_sid_is_refused(self):
        other = dict(WORKSHOP_FIX[0], Action=["kms:Decrypt"])
        once = add_statements({"policy": ROOT_ONLY, "statements": [WORKSHOP_FIX[0]]})
        with self.assertRaises(PolicyError):
            add_statements({"policy": once["policy"], "statements": [other]})


class Principals(unittest.TestCase):
    def test_string_and_list_forms(self):
        role = "arn:aws:iam::%s:role/app" % ACCOUNT
        for principal in [role, {"AWS": role}, {"AWS": [role, "arn:aws:iam::999999999999:root"]}]:
            self.assertTrue(decision(policy(allow(Principal=principal, Action="s3:GetObject")), role, "s3:GetObject")["allowed"])

    def test_star_and_aws_star(self):
        role = "arn:aws:iam::%s:role/app" % ACCOUNT
        self.assertTrue(decision(policy(allow(Principal="*", Action="s3:*")), role, "s3:GetObject")["allowed"])
        self.assertTrue(decision(policy(allow(Principal={"AWS": "*"}, Action="s3:*")), role, "s3:GetObject")["allowed"])
        self.assertFalse(decision(policy(allow(Principal={"AWS": "*"}, Action="s3:*")), "ec2.amazonaws.com", "s3:GetObject")["allowed"])

    def test_assumed_role_session_is_its_role(self):
        p = policy(allow(Principal={"AWS": "arn:aws:iam::%s:role/path/app" % ACCOUNT}, Action="kms:Decrypt"))
        session = "arn:aws:sts::%s:assumed-role/app/i-0abc" % ACCOUNT
        self.assertTrue(decision(p, session, "kms:Decrypt")["allowed"])
        self.assertFalse(decision(p, "arn:aws:sts::%s:assumed-role/other/i-0abc" % ACCOUNT, "kms:Decrypt")["allowed"])

    def test_service_principal(self):
        p = policy(allow(Principal={"Service": ["ec2.amazonaws.com", "autoscaling.amazonaws.com"]}, Action="sts:AssumeRole"))
        self.assertTrue(decision(p, "autoscaling.amazonaws.com", "sts:AssumeRole")["allowed"])
        self.assertFalse(decision(p, "eks.amazonaws.com", "sts:AssumeRole")["allowed"])

    def test_account_id_principal_delegates(self):
        p = policy(allow(Principal={"AWS": ACCOUNT}, Action="kms:*"))
        self.assertEqual(decision(p, "arn:aws:iam::%s:user/alice" % ACCOUNT, "kms:Decrypt")["decision"], "delegated-to-iam")
        self.assertTrue(decision(p, ACCOUNT, "kms:Decrypt")["allowed"])

    def test_other_account_is_not_named(self):
        r = decision(ROOT_ONLY, "arn:aws:iam::999999999999:role/x", "kms:Decrypt")
        self.assertEqual(r["decision"], "implicit-deny")

    def test_cross_account_needs_both_sides(self):
        other = "arn:aws:iam::999999999999:role/x"
        p = policy(allow(Principal={"AWS": other}, Action="kms:Decrypt"))
        key = "arn:aws:kms:us-west-2:%s:key/1234" % ACCOUNT
        self.assertFalse(decision(p, other, "kms:Decrypt", resource=key)["allowed"])
        self.assertTrue(decision(p, other, "kms:Decrypt", resource=key, identity_policies=[policy(allow(Action="kms:*"))])["allowed"])

    def test_not_principal(self):
        admin = "arn:aws:iam::%s:role/admin" % ACCOUNT
        p = policy(allow(Principal="*", Action="s3:*"), deny(NotPrincipal={"AWS": admin}, Action="s3:DeleteBucket"))
        self.assertTrue(decision(p, admin, "s3:DeleteBucket")["allowed"])
        self.assertEqual(decision(p, "arn:aws:iam::%s:role/dev" % ACCOUNT, "s3:DeleteBucket")["decision"], "explicit-deny")


class ActionsAndResources(unittest.TestCase):
    role = "arn:aws:iam::%s:role/app" % ACCOUNT

    def test_wildcards_ignore_case(self):
        p = policy(allow(Principal="*", Action=["kms:ReEncrypt*", "KMS:generatedatakey*", "kms:Describe?ey"]))
        for a in ["kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"]:
            self.assertTrue(decision(p, self.role, a)["allowed"], a)
        self.assertFalse(decision(p, self.role, "kms:Decrypt")["allowed"])

    def test_deny_wins_over_allow(self):
        p = policy(allow(Principal="*", Action="kms:*"), deny(Sid="NoDisable", Principal="*", Action="kms:Disable*"))
        r = decision(p, self.role, "kms:DisableKey")
        self.assertEqual((r["allowed"], r["decision"], r["results"][0]["statements"]), (False, "explicit-deny", ["NoDisable"]))
        self.assertTrue(decision(p, self.role, "kms:Decrypt")["allowed"])

    def test_deny_in_identity_policy_wins(self):
        r = decision(ROOT_ONLY, self.role, "kms:Decrypt", identity_policies=[policy(allow(Action="kms:*"), deny(Action="kms:Decrypt"))])
        self.assertEqual(r["decision"], "explicit-deny")

    def test_not_action(self):
        p = policy(allow(Principal="*", NotAction=["kms:ScheduleKeyDeletion", "kms:Delete*"]))
        self.assertTrue(decision(p, self.role, "kms:Decrypt")["allowed"])
        self.assertFalse(decision(p, self.role, "kms:DeleteAlias")["allowed"])

    def test_resource_and_not_resource(self):
        p = policy(allow(Principal="*", Action="s3:GetObject", Resource="arn:aws:s3:::logs/*"))
        self.assertTrue(decision(p, self.role, "s3:GetObject", resource="arn:aws:s3:::logs/a.txt")["allowed"])
        self.assertFalse(decision(p, self.role, "s3:GetObject", resource="arn:aws:s3:::LOGS/a.txt")["allowed"])
        q = policy({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"})
        self.assertFalse(decision(q, self.role, "s3:GetObject", resource="arn:aws:s3:::secret/x")["allowed"])


class Conditions(unittest.TestCase):
    role = "arn:aws:iam::%s:role/app" % ACCOUNT

    def check(self, condition, context):
        return decision(policy(allow(Principal="*", Action="kms:Decrypt", Condition=condition)), self.role, "kms:Decrypt",
                        context=context)["allowed"]

    def test_string_equals_and_like(self):
        self.assertTrue(self.check({"StringEquals": {"kms:ViaService": "ec2.us-west-2.amazonaws.com"}},
                                   {"kms:viaservice": "ec2.us-west-2.amazonaws.com"}))
        self.assertFalse(self.check({"StringEquals": {"kms:ViaService": "ec2.us-west-2.amazonaws.com"}}, {}))
        self.assertTrue(self.check({"StringLike": {"kms:ViaService": ["ec2.*.amazonaws.com"]}}, {"kms:ViaService": "ec2.eu-west-1.amazonaws.com"}))
        self.assertFalse(self.check({"StringLike": {"kms:ViaService": "ec2.*"}}, {"kms:ViaService": "rds.amazonaws.com"}))

    def test_negated_operators_hold_when_the_key_is_absent(self):
        self.assertTrue(self.check({"StringNotEquals": {"aws:PrincipalOrgID": "o-123"}}, {}))
        self.assertFalse(self.check({"StringNotEquals": {"aws:PrincipalOrgID": "o-123"}}, {"aws:PrincipalOrgID": "o-123"}))

    def test_if_exists(self):
        self.assertTrue(self.check({"StringEqualsIfExists": {"kms:ViaService": "ec2.amazonaws.com"}}, {}))
        self.assertFalse(self.check({"StringEqualsIfExists": {"kms:ViaService": "ec2.amazonaws.com"}}, {"kms:ViaService": "s3.amazonaws.com"}))

    def test_bool_and_null(self):
        self.assertTrue(self.check({"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": True}))
        self.assertFalse(self.check({"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": False}))
        self.assertTrue(self.check({"Null": {"aws:TokenIssueTime": "true"}}, {}))
        self.assertFalse(self.check({"Null": {"aws:TokenIssueTime": "true"}}, {"aws:TokenIssueTime": "2024-01-01T00:00:00Z"}))

    def test_arn_like(self):
        cond = {"ArnLike": {"aws:SourceArn": "arn:aws:autoscaling:*:%s:autoScalingGroup:*" % ACCOUNT}}
        self.assertTrue(self.check(cond, {"aws:SourceArn": "arn:aws:autoscaling:us-west-2:%s:autoScalingGroup:abc:autoScalingGroupName/ng" % ACCOUNT}))
        self.assertFalse(self.check(cond, {"aws:SourceArn": "arn:aws:autoscaling:us-west-2:999999999999:autoScalingGroup:abc"}))

    def test_numeric_date_and_ip(self):
        self.assertTrue(self.check({"NumericLessThanEquals": {"kms:RecipientAttestation:Count": "3"}}, {"kms:RecipientAttestation:Count": 2}))
        self.assertTrue(self.check({"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}, {"aws:CurrentTime": "2026-11-25T12:00:00Z"}))
        self.assertTrue(self.check({"IpAddress": {"aws:SourceIp": "10.0.0.0/16"}}, {"aws:SourceIp": "10.0.3.4"}))
        self.assertFalse(self.check({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/16"}}, {"aws:SourceIp": "10.0.3.4"}))

    def test_multi_valued_keys(self):
        tags = {"aws:TagKeys": ["team", "env"]}
        self.assertTrue(self.check({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env", "owner"]}}, tags))
        self.assertFalse(self.check({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}, tags))
        self.assertTrue(self.check({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}, tags))
        self.assertTrue(self.check({"ForAllValues:StringEquals": {"aws:TagKeys": ["x"]}}, {}))
        self.assertFalse(self.check({"ForAnyValue:StringEquals": {"aws:TagKeys": ["x"]}}, {}))

    def test_every_operator_must_hold(self):
        cond = {"Bool": {"kms:GrantIsForAWSResource": "true"}, "StringEquals": {"kms:CallerAccount": ACCOUNT}}
        self.assertTrue(self.check(cond, {"kms:GrantIsForAWSResource": True, "kms:CallerAccount": ACCOUNT}))
        self.assertFalse(self.check(cond, {"kms:GrantIsForAWSResource": True}))

    def test_policy_variables(self):
        cond = {"StringLike": {"s3:prefix": "home/${aws:username}/*"}}
        self.assertTrue(self.check(cond, {"aws:username": "alice", "s3:prefix": "home/alice/docs"}))
        self.assertFalse(self.check(cond, {"aws:username": "alice", "s3:prefix": "home/bob/docs"}))


class Protocol(unittest.TestCase):
    def run_plugin(self, request):
        p = subprocess.run([sys.executable, os.path.join(PLUGIN, "policy_eval.py")], input=request,
                           capture_output=True, text=True, timeout=30)
        return p.returncode, p.stdout, p.stderr

    def test_one_request_one_answer(self):
        code, out, _ = self.run_plugin(json.dumps({"protocol": 1, "action": "evaluate",
                                                   "inputs": {"policy": ROOT_ONLY, "principal": SLR, "action": "kms:Decrypt"}}))
        self.assertEqual(code, 0)
        self.assertEqual(json.loads(out)["result"]["decision"], "delegated-to-iam")

    def test_bad_input_is_an_error_answer(self):
        code, out, _ = self.run_plugin(json.dumps({"action": "evaluate", "inputs": {"policy": "{not json", "principal": SLR, "action": "x"}}))
        self.assertEqual(code, 0)
        self.assertIn("not valid JSON", json.loads(out)["error"])
        code, out, _ = self.run_plugin(json.dumps({"action": "nope", "inputs": {}}))
        self.assertIn("unknown action", json.loads(out)["error"])

    def test_unknown_condition_operator_is_reported(self):
        p = policy(allow(Principal="*", Action="*", Condition={"StringSortOf": {"a": "b"}}))
        code, out, _ = self.run_plugin(json.dumps({"action": "evaluate", "inputs": {"policy": p, "principal": SLR, "action": "kms:Decrypt"}}))
        self.assertIn("unsupported condition operator", json.loads(out)["error"])

    def test_a_request_that_is_not_json_exits_non_zero(self):
        code, _, err = self.run_plugin("hello")
        self.assertNotEqual(code, 0)
        self.assertIn("not JSON", err)


if __name__ == "__main__":
    unittest.main()
