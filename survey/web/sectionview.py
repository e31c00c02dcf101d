"""The questions of one form page as the respondent's template shows them: built here for the unit
manager's page and the workshop's preview alike, so the preview is the form."""
from __future__ import annotations

from typing import Callable

from flask import get_template_attribute

from survey.content import questionnaire as q
from survey.content.pointer import pointer_of
from survey.web import attachments, forms, presentation

GROUPED = ("choice", "boolean", "checkboxes", "list", "rows")  # controls shown as a group, in a fieldset
PLAIN = {"error": None, "row_errors": [], "carried": False, "counts_for": None, "stored": None, "evidence": None,
         "evidence_error": None}  # a question as it is while nothing on its head and tail hangs on the answers


def names_of(questionnaire: dict, ruleset: dict) -> dict[str, str]:
    """Goal and requirement titles by id, for telling a person what a question serves."""
    return {g["id"]: g["title"] for g in q.goals(questionnaire)} | {
        r["id"]: r["title"] for r in ruleset["requirements"]}


def layout(questionnaire: dict, view: dict, name: str, names: dict[str, str]) -> list[dict]:
    """What each question of a section shown to a unit (`view`) shows whatever the answers, in the reader's
    language: its control and choices, whether it must be answered, what it serves, and when it is asked, unless
    that hangs on another page's answers (`judged`: its conditions, judged per request); and the `parts` of its
    HTML made of these alone (respond/question_parts.html). The part of `questions` a page can keep."""
    schema = dict(q.sections(view))[name]
    follow_ups = q.conditions(view, name)
    laid_out = []
    for question, qschema in schema["properties"].items():
        found = follow_ups.get(question, [])
        judged = any(condition.whole for condition in found)
        options = forms.options(qschema)
        control = forms.control(qschema)
        static = {
            "name": question, "id": forms.PREFIX + question, "schema": qschema, "control": control,
            "grouped": control in GROUPED, "options": options,
            "required": question in schema.get("required", []) or bool(found),
            "alone": [f"”{label}”" for value, label in options if value in qschema.get("x-exclusive", [])],
            "serves": [names.get(ident, ident) for ident in qschema.get("x-serves", [])],
            "judged": {question: found} if judged else None,
            "follow_up": None if judged else presentation.follow_up(questionnaire, name, question, {}, follow_ups),
        }
        laid_out.append(static | {"parts": _parts(static)})
    return laid_out


def _parts(static: dict) -> dict:
    """A question's HTML made of its layout alone: its title, notes and why it is asked, each choice as
    (value, HTML not chosen, HTML chosen), and its head and tail while they are `PLAIN`."""
    macro = {part: get_template_attribute("respond/question_parts.html", part)
             for part in ("title", "notes", "choice", "why", "head", "tail")}
    choices = [(value, macro["choice"](static, i, value, label, False), macro["choice"](static, i, value, label, True))
               for i, (value, label) in enumerate(static["options"])]
    parts = {"title": macro["title"](static), "notes": macro["notes"](static), "why": macro["why"](static),
             "choices": choices}
    plain = static | PLAIN | {"parts": parts, "described": _described(static, static["follow_up"], None, None)}
    return parts | {"head": macro["head"](plain), "tail": macro["tail"](plain, None, None)}


def _described(static: dict, follow_up: dict | None, counts_for: list | None, error: str | None) -> str:
    """The ids of what describes a question's control (aria-describedby), in the order they are shown."""
    shown = (("help", static["schema"].get("description")), ("alone", static["alone"]), ("when", follow_up),
             ("counts", counts_for), ("error", error))
    return " ".join(f"{static['id']}-{part}" for part, given in shown if given)


def layout_for(questionnaire: dict, name: str, kind: str, tags: tuple[str, ...], unit_name: str, language: str,
               names: tuple[tuple[str, str], ...]) -> list[dict]:
    """`layout` of a section in a unit's view (`q.view_for`): what the content cache keeps. It is worded in the
    request's language, `language` (a part of the cache's key, as are the titles of what questions serve)."""
    return layout(questionnaire, q.view_for(questionnaire, kind, tags, unit_name), name, dict(names))


def questions(questionnaire: dict, view: dict, name: str, form, *, answers: dict, names: dict[str, str],
              errors: dict | None = None, evidence: dict | None = None, carried: set[str] = frozenset(),
              stored: dict | None = None, laid_out: list[dict] | None = None,
              counts_for: Callable[[str], list[str]] | None = None) -> list[dict]:
    """The questions of a section shown to a unit (`view`), with their fields, answers, errors and evidence.

    `stored` holds the answers someone else saved meanwhile (a conflict), shown beside each field;
    `laid_out` is the section's `layout`, when the caller keeps it; `counts_for` names the policies a
    question's answer counts for (a yearly follow-up's shared questions).
    """
    errors, evidence = errors or {}, evidence or {}
    shown = []
    for static in laid_out if laid_out is not None else layout(questionnaire, view, name, names):
        question, qschema, control = static["name"], static["schema"], static["control"]
        field = form[forms.PREFIX + question]
        follow_up = static["follow_up"] if static["judged"] is None else presentation.follow_up(
            questionnaire, name, question, answers, static["judged"])
        if follow_up and not follow_up["shown"]:
            continue
        dynamic = {
            "evidence": evidence.get(pointer_of(name, question), []) if qschema.get("x-evidence") else None,
            "evidence_error": errors.get(attachments.ERROR_PREFIX + question),
            "error": errors.get(question),
            "row_errors": presentation.row_errors(qschema, question, errors, field) if control == "rows" else [],
            "carried": f"/{name}/{question}" in carried,
            "counts_for": counts_for(question) if counts_for else None,
            "stored": presentation.display(qschema, (stored or {}).get(question)) if stored is not None else None,
        }
        shown.append(static | dynamic | {
            "field": field, "rows": forms.rows_of(qschema, field, control), "selected": forms.selected(field),
            "follow_up": follow_up, "described": _described(static, follow_up, dynamic["counts_for"], dynamic["error"]),
            "plain": dynamic == PLAIN and static["judged"] is None,
        })
    return shown
