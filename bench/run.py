"""`make bench`: every benchmark, each printing its figures against its targets."""
from __future__ import annotations

import sys

import api_bench
import derive_bench
import engine
import limits_bench
import reports_bench
import web

BENCHMARKS = {"engine": engine.run, "web": web.run, "reports": reports_bench.run,
              "derive": derive_bench.run, "limits": limits_bench.run, "api": api_bench.run}


def main(selected: list[str]) -> int:
    missed = []
    for name, run in BENCHMARKS.items():
        if selected and name not in selected:
            continue
        if not run():
            missed.append(name)
        print()
    print("all targets met" if not missed else f"targets missed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
