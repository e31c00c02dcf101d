"""The annual-report section: the year's follow-up of one policy, ready for the årsredovisning.

Pure: plain data in (the long score table, the policy's metadata, its revision status from
`survey.scoring.policycheck`, the round's units with their response status, the actions), a
`Document` out: sections of sentences, tables and one chart. `annual_render` draws the same
document as HTML, DOCX and PDF, so every format says the same thing. Words come from the
message catalogue (`survey.i18n`), in Swedish or English.

It leads with the answer (`annual_summary`: 3–5 sentences), then the details, counted as
`annual_model` counts. A unit meets a goal when it gets every point of the applicable,
assessed requirements that serve the goal; partly when it gets some; not when it gets none.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pandas as pd

from survey.i18n import Plural, Text, render
from survey.reports.annual_model import (COUNTED, LEVEL_WORDS, SMALL_BASE, Chart, Count, Document, Section, Table,
                                         goal_counts, goal_levels, overdue, requirement_counts, requirement_titles)
from survey.reports.annual_summary import chart, summary

__all__ = ["LANGS", "Chart", "Count", "Document", "Section", "Table", "build", "goal_levels"]

LANGS = ("sv", "en")
MARKS = {"met": "●", "partly_met": "◐", "not_met": "○", "not_applicable": "–", "not_assessed": "◌"}
UNIT_STATUS = {"not_started": Text("annual.unit.not_started", "ej påbörjad"),
               "draft": Text("annual.unit.draft", "utkast"), "submitted": Text("annual.unit.submitted", "inlämnad")}
ACTION_STATUS = {"planned": Text("annual.action.planned", "planerad"),
                 "in_progress": Text("annual.action.in_progress", "pågår"),
                 "done": Text("annual.action.done", "genomförd"), "stopped": Text("annual.action.stopped", "stoppad")}
ACTION_FIELDS = ("unit", "requirement", "what", "who", "due", "status", "comment")

TITLE = Text("annual.title", "Uppföljning %(year)s: %(policy)s")
SUBTITLE = Text("annual.subtitle", "%(organisation)s. Avsnitt till årsredovisningen.")
OF = Text("annual.of", "%(k)s av %(n)s")
GOALS = Text("annual.goals", "Måluppfyllelse per mål")
GOALS_CAPTION = Text("annual.goals.caption", "Enheter per mål och nivå %(year)s")
GOAL = Text("annual.goal", "Mål")
ASSESSED = Text("annual.assessed", "Bedömda enheter")
MET_IN = Text("annual.met_in", "Uppfyllt %(year)s")
NO_GOALS = Text("annual.no_goals", "Policyn anger inga mål.")
NO_RESULTS = Text("annual.no_results", "Det finns inga bedömda svar för %(year)s.")
MATRIX = Text("annual.matrix", "Måluppfyllelse per enhet och mål")
MATRIX_CAPTION = Text("annual.matrix.caption", "Enheter och mål %(year)s")
UNIT = Text("annual.unit", "Enhet")
KEY = Text("annual.key", "Teckenförklaring: %(marks)s. Målens namn står i tabellen ovan.")
LEFT_OUT = Text("annual.left_out", "Enheter utan inlämnat svar visas inte.")
REQUIREMENTS = Text("annual.requirements", "Kraven")
REQUIREMENTS_CAPTION = Text("annual.requirements.caption", "Enheter per krav och nivå %(year)s")
REQUIREMENT = Text("annual.requirement", "Krav")
ACTIONS = Text("annual.actions", "Åtgärder")
ACTIONS_CAPTION = Text("annual.actions.caption", "Åtgärder planerade %(year)s")
ACTIONS_CAPTION_BEFORE = Text("annual.actions.caption_before", "Åtgärder planerade %(year)s och deras status")
ACTIONS_COUNT = Plural("annual.actions.count", "%(n)s åtgärd är registrerad: %(counts)s.",
                       "%(n)s åtgärder är registrerade: %(counts)s.")
STATUS_COUNTS = {"planned": Plural("annual.actions.planned", "%(n)s planerad", "%(n)s planerade"),
                 "in_progress": Plural("annual.actions.in_progress", "%(n)s pågår", "%(n)s pågår"),
                 "done": Plural("annual.actions.done", "%(n)s genomförd", "%(n)s genomförda"),
                 "stopped": Plural("annual.actions.stopped", "%(n)s stoppad", "%(n)s stoppade")}
OTHER_COUNT = Text("annual.actions.other", "%(n)s %(status)s")
NO_ACTIONS = Text("annual.actions.none", "Inga åtgärder är registrerade.")
OVERDUE = Text("annual.actions.overdue", "%(status)s, försenad")
ACTION_HEADINGS = {"unit": UNIT, "requirement": REQUIREMENT, "what": Text("annual.action.what", "Åtgärd"),
                   "who": Text("annual.action.who", "Ansvarig"), "due": Text("annual.action.due", "Klart senast"),
                   "status": Text("annual.action.status", "Status"),
                   "comment": Text("annual.action.comment", "Kommentar")}
REVISION = Text("annual.revision", "Policyns revidering")
ABOUT = Text("annual.about", "Om underlaget")
METHOD = Text("annual.method",
              "Resultaten bygger på enheternas självskattningar, bedömda med policyns regler. Ett krav räknas "
              "en gång för varje enhet som det gäller. En enhet uppfyller ett mål när den får alla poäng på de "
              "krav som hör till målet och delvis när den får några av dem.")
SMALL = Text("annual.small", "Andelar som bygger på färre än %(n)s enheter är märkta ”litet underlag”: en "
                             "enda enhet kan ändra dem mycket.")
UNITS_CAPTION = Text("annual.units.caption", "Enheternas svar %(year)s")
RESPONSE = Text("annual.response", "Svar")


def _goal_name(goal: dict) -> str:
    return f"{goal['id']} {goal.get('title') or ''}".strip()


def _of(count: Count | None, lang: str) -> str:
    return render(OF(k=count.met, n=count.base), lang) if count and count.base else "–"


def _count_row(label: str, now: Count, before: Count | None, lang: str) -> list[str]:
    figures = [str(now.met), str(now.partly), str(now.not_met), str(now.base)] if now.base else ["–"] * 4
    return [label, *figures, _of(before, lang)]


def _count_head(first: Text, year: int, lang: str) -> list[str]:
    return [render(first(), lang)] + [render(LEVEL_WORDS[lv](), lang) for lv in COUNTED] + \
        [render(ASSESSED(), lang), render(MET_IN(year=year - 1), lang)]


def _goals(now: pd.DataFrame, before: pd.DataFrame, goals: list[dict], year: int, lang: str) -> Section:
    section = Section(render(GOALS(), lang))
    if not goals:
        section.blocks.append(render(NO_GOALS(), lang))
        return section
    ids = [g["id"] for g in goals]
    counts, earlier = goal_counts(now, ids), goal_counts(before, ids)
    table = Table(render(GOALS_CAPTION(year=year), lang), _count_head(GOAL, year, lang),
                  [_count_row(_goal_name(g), counts[g["id"]], earlier[g["id"]], lang) for g in goals],
                  kind="counts", numbers=(1, 2, 3, 4, 5))
    if not any(c.base for c in counts.values()):
        section.blocks += [render(NO_RESULTS(year=year), lang), table]
        return section
    section.blocks.append(chart(goals, counts, table, year, lang))
    return section


def _matrix(now: pd.DataFrame, goals: list[dict], units: list[dict], year: int, lang: str) -> Section:
    """Units and goals: the longer list runs down the rows, so the table is as narrow as it can be."""
    section = Section(render(MATRIX(), lang))
    answered = [u["unit"] for u in units if (now["unit"] == u["unit"]).any()]
    answered += sorted(set(now["unit"].astype(str)) - set(answered))
    if not goals or not answered:
        return section
    levels = goal_levels(now, [g["id"] for g in goals])
    words = {lv: f"{MARKS[lv]} {render(LEVEL_WORDS[lv](), lang)}" for lv in MARKS}

    def cell(unit: str, goal: dict) -> str:
        return words[levels.get((unit, goal["id"]), "not_applicable")]

    if len(goals) > len(answered):
        head = [render(GOAL(), lang)] + answered
        rows = [[_goal_name(g)] + [cell(u, g) for u in answered] for g in goals]
    else:
        head = [render(UNIT(), lang)] + [g["id"] for g in goals]
        rows = [[u] + [cell(u, g) for g in goals] for u in answered]
    section.blocks.append(Table(render(MATRIX_CAPTION(year=year), lang), head, rows, kind="matrix"))
    section.blocks.append(render(KEY(marks=", ".join(words.values())), lang))
    if any(u["status"] != "submitted" for u in units):
        section.blocks.append(render(LEFT_OUT(), lang))
    return section


def _requirements(now: pd.DataFrame, before: pd.DataFrame, year: int, lang: str) -> Section:
    section = Section(render(REQUIREMENTS(), lang))
    titles = requirement_titles(now)
    earlier = requirement_counts(before) if not before.empty else {}
    rows = [_count_row(titles[r], count, earlier.get(r), lang) for r, count in requirement_counts(now).items()]
    if rows:
        section.blocks.append(Table(render(REQUIREMENTS_CAPTION(year=year), lang),
                                    _count_head(REQUIREMENT, year, lang), rows, kind="counts", numbers=(1, 2, 3, 4, 5)))
    return section


def _status(action: dict, today: date, lang: str) -> str:
    code = action.get("status")
    word = render(ACTION_STATUS[code](), lang) if code in ACTION_STATUS else str(code or "")
    return render(OVERDUE(status=word), lang) if overdue(action, today) else word


def _actions(actions: list[dict], units: list[dict], year: int, today: date, lang: str) -> Section:
    section = Section(render(ACTIONS(), lang))
    if not actions:
        section.blocks.append(render(NO_ACTIONS(), lang))
        return section
    order = {u["unit"]: i for i, u in enumerate(units)}
    ordered = sorted(actions, key=lambda a: (a.get("year", year), order.get(a.get("unit"), len(order)),
                                             str(a.get("unit", "")), str(a.get("requirement", "")),
                                             str(a.get("due") or "")))
    codes = [a.get("status") or "" for a in ordered]
    counts = ", ".join(render(STATUS_COUNTS[code](codes.count(code)) if code in STATUS_COUNTS
                              else OTHER_COUNT(n=codes.count(code), status=code), lang)
                       for code in dict.fromkeys(codes))
    section.blocks.append(render(ACTIONS_COUNT(len(actions), counts=counts), lang))
    head = [render(ACTION_HEADINGS[key](), lang) for key in ACTION_FIELDS]
    for planned in sorted({a.get("year", year) for a in ordered}):
        rows = [[_status(a, today, lang) if key == "status" else str(a.get(key) or "") for key in ACTION_FIELDS]
                for a in ordered if a.get("year", year) == planned]
        caption = (ACTIONS_CAPTION if planned == year else ACTIONS_CAPTION_BEFORE)(year=planned)
        section.blocks.append(Table(render(caption, lang), head, rows, kind="actions"))
    return section


def _about(units: list[dict], year: int, lang: str) -> Section:
    rows = [[u["unit"], render(UNIT_STATUS[u["status"]](), lang) if u["status"] in UNIT_STATUS else u["status"]]
            for u in units]
    blocks: list[str | Table | Chart] = [render(METHOD(), lang), render(SMALL(n=SMALL_BASE), lang)]
    if rows:
        blocks.append(Table(render(UNITS_CAPTION(year=year), lang), [render(UNIT(), lang), render(RESPONSE(), lang)],
                            rows))
    return Section(render(ABOUT(), lang), blocks)


def build(frame: pd.DataFrame, policy: dict, revision: dict, units: Iterable[dict], year: int,
          actions: Iterable[dict] = (), *, today: date, organisation: str = "", lang: str = "sv") -> Document:
    """The annual-report section for `year` from the long table (this year and, for change, the last).

    `policy` is the questionnaire's `x-policy` metadata (title, goals); `revision` comes from
    `survey.scoring.policycheck.revision_status`; `units` are the round's units with `unit`, `kind`
    and `status` (not_started, draft, submitted); `actions` are dicts with ACTION_FIELDS and the
    `year` they were planned (default: `year`); an action is overdue when its due date is before `today`.
    """
    if lang not in LANGS:
        raise ValueError(f"Okänt språk {lang!r}; välj ett av {', '.join(LANGS)}.")
    units, actions = list(units), list(actions)
    now, before = frame[frame["year"] == year], frame[frame["year"] == year - 1]
    goals = policy.get("goals") or []
    sections = [summary(now, before, revision, units, actions, year, today, lang),
                _goals(now, before, goals, year, lang), _matrix(now, goals, units, year, lang),
                _requirements(now, before, year, lang), _actions(actions, units, year, today, lang),
                Section(render(REVISION(), lang), [render(revision["message"], lang)]), _about(units, year, lang)]
    return Document(
        title=render(TITLE(year=year, policy=policy.get("title") or policy.get("id", "")), lang),
        subtitle=render(SUBTITLE(organisation=organisation or policy.get("municipality") or ""), lang),
        lang=lang, sections=[section for section in sections if section.blocks])  # no heading over nothing
