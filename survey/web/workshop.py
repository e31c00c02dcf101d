"""The policy workshop: from an adopted document to a published self-assessment, in forms.

A coordinator uploads the policy (or a revision of a published one), reviews and edits the
derived draft item by item beside the policy text, sees the lint findings at their items,
previews the form as each kind of unit sees it, and publishes it as new content versions.
Every form post saves the draft with a version check, like an answer.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from survey.content import edit, lint, restructure, revise
from survey.content.derive import Failure, derive
from survey.content.derive.read import MAX_BYTES, kind_of
from survey.content import questionnaire as q
from survey.scoring import policycheck
from survey.store import content as store_content
from survey.store import drafts, register
from survey.web import guards, preview
from survey.web.auth import coordinated_policies
from survey.web.db import get_db
from survey.web.downloads import attachment
from survey.web.presentation import text

bp = Blueprint("workshop", __name__, url_prefix="/verkstad")
ACTIONS = {"save", "up", "down", "remove", "add-requirement", "add-goal", "add-question"}


def _organisations() -> list[dict]:
    return [o for o in register.organisations(get_db()) if current_user.can_coordinate(o["id"])]


def _index(errors: dict | None = None, status: int = 200, typed: bool = True):
    organisation_ids = None if current_user.role == "admin" else [current_user.organisation_id]
    return render_template("workshop/index.html", drafts=drafts.drafts_of(get_db(), organisation_ids),
                           organisations=_organisations(), policies=coordinated_policies(), errors=errors or {},
                           typed=request.form if errors and typed else {}, limit=MAX_BYTES // 1_000_000), status


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
    kind = kind_of(upload.filename)
    if kind is None:
        errors[field] = _("Filtypen stöds inte. Använd DOCX, PDF, TXT, MD eller HTML.")
    elif len(data) > MAX_BYTES:
        errors[field] = _("Filen är för stor. Högst %(n)s MB.", n=MAX_BYTES // 1_000_000)
    elif _content_kind(data) != {"docx": "docx", "pdf": "pdf"}.get(kind, "text"):
        suffix = upload.filename.rsplit(".", 1)[-1].upper()
        errors[field] = _("Filens innehåll stämmer inte med filtypen %(kind)s.", kind=suffix)
    return None if errors else (data, upload.filename)


def _content_kind(data: bytes) -> str:
    """What a document is by its first bytes, whatever its name says: docx (a zip), pdf, text or binary."""
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"%PDF-"):
        return "pdf"
    return "binary" if b"\0" in data[:4096] else "text"


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
    chosen = (request.form.get("organisation", type=int) or current_user.organisation_id
              or next(iter(organisations), None))
    organisation = organisations.get(chosen)
    if organisation is None:
        errors["organisation"] = _("Välj en organisation.")
    name = request.form.get("policy_id", "").strip() or None
    document = _document(errors, "file")
    if errors:
        return _index(errors, 422)
    derived = derive(*document, name)
    if isinstance(derived, Failure):
        return _index({"file": text(derived.message)}, 422)
    draft_id = _create(organisation, derived, derived.questionnaire, derived.ruleset)
    flash(_("Utkastet är härlett ur dokumentet. Granska det punkt för punkt."))
    return redirect(url_for("workshop.draft", draft_id=draft_id))


def _create(organisation: dict, derived, questionnaire: dict, ruleset: dict, comparison: dict | None = None) -> int:
    questionnaire["x-policy"]["municipality"] = organisation["name"]
    return drafts.create(get_db(), organisation["id"], derived.id, text=derived.text, questionnaire=questionnaire,
                         ruleset=ruleset, review=derived.review, user_id=current_user.user_id, comparison=comparison)


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
    derived = derive(*document, policy["name"])
    if isinstance(derived, Failure):
        return _index({"revised-file": text(derived.message)}, 422)
    db = get_db()
    old_q = store_content.version_body(db, policy["questionnaire_version_id"])
    old_r = store_content.version_body(db, policy["ruleset_version_id"])
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


def _problems(found: dict) -> dict[str, list[str]]:
    """Lint findings of a draft, by the item they concern ("" for the policy as a whole)."""
    name = found["name"]
    problems = lint.lint_data({("questionnaire", name): found["questionnaire"], ("ruleset", name): found["ruleset"]},
                              {name: found["text"]})
    goals = [g["id"] for g in found["questionnaire"]["x-policy"]["goals"]]
    rules = [r["id"] for r in found["ruleset"]["requirements"]]
    by_item: dict[str, list[str]] = {}
    for problem in problems:
        parts = problem.pointer.strip("/").split("/")
        key = ""
        if problem.file.startswith("rules/") and parts[0] == "requirements" and len(parts) > 1 \
                and parts[1].isdigit() and int(parts[1]) < len(rules):
            key = f"requirement:{rules[int(parts[1])]}"
        elif problem.file.startswith("questionnaires/") and parts[0] == "properties" and len(parts) > 1:
            key = f"section:{parts[1]}"
            if len(parts) > 3 and parts[2] == "properties":
                key = f"question:{parts[1]}/{parts[3]}"
        elif parts[:2] == ["x-policy", "goals"] and len(parts) > 2 and parts[2].isdigit() \
                and int(parts[2]) < len(goals):
            key = f"goal:{goals[int(parts[2])]}"
        elif parts[0] == "x-policy":
            key = "policy"
        by_item.setdefault(key, []).append(f"{problem.pointer or '/'}: {text(problem.message)}")
    return by_item


def _render(found: dict, *, typed_key: str | None = None, errors: dict | None = None, conflict: str | None = None,
            status: int = 200):
    working = edit.Draft.of(found["questionnaire"], found["ruleset"])
    return render_template(
        "workshop/draft.html", draft=found, work=working, problems=_problems(found),
        kinds=q.policy_kinds(found["questionnaire"]),
        section_kinds=lambda section: q.applies_to(found["questionnaire"], section).kinds,
        typed_key=typed_key, typed=request.form if typed_key else {}, errors=errors or {}, conflict=conflict,
        scales={"ja-delvis-nej": _("Ja / Delvis / Nej"), "ja-nej": _("Ja / Nej")},
        scale_of=edit.scale_of, evidence_of=edit.evidence_of, anchor=_anchor,
        history=drafts.history(get_db(), found["id"])[:10],
        revision=policycheck.revision_status(found["questionnaire"]["x-policy"], date.today())), status


def _anchor(key: str) -> str:
    return "i-" + re.sub(r"[^a-z0-9]+", "-", key.lower().encode("ascii", "replace").decode()).strip("-")


@bp.route("/<int:draft_id>")
@login_required
def draft(draft_id: int):
    return _render(guards.coordinated_draft(draft_id))


def _posted() -> dict:
    return {key: request.form.getlist(key) if key == "kinds" else request.form.get(key, "")[:edit.MAX_TEXT + 1]
            for key in request.form}


@bp.route("/<int:draft_id>/andra", methods=["POST"])
@login_required
def change(draft_id: int):
    """Save one item's form, or move, remove or add an item; refused when the draft changed meanwhile."""
    found = guards.coordinated_draft(draft_id)
    key, action = request.form.get("item", ""), request.form.get("x-action", "save")
    if action not in ACTIONS:
        abort(400)
    working = edit.Draft.of(found["questionnaire"], found["ruleset"])
    if not edit.exists(working, key):
        return _render(found, conflict=text(edit.NO_ITEM()), status=409)
    target, message = key, _("Sparat.")
    if action.startswith("add-") and restructure.full(working):
        return _render(found, conflict=text(restructure.TOO_MANY(n=restructure.MAX_ITEMS)), status=422)
    if action == "save":
        errors = edit.edit(working, key, _posted())
        if errors:
            return _render(found, typed_key=key, errors={k: text(m) for k, m in errors.items()}, status=422)
    elif action in ("up", "down"):
        restructure.move(working, key, -1 if action == "up" else 1)
        message = _("Flyttat.")
    elif action == "remove":
        if not restructure.remove(working, key):
            abort(400)
        target, message = "", _("Borttaget.")
    elif action == "add-goal":
        target, message = f"goal:{restructure.add_goal(working)}", _("Ett nytt mål är tillagt. Skriv in det.")
    elif action == "add-requirement" and key.startswith("section:"):
        rid = restructure.add_requirement(working, key.partition(":")[2])
        target, message = f"requirement:{rid}", _("Ett nytt krav med en fråga är tillagt. Skriv in det.")
    elif action == "add-question" and key.startswith("question:"):
        section_name = key.partition(":")[2].split("/")[0]
        serves = working.sections[section_name]["properties"][key.split("/", 1)[1]]["x-serves"][-1]
        target = f"question:{section_name}/{restructure.add_question(working, section_name, serves)}"
        message = _("En ny fråga är tillagd.")
    else:
        abort(400)
    version = request.form.get("x-version", "")
    try:
        drafts.save(get_db(), draft_id, working.questionnaire, working.ruleset,
                    base_version=int(version) if version.isdigit() else -1, user_id=current_user.user_id,
                    action=f"{action} {key}")
    except drafts.StaleDraft as stale:
        return _render(stale.current, typed_key=key if action == "save" else None, conflict=text(stale.msg),
                       status=409)
    flash(message)
    return redirect(url_for("workshop.draft", draft_id=draft_id, _anchor=_anchor(target) if target else None))


@bp.route("/<int:draft_id>/forhandsvisning/<kind>")
@login_required
def show_preview(draft_id: int, kind: str):
    """The form as a unit of one of the policy's kinds sees it, optionally one carrying a tag (`?tagg=`)."""
    found = guards.coordinated_draft(draft_id)
    kinds, tags = q.policy_kinds(found["questionnaire"]), q.policy_tags(found["questionnaire"])
    tag = request.args.get("tagg", "")
    if kind not in kinds or (tag and tag not in tags):
        abort(404)
    unit = {"name": None, "kind": kind, "tags": [tag] if tag else []}
    return render_template("workshop/preview.html", draft=found, kind=kind, kinds=kinds, tag=tag, tags=tags,
                           sections=preview.sections(found["questionnaire"], unit))


@bp.route("/<int:draft_id>/publicera", methods=["POST"])
@login_required
def publish(draft_id: int):
    found = guards.coordinated_draft(draft_id)
    version = request.form.get("x-version", "")
    if not version.isdigit() or int(version) != found["version"]:
        return _render(found, conflict=text(drafts.StaleDraft(found).msg), status=409)
    if _problems(found):
        return _render(found, conflict=_("Utkastet har fel som måste rättas före publicering; de visas vid "
                                         "respektive punkt."), status=422)
    result = store_content.publish(get_db(), found["organisation_id"], found["name"], found["questionnaire"],
                                   found["ruleset"])
    drafts.mark_published(get_db(), draft_id)
    flash(_("Publicerat: frågeformulär version %(q)s och regler version %(r)s. Omgångar som redan är öppnade "
            "behåller sina versioner.", q=result["questionnaire_version_id"], r=result["ruleset_version_id"]))
    return redirect(url_for("workshop.draft", draft_id=draft_id))


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
