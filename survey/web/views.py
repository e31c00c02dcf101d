"""What the respondent pages show: progress, answers as text, follow-up conditions."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import get_locale
from flask_babel import gettext as _

from survey import i18n
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


def progress(view: dict, answers: dict) -> dict:
    """Questions asked and answered, per section and in all."""
    pages = []
    for name, section in q.sections(view):
        given = answers.get(name) or {}
        asked = [n for n in section["properties"] if q.is_asked(section, n, given)]
        pages.append({"name": name, "title": section["title"], "asked": len(asked),
                      "answered": sum(1 for n in asked if n in given)})
    asked = sum(p["asked"] for p in pages)
    answered = sum(p["answered"] for p in pages)
    return {"sections": pages, "asked": asked, "answered": answered,
            "percent": round(100 * answered / asked) if asked else 0}


def _choice_titles(schema: dict) -> dict:
    choices = schema.get("oneOf") or schema.get("items", {}).get("oneOf") or []
    return {c["const"]: c["title"] for c in choices}


def display(schema: dict, value: Any) -> str:
    """An answer as a person reads it."""
    if value is None:
        return "–"
    kind = control(schema)
    if kind == "boolean":
        return _("Ja") if value else _("Nej")
    if kind in ("choice", "checkboxes"):
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
