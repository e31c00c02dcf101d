"""The workshop's first page: the drafts, and uploading a policy or the revision of a published one.

The organisation is chosen explicitly, the policy gets a readable id of its own ("ort-
mangfaldspolicy"), and a document that names another municipality is flagged on the draft.
"""
from __future__ import annotations

import re
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from survey.content import edit, revise
from survey.content.derive import Failure, derive
from survey.content.derive.read import MAX_BYTES, kind_of
from survey.store import content as store_content
from survey.store import drafts, register
from survey.web import guards
from survey.web.auth import coordinated_policies
from survey.web.db import get_db
from survey.web.presentation import text
from survey.web.workshop.blueprint import bp

ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def _organisations() -> list[dict]:
    return [o for o in register.organisations(get_db()) if current_user.can_coordinate(o["id"])]


def _index(errors: dict | None = None, status: int = 200, typed: bool = True):
    organisation_ids = None if current_user.role == "admin" else [current_user.organisation_id]
    return render_template("workshop/index.html", drafts=drafts.drafts_of(get_db(), organisation_ids),
                           organisations=_organisations(), policies=coordinated_policies(), errors=errors or {},
                           typed=request.form if errors and typed else {}, limit=MAX_BYTES // 1_000_000,
                           own=current_user.organisation_id), status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    return _index({"file": _("Filen är för stor. Högst %(n)s MB.", n=MAX_BYTES // 1_000_000)}, 413, typed=False)


@bp.route("/")
@login_required
def index():
    guards.coordinator()
    return _index()


def _document(errors: dict, field: str) -> tuple[bytes, str] | None:
    """The uploaded document, checked by name and content; None with the problem in errors[field]."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        errors[field] = _("Välj en fil med policyn.")
        return None
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        errors[field] = _("Filen är för stor. Högst %(n)s MB.", n=MAX_BYTES // 1_000_000)
    elif kind_of(data, upload.filename) is None:  # by its content: a PDF named .txt is read as a PDF
        errors[field] = _("Filtypen stöds inte. Använd DOCX, PDF, TXT, MD eller HTML.")
    return None if errors else (data, upload.filename)


def _adopted(errors: dict) -> str | None:
    value = request.form.get("adopted_date", "").strip()[:40]
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        errors["adopted_date"] = text(edit.BAD_DATE())
        return None


@bp.route("/ladda-upp", methods=["POST"])
@login_required
def upload():
    guards.coordinator()
    errors: dict = {}
    organisations = {o["id"]: o for o in _organisations()}
    organisation = organisations.get(request.form.get("organisation", type=int))
    if organisation is None:
        errors["organisation"] = _("Välj organisationen som har antagit policyn.")
    name = request.form.get("policy_id", "").strip().lower()[:80] or None
    if name and not ID.match(name):
        errors["policy_id"] = _("Id:t skrivs med små bokstäver, siffror och bindestreck, till exempel "
                                "”ort-mangfaldspolicy”.")
    document = _document(errors, "file")
    if errors:
        return _index(errors, 422)
    derived = derive(*document)
    if isinstance(derived, Failure):
        return _index({"file": text(derived.message)}, 422)
    db = get_db()
    policy = derived.questionnaire["x-policy"]
    if name is None:
        taken = {d["name"] for d in drafts.drafts_of(db, [organisation["id"]])} | {
            p["name"] for p in store_content.policies(db)}
        name = edit.policy_name(organisation["name"], policy["title"], taken)
    policy["id"] = derived.ruleset["policy"] = name
    named = policy.get("municipality") or ""
    review = [] if edit.same_place(named, organisation["name"]) else [{"about": "municipality", "named": named}]
    draft_id = _create(organisation, derived, derived.questionnaire, derived.ruleset, review=review)
    flash(_("Utkastet är härlett ur dokumentet. Granska det punkt för punkt; nästa steg är att förhandsvisa "
            "och publicera."))
    return redirect(url_for("workshop.draft", draft_id=draft_id))


def _create(organisation: dict, derived, questionnaire: dict, ruleset: dict, comparison: dict | None = None,
            review: list | None = None) -> int:
    questionnaire["x-policy"]["municipality"] = organisation["name"]
    return drafts.create(get_db(), organisation["id"], questionnaire["x-policy"]["id"], text=derived.text,
                         questionnaire=questionnaire, ruleset=ruleset, review=review or [],
                         user_id=current_user.user_id, comparison=comparison)


@bp.route("/revidera", methods=["POST"])
@login_required
def revise_policy():
    """Upload the revised document of a published policy: a draft that keeps the questions of what is unchanged."""
    guards.coordinator()
    errors: dict = {}
    policy = next((p for p in coordinated_policies() if p["id"] == request.form.get("policy", type=int)), None)
    if policy is None:
        errors["policy"] = _("Välj policyn som revideras.")
    adopted = _adopted(errors)
    document = _document(errors, "revised-file")
    if errors:
        return _index(errors, 422)
    derived = derive(*document)
    if isinstance(derived, Failure):
        return _index({"revised-file": text(derived.message)}, 422)
    db = get_db()
    old_q = store_content.version_body(db, policy["questionnaire_version_id"])
    old_r = store_content.version_body(db, policy["ruleset_version_id"])
    derived.questionnaire["x-policy"]["id"] = derived.ruleset["policy"] = policy["name"]
    working = edit.Draft.of(derived.questionnaire, derived.ruleset)
    comparison = revise.compare(old_q, old_r, working.questionnaire, working.ruleset)
    revise.keep_edits(working, old_q, old_r, comparison)
    working.policy["adopted_date"] = adopted or working.policy["adopted_date"]
    working.policy["title"] = old_q["x-policy"]["title"]
    if working.policy["revision"] is None:  # the revised document does not say: keep the rule in force
        working.policy["revision"] = old_q["x-policy"]["revision"]
    organisation = register.organisation_of(db, policy["organisation_id"])
    draft_id = _create(organisation, derived, working.questionnaire, working.ruleset, comparison)
    flash(_("Utkastet för den reviderade policyn är klart. Jämförelsen visar vad som har ändrats."))
    return redirect(url_for("workshop.draft", draft_id=draft_id))
