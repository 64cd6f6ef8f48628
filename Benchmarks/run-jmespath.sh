#!/usr/bin/env bash
# JMESPath and JSON benchmarks of issue 2: runbook's engine and Python's jmespath (the reference
# implementation) on the same inputs, in the same run, with the ratio of each pair.
#
#   Benchmarks/run-jmespath.sh            # prints a table; also writes Benchmarks/results/jmespath.md
#   ROUNDS=9 Benchmarks/run-jmespath.sh   # more interleaved timing rounds (default 5)
#
# Needs: swift, python3 with jmespath (installed with pip when missing), GNU time (/usr/bin/time).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
suite="${RUNBOOK_SHARED_DIR:-$root/../shared}/jmespath-compliance/benchmarks.json"
data="$here/data"
results="$here/results"
mkdir -p "$data" "$results"

python3 -c 'import jmespath' 2>/dev/null || {
    echo "installing the reference implementation: pip install jmespath" >&2
    python3 -m pip install --quiet jmespath
}
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 1; }
[ -f "$suite" ] || { echo "the compliance suite is missing at $suite (put ../shared beside the repository)" >&2; exit 1; }

if [ ! -f "$data/expressions.txt" ] || [ ! -f "$data/ec2-100mb.json" ] || [ ! -f "$data/ec2-100mb-min.json" ]; then
    echo "generating inputs (seeded) in $data ..." >&2
    python3 "$here/python/gen_data.py" "$data"
fi

echo "building (release) ..." >&2
(cd "$here" && swift build -c release --product jmespath-bench >/dev/null)
(cd "$root" && swift build -c release --product runbook >/dev/null)
bench="$here/.build/release/jmespath-bench"
runbook="$root/.build/release/runbook"

# Timing: ROUNDS rounds (default 5) of every workload, measured in pairs: both sides run as
# long-lived processes and python/interleave.py asks each in turn for one workload (which goes
# first alternates), each for 1/ROUNDS of the workload's minimum time, so the two measurements of a
# pair are seconds apart and meet the same spells of machine noise. Each side's figure is its best
# round (as Python's timeit advises: slower rounds measure interference, not the code); the table
# also shows the range of the per-round ratios.
rounds="${ROUNDS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$here/python/interleave.py" "$rounds" "$work" "$bench" "$data" "$suite"

# Peak memory of `runbook query` over the 100 MB documents (resident set, GNU time): as the aws CLI
# prints them (indented) and minified; Python's json + jmespath over the same, for comparison.
query="Reservations[].Instances[?State.Name == 'running'] | length(@)"
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
memory=""
for doc in "$data/ec2-100mb.json" "$data/ec2-100mb-min.json"; do
    mem_kb=$(peak_kb "$runbook" query "$query" "$doc")
    py_mem_kb=$(peak_kb python3 -c "import json,jmespath,sys; print(jmespath.search(sys.argv[2], json.load(open(sys.argv[1]))))" "$doc" "$query")
    memory+="$(basename "$doc") $(stat -c %s "$doc") $mem_kb $py_mem_kb;"
done
echo '{}' > "$data/empty.json"
base_kb=$(peak_kb "$runbook" query "@" "$data/empty.json")
parse_out="$("$bench" parse "$data/ec2-10mb.json")"

python3 - "$work" "$rounds" "$memory" "$base_kb" "$parse_out" "$results/jmespath.md" <<'PY'
import json, sys, platform, subprocess
work, rounds = sys.argv[1], int(sys.argv[2])
def load(side):
    """name -> per-round seconds, in the order of the first round."""
    runs = {}
    for r in range(1, rounds + 1):
        for rec in map(json.loads, open(f"{work}/{side}.{r}")):
            runs.setdefault(rec["name"], []).append(rec["seconds"])
    return runs
swift_runs, python_runs = load("swift"), load("python")
swift = {name: {"seconds": min(times)} for name, times in swift_runs.items()}
python = {name: {"seconds": min(times)} for name, times in python_runs.items()}
memory = [m.split() for m in sys.argv[3].split(";") if m]
base_kb = int(sys.argv[4])
parse = {r["name"]: r for r in map(json.loads, sys.argv[5].splitlines())}
lines = [f"Best of {rounds} rounds per side, each workload timed in pairs (the two sides in turn); in brackets, the lowest and highest ratio of one pair.", "",
         "| workload | runbook | jmespath.py | ratio (per pair) | target |", "|---|---|---|---|---|"]
def spread(name):
    ratios = [p / s for s, p in zip(swift_runs[name], python_runs[name])]
    return f"({min(ratios):.1f}–{max(ratios):.1f}x)"
def fmt(s):
    return f"{s * 1e3:.3f} ms" if s >= 1e-4 else f"{s * 1e6:.2f} µs"
def cell(name):
    """A workload name as a table cell: its `|` (pipes, `||`) escaped so the row keeps its columns."""
    return name.replace("|", "\\|")
worst_eval, worst_compile = None, None
for name, r in swift.items():
    p = python.get(name)
    if not p:
        continue
    ratio = p["seconds"] / r["seconds"]
    if name.startswith("bench full:"):
        # Both phases at once; each phase has its own row and target below it.
        lines.append(f"| {cell(name)} | {fmt(r['seconds'])} | {fmt(p['seconds'])} | {ratio:.1f}x {spread(name)} | (per phase, next rows) |")
        continue
    compiling = name.startswith("compile") or name.startswith("bench parse") or name.startswith("bench full, compile")
    target = 20 if compiling else 30
    mark = "ok" if ratio >= target else "below"
    lines.append(f"| {cell(name)} | {fmt(r['seconds'])} | {fmt(p['seconds'])} | {ratio:.1f}x {spread(name)} | {target}x {mark} |")
lines.append("")
for name, doc_bytes, mem_kb, py_mem_kb in memory:
    doc_bytes, mem_kb, py_mem_kb = int(doc_bytes), int(mem_kb), int(py_mem_kb)
    ratio = mem_kb * 1024 / doc_bytes
    mark = "ok" if ratio < 3 else "above"
    lines.append(f"Peak memory of `runbook query` over {name} ({doc_bytes / 2**20:.0f} MiB): {mem_kb / 1024:.0f} MiB, "
                 f"{ratio:.2f}x the document (target < 3x: {mark}). Python json + jmespath: {py_mem_kb / 1024:.0f} MiB.")
lines.append(f"(`runbook query` over an empty object: {base_kb / 1024:.0f} MiB, nearly all of it shared libraries.)")
ours = parse["parse JSON: runbook"]["seconds"]
theirs = parse["parse JSON: Foundation JSONSerialization"]["seconds"]
lines.append(f"Parsing the 10 MB document: runbook {fmt(ours)}, Foundation JSONSerialization {fmt(theirs)} "
             f"({theirs / ours:.1f}x faster); pretty-printing it back: {fmt(parse['serialize JSON (pretty): runbook']['seconds'])}.")
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
lines.append(f"Machine: {cpu}, {subprocess.check_output(['nproc']).decode().strip()} cores.")
text = "\n".join(lines)
print(text)
open(sys.argv[6], "w").write(text + "\n")
PY
