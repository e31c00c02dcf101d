"""The questionnaire as a unit sees it, for the workshop's preview: the respondent's
own question template with empty forms, so the preview cannot drift from the real page."""
from __future__ import annotations

from survey.content import questionnaire as q
from survey.web import forms, presentation


def sections(questionnaire: dict, unit: dict) -> list[dict]:
    """Each section shown to this unit ({"name", "kind", "tags"}), with its questions as respond/question.html takes them."""
    shown = []
    for name, schema in q.sections(q.for_unit(questionnaire, unit)):
        form = forms.section_form(schema, {})
        questions = [{
            "name": question, "schema": qschema, "field": form[forms.PREFIX + question],
            "control": forms.control(qschema), "error": None, "options": forms.options(qschema),
            "selected": forms.selected(form[forms.PREFIX + question]),
            "rows": forms.rows_of(qschema, form[forms.PREFIX + question]), "row_errors": [],
            "required": question in schema.get("required", []) or question in q.conditions(questionnaire, name),
            "follow_up": presentation.follow_up(questionnaire, name, question, None), "carried": False, "stored": None,
        } for question, qschema in schema["properties"].items()]
        shown.append({"name": name, "schema": schema, "questions": questions})
    return shown
