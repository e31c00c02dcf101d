"""The questions of one form page as the respondent's template shows them: built here for the unit
manager's page and the workshop's preview alike, so the preview is the form."""
from __future__ import annotations

from survey.content import questionnaire as q
from survey.content.pointer import pointer_of
from survey.web import attachments, forms, presentation


def names_of(questionnaire: dict, ruleset: dict) -> dict[str, str]:
    """Goal and requirement titles by id, for telling a person what a question serves."""
    return {g["id"]: g["title"] for g in q.goals(questionnaire)} | {
        r["id"]: r["title"] for r in ruleset["requirements"]}


def questions(questionnaire: dict, view: dict, name: str, form, *, answers: dict, names: dict[str, str],
              errors: dict | None = None, evidence: dict | None = None, carried: set[str] = frozenset(),
              stored: dict | None = None) -> list[dict]:
    """The questions of a section shown to a unit (`view`), with their fields, answers, errors and evidence.

    `stored` holds the answers someone else saved meanwhile (a conflict), shown beside each field.
    """
    errors, evidence = errors or {}, evidence or {}
    schema = dict(q.sections(view))[name]
    follow_ups = q.conditions(view, name)
    shown = []
    for question, qschema in schema["properties"].items():
        field, control = form[forms.PREFIX + question], forms.control(qschema)
        shown.append({
            "name": question,
            "evidence": evidence.get(pointer_of(name, question), []) if qschema.get("x-evidence") else None,
            "evidence_error": errors.get(attachments.ERROR_PREFIX + question),
            "schema": qschema, "field": field, "control": control, "error": errors.get(question),
            "row_errors": presentation.row_errors(qschema, question, errors, field) if control == "rows" else [],
            "rows": forms.rows_of(qschema, field),
            "options": forms.options(qschema), "selected": forms.selected(field),
            "required": question in schema.get("required", []) or question in follow_ups,
            "follow_up": presentation.follow_up(questionnaire, name, question, answers, follow_ups),
            "carried": f"/{name}/{question}" in carried,
            "stored": presentation.display(qschema, (stored or {}).get(question)) if stored is not None else None,
            "serves": [names.get(ident, ident) for ident in qschema.get("x-serves", [])],
        })
    return [s for s in shown if not s["follow_up"] or s["follow_up"]["shown"]]
