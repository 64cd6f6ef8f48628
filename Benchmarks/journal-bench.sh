#!/bin/sh
# Journal benchmarks (issue 7), with the real `runbook` binary:
#   1. journal overhead per step: time spent in the journal (serialise, write, fsync when needed)
#      per step, median and p90, reported by the binary itself (RUNBOOK_JOURNAL_STATS=1), for
#      1,000 read-only steps and for 50 fix steps (each approved change is fsync'd before it is sent);
#   2. resume start-up of a 1,000-step run killed at its last step: time from entering
#      `runbook resume` until the first step can run (read journal, load and hash the runbook,
#      restore the machine), and the whole `runbook resume` process wall time.
#
# Usage: Benchmarks/journal-bench.sh [RUNBOOK_BINARY]   (default: .build/release/runbook)
# Targets: < 1 ms journal overhead per step (median); resume of a 1,000-step run ready in < 100 ms.
set -eu
BIN=${1:-${RUNBOOK_BIN:-.build/release/runbook}}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
WORK=$(mktemp -d /tmp/journal-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export NO_COLOR=1

gen_read_only() { # N steps of a read-only shell builtin
  printf 'apiVersion: runbook/v1\nname: bench-read\nsteps:\n'
  i=1; while [ "$i" -le "$1" ]; do
    printf '  - id: s%d\n    shell: {run: "true", read-only: true}\n    capture: {code: exit_code}\n' "$i"; i=$((i+1)); done
}
gen_fixes() { # N diagnose steps raising a finding, then N fixes
  printf 'apiVersion: runbook/v1\nname: bench-fix\nsteps:\n'
  i=1; while [ "$i" -le "$1" ]; do
    printf '  - id: d%d\n    shell: {run: "echo broken", read-only: true}\n    check:\n      - that: "false"\n        finding: f%d\n' "$i" "$i"; i=$((i+1)); done
  i=1; while [ "$i" -le "$1" ]; do
    printf '  - id: x%d\n    fixes: f%d\n    shell: "true"\n' "$i" "$i"; i=$((i+1)); done
}

stats() { grep -o 'journal-stats .*' | sed 's/journal-stats //'; }

gen_read_only 1000 > read.yaml
gen_fixes 50 > fix.yaml
echo "runbook binary: $BIN"
echo "disk: $(df -h . | tail -1 | awk '{print $1}')  (fsync of one 200-byte append here is typically ~4 ms)"
echo
echo "== journal overhead per step =="
for r in 1 2 3; do
  printf 'read-only x1000, run %s: ' "$r"
  RUNBOOK_JOURNAL_STATS=1 "$BIN" run read.yaml --runs-dir runs-read 2>&1 >/dev/null | stats
done
for r in 1 2 3; do
  printf 'diagnose+fix x50, run %s: ' "$r"
  RUNBOOK_JOURNAL_STATS=1 "$BIN" run fix.yaml --yes --runs-dir runs-fix 2>&1 >/dev/null | stats
done

echo
echo "== resume start-up, 1,000-step run killed at its last step =="
# Records: run, session, run_started, then step_started + step_finished per step: the last
# step starts at record 3 + 2*999 + 1.
RUNBOOK_CRASH_AT=2002 "$BIN" run read.yaml --runs-dir runs-resume >/dev/null 2>&1 || true
ID=$(ls runs-resume)
cp -rp "runs-resume/$ID" crashed
for r in 1 2 3 4 5; do
  rm -rf "runs-resume/$ID" && cp -rp crashed "runs-resume/$ID"
  start=$(date +%s%N)
  ready=$(RUNBOOK_JOURNAL_STATS=1 "$BIN" resume "$ID" --runs-dir runs-resume 2>&1 >/dev/null | grep -o 'resume-ready .*' | sed 's/resume-ready //')
  end=$(date +%s%N)
  echo "run $r: ready $ready; whole 'runbook resume' process (incl. the last step): $(( (end - start) / 1000000 )) ms"
done
