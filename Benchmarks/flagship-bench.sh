#!/usr/bin/env bash
# The flagship end to end, against the workshop's own procedure, in one run and the same lab:
#
#   Benchmarks/flagship-bench.sh [RUNS]        # default 5 runs of each
#
# Baseline: Benchmarks/flagship/workshop-procedure.sh, the workshop page's commands verbatim
#   (16 aws CLI and kubectl processes, jq), which diagnoses and repairs the missing-worker-nodes
#   scenario the way a person following the page would.
# Candidate: `runbook run missing-worker-nodes --yes` (release build): the same diagnosis, told
#   apart from four other causes, the same fix and the same recycle, verified.
#
# Both start from a freshly reset lab (`runbook_lab reset missing-worker-nodes`) with the same
# delays: update 0 s, degrade 3 s, node-join 0 s, node-ready 0 s (so neither waits on a simulated
# node and both measure their own cost). Each run is checked: the node must be Ready at the end.
# Prints each run, the medians and the ratio. Needs python3 with the lab's packages, the aws CLI,
# kubectl and jq.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-5}"

for tool in python3 aws kubectl jq swift; do
    command -v "$tool" >/dev/null || { echo "flagship-bench: $tool is required" >&2; exit 1; }
done
export PYTHONPATH="$root/lab${PYTHONPATH:+:$PYTHONPATH}"
python3 -c 'import moto' 2>/dev/null || { echo "flagship-bench: install the lab first: python3 -m pip install -e lab" >&2; exit 1; }

swift build -c release --product runbook >/dev/null
runbook="$(swift build -c release --show-bin-path)/runbook"

state="$(mktemp -d "${TMPDIR:-/tmp}/runbook-bench-lab.XXXXXX")"
trap 'python3 -m runbook_lab down --state-dir "$state" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
delays=(--delay update=0 --delay degrade=3 --delay node-join=0 --delay node-ready=0)
python3 -m runbook_lab up missing-worker-nodes --state-dir "$state" "${delays[@]}" >/dev/null

now() { python3 -c 'import time; print(time.monotonic())'; }
reset() {
    python3 -m runbook_lab reset missing-worker-nodes --state-dir "$state" "${delays[@]}" >/dev/null
    eval "$(python3 -m runbook_lab env --state-dir "$state" | grep -v '^#')"
}
ready() {
    kubectl get nodes --selector=eks.amazonaws.com/nodegroup=new_nodegroup_1 --no-headers 2>/dev/null | grep -c ' Ready ' || true
}
export RUNBOOK_RUNS_DIR="$state/runs"

baseline=()
candidate=()
for i in $(seq 1 "$runs"); do
    reset
    t0=$(date +%s.%N)
    Benchmarks/flagship/workshop-procedure.sh >"$state/baseline.out" 2>&1 || { cat "$state/baseline.out"; exit 1; }
    t1=$(date +%s.%N)
    [ "$(ready)" = 1 ] || { echo "baseline run $i: no Ready node" >&2; exit 1; }
    baseline+=("$(python3 -c "print(round($t1 - $t0, 3))")")

    reset
    t0=$(date +%s.%N)
    "$runbook" run missing-worker-nodes --yes >"$state/runbook.out" 2>&1 || { cat "$state/runbook.out"; exit 1; }
    t1=$(date +%s.%N)
    [ "$(ready)" = 1 ] || { echo "runbook run $i: no Ready node" >&2; exit 1; }
    candidate+=("$(python3 -c "print(round($t1 - $t0, 3))")")
    printf 'run %d: workshop procedure %6.2f s   runbook %6.2f s\n' "$i" "${baseline[-1]}" "${candidate[-1]}"
done

python3 - "${baseline[*]}" "${candidate[*]}" <<'PY'
import statistics, sys
b = [float(x) for x in sys.argv[1].split()]
c = [float(x) for x in sys.argv[2].split()]
mb, mc = statistics.median(b), statistics.median(c)
print(f"median: workshop procedure (aws CLI + kubectl + jq) {mb:.2f} s, runbook run missing-worker-nodes --yes {mc:.2f} s")
print(f"speed-up: {mb / mc:.1f}x  (target >= 10x)   runs: {len(b)}")
PY
