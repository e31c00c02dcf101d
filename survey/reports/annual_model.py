"""The annual report's document model and how it counts results, shared by the builder and its summary.

Results are counted one way everywhere: how many units meet a requirement or goal, how
many partly, how many not, of how many assessed (`Count`). Every percentage is followed by
that base (`share`), and a base of fewer than SMALL_BASE units says so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

import pandas as pd
from babel.numbers import format_percent

from survey.i18n import Msg, Plural, Text

SMALL_BASE = 5  # a share resting on fewer units than this is marked as a small base
COUNTED = ("met", "partly_met", "not_met")
FINISHED = ("done", "stopped")
LEVEL_WORDS = {"met": Text("annual.level.met", "Uppfyllt"), "partly_met": Text("annual.level.partly", "Delvis"),
               "not_met": Text("annual.level.not_met", "Ej uppfyllt"),
               "not_applicable": Text("annual.level.not_applicable", "Ej tillämpligt"),
               "not_assessed": Text("annual.level.not_assessed", "Ej bedömt")}
# A percentage and its base: of units, or of requirements counted once per unit they apply to.
SHARES = {
    ("units", False): Plural("annual.share.units", "%(percent)s (%(k)s av %(n)s enhet)",
                             "%(percent)s (%(k)s av %(n)s enheter)"),
    ("units", True): Plural("annual.share.units_small", "%(percent)s (%(k)s av %(n)s enhet; litet underlag)",
                            "%(percent)s (%(k)s av %(n)s enheter; litet underlag)"),
    ("requirements", False): Plural("annual.share.requirements", "%(percent)s (%(k)s av %(n)s krav)",
                                    "%(percent)s (%(k)s av %(n)s krav)"),
    ("requirements", True): Plural("annual.share.requirements_small",
                                   "%(percent)s (%(k)s av %(n)s krav; litet underlag)",
                                   "%(percent)s (%(k)s av %(n)s krav; litet underlag)"),
}


@dataclass(frozen=True)
class Count:
    """How many units are at each counted level of a requirement or goal; `base` is those assessed."""

    met: int = 0
    partly: int = 0
    not_met: int = 0

    @property
    def base(self) -> int:
        return self.met + self.partly + self.not_met

    @classmethod
    def of(cls, levels: Iterable[str]) -> Count:
        found = list(levels)
        return cls(found.count("met"), found.count("partly_met"), found.count("not_met"))


@dataclass(frozen=True)
class Table:
    """A table with a caption, one header row and rows of text; the first column heads each row.

    `kind` tells the renderers how to lay it out on paper (`counts`, `matrix`, `actions`, `list`);
    `numbers` are the columns holding figures (aligned right).
    """

    caption: str
    head: list[str]
    rows: list[list[str]]
    kind: str = "list"
    numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Chart:
    """Bars of the units at each level, one bar per label; drawn by `annual_chart`, its data in `table`."""

    title: str
    alt: str
    labels: list[str]
    counts: list[Count]
    legend: list[str]
    notes: list[str]
    ticks: list[str]
    table: Table


@dataclass
class Section:
    heading: str
    blocks: list[str | Table | Chart] = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str
    lang: str
    sections: list[Section]


def percent(k: int, n: int, lang: str) -> str:
    """A whole percentage as the language writes it ("42 %" with a no-break space, "42%")."""
    return format_percent(k / n, locale=lang)


def share(k: int, n: int, lang: str, *, units: int | None = None, of: str = "units") -> Msg:
    """A percentage followed by its base ("42 % (25 av 60 krav)"); `of` is what the base counts
    (`units` or `requirements`). Given the number of `units` it rests on, fewer than SMALL_BASE are
    marked as a small base (a sentence with several shares of one base says it once instead)."""
    return SHARES[(of, units is not None and units < SMALL_BASE)](n, k=k, percent=percent(k, n, lang))


def goal_levels(frame: pd.DataFrame, goals: list[str]) -> dict[tuple[str, str], str]:
    """(unit, goal) → level, from the requirements that serve each goal (see the module's docstring)."""
    levels: dict[tuple[str, str], str] = {}
    if frame.empty:
        return levels
    served = frame.assign(goal=frame["goal"].astype(str).str.split(",")).explode("goal")
    applicable = served[served["applicable"]]
    sums = applicable.groupby(["unit", "goal"], observed=True)[["points", "max_points"]].sum(min_count=1)
    for (unit, goal), row in sums.iterrows():
        if goal in goals:
            points = 0.0 if pd.isna(row["points"]) else float(row["points"])
            maximum = 0.0 if pd.isna(row["max_points"]) else float(row["max_points"])
            levels[(str(unit), str(goal))] = _level(points, maximum)
    return levels


def _level(points: float, max_points: float) -> str:
    if max_points <= 0:
        return "not_assessed"
    return "met" if points >= max_points else "partly_met" if points > 0 else "not_met"


def goal_counts(frame: pd.DataFrame, goals: list[str]) -> dict[str, Count]:
    levels = goal_levels(frame, goals)
    return {goal: Count.of(lv for (_u, g), lv in levels.items() if g == goal) for goal in goals}


def requirement_counts(frame: pd.DataFrame) -> dict[str, Count]:
    """Requirement → its count over the units it applies to, in rule-set order."""
    applicable = frame[frame["applicable"]]
    return {requirement: Count.of(applicable.loc[applicable["requirement"] == requirement, "level"].astype(str))
            for requirement in pd.unique(frame["requirement"].astype(str))}


def overall(frame: pd.DataFrame) -> tuple[Count, int]:
    """Every (unit, requirement) assessment counted once, and the number of units they come from."""
    applicable = frame[frame["applicable"] & frame["level"].isin(COUNTED)]
    return Count.of(applicable["level"].astype(str)), applicable["unit"].nunique()


def requirement_titles(frame: pd.DataFrame) -> dict[str, str]:
    """Requirement → "N1 Mål på kort och lång sikt"."""
    return {str(r): f"{r} {t}".strip() for r, t in zip(frame["requirement"].astype(str),
                                                       frame["requirement_title"].astype(str))}


def overdue(action: dict, today: date) -> bool:
    """Past its due date and neither done nor stopped."""
    due = str(action.get("due") or "")
    return bool(due) and due < today.isoformat() and action.get("status") not in FINISHED
