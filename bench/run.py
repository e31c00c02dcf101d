"""`make bench`: every benchmark, each printing its figures against its targets.

`bench/run.py --quick` runs every benchmark at small sizes and enforces no target: it fails
only when a benchmark cannot run to the end, so CI (`.ci/run`) keeps them all working.
`bench/run.py web cli` runs only the named ones. Each benchmark runs in a process of its own.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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

ROOT = Path(__file__).resolve().parent.parent
MISSED = 3  # the exit status when a target is missed (an exception exits 1: it did not run to the end)
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
    names = [name for name in BENCHMARKS if not selected or name in selected]
    for name in names:
        if len(names) == 1:
            met = BENCHMARKS[name](quick=quick)
        else:  # each in a process of its own: one benchmark's heap and threads must not weigh on the next's timings
            done = subprocess.run([sys.executable, __file__, name] + (["--quick"] if quick else []), cwd=ROOT)
            if done.returncode not in (0, MISSED):
                print(f"{name}: did not run to the end (exit {done.returncode})")
                return done.returncode
            met = done.returncode == 0
        if not met:
            missed.append(name)
        print()
    if len(names) == 1:  # one benchmark (also as a child of the run of all): its own lines say it all
        return 0 if quick or not missed else MISSED
    if quick:
        print("quick pass: every benchmark ran to the end (targets are not enforced at small sizes"
              + (f"; not met here: {', '.join(missed)})" if missed else ")"))
        return 0
    print("all targets met" if not missed else f"targets missed: {', '.join(missed)}")
    return MISSED if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
