#!/usr/bin/env python3
"""The reference side of the JMESPath benchmarks: the same workloads as jmespath-bench, through
Python's jmespath, printed as JSON lines {"name", "seconds", "iterations"}.

    jmespath_bench.py DATA_DIR SUITE [SCALE]   every workload once
    jmespath_bench.py serve DATA_DIR SUITE     one workload per request line "INDEX SCALE" (interleave.py)
"""
import json
import sys
import time

import jmespath
from jmespath import parser as jp_parser

EVAL_WORKLOADS = {
    "filter+projection": "Reservations[].Instances[?State.Name == 'running'].InstanceId",
    "sort_by": "sort_by(Reservations[].Instances[], &LaunchTime)[].InstanceId",
    "multi-select": "Reservations[].Instances[].{id: InstanceId, type: InstanceType, az: Placement.AvailabilityZone, ip: PrivateIpAddress, name: Tags[?Key == 'Name'].Value | [0]}",
}


SCALE = 1.0  # multiplies each workload's minimum time (third argument)


def timed(fn, min_seconds=1.0, min_iterations=3):
    """Seconds per call of fn, run for at least min_seconds. Calls run in batches between clock
    reads (a batch grows until it takes a millisecond), as on the Swift side."""
    min_seconds *= SCALE
    iterations, batch, total = 0, 1, 0.0
    while True:
        start = time.perf_counter()
        for _ in range(batch):
            fn()
        elapsed = time.perf_counter() - start
        total += elapsed
        iterations += batch
        if total >= min_seconds and iterations >= min_iterations:
            return total / iterations, iterations
        if elapsed < 1e-3:
            batch *= 2


def emit(name, seconds, iterations):
    print(json.dumps({"name": name, "seconds": seconds, "iterations": iterations}), flush=True)


def fresh_compile(expr):
    """A call that compiles `expr` with the parser's cache emptied first (the Swift side has no cache)."""
    def fn():
        jp_parser.Parser.purge()
        jmespath.compile(expr)
    return fn


def workloads(data_dir, suite):
    """The workloads of issue 2 as (name, minimum seconds at scale 1, fn), in the Swift side's order."""
    with open(f"{data_dir}/expressions.txt") as fh:
        expressions = [line.rstrip("\n") for line in fh if line.strip()]

    def compile_all():
        jp_parser.Parser.purge()  # distinct expressions: no cache hits, as in the Swift side
        for e in expressions:
            jmespath.compile(e)

    found = [("compile 10,000 expressions", 2.0, compile_all)]

    with open(f"{data_dir}/ec2-10mb.json") as fh:
        doc = json.load(fh)
    for name, expr in EVAL_WORKLOADS.items():
        compiled = jmespath.compile(expr)
        found.append((f"eval {name} (10 MB)", 2.0, lambda compiled=compiled: compiled.search(doc)))

    with open(suite) as fh:
        groups = json.load(fh)
    for group in groups:
        for case in group["cases"]:
            kind = case.get("bench")
            if not kind:
                continue
            given, expr = group["given"], case["expression"]
            if kind == "parse":
                fn = fresh_compile(expr)
            elif kind == "interpret":
                compiled = jmespath.compile(expr)
                fn = lambda compiled=compiled, given=given: compiled.search(given)  # noqa: E731
            else:
                def fn(expr=expr, given=given):
                    jp_parser.Parser.purge()
                    jmespath.search(expr, given)
                found.append((f"bench {kind}: {expr[:50]}", 0.3, fn))

                # The same case phase by phase: compilation, then evaluation of the compiled form.
                found.append((f"bench full, compile: {expr[:50]}", 0.3, fresh_compile(expr)))
                compiled = jmespath.compile(expr)
                fn = lambda compiled=compiled, given=given: compiled.search(given)  # noqa: E731
                found.append((f"bench full, evaluate: {expr[:50]}", 0.3, fn))
                continue
            found.append((f"bench {kind}: {expr[:50]}", 0.3, fn))
    return found


def serve(data_dir, suite):
    """The workloads on request (for interleave.py): prints how many there are, then for each line
    "INDEX SCALE" on standard input times that workload and prints its result line."""
    global SCALE
    found = workloads(data_dir, suite)
    print(len(found), flush=True)
    for line in sys.stdin:
        index, scale = line.split()
        name, min_seconds, fn = found[int(index)]
        SCALE = float(scale)
        emit(name, *timed(fn, min_seconds=min_seconds))


def main():
    global SCALE
    if sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3])
        return
    data_dir, suite = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        SCALE = float(sys.argv[3])
    for name, min_seconds, fn in workloads(data_dir, suite):
        emit(name, *timed(fn, min_seconds=min_seconds))


if __name__ == "__main__":
    main()
