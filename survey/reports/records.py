"""Records for the read API: rows of the long table, goal summaries and report tables as plain dicts.

Made from the same rows and by the same builder as the web's reports and exports, so a number
read through the API is the number on the page and in the spreadsheet.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from survey.i18n import render
from survey.reports import build, export


def plain(value: Any) -> Any:
    """A cell as JSON has it: numpy scalars as Python numbers, a missing number as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def result(row: dict, locale: str) -> dict:
    """A row of the long table (`survey.store.scores`): its level in words too, its goals as a list."""
    level = row["level"]
    return {
        "organisation": row["organisation"], "policy": row["policy"], "round_id": row["round_id"],
        "year": row["year"], "unit_id": row["unit_id"], "unit": row["unit"], "unit_kind": row["unit_kind"],
        "requirement": row["requirement"], "requirement_title": row["requirement_title"],
        "goals": _goals(row["goal"]), "kind": row["kind"], "level": level, "level_label": level_words(level, locale),
        "points": row["points"], "max_points": row["max_points"], "applicable": row["applicable"],
        "comment": render(row["comment"], locale)}


@lru_cache(maxsize=64)
def level_words(level: str, locale: str) -> str:
    return render(build.level_label(level), locale)


@lru_cache(maxsize=1024)
def _goals(joined: str) -> tuple[str, ...]:
    """The long table's comma-joined goals as a tuple (shared between rows, so never to be changed)."""
    return tuple(joined.split(",")) if joined else ()


def goal_summaries(frame: pd.DataFrame) -> list[dict]:
    """Compliance per policy, year, unit and goal (see `survey.reports.build.goal_summaries`)."""
    table = build.goal_summaries(frame)
    names = {build.COMPLIANCE: "compliance", build.APPLICABLE: "applicable_count"}
    return [{names.get(key, key): plain(value) for key, value in zip(table.columns, row)}
            for row in table.itertuples(index=False, name=None)]


def report_table(report: build.Report, locale: str) -> tuple[pd.DataFrame, list[dict]]:
    """A report's table as the web page's downloads have it (`survey.reports.export.flat`), and a record
    per row keyed by the column headings."""
    table = export.flat(report, locale)
    columns = [str(column) for column in table.columns]
    return table, [{column: plain(value) for column, value in zip(columns, row)}
                   for row in table.itertuples(index=False, name=None)]
