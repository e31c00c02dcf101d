"""Benchmark: reports at national scale.

Synthetic long table: 290 municipalities × 25 units × 10 years × both policies (about
2.4 million rows). Times the units × requirements report and the year trend (the shipped
definitions `enheter-krav` and `utveckling`, with the municipality added to their rows),
each against the plain pandas pivot_table it rests on, and the long-table CSV export
against plain to_csv on the same frame and against the pandas path it replaced (the Polars
writer must stay under 5 s and be byte-identical to the pandas path on a 10,000-row
sample); and the peak memory of the whole run (in a child process, so nothing else is
counted).
"""
from __future__ import annotations

import io
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey.content import lint
from survey.reports import build as reports  # noqa: E402
from survey.reports import export

MUNICIPALITIES, UNITS, YEARS = 290, 25, list(range(2017, 2027))
TARGET_SECONDS, TARGET_REPORT_RATIO, TARGET_EXPORT_SECONDS, TARGET_MB = 2.0, 2.0, 5.0, 2048
SAMPLE_ROWS = 10_000
QUICK_MUNICIPALITIES = 3  # `bench/run.py --quick`: the same code paths on a few thousand rows
GRID, TREND = "enheter-krav", "utveckling"  # shipped report definitions, compared across municipalities


def national(definition: dict) -> dict:
    """A shipped report definition over every municipality: the municipality first in its rows."""
    return definition | {"index": ["organisation"] + [c for c in definition["index"] if c != "organisation"]}


def coded(values: list[str], codes: np.ndarray) -> pd.Categorical:
    """A categorical column from per-code values (which may repeat) and codes."""
    categories = list(dict.fromkeys(values))
    mapping = np.array([categories.index(v) for v in values])
    return pd.Categorical.from_codes(mapping[codes], categories)


def national_frame(content, municipalities: int, seed: int = 1) -> pd.DataFrame:
    """The long table for every municipality, unit, year and requirement of both policies."""
    rng = np.random.default_rng(seed)
    kinds = ["kommunstyrelse"] + ["nämnd"] * 12 + ["förvaltning"] * 8 + ["bolag"] * 4
    levels = ["met", "partly_met", "not_met", "not_assessed", "not_applicable"]
    comments = ["Uppfyllt: alla kriterier är uppfyllda.",
                "Delvis uppfyllt: 1 av 2 kriterier uppfyllda. Inte uppfyllt: =Plan finns (svar: nej)."]
    parts = []
    for policy, ruleset in content.rulesets.items():
        specs = ruleset["requirements"]
        n_req, per_unit = len(specs), len(YEARS) * len(specs)
        org = np.repeat(np.arange(municipalities, dtype=np.int32), UNITS * per_unit)
        unit = np.tile(np.repeat(np.arange(UNITS, dtype=np.int32), per_unit), municipalities)
        year = np.tile(np.repeat(np.array(YEARS), n_req), municipalities * UNITS)
        req = np.tile(np.arange(n_req, dtype=np.int32), municipalities * UNITS * len(YEARS))
        applies = np.array([[k in spec["applies_to"] for k in kinds] for spec in specs])  # requirement × unit
        applicable = applies[req, unit]
        level = np.searchsorted([0.45, 0.8, 0.97], rng.random(len(req)))  # met, partly, not met, not assessed
        level[~applicable] = 4
        scored = level < 3
        parts.append(pd.DataFrame({
            "organisation": pd.Categorical.from_codes(org, [f"Kommun {i:03d}" for i in range(municipalities)]),
            "policy": pd.Categorical.from_codes(np.zeros(len(req), dtype=np.int8), [policy]), "year": year,
            "unit": pd.Categorical.from_codes(unit, [f"Enhet {i:02d}" for i in range(UNITS)]),
            "unit_kind": coded(kinds, unit),
            "requirement": coded([s["id"] for s in specs], req),
            "requirement_title": coded([s["title"] for s in specs], req),
            "goal": coded([",".join(s["goals"]) for s in specs], req),
            "kind": coded([s["kind"] for s in specs], req),
            "level": pd.Categorical.from_codes(level, levels),
            "points": np.where(scored, np.array([2.0, 1.0, 0.0, 0.0, 0.0])[level], np.nan),
            "max_points": np.where(scored, 2.0, np.nan), "applicable": applicable,
            "comment": pd.Categorical.from_codes((level != 0).astype(np.int8), comments),
        }))
    return pd.concat(parts, ignore_index=True)  # categories of the two policies are unioned below


def timed(work, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def measure(municipalities: int) -> dict:
    content = lint.load(ROOT)
    unit_grid, trend = national(content.reports[GRID]), national(content.reports[TREND])
    start = time.perf_counter()
    frame = national_frame(content, municipalities)
    for column in reports.TEXT:
        frame[column] = frame[column].astype("category")
    made = time.perf_counter() - start
    policy, year = "falkoping-integrationspolicy", YEARS[-1]
    one_year = {"policy": policy, "year": year}

    def plain_grid():
        rows = frame[(frame["policy"] == policy) & (frame["year"] == year)]
        rows.pivot_table(index=unit_grid["index"], columns="requirement", values="level", aggfunc="first",
                         observed=True)

    def plain_trend():
        rows = frame[frame["policy"] == policy]
        sums = rows.pivot_table(index=trend["index"], columns="year", values=["points", "max_points"],
                                aggfunc="sum", observed=True)
        (100 * sums["points"] / sums["max_points"]).round(1)

    def plain_csv():
        frame.to_csv(io.BytesIO(), sep=";", decimal=",", index=False, lineterminator="\r\n", encoding="utf-8-sig")

    results = {
        "rows": len(frame), "made": made,
        "grid": timed(lambda: reports.build(GRID, unit_grid, frame, one_year)), "grid_plain": timed(plain_grid),
        "trend": timed(lambda: reports.build(TREND, trend, frame, {"policy": policy})),
        "trend_plain": timed(plain_trend),
        "export": timed(lambda: export.to_bytes(export.long_frame(frame), "csv-excel")),
        "export_plain": timed(plain_csv, runs=1),
        "export_csv": timed(lambda: export.to_bytes(export.long_frame(frame), "csv")),
    }
    sample = export.long_frame(frame.sample(min(SAMPLE_ROWS, len(frame)), random_state=1))
    results["identical"] = int(all(export.csv_fast(sample, fmt) == export.csv_pandas(sample, fmt)
                                   for fmt in export.DIALECTS))
    results["export_pandas"] = timed(lambda: export.csv_pandas(export.long_frame(frame), "csv-excel"), runs=1)
    results["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def run(quick: bool = False) -> bool:
    """Measure in a child process so its peak memory is the reports' alone."""
    municipalities = QUICK_MUNICIPALITIES if quick else MUNICIPALITIES
    child = subprocess.run([sys.executable, __file__, "--child", str(municipalities)], capture_output=True, text=True)
    if child.returncode:
        raise RuntimeError(f"the reports benchmark failed:\n{child.stderr}")
    r = {k: float(v) for k, v in (line.split("=") for line in child.stdout.split())}
    print(f"reports at {'national' if not quick else 'small'} scale: {int(r['rows']):,} rows "
          f"({municipalities} municipalities × {UNITS} units × {len(YEARS)} years × 2 policies; made in {r['made']:.1f} s)")
    checks = []
    for name, label, target in (("grid", "units × requirements, one year", TARGET_REPORT_RATIO),
                                ("trend", "trend over years", TARGET_REPORT_RATIO)):
        ratio = r[name] / r[f"{name}_plain"]
        checks.append(r[name] < TARGET_SECONDS and ratio <= target)
        print(f"  {label:<32} {r[name]:6.2f} s   plain pandas {r[f'{name}_plain']:6.2f} s   "
              f"ratio {ratio:4.2f} × (target ≤ {target}, < 2 s)")
    checks += [r["export"] < TARGET_EXPORT_SECONDS, r["export_csv"] < TARGET_EXPORT_SECONDS, r["identical"] == 1]
    print(f"  {'long table to Excel CSV':<32} {r['export']:6.2f} s   plain pandas {r['export_plain']:6.2f} s   "
          f"pandas path {r['export_pandas']:6.2f} s (target < {TARGET_EXPORT_SECONDS:.0f} s)")
    print(f"  {'long table to plain CSV':<32} {r['export_csv']:6.2f} s (target < {TARGET_EXPORT_SECONDS:.0f} s)")
    print(f"  byte-identical to the pandas path on {min(SAMPLE_ROWS, int(r['rows'])):,} rows, both dialects: "
          f"{'yes' if r['identical'] else 'NO'}")
    print(f"  peak memory {r['peak_mb']:,.0f} MB (target < {TARGET_MB:,} MB)")
    return all(checks) and r["peak_mb"] < TARGET_MB


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    print(" ".join(f"{k}={v}" for k, v in measure(int(sys.argv[2])).items()))
