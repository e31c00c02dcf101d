"""The coordinator's pages: rounds, who has answered, reopening, invitation links."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from survey import accounts, responses, storage
from survey.web import get_db

bp = Blueprint("coordinate", __name__, url_prefix="/samordna")


def _coordinated_round(round_id: int) -> dict:
    try:
        round_ = storage.round_info(get_db(), round_id)
    except storage.NotFound:
        abort(404)
    if not current_user.can_coordinate(round_["organisation_id"]):
        abort(404)
    return round_


def _coordinated_unit(round_: dict, unit_id: int) -> dict:
    unit = storage.one(get_db(), "select * from units where id = ?", [unit_id])
    if unit is None or unit["organisation_id"] != round_["organisation_id"]:
        abort(404)
    return unit


@bp.route("/")
@login_required
def home():
    if current_user.role not in ("admin", "coordinator"):
        abort(404)
    rows = get_db().query("""
        select rounds.*, policies.title as policy_title, organisations.name as organisation,
               policies.organisation_id,
               (select count(*) from responses r where r.round_id = rounds.id and r.status = 'submitted') as submitted
        from rounds join policies on policies.id = rounds.policy_id
        join organisations on organisations.id = policies.organisation_id
        order by organisations.name, policies.title, rounds.year desc""")
    rounds = [row for row in rows if current_user.can_coordinate(row["organisation_id"])]
    return render_template("coordinate/home.html", rounds=rounds)


@bp.route("/omgang/<int:round_id>")
@login_required
def round_view(round_id: int):
    round_ = _coordinated_round(round_id)
    db = get_db()
    return render_template("coordinate/round.html", round=round_, units=responses.round_summary(db, round_id),
                           invitations=accounts.invitations_of_round(db, round_id), new_link=None)


@bp.route("/omgang/<int:round_id>/inbjudan", methods=["POST"])
@login_required
def invite(round_id: int):
    round_ = _coordinated_round(round_id)
    unit = _coordinated_unit(round_, request.form.get("unit_id", type=int) or 0)
    db = get_db()
    token = accounts.create_invitation(db, round_id, unit["id"], created_by=current_user.user_id)
    link = url_for("auth.invitation", token=token, _external=True)
    flash(_("Ny inbjudningslänk för %(unit)s. Kopiera den nu: den visas bara en gång.", unit=unit["name"]))
    return render_template("coordinate/round.html", round=round_, units=responses.round_summary(db, round_id),
                           invitations=accounts.invitations_of_round(db, round_id),
                           new_link={"unit": unit["name"], "url": link})


@bp.route("/omgang/<int:round_id>/inbjudan/<int:invitation_id>/aterkalla", methods=["POST"])
@login_required
def revoke(round_id: int, invitation_id: int):
    _coordinated_round(round_id)
    db = get_db()
    try:
        found = accounts.invitation(db, invitation_id)
    except storage.NotFound:
        abort(404)
    if found["round_id"] != round_id:
        abort(404)
    accounts.revoke_invitation(db, invitation_id)
    flash(_("Länken är återkallad."))
    return redirect(url_for("coordinate.round_view", round_id=round_id))


@bp.route("/omgang/<int:round_id>/enhet/<int:unit_id>/oppna-igen", methods=["POST"])
@login_required
def reopen(round_id: int, unit_id: int):
    round_ = _coordinated_round(round_id)
    unit = _coordinated_unit(round_, unit_id)
    db = get_db()
    response = responses.get_response(db, round_id, unit["id"])
    if response is None:
        abort(404)
    try:
        responses.reopen(db, response["id"], user_id=current_user.user_id, reason=request.form.get("reason", "")[:500])
    except storage.StorageError as refused:
        flash(str(refused))
    else:
        flash(_("Svaret från %(unit)s är öppnat igen.", unit=unit["name"]))
    return redirect(url_for("respond.overview", round_id=round_id, unit_id=unit["id"]))
