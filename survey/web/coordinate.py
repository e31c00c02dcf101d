"""The coordinator's pages: rounds, who has answered, reopening, invitation links."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from survey import mail
from survey.content import questionnaire as q
from survey.scoring import policycheck
from survey.store import accounts, register, responses, rounds
from survey.store import content as store_content
from survey.store import db as store_db
from survey.web import guards
from survey.web.auth import coordinated_policies, record
from survey.web.db import get_db
from survey.web.forms import CheckboxesField
from survey.web.presentation import kind_text, text

bp = Blueprint("coordinate", __name__, url_prefix="/samordna")


class NewRoundForm(FlaskForm):
    policy = SelectField(_l("Policy"), coerce=int, validators=[InputRequired(_l("Välj en policy."))])
    year = IntegerField(_l("År"), validators=[InputRequired(_l("Ange ett år, till exempel 2027.")),
                                              NumberRange(2000, 2100, _l("Ange ett år mellan 2000 och 2100."))])
    deadline = DateField(_l("Sista dag att lämna in"), validators=[Optional()])
    title = StringField(_l("Rubrik (frivillig)"), validators=[Optional(), Length(max=120)])
    unit_kinds = CheckboxesField(_l("Enhetstyper som ska svara"),
                                 validators=[DataRequired(_l("Välj minst en enhetstyp."))])


def _kinds_by_policy() -> dict[int, list[str]]:
    """The unit kinds of each coordinated policy's organisation."""
    db = get_db()
    return {p["id"]: register.kinds(db, p["organisation_id"]) for p in coordinated_policies()}


def _new_round_form(formdata=None, policy_id: int | None = None) -> NewRoundForm:
    """The kinds on offer are those of the coordinated organisations (an administrator's may differ).

    A form for one policy (`policy_id`, as the workshop links here after publishing) has it chosen,
    this year filled in, and only the kinds the policy addresses ticked.
    """
    form = NewRoundForm(formdata=formdata)
    policies = coordinated_policies()
    form.policy.choices = [SelectChoice(p["id"], f"{p['organisation']}: {p['title']}") for p in policies]
    kinds = list(dict.fromkeys(kind for found in _kinds_by_policy().values() for kind in found))
    form.unit_kinds.choices = [SelectChoice(k, LazyString(kind_text, k)) for k in kinds]
    if formdata is None:
        form.unit_kinds.data = kinds
        chosen = next((p for p in policies if p["id"] == policy_id), None)
        if chosen is not None:
            body = store_content.version_body(get_db(), chosen["questionnaire_version_id"])
            form.policy.data, form.year.data = chosen["id"], date.today().year
            form.unit_kinds.data = [k for k in kinds if k in q.policy_kinds(body)] or kinds
    return form


def _rounds() -> list[dict]:
    rows = rounds.rounds(get_db())
    return [row for row in rows if current_user.can_coordinate(row["organisation_id"])]


def _revision_statuses() -> list[dict]:
    """Each coordinated policy's revision status as of today."""
    db = get_db()
    statuses = []
    for policy in coordinated_policies():
        meta = store_content.version_body(db, policy["questionnaire_version_id"])["x-policy"]
        statuses.append(policycheck.revision_status(meta, date.today()) | {"title": policy["title"],
                                                                           "organisation": policy["organisation"]})
    return statuses


@bp.route("/")
@login_required
def home():
    guards.coordinator()
    return render_template("coordinate/home.html", rounds=_rounds(),
                           form=_new_round_form(policy_id=request.args.get("policy", type=int)),
                           revisions=_revision_statuses())


@bp.route("/omgang/ny", methods=["POST"])
@login_required
def new_round():
    guards.coordinator()
    form = _new_round_form(request.form)
    if form.validate():
        deadline = form.deadline.data.isoformat() if form.deadline.data else None
        # An administrator is offered every organisation's kinds: those of the policy's organisation count
        # (none of them: the store names the kinds it has).
        own = _kinds_by_policy().get(form.policy.data, [])
        kinds = [kind for kind in form.unit_kinds.data if kind in own] or form.unit_kinds.data
        try:
            round_id = rounds.open_round(get_db(), form.policy.data, form.year.data, deadline=deadline,
                                          title=form.title.data or None, unit_kinds=kinds)
        except store_db.StorageError as refused:
            field = {"round.bad_deadline": form.deadline, "round.unknown_kinds": form.unit_kinds}.get(
                refused.msg.code, form.year)
            field.errors = [text(refused.msg)]
        else:
            round_ = rounds.round_info(get_db(), round_id)
            record("round_open", organisation_id=round_["organisation_id"], subject=round_["title"],
                   detail={"round_id": round_id, "policy": round_["policy_id"], "year": round_["year"]})
            flash(_("Omgången är öppnad."))
            flash(_("Nästa steg: skicka inbjudningar till enheterna med knappen Skicka inbjudningar nedan."))
            return redirect(url_for("coordinate.round_view", round_id=round_id))
    return render_template("coordinate/home.html", rounds=_rounds(), form=form,
                           revisions=_revision_statuses()), 422


def _render_round(round_: dict, new_link: dict | None = None):
    db = get_db()
    units = responses.round_summary(db, round_["id"])
    policy = store_db.get(db, "policies", round_["policy_id"])
    return render_template("coordinate/round.html", round=round_, units=units, new_link=new_link,
                           outside=rounds.units_outside(db, round_["id"]),
                           invitations=accounts.invitations_of_round(db, round_["id"]),
                           counts={s: sum(1 for u in units if u["status"] == s)
                                   for s in ("not_started", "draft", "submitted")},
                           newer_rules=policy["ruleset_version_id"] != round_["ruleset_version_id"])


@bp.route("/omgang/<int:round_id>")
@login_required
def round_view(round_id: int):
    return _render_round(guards.coordinated_round(round_id))


@bp.route("/omgang/<int:round_id>/status", methods=["POST"])
@login_required
def round_status(round_id: int):
    round_ = guards.coordinated_round(round_id)
    status = request.form.get("status", "")
    if status not in ("open", "closed"):
        abort(400)
    drafts = [row for row in rounds.response_statuses(get_db(), round_id) if row["status"] == "draft"]
    if status == "closed" and drafts and request.form.get("confirm") != "1":  # ask first
        return render_template(
            "coordinate/close.html", drafts=drafts, heading=_("Stänga omgången?"),
            back=(url_for("coordinate.round_view", round_id=round_id), f"{round_['title']}: {round_['policy_title']}"),
            action=url_for("coordinate.round_status", round_id=round_id), button=_("Stäng omgången ändå"),
            warning=_("%(n)s enheter har utkast som inte är inlämnade. När omgången är stängd kan de inte spara "
                      "eller lämna in; utkasten räknas inte i rapporterna.", n=len(drafts)))
    rounds.set_round_status(get_db(), round_id, status)
    record("round_open" if status == "open" else "round_close", organisation_id=round_["organisation_id"],
           subject=round_["title"], detail={"round_id": round_id})
    flash(_("Omgången är öppnad.") if status == "open" else _("Omgången är stängd; inga fler svar kan sparas."))
    return redirect(url_for("coordinate.round_view", round_id=round_id))


@bp.route("/omgang/<int:round_id>/enhet/lagg-till", methods=["POST"])
@login_required
def add_unit(round_id: int):
    """A unit that came during the year joins the open round."""
    round_ = guards.coordinated_round(round_id)
    unit = guards.organisation_unit(round_, request.form.get("unit_id", type=int) or 0)
    try:
        rounds.add_unit(get_db(), round_id, unit["id"])
    except store_db.StorageError as refused:
        flash(text(refused.msg))
    else:
        flash(_("%(unit)s är med i omgången.", unit=unit["name"]))
    return redirect(url_for("coordinate.round_view", round_id=round_id))


@bp.route("/omgang/<int:round_id>/bedom-om", methods=["GET", "POST"])
@login_required
def rescore(round_id: int):
    """Show what the policy's current rule set would change in this round, and apply it."""
    round_ = guards.coordinated_round(round_id)
    db = get_db()
    policy = store_db.get(db, "policies", round_["policy_id"])
    version = policy["ruleset_version_id"]
    if version == round_["ruleset_version_id"]:
        flash(_("Omgången är redan bedömd med policyns senaste regler."))
        return redirect(url_for("coordinate.round_view", round_id=round_id))
    if request.method == "POST":
        count = responses.rescore(db, round_id, version)
        record("rescore", organisation_id=round_["organisation_id"], subject=round_["title"],
               detail={"round_id": round_id, "from_version": round_["ruleset_version_id"], "to_version": version,
                       "responses": count})
        flash(_("%(n)s svar är bedömda på nytt. De tidigare resultaten finns kvar under den gamla regelversionen.", n=count))
        return redirect(url_for("coordinate.round_view", round_id=round_id))
    changes = responses.rescore_preview(db, round_id, version)
    return render_template("coordinate/rescore.html", round=round_, changes=changes,
                           old_version=round_["ruleset_version_id"], new_version=version)


@bp.route("/omgang/<int:round_id>/inbjudan", methods=["POST"])
@login_required
def invite(round_id: int):
    round_ = guards.coordinated_round(round_id)
    unit = guards.coordinated_unit(round_, request.form.get("unit_id", type=int) or 0)
    db = get_db()
    token = accounts.create_invitation(db, round_id, unit["id"], created_by=current_user.user_id)
    record("invitation", organisation_id=round_["organisation_id"], subject=unit["name"],
           detail={"round_id": round_id, "unit_id": unit["id"]})
    link = url_for("auth.invitation", token=token, _external=True)
    flash(_("Ny inbjudningslänk för %(unit)s. Kopiera den nu: den visas bara en gång.", unit=unit["name"]))
    return _render_round(round_, new_link={"unit": unit["name"], "url": link})


@bp.route("/omgang/<int:round_id>/inbjudan/<int:invitation_id>/aterkalla", methods=["POST"])
@login_required
def revoke(round_id: int, invitation_id: int):
    round_ = guards.coordinated_round(round_id)
    db = get_db()
    guards.part_of(accounts.invitation(db, invitation_id), round_id)
    accounts.revoke_invitation(db, invitation_id)
    record("invitation_revoke", organisation_id=round_["organisation_id"],
           detail={"round_id": round_id, "invitation_id": invitation_id})
    flash(_("Länken är återkallad."))
    return redirect(url_for("coordinate.round_view", round_id=round_id))


@bp.route("/omgang/<int:round_id>/enhet/<int:unit_id>/oppna-igen", methods=["POST"])
@login_required
def reopen(round_id: int, unit_id: int):
    round_ = guards.coordinated_round(round_id)
    unit = guards.coordinated_unit(round_, unit_id)
    db = get_db()
    response = responses.get_response(db, round_id, unit["id"])
    if response is None:
        abort(404)
    reason = request.form.get("reason", "")[:500]
    try:
        responses.reopen(db, response["id"], user_id=current_user.user_id, reason=reason)
    except store_db.StorageError as refused:
        flash(text(refused.msg))
    else:
        record("response_reopen", organisation_id=round_["organisation_id"], subject=unit["name"],
               detail={"round_id": round_id, "unit_id": unit["id"], "reason": reason})
        told = mail.reopened(db, round_id, unit["id"], reason=reason.strip(), created_by=current_user.user_id,
                             link=url_for("respond.overview", round_id=round_id, unit_id=unit["id"], _external=True))
        flash(_("Svaret från %(unit)s är öppnat igen. %(n)s ansvariga får ett meddelande i utkorgen.",
                unit=unit["name"], n=len(told)))
    return redirect(url_for("respond.overview", round_id=round_id, unit_id=unit["id"]))
