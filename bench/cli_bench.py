"""Benchmark: the command line starts fast.

`survey --help` as a whole process, against `python -c "import flask"` (the floor any Flask
application's command sets), run in turn so that a change in the machine's speed touches
both alike; the median of each, and the median of the pairwise ratios (target ≤ 2×).
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURVEY = Path(sys.executable).parent / "survey"  # the command pip installed beside this Python
RUNS, QUICK_RUNS = 15, 3
TARGET_RATIO = 2.0


def _seconds(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - began


def run(quick: bool = False) -> bool:
    survey = [str(SURVEY), "--help"]
    flask = [sys.executable, "-c", "import flask"]
    _seconds(survey), _seconds(flask)  # warm the file cache
    pairs = [(_seconds(survey), _seconds(flask)) for _ in range(QUICK_RUNS if quick else RUNS)]
    mine, floor = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    ratio = statistics.median(a / b for a, b in pairs)
    print(f"command line start-up, {len(pairs)} runs each, in turn (median)")
    print(f"  survey --help {mine * 1000:6.0f} ms   python -c \"import flask\" {floor * 1000:6.0f} ms   "
          f"ratio {ratio:4.2f} × (target ≤ {TARGET_RATIO:.0f})")
    return ratio <= TARGET_RATIO


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
