#!/usr/bin/env python3
"""Times every workload on both sides in pairs: runbook's engine (`jmespath-bench serve`) and
Python's jmespath (`jmespath_bench.py serve`) each run as a process per round, and the driver asks
them in turn for one workload at a time, so the two measurements of a pair are taken seconds apart
and meet the same spell of machine noise. Which side goes first alternates from pair to pair.

    interleave.py ROUNDS OUT_DIR SWIFT_BENCH DATA_DIR SUITE

Writes OUT_DIR/swift.R and OUT_DIR/python.R (R = 1..ROUNDS): one JSON line per workload, as the
sides print them. Each pair runs each workload for 1/ROUNDS of its minimum time.
"""
import json
import os
import subprocess
import sys


class Side:
    """One benchmark process answering "INDEX SCALE" requests with a JSON line."""

    def __init__(self, name, argv):
        self.name = name
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        first = self.process.stdout.readline()
        if not first.strip().isdigit():
            raise SystemExit(f"{name}: expected the number of workloads, got {first!r}")
        self.count = int(first)

    def measure(self, index, scale):
        self.process.stdin.write(f"{index} {scale}\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: stopped answering (exit status {self.process.wait()})")
        return json.loads(line)

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def main():
    rounds, out_dir, swift_bench, data_dir, suite = int(sys.argv[1]), *sys.argv[2:6]
    here = os.path.dirname(os.path.abspath(__file__))
    scale = 1 / rounds
    for r in range(1, rounds + 1):
        # Fresh processes every round: a process's heap and memory layout can make one workload
        # slower for its whole life, so each round is a new draw, as separate runs would be.
        sides = []
        try:
            swift = Side("jmespath-bench", [swift_bench, "serve", data_dir, suite])
            sides.append(swift)
            python = Side(
                "jmespath_bench.py", [sys.executable, os.path.join(here, "jmespath_bench.py"), "serve", data_dir, suite]
            )
            sides.append(python)
            if swift.count != python.count:
                raise SystemExit(f"the sides list different workloads ({swift.count} and {python.count})")
            print(f"round {r} of {rounds}: {swift.count} workloads, each side in turn ...", file=sys.stderr, flush=True)
            results = {swift: [], python: []}
            for index in range(swift.count):
                order = (swift, python) if (r + index) % 2 == 0 else (python, swift)
                for side in order:
                    results[side].append(side.measure(index, scale))
                names = {results[side][-1]["name"] for side in sides}
                if len(names) != 1:
                    raise SystemExit(f"workload {index} has different names on the two sides: {sorted(names)}")
            for side, prefix in ((swift, "swift"), (python, "python")):
                with open(os.path.join(out_dir, f"{prefix}.{r}"), "w") as fh:
                    fh.writelines(json.dumps(rec) + "\n" for rec in results[side])
        finally:
            for side in sides:
                side.close()


if __name__ == "__main__":
    main()
