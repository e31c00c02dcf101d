"""Quotes are picked from the policy text, never typed: the picker lists the text's sentences (with
a search) to set the quote of a goal, requirement or question, or to start a new one from; with
JavaScript a passage selected in the text beside the draft does the same (`use_selection`).
"""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from survey.content import edit, restructure
from survey.content import questionnaire as q
from survey.content.lint.quotes import sentences
from survey.store import drafts
from survey.web import guards
from survey.web.presentation import text
from survey.web.workshop.blueprint import anchor, bp
from survey.web.workshop.draft import back, render_draft, save, with_page

NEW = ("goal", "requirement", "question")
MAX_SEARCH = 200


def _sections(work: edit.Draft) -> list[tuple[str, str]]:
    """Where a new requirement can be asked: each section, or a new one for one kind of unit."""
    offered = [(name, _("Avsnittet ”%(title)s”", title=section.get("title", name)))
               for name, section in work.sections.items()]
    return offered + [(f"new:{kind}", _("Ett nytt avsnitt för %(kind)s", kind=kind))
                      for kind in q.policy_kinds(work.questionnaire)]


def _apply(work: edit.Draft, found: dict, values, sentence: str) -> tuple[str | None, str | None]:
    """Set or start from the chosen sentence: (the item's key, or None with the problem)."""
    new, key = values.get("ny"), values.get("for", "")
    if new == "goal":
        return f"goal:{restructure.add_goal(work, sentence)}", None
    if new == "requirement":
        where = values.get("section", "")
        if where.startswith("new:") and where[4:] in q.policy_kinds(work.questionnaire):
            where = restructure.section_for(work, where[4:])
        if where not in work.sections:
            return None, _("Välj avsnittet där kravet ska frågas.")
        return f"requirement:{restructure.add_requirement(work, where, sentence)}", None
    if new == "question":
        serves = values.get("i", "")
        section = work.home(serves) or next(iter(work.sections))
        name = restructure.add_question(work, section, serves, sentence)
        return (f"question:{section}/{name}", None) if name else (None, _("Kravet finns inte längre."))
    if not edit.exists(work, key) or (key != "policy" and key.partition(":")[0] not in edit.QUOTED_FIELDS):
        abort(400)
    problem = edit.set_quote(work, key, sentence, found["text"], values.get("falt", "source"))
    return (key, None) if problem is None else (None, text(problem))


def _title(work: edit.Draft, values) -> str:
    new, key = values.get("ny"), values.get("for", "")
    if new in NEW:
        return {"goal": _("Nytt mål: välj meningen i policyn som målet bygger på"),
                "requirement": _("Nytt krav: välj meningen i policyn som kravet bygger på"),
                "question": _("Ny fråga: välj meningen i policyn som frågan bygger på")}[new]
    if key == "policy":
        return _("Välj meningen i policyn om uppföljning eller revidering")
    if not edit.exists(work, key):
        abort(404)
    return _("Välj citat för ”%(title)s”", title=restructure.items(work).get(key, key))


def _picker(found: dict, error: str | None = None, status: int = 200):
    work = edit.Draft.of(found["questionnaire"], found["ruleset"])
    values = request.values
    search = values.get("sok", "").strip()[:MAX_SEARCH]
    listed = sentences(found["text"])
    shown = [s for s in listed if search.lower() in s.lower()] if search else listed
    current = edit.quote_of(work, values.get("for", "")) if values.get("for", "").partition(":")[0] in \
        edit.QUOTED_FIELDS and edit.exists(work, values.get("for", "")) else None
    return render_template("workshop/quote.html", draft=found, title=_title(work, values), shown=shown,
                           total=len(listed), search=search, current=current, error=error,
                           sections=_sections(work) if values.get("ny") == "requirement" else [],
                           chosen=values.get("sentence", current), anchor=anchor,
                           keep={k: values.get(k) for k in ("for", "falt", "ny", "i") if values.get(k)}), status


@bp.route("/<int:draft_id>/citat", methods=["GET", "POST"])
@login_required
def pick_quote(draft_id: int):
    found = guards.coordinated_draft(draft_id)
    if request.method == "GET":
        return _picker(found)
    sentence = request.form.get("sentence", "")[:edit.MAX_TEXT]
    if not sentence:
        return _picker(found, _("Välj en mening i listan."), 422)
    work = edit.Draft.of(found["questionnaire"], found["ruleset"])
    key, problem = _apply(work, found, request.form, sentence)
    if problem:
        return _picker(found, problem, 422)
    try:
        save(found, work)
    except drafts.StaleDraft as stale:
        return _picker(stale.current, text(stale.msg), 409)
    return back(draft_id, key, sparat=key)


@bp.route("/<int:draft_id>/markering", methods=["POST"])
@login_required
def use_selection(draft_id: int):
    """A passage selected in the policy text (with JavaScript) as the quote of an item or a new one's start."""
    found = guards.coordinated_draft(draft_id)
    work, refusal = with_page(found)
    if refusal:
        return refusal
    target = request.form.get("selection-target", "")
    if target == "new-goal":
        values = {"ny": "goal"}
    elif target.startswith("new-requirement:"):
        values = {"ny": "requirement", "section": target.partition(":")[2]}
    else:
        values = {"for": target, "falt": "source"}
    key, problem = _apply(work, found, values, request.form.get("selection", "")[:edit.MAX_TEXT])
    if problem:
        return render_draft(found, typed=request.form, errors={"selection": {"selection": problem}}, status=422)
    try:
        save(found, work)
    except drafts.StaleDraft as stale:
        return render_draft(stale.current, typed=request.form, conflict=text(stale.msg), status=409)
    return back(draft_id, key, sparat=key)
