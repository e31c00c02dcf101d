"""What the respondent pages show: progress, answers as text, follow-up conditions."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


MINUTES = {"textarea": 3, "list": 2, "text": 1.5, "link": 1, "date": 1, "integer": 1, "number": 1, "email": 1}


def _root(conditions: dict[str, list[dict]], name: str) -> str:
    """The question a follow-up hangs on (through chains of follow-ups): they count as one."""
    seen = {name}
    while name in conditions:
        (source, _rule), = conditions[name][0]["properties"].items()
        if source in seen:
            break
        seen.add(source)
        name = source
    return name


def progress(view: dict, answers: dict, carried: set[str] | frozenset = frozenset()) -> dict:
    """How far a response has come, per section and in all.

    A question and its follow-ups count as one: done when the question and every follow-up
    its answer brings up are answered, so totals do not jump when follow-ups appear.
    Required and optional questions are counted apart; answers carried over from last
    year and not yet confirmed do not count as done.
    """
    pages, minutes = [], 0.0
    for name, section in q.sections(view):
        given = answers.get(name) or {}
        conditions = q.conditions(section)
        units: dict[str, list[str]] = {}
        for question, schema in section["properties"].items():
            units.setdefault(_root(conditions, question), []).append(question)
            minutes += MINUTES.get(control(schema), 0.5)
        required = set(section.get("required", []))
        page = {"name": name, "title": section["title"], "required": 0, "required_done": 0,
                "optional": 0, "optional_done": 0, "carried": 0, "missing": [], "waiting": []}
        for root, members in units.items():
            asked = [m for m in members if q.is_asked(section, m, given)]
            waiting = sum(1 for m in asked if f"/{name}/{m}" in carried and m in given)
            done = all(m in given for m in asked) and not waiting
            kind = "required" if root in required else "optional"
            page[kind] += 1
            page[kind + "_done"] += done
            page["carried"] += waiting
            for member in asked:
                title = section["properties"][member]["title"]
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
    if isinstance(value, float):
        return number(value, 6)
    return str(value)


def _describe(condition: dict, schema: dict) -> str:
    titles = _choice_titles(schema)
    if "const" in condition or "enum" in condition:
        values = condition.get("enum", [condition.get("const")])
        shown = [display(schema, v) if control(schema) == "boolean" else str(titles.get(v, v)) for v in values]
        return _(" eller ").join(shown)
    if "minimum" in condition:
        return _("minst %(n)s", n=condition["minimum"])
    return _("högst %(n)s", n=condition["maximum"])


def follow_up(section: dict, name: str) -> dict | None:
    """When a follow-up is asked: a sentence for people and data for the page script."""
    conditions = q.conditions(section).get(name)
    if not conditions:
        return None
    texts, data = [], []
    for condition in conditions:
        (source, rule), = condition["properties"].items()
        schema = section["properties"][source]
        texts.append(_("Besvaras om svaret på ”%(question)s” är %(answer)s.",
                       question=schema["title"], answer=_describe(rule, schema)))
        data.append({"field": PREFIX + source, "control": control(schema), **rule})
    return {"text": " ".join(texts), "data": json.dumps(data, ensure_ascii=False)}


try:
    LOCAL_TIME = ZoneInfo("Europe/Stockholm")
except ZoneInfoNotFoundError:  # a machine without a time zone database shows UTC
    LOCAL_TIME = None


def clock(stamp: str) -> str:
    """The local time of day of a stored UTC timestamp, as Swedish writes it: 14.32."""
    return when(stamp)[-5:].replace(":", ".")


def when(stamp: str | None) -> str:
    """A stored UTC timestamp as Swedish local time to the minute: 2026-11-22 21:10."""
    if not stamp:
        return "–"
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if LOCAL_TIME is not None and moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_TIME)
    return moment.strftime("%Y-%m-%d %H:%M")
