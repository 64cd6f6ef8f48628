#!/usr/bin/env bash
# Run the lab's tests: unit tests, and contract tests that drive the real aws CLI and kubectl against
# labs the tests start on loopback. Installs what is missing first, and says what it installs.
#
#   lab/run-tests.sh                 # everything
#   lab/run-tests.sh -k variants -x  # extra arguments go to pytest
#
# Environment: PYTHON (default python3). kubectl and jq are not Python packages: without them the tests
# that need them are skipped (pytest says so); set RUNBOOK_LAB_REQUIRE_TOOLS=1 to fail instead.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
PYTHON="${PYTHON:-python3}"

if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "run-tests.sh: $PYTHON is not installed; the lab needs Python 3.9 or newer with pip" >&2
    exit 1
fi

# What the lab and its tests import (the same pins as pyproject.toml). The lab itself is used from this
# checkout (PYTHONPATH below), so nothing of this repository is installed into the interpreter.
requirements=("moto[autoscaling,ec2,eks,iam,kms,sts]==5.2.1" boto3 flask flask-cors werkzeug cryptography pytest awscli)

if ! "$PYTHON" - <<'PY'
import importlib.metadata as metadata
import importlib.util
import sys

modules = ("moto", "boto3", "botocore", "flask", "flask_cors", "werkzeug", "cryptography", "pytest", "awscli")
missing = [m for m in modules if importlib.util.find_spec(m) is None]
try:
    if metadata.version("moto") != "5.2.1":
        missing.append("moto==5.2.1 (found %s)" % metadata.version("moto"))
except metadata.PackageNotFoundError:
    pass
if missing:
    print("run-tests.sh: missing: " + ", ".join(missing))
    sys.exit(1)
PY
then
    echo "run-tests.sh: installing with: $PYTHON -m pip install ${requirements[*]}"
    "$PYTHON" -m pip install --disable-pip-version-check -q "${requirements[@]}"
fi
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"

# Console scripts (the pinned aws CLI) land in the interpreter's scripts folder: put it first on PATH.
scripts="$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
export PATH="$scripts:$PATH"

for tool in aws kubectl jq; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        if [ "${RUNBOOK_LAB_REQUIRE_TOOLS:-0}" = "1" ]; then
            echo "run-tests.sh: $tool is required (RUNBOOK_LAB_REQUIRE_TOOLS=1) but not on PATH" >&2
            exit 1
        fi
        echo "run-tests.sh: warning: $tool is not on PATH; the tests that need it will be skipped"
    fi
done

exec "$PYTHON" -m pytest "$here/tests" "$@"
