"""Reports: named pivots over the long score table, built with pandas.

Pure: rows in, plain `Report` out. The web page, the CLI and every export render the
same `Report`, so a number on screen is the number in the spreadsheet.

The long table has one row per unit, year and requirement (see COLUMNS). Compliance
is sum(points) / sum(max_points) over assessed applicable requirements, and is
always shown beside the number of applicable requirements it rests on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd

from survey.content.questionnaire import UNIT_KINDS
from survey.i18n import Msg, Plural, Text, render
from survey.scoring.rules import LEVEL_LABELS, LEVELS

COLUMNS = ["organisation", "policy", "year", "unit", "unit_kind", "requirement", "requirement_title", "goal",
           "kind", "level", "points", "max_points", "applicable", "comment"]
TEXT = ["organisation", "policy", "unit", "unit_kind", "requirement", "requirement_title", "goal", "kind", "level",
        "comment"]
# Columns the builder adds, by code; `heading` gives their words.
COMPLIANCE, APPLICABLE, CHANGE, APPLIES_TO, SUMMARY = "compliance", "applicable_count", "change", "applies_to", "summary"
COMPLIANCE_ALL = "compliance_all"
ALL_UNITS = "all_units"  # the row of the whole organisation in a trend
HEADINGS = {
    "organisation": Text("heading.organisation", "Kommun"), "policy": Text("heading.policy", "Policy"),
    "policy_title": Text("heading.policy_title", "Policyns titel"),
    "year": Text("heading.year", "År"), "unit": Text("heading.unit", "Enhet"),
    "unit_kind": Text("heading.unit_kind", "Enhetstyp"), "requirement": Text("heading.requirement", "Krav"),
    "requirement_title": Text("heading.requirement_title", "Kravets rubrik"), "goal": Text("heading.goal", "Mål"),
    "kind": Text("heading.kind", "Typ"), "level": Text("heading.level", "Nivå"),
    "points": Text("heading.points", "Poäng"), "max_points": Text("heading.max_points", "Maxpoäng"),
    "applicable": Text("heading.applicable", "Tillämpligt"), "comment": Text("heading.comment", "Förklaring"),
    COMPLIANCE: Text("heading.compliance", "Måluppfyllelse %"),
    APPLICABLE: Text("heading.applicable_count", "Tillämpliga krav"),
    CHANGE: Text("heading.change", "Förändring"),
    APPLIES_TO: Text("heading.applies_to", "Enheter där kravet gäller"),
    SUMMARY: Text("heading.summary", "Sammanfattning"),
    COMPLIANCE_ALL: Text("heading.compliance_all", "Måluppfyllelse % (hela kommunen)"),
    ALL_UNITS: Text("heading.all_units", "Hela kommunen"),
}
# "8 av 12 nämnder uppfyller kravet", by the kind of the units counted.
MEET_COUNT = {
    "kommunstyrelse": Plural("summary.kommunstyrelse", "%(met)s av %(n)s kommunstyrelse uppfyller kravet",
                             "%(met)s av %(n)s kommunstyrelser uppfyller kravet"),
    "nämnd": Plural("summary.nämnd", "%(met)s av %(n)s nämnd uppfyller kravet",
                    "%(met)s av %(n)s nämnder uppfyller kravet"),
    "förvaltning": Plural("summary.förvaltning", "%(met)s av %(n)s förvaltning uppfyller kravet",
                          "%(met)s av %(n)s förvaltningar uppfyller kravet"),
    "bolag": Plural("summary.bolag", "%(met)s av %(n)s bolag uppfyller kravet",
                    "%(met)s av %(n)s bolag uppfyller kravet"),
    None: Plural("summary.unit", "%(met)s av %(n)s enhet uppfyller kravet",
                 "%(met)s av %(n)s enheter uppfyller kravet"),
}
NOTHING = Text("report.nothing", "Inga inlämnade och bedömda svar matchar urvalet.")
UNEQUAL_BASES = Text("report.unequal_bases", "Enheterna bedöms på olika många tillämpliga krav (%(low)s–%(high)s). "
                     "Jämför måluppfyllelsen med det i åtanke.")
CHOOSE_UNIT = Text("report.choose_unit", "Välj en enhet för att visa dess profil.")
UNIT_HAS_NOTHING = Text("report.unit_has_nothing", "Enheten har inga inlämnade och bedömda svar i urvalet.")


@dataclass
class Report:
    """A built report: its table, per-row compliance, warnings and how to draw it."""

    name: str
    kind: str
    title: str
    description: str
    chart: str
    table: pd.DataFrame
    warnings: list[Msg] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    value: str = "level"
    requirement_titles: dict[str, str] = field(default_factory=dict)


def long_table(rows: Iterable[dict], locale: str = "sv") -> pd.DataFrame:
    """The tidy long table, repeated text as categories (small and fast to group); explanations in words."""
    frame = pd.DataFrame([row | {"comment": render(row["comment"], locale)} for row in rows], columns=COLUMNS)
    for column in TEXT:
        frame[column] = frame[column].astype("category")
    frame["year"] = frame["year"].astype("int64")
    frame["points"] = frame["points"].astype("float64")
    frame["max_points"] = frame["max_points"].astype("float64")
    frame["applicable"] = frame["applicable"].astype(bool)
    return frame


def select(frame: pd.DataFrame, filters: dict[str, Any]) -> pd.DataFrame:
    """Rows matching every filter (a value or a list of values)."""
    mask = pd.Series(True, index=frame.index)
    for column, wanted in filters.items():
        if wanted is None or wanted == [] or column not in frame:
            continue
        values = wanted if isinstance(wanted, list) else [wanted]
        mask &= frame[column].isin(values)
    return frame[mask]


def _compliance(points: pd.Series, max_points: pd.Series) -> pd.Series:
    return (100 * points / max_points.where(max_points > 0)).round(1)


def _grouped_compliance(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys, observed=True, sort=False)
    sums = grouped[["points", "max_points"]].sum(min_count=1)
    sums[APPLICABLE] = grouped["applicable"].sum().astype("int64")
    sums[COMPLIANCE] = _compliance(sums["points"], sums["max_points"])
    return sums


def _order(frame: pd.DataFrame) -> pd.DataFrame:
    """Unit kinds in the natural order and requirements in rule-set order (on the codes, not the text)."""
    changes = {}
    if "unit_kind" in frame:
        present = set(frame["unit_kind"].cat.categories)
        changes["unit_kind"] = frame["unit_kind"].cat.set_categories(
            [k for k in UNIT_KINDS if k in present] + sorted(present - set(UNIT_KINDS)), ordered=True)
    if "requirement" in frame:
        first_seen = list(pd.unique(frame["requirement"].cat.codes))
        categories = frame["requirement"].cat.categories
        changes["requirement"] = frame["requirement"].cat.reorder_categories(
            list(categories[first_seen]) + [c for i, c in enumerate(categories) if i not in set(first_seen)],
            ordered=True)
    return frame.assign(**changes)


def _sort_key(level: pd.Index) -> pd.Index:
    if level.name == "unit_kind":
        return pd.Index([UNIT_KINDS.index(k) if k in UNIT_KINDS else len(UNIT_KINDS) for k in level.astype(str)])
    if level.name == "goal":  # M2 before M10
        return pd.Index([(len(g), g) for g in level.astype(str)])
    return level


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    """Rows by unit kind (kommunstyrelse first) and goals in their natural order."""
    names = [n for n in table.index.names if n in ("unit_kind", "goal")]
    if not names:
        return table
    order = names + [n for n in table.index.names if n not in names]
    return table.sort_index(level=order, key=_sort_key, sort_remaining=False) if table.index.nlevels > 1 \
        else table.sort_index(key=_sort_key)


def _explode_goals(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per goal a requirement serves (requirements with no goal are left out)."""
    goals = frame["goal"].astype(str).str.split(",")
    frame = frame.assign(goal=goals).explode("goal")
    return frame[frame["goal"].str.len() > 0]


def _pivot(frame: pd.DataFrame, definition: dict) -> pd.DataFrame:
    index, columns = definition["index"], definition.get("columns", [])
    value, aggregation = definition["value"], definition["aggregation"]
    if aggregation == "compliance":
        sums = _grouped_compliance(frame, index + columns)[COMPLIANCE]
        return sums.unstack(columns) if columns else sums.to_frame()
    if aggregation == "count" and columns == ["level"]:
        counts = frame.groupby(index + ["level"], observed=True, sort=False).size().unstack("level", fill_value=0)
        counts = counts.reindex(columns=[lv for lv in LEVELS if lv in counts.columns], fill_value=0)
        return counts.astype("int64")
    if value == "level":
        first = frame.groupby(index + columns, observed=True, sort=True)["level"].first().astype(str)
        return first.unstack(columns) if columns else first.to_frame()
    values = value if value in ("max_points", "applicable") else "points"
    return frame.pivot_table(index=index, columns=columns or None, values=values, aggfunc=aggregation,
                             observed=True)


def _pivoted(definition: dict, frame: pd.DataFrame, filters: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The rows the report covers, their pivot (empty when no rows) and the warnings so far."""
    data = select(frame, filters)
    if "goal" in definition["index"] + definition.get("columns", []):
        data = _explode_goals(data)
    data = _order(data)
    if data.empty:
        return data, pd.DataFrame(), [NOTHING()]
    return data, _sorted(_pivot(data, definition)), []


def _pivot_report(definition: dict, frame: pd.DataFrame, filters: dict[str, Any]) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """A plain pivot of the definition's value."""
    data, table, warnings = _pivoted(definition, frame, filters)
    return table, warnings, data


def _unit_matrix(definition: dict, frame: pd.DataFrame, filters: dict[str, Any]) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """Units by requirements: each row's compliance and applicable count beside it; warn on unequal bases."""
    data, table, warnings = _pivoted(definition, frame, filters)
    if table.empty:
        return table, warnings, data
    summary = _grouped_compliance(data, definition["index"])[[COMPLIANCE, APPLICABLE]]
    table = table.join(summary)
    counts = summary[APPLICABLE]
    if counts.nunique() > 1:
        warnings.append(UNEQUAL_BASES(low=int(counts.min()), high=int(counts.max())))
    return table, warnings, data


def _requirement_summary(definition: dict, frame: pd.DataFrame, filters: dict[str, Any]) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """Units per level for each requirement, with a sentence to quote: "8 av 12 nämnder uppfyller kravet"."""
    data, table, warnings = _pivoted(definition, frame, filters)
    if table.empty:
        return table, warnings, data
    kinds = set(data["unit_kind"].astype(str))
    sentence = MEET_COUNT[next(iter(kinds)) if len(kinds) == 1 and next(iter(kinds)) in MEET_COUNT else None]
    table = table.copy()
    applicable = table.drop(columns=["not_applicable"], errors="ignore").sum(axis=1)
    met = table["met"] if "met" in table else pd.Series(0, index=table.index)
    table[APPLIES_TO] = applicable
    table[SUMMARY] = [sentence(int(a), met=int(m)) for m, a in zip(met, applicable)]
    return table[table[APPLIES_TO] > 0], warnings, data


def _trend(definition: dict, frame: pd.DataFrame, filters: dict[str, Any]) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """Compliance by year: the whole organisation's row beside the others, and the change over the last year."""
    data, table, warnings = _pivoted(definition, frame, filters)
    if table.empty:
        return table, warnings, data
    overall = _grouped_compliance(data, ["year"])[COMPLIANCE]
    if table.index.nlevels == 1:
        total = pd.DataFrame([overall.to_numpy()], columns=table.columns,
                             index=pd.Index([ALL_UNITS], name=table.index.name))
        table = pd.concat([table, total])
    years = sorted(c for c in table.columns if isinstance(c, int))
    if len(years) >= 2:
        table[CHANGE] = (table[years[-1]] - table[years[-2]]).round(1)
    return table, warnings, data


def _unit_profile(definition: dict, frame: pd.DataFrame, filters: dict[str, Any]) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """One unit's compliance beside the whole organisation's, each with its applicable count."""
    unit = filters.get("unit")
    if not unit or isinstance(unit, list):
        return pd.DataFrame(), [CHOOSE_UNIT()], frame.iloc[0:0]
    everyone = select(frame, {k: v for k, v in filters.items() if k != "unit"})
    mine = everyone[everyone["unit"] == unit]
    if mine.empty:
        return pd.DataFrame(), [UNIT_HAS_NOTHING()], mine
    index = definition["index"]
    own = _grouped_compliance(mine, index)[[COMPLIANCE, APPLICABLE]]
    organisation = _grouped_compliance(everyone, index)[[COMPLIANCE]]
    organisation.columns = [COMPLIANCE_ALL]
    return own.join(organisation).sort_index(), [], mine


# What each kind of report adds to its pivot; a definition names its kind (see report.schema.json).
KINDS = {
    "pivot": _pivot_report,
    "unit_matrix": _unit_matrix,
    "requirement_summary": _requirement_summary,
    "trend": _trend,
    "unit_profile": _unit_profile,
}
# Kinds that compare years, so that a page need not narrow them to one year.
OVER_YEARS = {"trend", "unit_profile"}


def build(name: str, definition: dict, frame: pd.DataFrame, filters: dict[str, Any] | None = None) -> Report:
    """A report from its definition over the long table, narrowed by the definition's and the user's filters."""
    filters = {**definition.get("filters", {}), **(filters or {})}
    table, warnings, data = KINDS[definition["kind"]](definition, frame, filters)
    titles = {}
    if "requirement" in definition.get("columns", []) and not data.empty:  # headed by ids: a key gives the titles
        pairs = data[["requirement", "requirement_title"]].drop_duplicates()
        titles = {str(r): str(t) for r, t in zip(pairs["requirement"], pairs["requirement_title"])}
    return Report(name=name, kind=definition["kind"], title=definition["title"],
                  description=definition.get("description", ""), chart=definition.get("chart", "table"),
                  table=table, warnings=warnings, filters=filters,
                  value=definition["value"] if definition["aggregation"] != "count" else "count",
                  requirement_titles=titles)


def default_year(definition: dict, frame: pd.DataFrame, years: list[int]) -> int | None:
    """The year a report shows when none is chosen: the latest with results (a newly opened round has none yet),
    else the latest round's; None when the report's rows or columns are years, or it compares years."""
    axes = definition["index"] + definition.get("columns", [])
    if "year" in axes or definition["kind"] in OVER_YEARS or not years:
        return None
    scored = frame["year"].dropna() if len(frame) else []
    return int(max(scored)) if len(scored) else years[-1]


GOAL_SUMMARY = ["policy", "year", "unit", "unit_kind", "goal"]


def goal_summaries(frame: pd.DataFrame) -> pd.DataFrame:
    """Compliance per policy, year, unit and goal, beside the applicable requirements and points it rests on;
    a requirement counts towards every goal it serves. Ordered by policy, year, unit and goal (M2 before M10)."""
    data = _explode_goals(frame)
    columns = GOAL_SUMMARY + [COMPLIANCE, APPLICABLE, "points", "max_points"]
    if data.empty:
        return pd.DataFrame(columns=columns)
    sums = _grouped_compliance(data, GOAL_SUMMARY).reset_index()
    sums = sums.assign(goal_length=sums["goal"].astype(str).str.len())
    return sums.sort_values(["policy", "year", "unit", "goal_length", "goal"])[columns].reset_index(drop=True)


def level_label(value: Any) -> Msg | str:
    """A level's name (a Msg), or the value itself when it is no level."""
    if value in LEVEL_LABELS:
        return LEVEL_LABELS[value]()
    return "" if value is None or value != value else str(value)


def heading(column: Any) -> Msg | str:
    """A column's or a row key's heading: a Msg for the builder's own codes and levels, else the key."""
    if isinstance(column, str) and column in HEADINGS:
        return HEADINGS[column]()
    return level_label(column) if isinstance(column, str) else str(column)
