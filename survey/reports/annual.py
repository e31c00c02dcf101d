"""The annual-report section: the year's follow-up of one policy, ready for the årsredovisning.

Pure: plain data in (the long score table, the policy's metadata, its revision status, the
round's units with their response status, the actions), a `Document` out: sections of
sentences and tables. `survey.annual_render` draws the same document as HTML, DOCX and PDF,
so every format says the same thing. Texts come from CATALOGUE, in Swedish or English.

A unit meets a goal when it gets every point of the applicable, assessed requirements that
serve the goal; partly when it gets some; not when it gets none.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd

LANGS = ("sv", "en")
MARKS = {"met": "●", "partly_met": "◐", "not_met": "○", "not_applicable": "–", "not_assessed": "◌"}
CATALOGUE: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Uppföljning {year}: {policy}",
        "subtitle": "{organisation}. Avsnitt till årsredovisningen.",
        "summary": "Sammanfattning",
        "submitted": "{n} av {total} enheter har lämnat in sin självskattning för {year}.",
        "all_submitted": "Alla enheter har lämnat in.",
        "not_submitted": "Har inte lämnat in: {units}.",
        "compliance": "Måluppfyllelsen är {now} ({points} av {max} möjliga poäng, {units}).",
        "change": "År {year} var den {before} ({units}): en förändring med {delta} procentenheter.",
        "no_previous": "Det finns inga bedömda svar från {year} att jämföra med.",
        "goal_sentence": "Mål {goal} ({title}): {met} av {total} enheter uppfyller målet{partly}.",
        "goal_partly": ", {n} delvis",
        "goal_previous": " ({met} av {total} år {year})",
        "no_goals": "Policyn anger inga mål.",
        "requirement_sentence": "{met} av {total} {noun} uppfyller kravet",
        "requirement_sentence_one": "{met} av {total} {noun} uppfyller kravet",
        "matrix": "Måluppfyllelse per enhet och mål",
        "matrix_caption": "Enheter och mål {year}",
        "unit": "Enhet",
        "key": "Teckenförklaring: {marks}.",
        "left_out": "Enheter utan inlämnat svar visas inte.",
        "requirements": "Kraven",
        "requirements_caption": "Kraven {year}",
        "requirement": "Krav",
        "requirement_title": "Rubrik",
        "result": "Resultat {year}",
        "previous": "Resultat {year}",
        "none": "–",
        "actions": "Åtgärder",
        "actions_caption": "Planerade åtgärder",
        "no_actions": "Inga åtgärder är registrerade.",
        "actions_count": "{n} åtgärder är registrerade: {counts}.",
        "what": "Åtgärd", "who": "Ansvarig", "due": "Klart senast", "status": "Status", "comment": "Kommentar",
        "revision": "Policyns revidering",
        "revision_ok": "Policyn är aktuell: senast beslutad {last}. Nästa revision senast {due}.",
        "revision_due": "Policyn behöver revideras: senast beslutad {last}; revision har krävts sedan {due}.",
        "revision_unknown": "Det går inte att bedöma när policyn ska revideras: den anger inget datum för "
                            "beslut eller senaste revision.",
        "percent": "{value} %",
    },
    "en": {
        "title": "Follow-up {year}: {policy}",
        "subtitle": "{organisation}. Section for the annual report.",
        "summary": "Summary",
        "submitted": "{n} of {total} units have submitted their self-assessment for {year}.",
        "all_submitted": "All units have submitted.",
        "not_submitted": "Not submitted: {units}.",
        "compliance": "Compliance is {now} ({points} of {max} possible points, {units}).",
        "change": "In {year} it was {before} ({units}): a change of {delta} percentage points.",
        "no_previous": "There are no assessed responses from {year} to compare with.",
        "goal_sentence": "Goal {goal} ({title}): {met} of {total} units meet the goal{partly}.",
        "goal_partly": ", {n} partly",
        "goal_previous": " ({met} of {total} in {year})",
        "no_goals": "The policy states no goals.",
        "requirement_sentence": "{met} of {total} {noun} meet the requirement",
        "requirement_sentence_one": "{met} of {total} {noun} meets the requirement",
        "matrix": "Compliance by unit and goal",
        "matrix_caption": "Units and goals {year}",
        "unit": "Unit",
        "key": "Key: {marks}.",
        "left_out": "Units without a submitted response are not shown.",
        "requirements": "Requirements",
        "requirements_caption": "Requirements {year}",
        "requirement": "Requirement",
        "requirement_title": "Title",
        "result": "Result {year}",
        "previous": "Result {year}",
        "none": "–",
        "actions": "Actions",
        "actions_caption": "Planned actions",
        "no_actions": "No actions are recorded.",
        "actions_count": "{n} actions are recorded: {counts}.",
        "what": "Action", "who": "Responsible", "due": "Due", "status": "Status", "comment": "Comment",
        "revision": "Revision of the policy",
        "revision_ok": "The policy is current: last decided {last}. Next revision by {due}.",
        "revision_due": "The policy needs revision: last decided {last}; revision has been required since {due}.",
        "revision_unknown": "When the policy is due for revision cannot be told: it states no date of decision "
                            "or last revision.",
        "percent": "{value}%",
    },
}
LEVEL_WORDS = {
    "sv": {"met": "Uppfyllt", "partly_met": "Delvis", "not_met": "Ej uppfyllt", "not_applicable": "Ej tillämpligt",
           "not_assessed": "Ej bedömt"},
    "en": {"met": "Met", "partly_met": "Partly", "not_met": "Not met", "not_applicable": "Not applicable",
           "not_assessed": "Not assessed"},
}
UNIT_STATUS = {"sv": {"not_started": "ej påbörjad", "draft": "utkast", "submitted": "inlämnad"},
               "en": {"not_started": "not started", "draft": "draft", "submitted": "submitted"}}
ACTION_STATUS = {
    "sv": {"planned": "planerad", "in_progress": "pågår", "done": "genomförd", "stopped": "stoppad"},
    "en": {"planned": "planned", "in_progress": "in progress", "done": "done", "stopped": "stopped"},
}
NOUNS = {
    "sv": {"kommunstyrelse": ("kommunstyrelse", "kommunstyrelser"), "nämnd": ("nämnd", "nämnder"),
           "förvaltning": ("förvaltning", "förvaltningar"), "bolag": ("bolag", "bolag"), None: ("enhet", "enheter")},
    "en": {"kommunstyrelse": ("executive board", "executive boards"), "nämnd": ("committee", "committees"),
           "förvaltning": ("administration", "administrations"), "bolag": ("company", "companies"),
           None: ("unit", "units")},
}
ACTION_FIELDS = ("unit", "requirement", "what", "who", "due", "status", "comment")


@dataclass(frozen=True)
class Table:
    """A table with a caption, one header row and rows of text; the first column heads each row."""

    caption: str
    head: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    heading: str
    blocks: list[str | Table] = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str
    lang: str
    sections: list[Section]


def text(lang: str, key: str, **params: Any) -> str:
    return CATALOGUE[lang][key].format(**params)


def number(value: float, lang: str) -> str:
    """One decimal, with a decimal comma in Swedish."""
    formatted = f"{value:.1f}"
    return formatted.replace(".", ",").replace("-", "−") if lang == "sv" else formatted


def amount(value: float, lang: str) -> str:
    """Points: whole numbers as such, others with one decimal."""
    return str(int(value)) if float(value).is_integer() else number(value, lang)


def percent(value: float, lang: str) -> str:
    return text(lang, "percent", value=number(value, lang))


def _level(points: float, max_points: float) -> str:
    if max_points <= 0:
        return "not_assessed"
    return "met" if points >= max_points else "partly_met" if points > 0 else "not_met"


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


def _compliance(frame: pd.DataFrame) -> tuple[float, float, int] | None:
    """Points, possible points and the number of units they come from (years may differ in units)."""
    assessed = frame[frame["max_points"] > 0]
    if assessed.empty:
        return None
    return float(assessed["points"].sum()), float(assessed["max_points"].sum()), assessed["unit"].nunique()


def _units(count: int, lang: str) -> str:
    return f"{count} {_noun(set(), count, lang)}"


def _noun(kinds: set[str], count: int, lang: str) -> str:
    nouns = NOUNS[lang]
    singular, plural = nouns.get(next(iter(kinds)), nouns[None]) if len(kinds) == 1 else nouns[None]
    return singular if count == 1 else plural


def requirement_counts(frame: pd.DataFrame) -> dict[str, tuple[int, int, set[str]]]:
    """Requirement → (units meeting it, units it applies to, their kinds), in rule-set order."""
    counts: dict[str, tuple[int, int, set[str]]] = {}
    for requirement in pd.unique(frame["requirement"].astype(str)):
        rows = frame[(frame["requirement"] == requirement) & frame["applicable"]]
        counts[requirement] = (int((rows["level"] == "met").sum()), len(rows),
                               set(rows["unit_kind"].astype(str)))
    return counts


def _requirement_sentence(counts: tuple[int, int, set[str]], lang: str) -> str:
    met, total, kinds = counts
    if total == 0:
        return LEVEL_WORDS[lang]["not_applicable"]
    key = "requirement_sentence_one" if total == 1 else "requirement_sentence"
    return text(lang, key, met=met, total=total, noun=_noun(kinds, total, lang))


def _unit_order(units: list[dict], frame: pd.DataFrame) -> list[str]:
    listed = [u["unit"] for u in units]
    return listed + sorted(set(frame["unit"].astype(str)) - set(listed))


def _summary(frame: pd.DataFrame, before: pd.DataFrame, policy: dict, units: list[dict], year: int,
             lang: str) -> Section:
    section = Section(text(lang, "summary"))
    submitted = [u for u in units if u["status"] == "submitted"]
    section.blocks.append(text(lang, "submitted", n=len(submitted), total=len(units), year=year))
    missing = [u for u in units if u["status"] != "submitted"]
    section.blocks.append(text(lang, "not_submitted", units=", ".join(
        f"{u['unit']} ({UNIT_STATUS[lang].get(u['status'], u['status'])})" for u in missing))
        if missing else text(lang, "all_submitted"))
    now, then = _compliance(frame), _compliance(before)
    if now is not None:
        sentence = text(lang, "compliance", now=percent(100 * now[0] / now[1], lang), points=amount(now[0], lang),
                        max=amount(now[1], lang), units=_units(now[2], lang))
        if then is not None:
            delta = 100 * now[0] / now[1] - 100 * then[0] / then[1]
            sentence += " " + text(lang, "change", year=year - 1, before=percent(100 * then[0] / then[1], lang),
                                   units=_units(then[2], lang), delta=("+" if delta > 0 else "") + number(delta, lang))
        else:
            sentence += " " + text(lang, "no_previous", year=year - 1)
        section.blocks.append(sentence)
    goals = policy.get("goals") or []
    levels = goal_levels(frame, [g["id"] for g in goals])
    earlier = goal_levels(before, [g["id"] for g in goals])
    for goal in goals:
        mine = [lv for (_, g), lv in levels.items() if g == goal["id"] and lv != "not_assessed"]
        if not mine:
            continue
        partly = mine.count("partly_met")
        sentence = text(lang, "goal_sentence", goal=goal["id"], title=goal.get("title", ""), met=mine.count("met"),
                        total=len(mine), partly=text(lang, "goal_partly", n=partly) if partly else "")
        old = [lv for (_, g), lv in earlier.items() if g == goal["id"] and lv != "not_assessed"]
        if old:
            sentence = sentence[:-1] + text(lang, "goal_previous", met=old.count("met"), total=len(old),
                                            year=year - 1) + "."
        section.blocks.append(sentence)
    titles = dict(zip(frame["requirement"].astype(str), frame["requirement_title"].astype(str)))
    for requirement, counts in requirement_counts(frame).items():
        if counts[1]:
            section.blocks.append(f"{requirement} {titles[requirement]}: {_requirement_sentence(counts, lang)}.")
    return section


def _matrix(frame: pd.DataFrame, policy: dict, units: list[dict], year: int, lang: str) -> Section:
    section = Section(text(lang, "matrix"))
    goals = policy.get("goals") or []
    if not goals:
        section.blocks.append(text(lang, "no_goals"))
        return section
    levels = goal_levels(frame, [g["id"] for g in goals])
    words = LEVEL_WORDS[lang]
    rows = []
    for unit in _unit_order(units, frame):
        if not (frame["unit"] == unit).any():
            continue
        rows.append([unit] + [f"{MARKS[lv]} {words[lv]}" for lv in
                              (levels.get((unit, g["id"]), "not_applicable") for g in goals)])
    section.blocks.append(Table(text(lang, "matrix_caption", year=year), [text(lang, "unit")] +
                                [f"{g['id']} {g.get('title', '')}".strip() for g in goals], rows))
    section.blocks.append(text(lang, "key", marks=", ".join(f"{MARKS[lv]} {words[lv]}" for lv in MARKS)))
    if any(u["status"] != "submitted" for u in units):
        section.blocks.append(text(lang, "left_out"))
    return section


def _requirements(frame: pd.DataFrame, before: pd.DataFrame, year: int, lang: str) -> Section:
    section = Section(text(lang, "requirements"))
    titles = dict(zip(frame["requirement"].astype(str), frame["requirement_title"].astype(str)))
    earlier = requirement_counts(before) if not before.empty else {}
    rows = [[requirement, titles[requirement], _requirement_sentence(counts, lang),
             _requirement_sentence(earlier[requirement], lang) if requirement in earlier else text(lang, "none")]
            for requirement, counts in requirement_counts(frame).items()]
    section.blocks.append(Table(text(lang, "requirements_caption", year=year),
                                [text(lang, "requirement"), text(lang, "requirement_title"),
                                 text(lang, "result", year=year), text(lang, "previous", year=year - 1)], rows))
    return section


def _actions(actions: list[dict], units: list[dict], lang: str) -> Section:
    section = Section(text(lang, "actions"))
    if not actions:
        section.blocks.append(text(lang, "no_actions"))
        return section
    labels = ACTION_STATUS[lang]
    order = {u["unit"]: i for i, u in enumerate(units)}
    ordered = sorted(actions, key=lambda a: (order.get(a.get("unit"), len(order)), str(a.get("unit", "")),
                                             str(a.get("requirement", "")), str(a.get("due") or "")))
    statuses = [labels.get(a.get("status"), str(a.get("status") or "")) for a in ordered]
    counts = {s: statuses.count(s) for s in dict.fromkeys(statuses)}
    section.blocks.append(text(lang, "actions_count", n=len(actions),
                               counts=", ".join(f"{n} {s}" for s, n in counts.items())))
    rows = [[str(a.get(key) or "") if key != "status" else status for key in ACTION_FIELDS]
            for a, status in zip(ordered, statuses)]
    section.blocks.append(Table(text(lang, "actions_caption"),
                                [text(lang, "unit"), text(lang, "requirement")] +
                                [text(lang, key) for key in ACTION_FIELDS[2:]], rows))
    return section


def _revision(revision: dict, lang: str) -> Section:
    status = revision.get("status", "unknown")
    key = {"ok": "revision_ok", "due": "revision_due"}.get(status, "revision_unknown")
    return Section(text(lang, "revision"), [text(lang, key, last=revision.get("last_decided"),
                                                 due=revision.get("due"))])


def build(frame: pd.DataFrame, policy: dict, revision: dict, units: Iterable[dict], year: int,
          actions: Iterable[dict] = (), *, organisation: str = "", lang: str = "sv") -> Document:
    """The annual-report section for `year` from the long table (this year and, for change, the last).

    `policy` is the questionnaire's `x-policy` metadata (title, goals); `revision` comes from
    `survey.policycheck.revision_status`; `units` are the round's units with `unit`, `kind`
    and `status` (not_started, draft, submitted); `actions` are dicts with ACTION_FIELDS.
    """
    if lang not in LANGS:
        raise ValueError(f"Okänt språk {lang!r}; välj ett av {', '.join(LANGS)}.")
    units, actions = list(units), list(actions)
    now = frame[frame["year"] == year]
    before = frame[frame["year"] == year - 1]
    return Document(
        title=text(lang, "title", year=year, policy=policy.get("title") or policy.get("id", "")),
        subtitle=text(lang, "subtitle", organisation=organisation or policy.get("municipality") or ""),
        lang=lang,
        sections=[_summary(now, before, policy, units, year, lang), _matrix(now, policy, units, year, lang),
                  _requirements(now, before, year, lang), _actions(actions, units, lang), _revision(revision, lang)])
