"""The command line `runbook lab` runs: up, env, state, log, reset, down, serve; and its messages."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

from conftest import LAB_DIR, _alive, _base_env, lab_cli


def test_lifecycle_in_the_default_state_dir(tmp_path):
    env = _base_env()
    cwd = str(tmp_path)

    def cli(*args, check=True):
        result = subprocess.run([sys.executable, "-m", "runbook_lab", *args], capture_output=True, text=True,
                                env=env, cwd=cwd, timeout=180)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    up = cli("up")
    state_dir = os.path.join(cwd, ".runbook", "lab")
    assert f"state           {state_dir}" in up.stdout
    assert 'eval "$(' in up.stdout
    with open(os.path.join(state_dir, "state.json")) as fh:
        state = json.load(fh)
    pid = state["pid"]
    try:
        again = cli("up", "key-disabled", check=False)
        assert again.returncode == 1 and "already running" in again.stderr and "down" in again.stderr

        exports = cli("env").stdout.splitlines()
        assert exports[1].startswith("unset AWS_PROFILE")
        values = dict(line[len("export "):].split("=", 1) for line in exports if line.startswith("export "))
        assert values["AWS_ENDPOINT_URL"] == state["aws_endpoint"]
        assert values["AWS_DEFAULT_REGION"] == values["AWS_REGION"] == "us-west-2"
        assert values["KUBECONFIG"] == os.path.join(state_dir, "kubeconfig")
        assert values["EKS_CLUSTER_NAME"] == "eks-workshop" and values["AWS_ACCOUNT_ID"] == "123456789012"
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "NEW_NODEGROUP_1_ASG_NAME",
                     "NEW_NODEGROUP_1_LT_ID", "NEW_KMS_KEY_ID"):
            assert values[name]
        assert values["AWS_PAGER"] == "''"
        # The output is meant for eval.
        shell = subprocess.run(["bash", "-c", f'eval "$({sys.executable} -m runbook_lab env)" && '
                                              'echo "$NEW_KMS_KEY_ID $AWS_ENDPOINT_URL"'],
                               capture_output=True, text=True, env=env, cwd=cwd, timeout=60)
        assert shell.stdout.split() == [values["NEW_KMS_KEY_ID"], values["AWS_ENDPOINT_URL"]]

        summary = json.loads(cli("state").stdout)
        assert summary["scenario"] == "missing-worker-nodes"
        group = summary["nodegroups"]["new_nodegroup_1"]
        assert group["status"] == "DEGRADED"
        assert group["autoScalingGroup"]["launch"]["launches"] is False
        assert summary["key"]["keyState"] == "Enabled" and summary["serviceLinkedRole"] is True
        assert len(summary["nodes"]) == 3

        # IDs are the same after a reset of the same scenario, so `env` stays valid.
        reset = cli("reset")
        assert "reset to scenario missing-worker-nodes" in reset.stdout and "changed" not in reset.stdout
        switched = cli("reset", "healthy")
        assert "reset to scenario healthy" in switched.stdout
        assert json.loads(cli("state").stdout)["nodegroups"]["new_nodegroup_1"]["status"] == "ACTIVE"
        cli("reset", "missing-worker-nodes")
        assert cli("env").stdout.splitlines()[2:] == exports[2:]
    finally:
        down = cli("down")
    assert f"stopped (pid {pid})" in down.stdout
    assert not _alive(pid)
    assert not os.path.exists(os.path.join(state_dir, "state.json"))
    assert "no lab is running" in cli("down").stdout
    gone = cli("env", check=False)
    assert gone.returncode == 1 and "no lab is running" in gone.stderr and " up" in gone.stderr


def test_state_dir_from_the_environment_and_stale_state(tmp_path):
    state_dir = tmp_path / "from-env"
    state_dir.mkdir()
    (state_dir / "state.json").write_text(json.dumps({"pid": 999999, "aws_endpoint": "http://127.0.0.1:1"}))
    env = dict(_base_env(), RUNBOOK_LAB_DIR=str(state_dir))
    result = lab_cli("state", env=env, check=False)
    assert result.returncode == 1 and f"no lab is running from {state_dir}" in result.stderr
    down = lab_cli("down", env=env)
    assert "stale state" in down.stdout
    assert not (state_dir / "state.json").exists()


def test_usage_errors_are_clear():
    result = lab_cli("up", "--delay", "nope=1", check=False)
    assert result.returncode == 2 and "expected NAME=SECONDS" in result.stderr
    result = lab_cli("up", "--fault", "meteor", check=False)
    assert result.returncode == 2 and "unknown kind 'meteor'" in result.stderr
    result = lab_cli("up", "no-such-scenario", check=False)
    assert result.returncode == 2 and "invalid choice" in result.stderr
    help_text = lab_cli("up", "--help").stdout
    for word in ("key-pending-deletion", "node-ready", "throttle", "--tls", "--state-dir"):
        assert word in help_text
    assert "grant-only" in lab_cli("scenarios").stdout


def test_serve_in_the_foreground_stops_on_sigterm(tmp_path):
    state_dir = str(tmp_path / "serve")
    process = subprocess.Popen([sys.executable, "-m", "runbook_lab", "serve", "healthy", "--state-dir", state_dir],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_base_env(),
                               cwd=LAB_DIR)
    try:
        ready = json.loads(process.stdout.readline())
        assert ready["ready"] is True and ready["scenario"] == "healthy"
        assert os.path.exists(os.path.join(state_dir, "state.json"))
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        process.stdout.close()
        process.stderr.close()
    assert not os.path.exists(os.path.join(state_dir, "state.json"))


def test_serve_stops_when_its_owner_process_exits(tmp_path):
    state_dir = str(tmp_path / "owned")
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    process = subprocess.Popen([sys.executable, "-m", "runbook_lab", "serve", "healthy", "--state-dir", state_dir,
                                "--owner-pid", str(owner.pid)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_base_env(),
                               cwd=LAB_DIR)
    try:
        ready = json.loads(process.stdout.readline())
        assert ready["ready"] is True
        time.sleep(1)
        assert process.poll() is None, "the lab must keep serving while its owner lives"
    finally:
        owner.kill()
        owner.wait(timeout=10)
    try:
        assert process.wait(timeout=30) == 0
        assert "owner process" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()
    assert not os.path.exists(os.path.join(state_dir, "state.json"))


def test_up_hands_the_owner_to_the_background_lab(tmp_path):
    state_dir = str(tmp_path / "owned-up")
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        lab_cli("up", "healthy", "--state-dir", state_dir, "--owner-pid", str(owner.pid))
        assert os.path.exists(os.path.join(state_dir, "state.json"))
    finally:
        owner.kill()
        owner.wait(timeout=10)
    deadline = time.monotonic() + 30
    while os.path.exists(os.path.join(state_dir, "state.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    stopped = not os.path.exists(os.path.join(state_dir, "state.json"))
    if not stopped:
        lab_cli("down", "--state-dir", state_dir, check=False)
    assert stopped, "the background lab outlived its owner"


def test_a_lab_that_cannot_start_says_why_and_leaves_nothing_behind(tmp_path):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    try:
        port = blocker.getsockname()[1]
        result = lab_cli("up", "--state-dir", str(tmp_path / "busy"), "--aws-port", str(port), check=False)
    finally:
        blocker.close()
    assert result.returncode == 1
    assert "exited with status" in result.stderr and "Address already in use" in result.stderr
    assert not (tmp_path / "busy" / "state.json").exists()


def test_log_filters_and_clear(lab):
    lab.reset("missing-worker-nodes")
    lab.ok("aws kms describe-key --key-id $NEW_KMS_KEY_ID && aws kms enable-key --key-id $NEW_KMS_KEY_ID")
    entries = lab.log()
    assert [(e["service"], e["operation"], e["mutating"], e["status"]) for e in entries] == [
        ("kms", "DescribeKey", False, 200), ("kms", "EnableKey", True, 200)]
    for entry in entries:
        assert {"seq", "time", "service", "operation", "mutating", "status"} <= set(entry)
        assert entry["time"].endswith("Z")
    assert [e["operation"] for e in lab.log("--mutating")] == ["EnableKey"]
    assert lab.log("--service", "eks") == []
    assert [e["operation"] for e in lab.log("--since", str(entries[0]["seq"]))] == ["EnableKey"]
    lab_cli("log", "--clear", "--state-dir", lab.state_dir)
    assert lab.log() == []


def test_missing_packages_give_the_install_command(tmp_path):
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True, timeout=120)
    python = str(bare / "bin" / "python")
    result = subprocess.run([python, "-m", "runbook_lab", "up", "--state-dir", str(tmp_path / "state")],
                            capture_output=True, text=True, env=_base_env(), cwd=str(tmp_path), timeout=60)
    assert result.returncode == 1
    assert "moto is not installed" in result.stderr
    assert f"{python} -m pip install -e {LAB_DIR}" in result.stderr
    # Commands that need no server still work without moto.
    env = subprocess.run([python, "-m", "runbook_lab", "env", "--state-dir", str(tmp_path / "state")],
                         capture_output=True, text=True, env=_base_env(), cwd=str(tmp_path), timeout=60)
    assert env.returncode == 1 and "no lab is running" in env.stderr
