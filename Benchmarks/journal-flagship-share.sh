#!/usr/bin/env bash
# The journal's share of the flagship's wall time (issue 7 target: under 2%): runs
# `runbook run missing-worker-nodes --yes` against the lab N times (default 3) with
# RUNBOOK_JOURNAL_STATS=1, which makes runbook report the time it spent in its journal.
#   Benchmarks/journal-flagship-share.sh [RUNS]   (needs a release build and the lab's Python packages)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-3}"
bin="$root/.build/release/runbook"
[ -x "$bin" ] || swift build -c release --product runbook >/dev/null
export PYTHONPATH="$root/lab${PYTHONPATH:+:$PYTHONPATH}"
state="$(mktemp -d)"
trap 'python3 -m runbook_lab down --state-dir "$state" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
python3 -m runbook_lab up missing-worker-nodes --state-dir "$state" --delay degrade=3 --delay node-ready=0 >/dev/null
eval "$(python3 -m runbook_lab env --state-dir "$state")"
for i in $(seq 1 "$runs"); do
    python3 -m runbook_lab reset missing-worker-nodes --state-dir "$state" --delay degrade=3 --delay node-ready=0 >/dev/null
    err="$(mktemp)"
    start=$(date +%s%N)
    RUNBOOK_JOURNAL_STATS=1 RUNBOOK_RUNS_DIR="$state/runs" "$bin" run missing-worker-nodes --yes >/dev/null 2>"$err"
    end=$(date +%s%N)
    stats=$(grep -o '{"journal_events.*' "$err" | tail -1)
    rm -f "$err"
    python3 - "$stats" $(( (end - start) / 1000 )) "$i" <<'PY'
import json, sys
s = json.loads(sys.argv[1]); wall_ms = int(sys.argv[2]) / 1000
print(f"run {sys.argv[3]}: wall {wall_ms:.0f} ms, journal {s['journal_ms']:.2f} ms over {s['steps']} steps "
      f"({100 * s['journal_ms'] / wall_ms:.2f}% of the run; per step median {s['step_median_ms']:.3f} ms)")
PY
done
