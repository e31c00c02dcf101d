"""The coordinator's yearly follow-ups: open one for the chosen policies and units, follow who has answered,
add a unit, close it, send one invitation or reminder per unit, and the two views with their exports:
policies × units (levels and response status) and one unit across every policy (its profile)."""
from __future__ import annotations

from datetime import date

import pandas as pd
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from survey import mail
from survey.reports import export
from survey.reports import yearly as yearly_report
from survey.reports.build import long_table
from survey.store import db as store_db
from survey.store import register, rounds, scores, yearly
from survey.web import guards
from survey.web.auth import record
from survey.web.db import get_db
from survey.web.downloads import attachment
from survey.web.forms import CheckboxesField
from survey.web.presentation import text

bp = Blueprint("yearly_coordinate", __name__, url_prefix="/samordna/uppfoljningar")


class NewFollowupForm(FlaskForm):
    year = IntegerField(_l("År"), validators=[InputRequired(_l("Ange ett år, till exempel 2027.")),
                                              NumberRange(2000, 2100, _l("Ange ett år mellan 2000 och 2100."))])
    deadline = DateField(_l("Sista dag att lämna in"), validators=[Optional()])
    title = StringField(_l("Rubrik (frivillig)"), validators=[Optional(), Length(max=120)])
    policies = CheckboxesField(_l("Policyer som följs upp"), coerce=int,
                               validators=[DataRequired(_l("Välj minst en policy."))])
    units = CheckboxesField(_l("Enheter som ska svara"), coerce=int,
                            validators=[DataRequired(_l("Välj minst en enhet."))])
    per_policy_submit = BooleanField(_l("Enheterna får lämna in policy för policy"))


def _form(organisation_id: int, formdata=None) -> NewFollowupForm:
    """Published policies on offer, ticked by default when the policy says how it is followed up; the
    active units on offer, ticked by default when some ticked policy addresses them."""
    db = get_db()
    form = NewFollowupForm(formdata=formdata)
    policies = yearly.offered_policies(db, organisation_id)
    form.policies.choices = [SelectChoice(p["id"], p["title"]) for p in policies]
    form.units.choices = [SelectChoice(u["id"], u["name"]) for u in register.units(db, organisation_id, active_only=True)]
    if formdata is None:
        chosen = [p["id"] for p in policies if p["followed_up"]] or [p["id"] for p in policies]
        form.policies.data = chosen
        form.units.data = [u["id"] for u in yearly.addressed_units(db, organisation_id, chosen)]
        form.year.data = date.today().year
    return form


def _render_index(organisation_id: int, form: NewFollowupForm, status: int = 200):
    return render_template("yearly/index.html", followups=yearly.followups(get_db(), organisation_id), form=form,
                           org=organisation_id), status


@bp.route("/")
@login_required
def index():
    organisation_id = guards.managed_organisation()
    return _render_index(organisation_id, _form(organisation_id))


@bp.route("/ny", methods=["POST"])
@login_required
def new():
    organisation_id = guards.managed_organisation()
    form = _form(organisation_id, request.form)
    if form.validate():
        try:
            followup_id = yearly.open_followup(
                get_db(), organisation_id, form.year.data, form.policies.data, unit_ids=form.units.data,
                deadline=form.deadline.data.isoformat() if form.deadline.data else None,
                title=form.title.data or None, per_policy_submit=form.per_policy_submit.data,
                created_by=current_user.user_id)
        except store_db.StorageError as refused:
            field = {"round.bad_deadline": form.deadline, "yearly.no_units": form.units,
                     "round.exists": form.policies}.get(refused.msg.code, form.year)
            field.errors = [text(refused.msg)]
        else:
            found = yearly.followup(get_db(), followup_id)
            record("round_open", organisation_id=organisation_id, subject=found["title"],
                   detail={"followup_id": followup_id, "year": found["year"], "policies": form.policies.data})
            flash(_("Uppföljningen är öppnad. Nästa steg: skicka inbjudningar, en per enhet."))
            return redirect(url_for("yearly_coordinate.view", followup_id=followup_id))
    return _render_index(organisation_id, form, 422)


def _frame(found: dict) -> pd.DataFrame:
    """The long score table of the follow-up's year and policies."""
    policies = {r["policy"] for r in yearly.followup_rounds(get_db(), found["id"])}
    rows = (row for row in scores.score_rows(get_db(), organisation_id=found["organisation_id"], year=found["year"])
            if row["policy"] in policies)
    return long_table(rows, str(get_locale() or "sv"))


def _grid(found: dict) -> pd.DataFrame:
    return yearly_report.grid(_frame(found), yearly.statuses(get_db(), found["id"]))


def _with_link(row: dict) -> dict:
    """A unit's response in one policy's round, with where the coordinator reads it: the results once
    submitted, the answers so far while a draft, nowhere before it is started."""
    endpoint = {"submitted": "respond.results", "draft": "respond.overview"}.get(row["status"])
    return row | {"link": url_for(endpoint, round_id=row["round_id"], unit_id=row["unit_id"]) if endpoint else None}


@bp.route("/<int:followup_id>")
@login_required
def view(followup_id: int):
    found = guards.coordinated_followup(followup_id)
    statuses = yearly.statuses(get_db(), followup_id)
    table = yearly_report.grid(_frame(found), statuses)
    policies = list(dict.fromkeys(table["policy_title"]))
    links = {(row["unit"], row["policy_title"]): _with_link(row)["link"] for row in statuses}
    cells = {(row["unit"], row["policy_title"]): row | {"link": links.get((row["unit"], row["policy_title"]))}
             for row in yearly_report.records(table)}
    units = list(dict.fromkeys((row["unit_id"], row["unit"]) for row in statuses))
    taken = yearly.followup_rounds(get_db(), followup_id)
    inside = {r["policy_id"] for r in taken}
    return render_template("yearly/view.html", followup=found, policies=policies, units=units, cells=cells,
                           rounds=taken, outside=yearly.units_outside(get_db(), followup_id),
                           addable=[p for p in yearly.offered_policies(get_db(), found["organisation_id"])
                                    if p["id"] not in inside])


@bp.route("/<int:followup_id>/status", methods=["POST"])
@login_required
def status(followup_id: int):
    found = guards.coordinated_followup(followup_id)
    wanted = request.form.get("status", "")
    if wanted not in ("open", "closed"):
        abort(400)
    drafts = [row for row in yearly.statuses(get_db(), followup_id) if row["status"] == "draft"]
    if wanted == "closed" and drafts and request.form.get("confirm") != "1":  # ask first, as for a round
        units = list({row["unit_id"]: row for row in drafts}.values())
        return render_template(
            "coordinate/close.html", drafts=units, heading=_("Stänga uppföljningen?"),
            back=(url_for("yearly_coordinate.view", followup_id=followup_id), found["title"]),
            action=url_for("yearly_coordinate.status", followup_id=followup_id), button=_("Stäng uppföljningen ändå"),
            warning=_("%(n)s enheter har utkast som inte är inlämnade. När uppföljningen är stängd kan de inte spara "
                      "eller lämna in; utkasten räknas inte i rapporterna.", n=len(units)))
    yearly.set_status(get_db(), followup_id, wanted)
    record("round_open" if wanted == "open" else "round_close", organisation_id=found["organisation_id"],
           subject=found["title"], detail={"followup_id": followup_id})
    flash(_("Uppföljningen är öppnad.") if wanted == "open" else _("Uppföljningen är stängd; inga fler svar kan sparas."))
    return redirect(url_for("yearly_coordinate.view", followup_id=followup_id))


@bp.route("/<int:followup_id>/enhet/lagg-till", methods=["POST"])
@login_required
def add_unit(followup_id: int):
    found = guards.coordinated_followup(followup_id)
    unit = register.unit_of(get_db(), found["organisation_id"], request.form.get("unit_id", type=int) or 0)
    try:
        joined = yearly.add_unit(get_db(), followup_id, unit["id"])
    except store_db.StorageError as refused:
        flash(text(refused.msg))
    else:
        record("unit_add", organisation_id=found["organisation_id"], subject=unit["name"],
               detail={"followup_id": followup_id, "rounds": joined})
        flash(_("%(unit)s är med i uppföljningen (%(n)s policyer).", unit=unit["name"], n=len(joined)))
    return redirect(url_for("yearly_coordinate.view", followup_id=followup_id))


@bp.route("/<int:followup_id>/policy/lagg-till", methods=["POST"])
@login_required
def add_policy(followup_id: int):
    """A policy published during the year joins the follow-up; its units see it on their overview."""
    found = guards.coordinated_followup(followup_id)
    try:
        round_id, units = yearly.add_policy(get_db(), followup_id, request.form.get("policy_id", type=int) or 0)
    except store_db.StorageError as refused:
        flash(text(refused.msg))
    else:
        title = rounds.round_info(get_db(), round_id)["policy_title"]
        record("round_open", organisation_id=found["organisation_id"], subject=title,
               detail={"followup_id": followup_id, "round_id": round_id, "units": len(units)})
        flash(_("%(policy)s är med i uppföljningen för %(n)s enheter. De ser den i sin översikt; "
                "inbjudningar och påminnelser tar med den.", policy=title, n=len(units)))
    return redirect(url_for("yearly_coordinate.view", followup_id=followup_id))


@bp.route("/<int:followup_id>/meddelanden", methods=["POST"])
@login_required
def notify(followup_id: int):
    """One invitation (or reminder) per unit that has not submitted everything, with one link for all policies."""
    found = guards.coordinated_followup(followup_id)
    kind = request.form.get("kind", "")
    if kind not in mail.KINDS:
        abort(400)
    try:
        result = mail.notify_followup(get_db(), followup_id, kind, created_by=current_user.user_id,
                                      force=request.form.get("force") == "1",
                                      link_for=lambda token: url_for("auth.invitation", token=token, _external=True))
    except store_db.StorageError as refused:
        flash(text(refused.msg))
    else:
        record("invitation", organisation_id=found["organisation_id"], subject=found["title"],
               detail={"followup_id": followup_id, "kind": kind, "queued": len(result["queued"])})
        flash(_("%(n)s meddelanden ligger i utkorgen; %(skipped)s enheter hoppades över.",
                n=len(result["queued"]), skipped=len(result["skipped"])))
    return redirect(url_for("yearly_coordinate.view", followup_id=followup_id))


def _download(table: pd.DataFrame, fmt: str, stem: str, sheet: str) -> Response:
    if fmt not in export.FORMATS:
        abort(404)
    data = export.to_bytes(yearly_report.in_words(table, str(get_locale() or "sv")), fmt, sheet=sheet)
    return attachment(data, export.MEDIA_TYPES[fmt], f"{stem}.{export.SUFFIXES[fmt]}")


@bp.route("/<int:followup_id>/policyer-enheter.<fmt>")
@login_required
def export_grid(followup_id: int, fmt: str):
    found = guards.coordinated_followup(followup_id)
    record("export", organisation_id=found["organisation_id"], subject=f"policyer-enheter.{fmt}",
           detail={"followup_id": followup_id})
    return _download(_grid(found), fmt, f"uppfoljning-{found['year']}-policyer-enheter", _("Policyer och enheter"))


@bp.route("/<int:followup_id>/enhet/<int:unit_id>/profil")
@login_required
def profile(followup_id: int, unit_id: int):
    found = guards.coordinated_followup(followup_id)
    unit = register.unit_of(get_db(), found["organisation_id"], unit_id)
    table = yearly_report.profile(_grid(found), unit["name"])
    if table.empty:
        abort(404)
    responses_of = {row["policy_title"]: _with_link(row) for row in yearly.statuses(get_db(), followup_id)
                    if row["unit_id"] == unit_id}
    return render_template("yearly/profile.html", followup=found, unit=unit, rows=yearly_report.records(table),
                           responses_of=responses_of)


@bp.route("/<int:followup_id>/enhet/<int:unit_id>/profil.<fmt>")
@login_required
def export_profile(followup_id: int, unit_id: int, fmt: str):
    found = guards.coordinated_followup(followup_id)
    unit = register.unit_of(get_db(), found["organisation_id"], unit_id)
    table = yearly_report.profile(_grid(found), unit["name"])
    if table.empty:
        abort(404)
    record("export", organisation_id=found["organisation_id"], subject=f"profil.{fmt}",
           detail={"followup_id": followup_id, "unit_id": unit_id})
    return _download(table, fmt, f"uppfoljning-{found['year']}-{register.slugify(unit['name'])}", _("Enhetsprofil"))
