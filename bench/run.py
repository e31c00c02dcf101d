"""`make bench`: every benchmark, each printing its figures against its targets.

`bench/run.py --quick` runs every benchmark at small sizes and enforces no target: it fails
only when a benchmark cannot run to the end, so CI (`.ci/run`) keeps them all working.
`bench/run.py web cli` runs only the named ones.
"""
from __future__ import annotations

import sys

import cli_bench
import api_bench
import derive_bench
import derive_cost
import derive_quality
import engine
import limits_bench
import reports_bench
import signin_bench
import web
import yearly_bench

BENCHMARKS = {"engine": engine.run, "web": web.run, "reports": reports_bench.run,
              "derive": derive_bench.run, "limits": limits_bench.run, "signin": signin_bench.run,
              "cli": cli_bench.run, "api": api_bench.run,
              "derive-quality": derive_quality.run, "derive-cost": derive_cost.run, "yearly": yearly_bench.run}


def main(arguments: list[str]) -> int:
    quick = "--quick" in arguments
    selected = [name for name in arguments if name != "--quick"]
    unknown = set(selected) - set(BENCHMARKS)
    if unknown:
        print(f"no such benchmark: {', '.join(sorted(unknown))}; choose from {', '.join(BENCHMARKS)}")
        return 2
    missed = []
    for name, run in BENCHMARKS.items():
        if selected and name not in selected:
            continue
        if not run(quick=quick):
            missed.append(name)
        print()
    if quick:
        print("quick pass: every benchmark ran to the end (targets are not enforced at small sizes"
              + (f"; not met here: {', '.join(missed)})" if missed else ")"))
        return 0
    print("all targets met" if not missed else f"targets missed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
