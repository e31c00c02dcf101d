"""The coordinator's register: units, people, spreadsheet import, and messages."""
from __future__ import annotations

import dataclasses

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from survey import mail
from survey.store import accounts, orgimport, outbox, register
from survey.store import db as store_db
from survey.web import guards
from survey.web.auth import record
from survey.web.db import get_db
from survey.web.forms import CheckboxesField
from survey.web.presentation import kind_text, text

bp = Blueprint("organisation", __name__, url_prefix="/samordna")


@bp.context_processor
def organisation_choice() -> dict:
    """An administrator manages every organisation: the register pages offer a choice."""
    if not current_user.is_authenticated or current_user.role != "admin":
        return {"organisation_choices": []}
    return {"organisation_choices": register.organisations(get_db())}


class UnitForm(FlaskForm):
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Ange enhetens namn.")), Length(max=120)])
    kind = SelectField(_l("Typ"), validate_choice=False)  # the store refuses another kind, naming the kinds
    parent = SelectField(_l("Överordnad enhet (frivillig)"), coerce=lambda v: int(v) if v else None)
    tags = StringField(_l("Taggar (frivilliga)"), validators=[Length(max=1000)])


def _unit_form(org: int, formdata=None, unit: dict | None = None) -> UnitForm:
    data = None
    if unit and formdata is None:
        data = {"name": unit["name"], "kind": unit["kind"], "parent": unit["parent_id"],
                "tags": ", ".join(unit["tags"])}
    form = UnitForm(formdata=formdata, data=data)
    form.kind.choices = [SelectChoice(k, LazyString(kind_text, k)) for k in register.kinds(get_db(), org)]
    choices = [u for u in register.units(get_db(), org, active_only=True) if not unit or u["id"] != unit["id"]]
    form.parent.choices = [SelectChoice("", _("– ingen –"))] + [SelectChoice(str(u["id"]), u["name"]) for u in choices]
    return form


def _tags(form: UnitForm) -> list[str] | None:
    """The tags typed (comma separated); None when the form did not carry the field (tags stay as they are)."""
    return form.tags.data.split(",") if form.tags.raw_data else None


def _refused_at(form: UnitForm, refused: store_db.StorageError) -> None:
    """A refusal shown at the field it is about."""
    field = {"unit.bad_tag": form.tags, "unit.too_many_tags": form.tags, "unit.unknown_kind": form.kind}
    field.get(refused.msg.code, form.name).errors = [text(refused.msg)]


@bp.route("/enheter", methods=["GET", "POST"])
@login_required
def units():
    org = guards.managed_organisation()
    db = get_db()
    form = _unit_form(org, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        try:
            register.add_unit(db, org, form.name.data, form.kind.data, form.parent.data, tags=_tags(form) or ())
        except store_db.StorageError as refused:
            _refused_at(form, refused)
        else:
            record("unit_add", organisation_id=org, subject=form.name.data.strip(),
                   detail={"kind": form.kind.data, "tags": register.check_tags(_tags(form) or ())})
            flash(_("Enheten %(name)s är tillagd.", name=form.name.data.strip()))
            return redirect(url_for("organisation.units", org=org))
    status = 422 if request.method == "POST" else 200
    return render_template("organisation/units.html", units=register.units(db, org), form=form, org=org,
                           organisation=register.organisation_of(db, org), kinds=register.kinds(db, org)), status


@bp.route("/enheter/<int:unit_id>", methods=["GET", "POST"])
@login_required
def unit(unit_id: int):
    org = guards.managed_organisation()
    db = get_db()
    found = register.unit_of(db, org, unit_id)
    form = _unit_form(org, request.form if request.method == "POST" else None, found)
    if request.method == "POST" and "active" in request.form:
        register.set_unit_active(db, org, unit_id, request.form["active"] == "1")
        record("unit_change", organisation_id=org, subject=found["name"],
               detail={"unit_id": unit_id, "active": request.form["active"] == "1"})
        flash(_("Enheten är aktiv igen.") if request.form["active"] == "1"
              else _("Enheten är inaktiverad. Den finns kvar i historiken men tas inte med i nya omgångar."))
        return redirect(url_for("organisation.unit", unit_id=unit_id, org=org))
    if request.method == "POST" and form.validate():
        try:
            register.update_unit(db, org, unit_id, name=form.name.data, kind=form.kind.data, parent_id=form.parent.data,
                                 tags=_tags(form))
        except store_db.StorageError as refused:
            _refused_at(form, refused)
        else:
            record("unit_change", organisation_id=org, subject=form.name.data.strip(),
                   detail={"unit_id": unit_id, "name": form.name.data.strip(), "kind": form.kind.data,
                           "parent_id": form.parent.data, "tags": register.tags(db, unit_id)})
            flash(_("Ändringen är sparad."))
            return redirect(url_for("organisation.units", org=org))
    status = 422 if request.method == "POST" else 200
    return render_template("organisation/unit.html", unit=found, form=form, org=org,
                           managers=register.managers_of(db, unit_id)), status


class PersonForm(FlaskForm):
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Ange personens namn.")), Length(max=120)])
    email = EmailField(_l("E-postadress"), validators=[DataRequired(_l("Ange e-postadressen.")), Length(max=200)])
    role = SelectField(_l("Roll"), choices=[SelectChoice("manager", _l("enhetsansvarig")),
                                            SelectChoice("coordinator", _l("samordnare"))])
    units = CheckboxesField(_l("Ansvarig för enheterna"), coerce=int)


def _person_form(org: int, formdata=None, person: dict | None = None) -> PersonForm:
    db = get_db()
    data = None
    if person and formdata is None:
        managed = sorted(accounts.managed_unit_ids(db, person["id"]))
        data = {"name": person["name"], "email": person["email"], "role": person["role"], "units": managed}
    form = PersonForm(formdata=formdata, data=data)
    form.units.choices = [SelectChoice(u["id"], u["name"]) for u in register.units(db, org, active_only=True)]
    return form


@bp.route("/personer", methods=["GET", "POST"])
@login_required
def people():
    org = guards.managed_organisation()
    db = get_db()
    form = _person_form(org, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        try:
            with db.atomic():
                user_id = register.add_person(db, org, email=form.email.data, name=form.name.data, role=form.role.data)
                register.set_managed_units(db, org, user_id, form.units.data or [])
        except store_db.StorageError as refused:
            form.email.errors = [text(refused.msg)]
        else:
            record("person_add", organisation_id=org, subject=form.email.data.strip().lower(),
                   detail={"user_id": user_id, "role": form.role.data, "units": form.units.data or []})
            flash(_("%(name)s är tillagd.", name=form.name.data.strip()))
            return redirect(url_for("organisation.people", org=org))
    status = 422 if request.method == "POST" else 200
    return render_template("organisation/people.html", people=register.people(db, org), form=form, org=org,
                           roles=register.ROLE_LABELS, organisation=register.organisation_of(db, org)), status


@bp.route("/personer/<int:user_id>", methods=["GET", "POST"])
@login_required
def person(user_id: int):
    org = guards.managed_organisation()
    db = get_db()
    found = register.person_of(db, org, user_id)
    if request.method == "POST" and "active" in request.form:
        if user_id == current_user.user_id:
            abort(400)
        register.set_person_active(db, org, user_id, request.form["active"] == "1")
        record("person_change", organisation_id=org, subject=found["email"],
               detail={"user_id": user_id, "active": request.form["active"] == "1"})
        flash(_("Personen är aktiv igen.") if request.form["active"] == "1"
              else _("Personen är inaktiverad. Det hen har sparat står kvar i historiken."))
        return redirect(url_for("organisation.person", user_id=user_id, org=org))
    form = _person_form(org, request.form if request.method == "POST" else None, found)
    form.email.data = found["email"]  # the address is the account's identity and is not changed here
    if request.method == "POST" and form.validate():
        try:
            with db.atomic():
                register.update_person(db, org, user_id, name=form.name.data, role=form.role.data)
                register.set_managed_units(db, org, user_id, form.units.data or [])
        except store_db.StorageError as refused:
            form.name.errors = [text(refused.msg)]
        else:
            record("person_change", organisation_id=org, subject=found["email"],
                   detail={"user_id": user_id, "name": form.name.data.strip(), "role": form.role.data,
                           "units": form.units.data or []})
            flash(_("Ändringen är sparad."))
            return redirect(url_for("organisation.people", org=org))
    status = 422 if request.method == "POST" else 200
    return render_template("organisation/person.html", person=found, form=form, org=org), status


@bp.route("/meddelanden")
@login_required
def messages():
    org = guards.managed_organisation()
    return render_template("organisation/messages.html", messages=outbox.messages(get_db(), org), org=org,
                           smtp=mail.SmtpSettings.from_config(current_app.config) is not None,
                           kinds=mail.KINDS)


@bp.route("/meddelanden/skicka", methods=["POST"])
@login_required
def send():
    org = guards.managed_organisation()
    _flash_delivery(mail.deliver(get_db(), mail.SmtpSettings.from_config(current_app.config), organisation_id=org))
    return redirect(url_for("organisation.messages", org=org))


def _flash_delivery(result: dict[str, int]) -> None:
    if mail.SmtpSettings.from_config(current_app.config) is None:
        flash(_("Ingen e-postserver är inställd: %(n)s meddelanden väntar i utkorgen, där du kan kopiera dem.",
                n=result["queued"]))
    elif result["failed"]:
        flash(_("%(sent)s skickade. %(failed)s kunde inte skickas och ligger kvar i kö; se felet i utkorgen.",
                sent=result["sent"], failed=result["failed"]))
    else:
        flash(_("%(sent)s meddelanden skickade.", sent=result["sent"]))


@bp.route("/omgang/<int:round_id>/meddelanden", methods=["POST"])
@login_required
def notify(round_id: int):
    db = get_db()
    round_ = guards.coordinated_round(round_id)
    kind = request.form.get("kind", "reminder")
    if kind not in mail.KINDS:
        abort(400)
    force = request.form.get("force") == "1"
    if request.form.get("confirm") != "1":  # first show who gets what
        try:
            planned = mail.plan(db, round_id, kind, force=force)
        except store_db.StorageError as refused:
            flash(text(refused.msg))
            return redirect(url_for("coordinate.round_view", round_id=round_id))
        return render_template("organisation/notify_preview.html", round=round_, kind=kind, force=force,
                               planned=planned, kinds=mail.KINDS)
    try:
        result = mail.notify(db, round_id, kind, force=force,
                             created_by=current_user.user_id,
                             link_for=lambda token: url_for("auth.invitation", token=token, _external=True))
    except store_db.StorageError as refused:
        flash(text(refused.msg))
        return redirect(url_for("coordinate.round_view", round_id=round_id))
    flash(_("%(n)s meddelanden skrivna.", n=len(result["queued"])))
    for skipped in result["skipped"]:
        flash(_("Hoppade över %(unit)s: %(reason)s.", unit=skipped["unit"], reason=text(skipped["reason"])))
    _flash_delivery(mail.deliver(db, mail.SmtpSettings.from_config(current_app.config),
                                 organisation_id=round_["organisation_id"]))
    return redirect(url_for("coordinate.round_view", round_id=round_id))


def _signer() -> URLSafeSerializer:
    """Rows travel from the preview to the confirmation signed, so they cannot be altered on the way."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unit-import")


class ImportForm(FlaskForm):
    file = FileField(_l("Kalkylark (CSV eller XLSX)"), validators=[FileRequired(_l("Välj en fil att importera."))])


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_units():
    """Upload a spreadsheet and see what it would do; nothing is written here."""
    org = guards.managed_organisation()
    form = ImportForm()
    if request.method == "GET" or not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("organisation/import.html", form=form, org=org, plan=None), status
    upload = form.file.data
    rows, problems = orgimport.read_table(upload.read(), upload.filename or "")
    if not rows and any(problem.blocking for problem in problems):  # nothing to preview: say why at the file
        form.file.errors = [problem.message if problem.line <= 1 else _("Rad %(line)s: %(message)s", line=problem.line,
                                                                         message=problem.message)
                            for problem in problems]
        return render_template("organisation/import.html", form=form, org=org, plan=None), 422
    token = _signer().dumps({"org": org, "file": upload.filename,
                             "rows": [dataclasses.asdict(row) for row in rows],
                             "problems": [dataclasses.asdict(p) for p in problems]})
    return _preview(form, org, rows, problems, token, upload.filename, 1)


PREVIEW_PAGE = 100


def _preview(form: ImportForm, org: int, rows: list, problems: list, token: str, filename: str, page: int):
    """One page of the preview: a large file shows its units and problems PREVIEW_PAGE at a time."""
    plan = orgimport.plan(get_db(), org, rows, problems)
    pages = max(1, -(-max(len(plan.units), len(plan.problems)) // PREVIEW_PAGE))
    page = min(max(page, 1), pages)
    shown = slice((page - 1) * PREVIEW_PAGE, page * PREVIEW_PAGE)
    return render_template("organisation/import.html", form=form, org=org, plan=plan, token=token,
                           filename=filename, page=page, pages=pages, units=plan.units[shown],
                           problems=plan.problems[shown])


def _signed_import(org: int) -> dict:
    try:
        data = _signer().loads(request.form.get("token", ""))
    except BadSignature:
        abort(400)
    if data["org"] != org:
        abort(404)
    return data


@bp.route("/import/forhandsgranska", methods=["POST"])
@login_required
def preview_page():
    """Another page of the preview of the same signed rows."""
    org = guards.managed_organisation()
    data = _signed_import(org)
    rows = [orgimport.Row(**row) for row in data["rows"]]
    problems = [orgimport.Problem(**p) for p in data["problems"]]
    return _preview(ImportForm(), org, rows, problems, request.form["token"], data["file"],
                    request.form.get("sida", 1, type=int) or 1)


@bp.route("/import/bekrafta", methods=["POST"])
@login_required
def confirm_import():
    """Apply the previewed rows: all or nothing."""
    org = guards.managed_organisation()
    data = _signed_import(org)
    rows = [orgimport.Row(**row) for row in data["rows"]]
    problems = [orgimport.Problem(**p) for p in data["problems"]]
    if any(p.blocking for p in problems):
        flash(_("Importen innehåller fel; inget har sparats."))
        return redirect(url_for("organisation.import_units", org=org))
    try:
        applied = orgimport.apply(get_db(), org, rows, replace_managers=request.form.get("replace") == "1")
    except store_db.StorageError as refused:
        flash(text(refused.msg))
        return redirect(url_for("organisation.import_units", org=org))
    counts = applied.counts
    record("register_import", organisation_id=org, subject=data["file"] or "", detail=counts)
    flash(_("Importen är klar: %(created)s nya enheter, %(changed)s ändrade, %(unchanged)s oförändrade, "
            "%(people)s nya personer.", created=counts["create"], changed=counts["change"],
            unchanged=counts["unchanged"], people=counts["people"]))
    return redirect(url_for("organisation.units", org=org))
