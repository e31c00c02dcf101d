"""Closing the loop: the unit's actions and their follow-up, evidence downloads, the
coordinator's feedback, and the coordinator's list of a round's actions with its exports."""
from __future__ import annotations

import pandas as pd
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from survey.reports import export, tables
from survey.store import actions as store_actions
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import evidence as store_evidence
from survey.store import feedback as store_feedback
from survey.store import responses
from survey.web import attachments, guards
from survey.web.db import get_db
from survey.web.downloads import attachment
from survey.web.presentation import text
from survey.web.respond import render_overview, render_results
from survey.web.responsepage import Page

bp = Blueprint("followup", __name__)

ACTION_FIELDS = ("what", "responsible", "due", "status", "comment")


def _results_page(round_id: int, unit_id: int) -> Page:
    """The results of a submitted response, for its own unit's manager only (404 otherwise)."""
    page = Page(round_id, unit_id, answer=False)
    if not current_user.can_answer(page.unit, round_id) or page.response is None \
            or page.response["status"] != "submitted":
        abort(404)
    return page


def _refused(page: Page, problems: dict, prefix: str):
    return render_results(page, {prefix + key: text(msg) for key, msg in problems.items()}, status=422)


@bp.route("/svar/<int:round_id>/<int:unit_id>/atgarder", methods=["POST"])
@login_required
def add_action(round_id: int, unit_id: int):
    page = _results_page(round_id, unit_id)
    requirement = request.form.get("requirement", "")[:100]
    fields = {key: request.form.get(key, "")[:5000] for key in ACTION_FIELDS}
    try:
        store_actions.add(page.db, round_id, unit_id, requirement, fields, user_id=current_user.user_id)
    except store_actions.InvalidAction as refused:
        return _refused(page, refused.problems, f"new-{requirement}-")
    except store_db.StorageError as refused:
        flash(text(refused.msg))
    else:
        flash(_("Åtgärden är sparad."))
    return redirect(page.url("respond.results", _anchor=f"krav-{requirement}"))


@bp.route("/svar/<int:round_id>/<int:unit_id>/atgarder/<int:action_id>", methods=["POST"])
@login_required
def edit_action(round_id: int, unit_id: int, action_id: int):
    page = _results_page(round_id, unit_id)
    found = guards.part_of(store_actions.action(page.db, action_id), round_id, unit_id)
    fields = {key: request.form.get(key, "")[:5000] for key in ACTION_FIELDS}
    try:
        store_actions.update(page.db, action_id, fields, user_id=current_user.user_id)
    except store_actions.InvalidAction as refused:
        return _refused(page, refused.problems, f"{action_id}-")
    flash(_("Åtgärden är ändrad."))
    return redirect(page.url("respond.results", _anchor=f"krav-{found['requirement']}"))


@bp.route("/svar/<int:round_id>/<int:unit_id>/uppfoljning", methods=["POST"])
@login_required
def follow_up(round_id: int, unit_id: int):
    """This year's status of last year's actions, reported all at once from the overview."""
    page = Page(round_id, unit_id, answer=True)
    if not page.editable:
        flash(_("Svaret kan inte ändras: det är inlämnat eller omgången är stängd."))
        return redirect(page.url("respond.overview"))
    previous = store_actions.previous_actions(page.db, round_id, unit_id)
    reports = {row["id"]: {"status": request.form.get(f"status-{row['id']}", ""),
                           "comment": request.form.get(f"comment-{row['id']}", "")[:5000]} for row in previous}
    try:
        store_actions.report(page.db, round_id, unit_id, reports, user_id=current_user.user_id)
    except store_actions.InvalidAction as refused:
        return render_overview(page, followup_errors={k: text(m) for k, m in refused.problems.items()}, status=422)
    flash(_("Uppföljningen av förra årets åtgärder är sparad."))
    return redirect(page.url("respond.overview", _anchor="forra-arets-atgarder"))


def _evidence_of(page: Page, evidence_id: int) -> dict:
    return guards.part_of(store_evidence.item(page.db, evidence_id), page.round["id"], page.unit["id"])


@bp.route("/svar/<int:round_id>/<int:unit_id>/underlag/<int:evidence_id>")
@login_required
def download(round_id: int, unit_id: int, evidence_id: int):
    page = Page(round_id, unit_id, answer=False)
    row = _evidence_of(page, evidence_id)
    path = store_evidence.path_of(attachments.folder(), row) if row["kind"] == "file" else None
    if path is None or not path.is_file():
        abort(404)
    return attachment(path, row["media_type"], row["filename"])


@bp.route("/svar/<int:round_id>/<int:unit_id>/underlag/<int:evidence_id>/ta-bort", methods=["POST"])
@login_required
def remove_evidence(round_id: int, unit_id: int, evidence_id: int):
    page = Page(round_id, unit_id, answer=True)
    row = _evidence_of(page, evidence_id)
    section = row["question"].split("/")[1]
    if not page.editable:
        flash(_("Svaret kan inte ändras: det är inlämnat eller omgången är stängd."))
        return redirect(page.url("respond.overview"))
    store_evidence.remove(page.db, attachments.folder(), evidence_id)
    flash(_("Underlaget är borttaget."))
    return redirect(page.url("respond.section", name=section))


@bp.route("/samordna/omgang/<int:round_id>/enhet/<int:unit_id>/aterkoppling", methods=["POST"])
@login_required
def feedback(round_id: int, unit_id: int):
    round_ = guards.coordinated_round(round_id)
    unit = guards.coordinated_unit(round_, unit_id)
    page = Page(round_id, unit["id"], answer=False)
    if page.response is None or page.response["status"] != "submitted":
        abort(404)
    requirement = request.form.get("requirement", "")[:100]
    if requirement not in {r["requirement"] for r in responses.stored_results(page.db, page.response["id"])}:
        abort(404)
    try:
        store_feedback.write(page.db, round_id, unit_id, requirement, request.form.get("comment", "")[:5000],
                             user_id=current_user.user_id)
    except store_db.StorageError as refused:
        flash(text(refused.msg))
    else:
        flash(_("Återkopplingen är sparad."))
    return redirect(page.url("respond.results", _anchor=f"krav-{requirement}"))


def _filters(round_: dict) -> dict:
    """The list's filters from the query string; unknown values filter nothing."""
    db = get_db()
    units = {u["unit_id"]: u["unit"] for u in responses.round_summary(db, round_["id"])}
    ruleset = store_content.version_body(db, round_["ruleset_version_id"])
    requirements = {spec["id"]: spec["title"] for spec in ruleset["requirements"]}
    unit = request.args.get("enhet", type=int)
    requirement = request.args.get("krav", "")
    status = request.args.get("status", "")
    return {"unit_id": unit if unit in units else None,
            "requirement": requirement if requirement in requirements else None,
            "status": status if status in store_actions.STATUSES else None,
            "units": units, "requirements": requirements}


def _action_rows(round_: dict, chosen: dict) -> list[dict]:
    return store_actions.of_round(get_db(), round_["id"], unit_id=chosen["unit_id"],
                                  requirement=chosen["requirement"], status=chosen["status"])


@bp.route("/samordna/omgang/<int:round_id>/atgarder")
@login_required
def round_actions(round_id: int):
    round_ = guards.coordinated_round(round_id)
    chosen = _filters(round_)
    return render_template("coordinate/actions.html", round=round_, rows=_action_rows(round_, chosen),
                           chosen=chosen, statuses=store_actions.STATUSES,
                           evidence=store_evidence.of_round(get_db(), round_id),
                           args={k: v for k, v in request.args.items() if k in ("enhet", "krav", "status")})


def _download(frame: pd.DataFrame, fmt: str, stem: str, sheet: str) -> Response:
    if fmt not in export.FORMATS:
        abort(404)
    return attachment(export.to_bytes(frame, fmt, sheet=sheet), export.MEDIA_TYPES[fmt], f"{stem}.{export.SUFFIXES[fmt]}")


@bp.route("/samordna/omgang/<int:round_id>/atgarder.<fmt>")
@login_required
def export_actions(round_id: int, fmt: str):
    round_ = guards.coordinated_round(round_id)
    frame = tables.actions(_action_rows(round_, _filters(round_)), str(get_locale()))
    return _download(frame, fmt, f"atgarder-{round_['policy']}-{round_['year']}", _("Åtgärder"))


@bp.route("/samordna/omgang/<int:round_id>/underlag.<fmt>")
@login_required
def export_evidence(round_id: int, fmt: str):
    round_ = guards.coordinated_round(round_id)
    frame = tables.evidence(store_evidence.of_round(get_db(), round_id), str(get_locale()))
    return _download(frame, fmt, f"underlag-{round_['policy']}-{round_['year']}", _("Underlag"))
