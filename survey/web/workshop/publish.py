"""Preview, publish and go on: the form exactly as a unit sees it (any kind, tag or named unit),
publishing the draft as content versions (refused, saying where, while anything is left to fix),
and the next step: opening the round for the kinds the policy addresses.
"""
from __future__ import annotations

import io
import json
import zipfile
from datetime import date

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required

from survey.content import changes, findings
from survey.content import questionnaire as q
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import drafts, register, yearly
from survey.web import forms, guards, sectionview
from survey.web.auth import record
from survey.web.db import get_db
from survey.web.downloads import attachment
from survey.web.presentation import text
from survey.web.workshop.blueprint import anchor, bp
from survey.web.workshop.draft import render_draft, save, with_page


def _unit(found: dict, chosen: str) -> dict | None:
    """The unit a preview is for: `kind:<kind>`, `tag:<tag>` or `unit:<id>` of the draft's organisation."""
    what, _sep, value = chosen.partition(":")
    questionnaire = found["questionnaire"]
    if what == "kind" and value in q.policy_kinds(questionnaire):
        return {"name": None, "kind": value, "tags": []}
    if what == "tag" and value in q.policy_tags(questionnaire):
        return {"name": None, "kind": None, "tags": [value]}
    if what == "unit" and value.isdigit():
        unit = next((u for u in register.units(get_db(), found["organisation_id"]) if u["id"] == int(value)), None)
        if unit:
            return {"name": unit["name"], "kind": unit["kind"], "tags": register.tags(get_db(), unit["id"])}
    return None


@bp.route("/<int:draft_id>/forhandsvisning")
@login_required
def show_preview(draft_id: int):
    """The form as one unit sees it, drawn by the unit manager's own templates and question builder."""
    found = guards.coordinated_draft(draft_id)
    questionnaire = found["questionnaire"]
    kinds = q.policy_kinds(questionnaire)
    chosen = request.args.get("som") or f"kind:{kinds[0]}"
    unit = _unit(found, chosen)
    if unit is None:
        abort(404)
    view = q.for_unit(questionnaire, unit)
    names = sectionview.names_of(questionnaire, found["ruleset"])
    shown = []
    for name, schema in q.sections(view):
        form = forms.section_form(schema, {})
        shown.append({"name": name, "schema": schema,
                      "questions": sectionview.questions(questionnaire, view, name, form, answers={}, names=names)})
    units = register.units(get_db(), found["organisation_id"], active_only=True)
    return render_template("workshop/preview.html", draft=found, chosen=chosen, unit=unit, kinds=kinds,
                           tags=q.policy_tags(questionnaire), units=units, sections=shown)


@bp.route("/<int:draft_id>/publicera", methods=["POST"])
@login_required
def publish(draft_id: int):
    """Save what the page holds, then publish it, unless something is left to fix: then say where."""
    found = guards.coordinated_draft(draft_id)
    work, refusal = with_page(found)
    if refusal:
        return refusal
    try:
        found = save(found, work)
    except drafts.StaleDraft as stale:
        return render_draft(stale.current, typed=request.form, conflict=text(stale.msg), status=409)
    left = findings.findings(work, found["name"], found["text"])
    if left:
        return render_draft(found, status=422, conflict=_(
            "Utkastet kan inte publiceras än: %(n)s saker återstår att rätta. De står i listan nedan och vid "
            "respektive punkt.", n=len(left)))
    db = get_db()
    try:
        before = store_content.policy_by_name(db, found["name"])
    except store_db.NotFound:
        before = None
    if before is not None and before["organisation_id"] != found["organisation_id"]:
        return render_draft(found, status=409, conflict=_("Id:t %(name)s används redan av en annan organisations "
                                                          "policy. Ladda upp dokumentet igen med ett annat id.",
                                                          name=found["name"]))
    summary = changes.describe((store_content.version_body(db, before["questionnaire_version_id"]),
                                store_content.version_body(db, before["ruleset_version_id"])),
                               (work.questionnaire, work.ruleset)) if before else []
    result = store_content.publish(db, found["organisation_id"], found["name"], work.questionnaire, work.ruleset)
    drafts.mark_published(db, draft_id)
    record("policy_publish", organisation_id=found["organisation_id"], subject=work.policy["title"],
           detail={"policy": result["policy_id"], "draft": draft_id})
    session[f"published-{draft_id}"] = json.dumps({"first": before is None, "changes": summary})
    return redirect(url_for("workshop.published", draft_id=draft_id))


@bp.route("/<int:draft_id>/publicerad")
@login_required
def published(draft_id: int):
    """What was published, in words, and the next step: opening the round."""
    found = guards.coordinated_draft(draft_id)
    if not found["published_at"]:
        return redirect(url_for("workshop.draft", draft_id=draft_id))
    kept = json.loads(session.get(f"published-{draft_id}", "null") or "null") or {"first": False, "changes": []}
    policy = store_content.policy_by_name(get_db(), found["name"])
    body = store_content.version_body(get_db(), policy["questionnaire_version_id"])
    rules = store_content.version_body(get_db(), policy["ruleset_version_id"])
    listed = [changes.message(c) for c in kept["changes"][:changes.SHOWN]]
    followups = [f for f in yearly.followups(get_db(), policy["organisation_id"]) if f["status"] == "open"
                 and all(r["policy_id"] != policy["id"] for r in yearly.followup_rounds(get_db(), f["id"]))]
    return render_template("workshop/published.html", draft=found, policy=policy, first=kept["first"],
                           followups=followups,
                           listed=listed, more=max(0, len(kept["changes"]) - changes.SHOWN),
                           size=changes.size(body, rules), kinds=q.policy_kinds(body), year=date.today().year,
                           anchor=anchor)


@bp.route("/<int:draft_id>/filer.zip")
@login_required
def files(draft_id: int):
    """The draft as content files, for version control; `survey load` of them gives the published version."""
    found = guards.coordinated_draft(draft_id)
    name = found["name"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"policies/{name}.txt", found["text"])
        for folder, data in (("questionnaires", found["questionnaire"]), ("rules", found["ruleset"])):
            archive.writestr(f"{folder}/{name}.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return attachment(out.getvalue(), "application/zip", f"{name}.zip")
