"""The yearly follow-up's two views: policies × units (levels and response status) and one unit's profile.

Pure: the long score table and the follow-up's response statuses in, one tidy table out, one row per
unit and policy. The page and the exports (CSV for Swedish Excel, XLSX) show the same table.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from survey.i18n import Text, render
from survey.reports.build import APPLICABLE, COMPLIANCE, HEADINGS
from survey.scoring.rules import LEVEL_LABELS

STATUS = "status"
LEVEL_COUNTS = ("met", "partly_met", "not_met", "not_applicable")
STATUS_WORDS = {"not_started": Text("yearly.status.not_started", "Inte påbörjad"),
                "draft": Text("yearly.status.draft", "Utkast"),
                "submitted": Text("yearly.status.submitted", "Inlämnad")}
GRID_HEADINGS = HEADINGS | {STATUS: Text("heading.response_status", "Svarsstatus")} | LEVEL_LABELS
COLUMNS = ["unit", "unit_kind", "policy", "policy_title", STATUS, *LEVEL_COUNTS, APPLICABLE, COMPLIANCE]


def grid(frame: pd.DataFrame, statuses: Iterable[dict]) -> pd.DataFrame:
    """One row per unit and policy of the follow-up: the response status, how many requirements
    are at each level, and the compliance (submitted and scored responses only; empty otherwise).

    `frame` is the long table of the follow-up's year; `statuses` are rows with unit, kind, policy,
    policy_title and status, in the order to show.
    """
    rows = []
    for row in statuses:
        own = frame[(frame["unit"] == row["unit"]) & (frame["policy"] == row["policy"])] \
            if row["status"] == "submitted" else frame.iloc[0:0]
        counts = own["level"].value_counts()
        applicable = own[own["applicable"]]
        total = applicable["max_points"].sum()
        rows.append({"unit": row["unit"], "unit_kind": row["kind"], "policy": row["policy"],
                     "policy_title": row["policy_title"], STATUS: row["status"],
                     **{level: int(counts.get(level, 0)) if len(own) else None for level in LEVEL_COUNTS},
                     APPLICABLE: int(own["applicable"].sum()) if len(own) else None,
                     COMPLIANCE: round(100 * applicable["points"].sum() / total, 1) if total > 0 else None})
    table = pd.DataFrame(rows, columns=COLUMNS)
    for column in (*LEVEL_COUNTS, APPLICABLE):
        table[column] = table[column].astype("Int64")
    table[COMPLIANCE] = table[COMPLIANCE].astype("Float64")
    return table


def profile(table: pd.DataFrame, unit: str) -> pd.DataFrame:
    """One unit across every policy of the follow-up: its rows of the grid."""
    return table[table["unit"] == unit].reset_index(drop=True)


def in_words(table: pd.DataFrame, locale: str = "sv") -> pd.DataFrame:
    """The table as exported: statuses and headings in words."""
    out = table.copy()
    out[STATUS] = out[STATUS].map(lambda code: render(STATUS_WORDS[code](), locale))
    out.columns = [render(GRID_HEADINGS[column](), locale) for column in out.columns]
    return out


def records(table: pd.DataFrame) -> list[dict]:
    """The table's rows as plain dicts, a missing number as None (for a page)."""
    return table.astype(object).where(table.notna(), None).to_dict("records")
