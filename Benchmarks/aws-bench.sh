#!/usr/bin/env bash
# Benchmarks/aws-bench.sh: the native AWS client against the aws CLI (v1), in one run.
#
#  1. End to end: the same 20 read calls against one moto server, through `runbook aws` and
#     through `aws` (process start, model loading, signing, HTTP, parsing, printing).
#  2. Client-side parsing of a 1,000-instance EC2 DescribeInstances answer, in process:
#     runbook's parser (release build) against botocore's parser with the CLI's settings.
#
# Needs: swift, python3, aws (awscli v1) and moto_server. Usage: Benchmarks/aws-bench.sh
# Environment: RUNBOOK_BIN (a built runbook, else a release build is made), SCRATCH (the
# release scratch path, default .build-aws-release), ITERATIONS (parse runs, default 20),
# BENCH_PACKAGE_DIR (the package whose AWSClientTests run the in-process parse, default the repo).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH=${SCRATCH:-$ROOT/.build-aws-release}
ITERATIONS=${ITERATIONS:-20}
PACKAGE=${BENCH_PACKAGE_DIR:-$ROOT}
for tool in swift python3 aws moto_server; do
    command -v "$tool" >/dev/null || { echo "aws-bench: $tool is not installed" >&2; exit 2; }
done

if [ -z "${RUNBOOK_BIN:-}" ]; then
    echo "== building runbook (release)"
    swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product runbook >/dev/null
    RUNBOOK_BIN="$SCRATCH/release/runbook"
fi

TMP=$(mktemp -d)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$PORT" >"$TMP/moto.log" 2>&1 &
MOTO=$!
trap 'kill -9 $MOTO 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT))" 2>/dev/null && break
    sleep 0.1
done

export HOME="$TMP" AWS_ACCESS_KEY_ID=AKIDBENCHMARK AWS_SECRET_ACCESS_KEY=benchmark AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE="$TMP/none" AWS_SHARED_CREDENTIALS_FILE="$TMP/none"
E="--endpoint-url http://127.0.0.1:$PORT"
rb() { "$RUNBOOK_BIN" aws "$@"; }

echo "== setting up moto on port $PORT"
rb ec2 run-instances --image-id ami-12c6146b --min-count 3 --max-count 3 $E >/dev/null
rb iam create-user --user-name bench $E >/dev/null
rb logs create-log-group --log-group-name /bench $E >/dev/null
rb ssm put-parameter --name /bench/p --value v --type String $E >/dev/null
rb kms create-key $E >/dev/null
rb s3api create-bucket --bucket bench-bucket $E >/dev/null
rb eks list-clusters $E >/dev/null

CALLS=(
    "ec2 describe-instances" "ec2 describe-vpcs" "ec2 describe-subnets" "ec2 describe-security-groups"
    "ec2 describe-availability-zones" "iam list-users" "iam get-user --user-name bench" "sts get-caller-identity"
    "autoscaling describe-auto-scaling-groups" "cloudformation list-stacks" "elbv2 describe-load-balancers"
    "logs describe-log-groups" "ssm get-parameter --name /bench/p" "ssm describe-parameters" "kms list-keys"
    "cloudwatch describe-alarms" "eks list-clusters" "s3api list-buckets" "s3api list-objects-v2 --bucket bench-bucket"
    "ec2 describe-instances --query Reservations[].Instances[].InstanceId"
)

now_ms() { python3 -c 'import time; print(int(time.time() * 1000))'; }
run_all() {
    local start end
    start=$(date +%s%N)
    for call in "${CALLS[@]}"; do
        # shellcheck disable=SC2086
        "$@" $call $E >/dev/null
    done
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}

echo "== end to end: ${#CALLS[@]} read calls, once each (after one warm-up round)"
run_all "$RUNBOOK_BIN" aws >/dev/null
RB_MS=$(run_all "$RUNBOOK_BIN" aws)
AWS_MS=$(run_all aws)
python3 - "$RB_MS" "$AWS_MS" "${#CALLS[@]}" <<'PY'
import sys
rb, aws, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
print(f"runbook aws: {rb} ms total, {rb / n:.1f} ms per call")
print(f"aws CLI    : {aws} ms total, {aws / n:.1f} ms per call")
print(f"end-to-end speed-up: {aws / rb:.1f}x (target >= 10x)")
PY

echo "== parsing a 1,000-instance DescribeInstances answer (${ITERATIONS} runs each)"
for _ in $(seq 10); do
    rb ec2 run-instances --image-id ami-12c6146b --min-count 100 --max-count 100 $E >/dev/null
done
python3 "$ROOT/Benchmarks/aws_bench_botocore.py" fetch "http://127.0.0.1:$PORT" "$TMP/describe-instances.xml"
BOTO=$(python3 "$ROOT/Benchmarks/aws_bench_botocore.py" parse "$TMP/describe-instances.xml" "$ITERATIONS" | grep BOTOCORE_PARSE)
SWIFT=$(RUNBOOK_BENCH_XML="$TMP/describe-instances.xml" RUNBOOK_BENCH_ITERATIONS="$ITERATIONS" \
    swift test -c release --package-path "$PACKAGE" --scratch-path "$SCRATCH" --filter AWSParseBenchmark 2>&1 | grep RUNBOOK_PARSE)
echo "$BOTO"
echo "$SWIFT"
python3 - "$BOTO" "$SWIFT" <<'PY'
import sys
def fields(line):
    return dict(kv.split("=") for kv in line.split()[1:])
boto, swift = fields(sys.argv[1]), fields(sys.argv[2])
print(f"botocore parser: {float(boto['mean_ms']):.1f} ms mean, {float(boto['best_ms']):.1f} ms best ({boto['instances']} instances, {boto['bytes']} bytes)")
print(f"runbook parser : {float(swift['mean_ms']):.1f} ms mean, {float(swift['best_ms']):.1f} ms best ({swift['instances']} instances)")
print(f"parse speed-up: {float(boto['mean_ms']) / float(swift['mean_ms']):.1f}x (target >= 5x)")
PY
