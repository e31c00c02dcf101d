"""Benchmark: hostile uploads are refused cheaply.

A 60 kB XLSX decompression bomb, a workbook stretched to half a million empty rows, and a
500 kB CSV of blank rows: each must be refused within TARGET_SECONDS (before the limits, the
bomb took 43 s and 447 MB, the blank CSV 45 s).
"""
from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey.uploads import sheet  # noqa: E402

TARGET_SECONDS = 1.0
STRETCHED_ROWS, QUICK_STRETCHED_ROWS = 500_000, 50_000  # the latter for `bench/run.py --quick`


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 60_000_000 + b">")
    return buffer.getvalue()


def stretched(rows: int) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Enhet", "Typ"])
    book.active.cell(row=rows, column=1, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(quick: bool = False) -> bool:
    rows = QUICK_STRETCHED_ROWS if quick else STRETCHED_ROWS
    cases = {"xlsx bomb": (bomb(), "a.xlsx"), f"xlsx {rows:,} rows".replace(",", " "): (stretched(rows), "a.xlsx"),
             "csv of blank rows": (b"Enhet;Typ\r\n" + b";;;;\r\n" * 85_000, "a.csv")}
    ok = True
    print(f"limits: hostile uploads refused within {TARGET_SECONDS} s")
    for name, (data, filename) in cases.items():
        began = time.perf_counter()
        rows, problems = sheet.read_table(data, filename)
        took = time.perf_counter() - began
        refused = not rows and problems and problems[0].blocking
        met = refused and took <= TARGET_SECONDS
        ok &= bool(met)
        print(f"  {name:<20} {len(data) // 1024:>5} kB  {took:6.3f} s  {'refused' if refused else 'ACCEPTED'}"
              f"  {'ok' if met else 'MISSED'}")
    return ok


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
