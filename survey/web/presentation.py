"""What the respondent pages show: progress, answers as text, follow-up conditions."""
from __future__ import annotations

import json
from typing import Any, NamedTuple

from flask_babel import get_locale
from flask_babel import gettext as _

from survey import i18n
from survey.content import choices
from survey.content import questionnaire as q
from survey.content.questionnaire import KIND_LABELS
from survey.i18n import Msg, render
from survey.scoring.rules import LEVEL_LABELS
from survey.web.forms import PREFIX, control


def text(message: Msg | str) -> str:
    """A message from the program in the reader's language: the edge where data becomes words."""
    return render(message, str(get_locale() or "sv"))


def kind_text(kind: str) -> str:
    """A unit kind in the reader's language (a kind the organisation made up is shown as written)."""
    return text(KIND_LABELS[kind]()) if kind in KIND_LABELS else kind


def level_text(level: str) -> str:
    """A level's name in the reader's language."""
    return text(LEVEL_LABELS[level]())


def number(value: float | int, decimals: int = 1) -> str:
    """A number as the reader's locale writes it."""
    return i18n.number(value, str(get_locale() or "sv"), decimals)


MINUTES = {"textarea": 3, "rows": 3, "list": 2, "text": 1.5, "link": 1, "date": 1, "integer": 1, "number": 1, "email": 1}


def _root(conditions: dict[str, list[q.Condition]], name: str) -> str:
    """The question of its own section a follow-up hangs on (through chains of follow-ups): they count as one."""
    seen = {name}
    while name in conditions:
        own = [c for c in conditions[name] if not c.whole]
        if not own or own[0].question in seen:
            break
        name = own[0].question
        seen.add(name)
    return name


class SectionLayout(NamedTuple):
    """What `progress` counts on one section, worked out from the unit's view of the questionnaire."""
    name: str
    title: str
    questions: dict  # name → schema
    required: set[str]
    conditions: dict[str, list[q.Condition]]
    units: dict[str, list[str]]  # a question → it and the follow-ups that hang on it


def layout(view: dict) -> tuple[list[SectionLayout], float]:
    """The sections as `progress` counts them, and the minutes the whole takes to answer."""
    pages, minutes = [], 0.0
    for name, section in q.sections(view):
        conditions = q.conditions(view, name)
        units: dict[str, list[str]] = {}
        for question, schema in section["properties"].items():
            units.setdefault(_root(conditions, question), []).append(question)
            minutes += MINUTES.get(control(schema), 0.5)
        pages.append(SectionLayout(name, section["title"], section["properties"], set(section.get("required", [])),
                          conditions, units))
    return pages, minutes


def layout_for(questionnaire: dict, kind: str, tags: tuple[str, ...], name: str) -> tuple[list[SectionLayout], float]:
    """`layout` of a unit's view (`q.view_for`): what the content cache keeps per version and unit."""
    return layout(q.view_for(questionnaire, kind, tags, name))


def progress(view: dict, answers: dict, carried: set[str] | frozenset = frozenset(),
             laid_out: tuple[list[SectionLayout], float] | None = None) -> dict:
    """How far a response has come, per section and in all (`laid_out`: the view's `layout`, if the caller has it).

    A question and its follow-ups count as one: done when the question and every follow-up
    its answer brings up are answered, so totals do not jump when follow-ups appear.
    Required and optional questions are counted apart (a follow-up, once asked, must be
    answered, as the gate says); a follow-up of another section's question counts on its own
    page only while it is asked. Answers carried over from last year and not yet confirmed do
    not count as done.
    """
    sections, minutes = laid_out or layout(view)
    pages = []
    for section in sections:
        name, conditions = section.name, section.conditions
        given = answers.get(name) or {}
        page = {"name": name, "title": section.title, "required": 0, "required_done": 0,
                "optional": 0, "optional_done": 0, "carried": 0, "missing": [], "waiting": []}
        for root, members in section.units.items():
            asked = [m for m in members if m not in conditions or any(q.holds(c, answers) for c in conditions[m])]
            if not asked:
                continue
            waiting = sum(1 for m in asked if f"/{name}/{m}" in carried and m in given)
            done = all(m in given for m in asked) and not waiting
            kind = "required" if root in section.required or any(m in conditions for m in asked) else "optional"
            page[kind] += 1
            page[kind + "_done"] += done
            page["carried"] += waiting
            for member in asked:
                title = section.questions[member]["title"]
                if member not in given:
                    page["missing"].append({"question": member, "title": title, "required": kind == "required"})
                elif f"/{name}/{member}" in carried:
                    page["waiting"].append({"question": member, "title": title})
        page["complete"] = page["required_done"] == page["required"] and not page["carried"]
        pages.append(page)
    total = {key: sum(p[key] for p in pages) for key in
             ("required", "required_done", "optional", "optional_done", "carried")}
    incomplete = [p["name"] for p in pages if not p["complete"]]
    started = any(answers.get(p["name"]) for p in pages)
    return {"sections": pages, **total, "minutes": max(5, 5 * round(minutes / 5)),
            "percent": round(100 * total["required_done"] / total["required"]) if total["required"] else 100,
            "complete": not incomplete, "started": started,
            "next": incomplete[0] if incomplete else (pages[0]["name"] if pages else None)}


def _choice_titles(schema: dict) -> dict:
    return choices.labels(schema)


def display(schema: dict, value: Any) -> str:
    """An answer as a person reads it."""
    if value is None:
        return "–"
    kind = control(schema)
    if kind == "boolean":
        return _("Ja") if value else _("Nej")
    if kind in ("choice", "select", "checkboxes"):
        titles = _choice_titles(schema)
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(titles.get(v, v)) for v in values)
    if kind == "list":
        return "; ".join(map(str, value))
    if kind == "rows":
        return rows_text(schema, value)
    if isinstance(value, float):
        return number(value, 6)
    return str(value)


def rows_text(schema: dict, value: Any) -> str:
    """A structured list as one line of text, where a table does not fit: "Aktivitet: Mässa, Datum: 2026-03-01; …"."""
    if not isinstance(value, list) or not value:
        return _("inga rader")
    fields = schema["items"]["properties"]
    return "; ".join(", ".join(f"{fields[key]['title']}: {display(fields[key], given)}"
                               for key, given in row.items() if key in fields)
                     for row in value if isinstance(row, dict))


def row_errors(schema: dict, name: str, errors: dict[str, str], field) -> list[dict]:
    """A structured list's problems, row by row: the field each belongs to and the summary's words."""
    found = []
    for i, entry in enumerate(field.entries):
        for key, fschema in schema["items"]["properties"].items():
            message = errors.get(f"{name}/{i}/{key}")
            if message is not None:
                found.append({"row": i, "key": key, "id": entry.form[key].id, "message": message,
                              "summary": text(q.IN_ROW(row=i + 1, field=fschema["title"], message=message))})
    return found


def _describe(condition: dict, schema: dict) -> str:
    titles = _choice_titles(schema)
    if "const" in condition or "enum" in condition:
        values = condition.get("enum", [condition.get("const")])
        shown = [display(schema, v) if control(schema) == "boolean" else str(titles.get(v, v)) for v in values]
        return _(" eller ").join(shown)
    if "minimum" in condition:
        return _("minst %(n)s", n=condition["minimum"])
    return _("högst %(n)s", n=condition["maximum"])


def follow_up(questionnaire: dict, section_name: str, name: str, answers: dict | None,
              found: dict[str, list[q.Condition]] | None = None) -> dict | None:
    """When a follow-up is asked: a sentence for people, and whether and how the page shows it.

    A condition on a question of the same page is left to the page script (`data`, the rules
    for form.js; without JavaScript the question is shown with its sentence). A condition on
    another section's question is judged on the stored `answers`: when one holds the question
    is simply shown and the sentence says why; when none holds and nothing on the page can
    change that, `shown` is false. `answers=None` (the workshop's preview) describes every
    condition and shows the question. `found` is the section's `q.conditions`, when the caller has them.
    """
    conditions = (q.conditions(questionnaire, section_name) if found is None else found).get(name)
    if not conditions:
        return None
    own = [c for c in conditions if not c.whole]
    other = [c for c in conditions if c.whole]
    held = [c for c in other if answers is not None and q.holds(c, answers)]
    described = held or own + (other if answers is None else [])
    texts = [_sentence(questionnaire, c, since=bool(held)) for c in described]
    data = [{"field": PREFIX + c.question, "control": control(_question(questionnaire, c)), **c.rule,
             "negate": not c.holds, "needs": c.needs_answer} for c in own]
    return {"text": " ".join(texts), "data": json.dumps(data, ensure_ascii=False) if own and not held else None,
            "shown": bool(held or own or answers is None)}


def _question(questionnaire: dict, condition: q.Condition) -> dict:
    return questionnaire["properties"][condition.section]["properties"][condition.question]


def _sentence(questionnaire: dict, condition: q.Condition, since: bool) -> str:
    """A condition in words: on this page (om svaret …), or why another page's answer asks it (eftersom …)."""
    schema = _question(questionnaire, condition)
    values = {"question": schema["title"], "answer": _describe(condition.rule, schema),
              "section": questionnaire["properties"][condition.section]["title"]}
    if since:
        return (_("Besvaras eftersom du svarat %(answer)s på ”%(question)s” i avsnittet ”%(section)s”.", **values)
                if condition.holds else
                _("Besvaras eftersom du inte svarat %(answer)s på ”%(question)s” i avsnittet ”%(section)s”.", **values))
    if condition.whole:
        return (_("Besvaras om svaret på ”%(question)s” i avsnittet ”%(section)s” är %(answer)s.", **values)
                if condition.holds else
                _("Besvaras om svaret på ”%(question)s” i avsnittet ”%(section)s” inte är %(answer)s.", **values))
    return (_("Besvaras om svaret på ”%(question)s” är %(answer)s.", **values) if condition.holds
            else _("Besvaras om svaret på ”%(question)s” inte är %(answer)s.", **values))
