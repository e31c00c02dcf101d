"""Sign-in, sign-out, invitation links, language choice, and who may see what."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from survey.store import accounts, register, rounds
from survey.store import content as store_content
from survey.store import db as store_db
from survey.web import keep
from survey.web.db import get_db
from survey.web.extensions import LANGUAGES, login_manager
from survey.web.views import text

bp = Blueprint("auth", __name__)


class Account(UserMixin):
    """The signed-in person: a user account, or a holder of an invitation link."""

    def __init__(self, key: str, name: str, role: str, organisation_id: int | None,
                 unit_ids: set[int], round_id: int | None = None, user_id: int | None = None,
                 invitation_id: int | None = None):
        self.id = key
        self.name = name
        self.role = role
        self.organisation_id = organisation_id
        self.unit_ids = unit_ids
        self.round_id = round_id
        self.user_id = user_id
        self.invitation_id = invitation_id

    def can_answer(self, unit: dict, round_id: int) -> bool:
        """May fill in this unit's response in this round."""
        if self.role == "invitee":
            return unit["id"] in self.unit_ids and round_id == self.round_id
        return self.role == "manager" and unit["id"] in self.unit_ids

    def can_coordinate(self, organisation_id: int) -> bool:
        return self.role == "admin" or (self.role == "coordinator" and self.organisation_id == organisation_id)

    def can_see(self, unit: dict, round_id: int) -> bool:
        return self.can_answer(unit, round_id) or self.can_coordinate(unit["organisation_id"])


@login_manager.user_loader
def load_account(key: str) -> Account | None:
    db = get_db()
    kind, _sep, ident = key.partition(":")
    if not ident.isdigit():
        return None
    if kind == "u":
        user = register.active_user(db, int(ident))
        if user is None:
            return None
        return Account(key, user["name"], user["role"], user["organisation_id"],
                       accounts.managed_unit_ids(db, user["id"]), user_id=user["id"])
    if kind == "i":
        row = accounts.valid_invitation(db, int(ident))
        if row is None:
            return None
        return Account(key, _("Inbjuden (%(unit)s)", unit=row["unit"]), "invitee", row["organisation_id"],
                       {row["unit_id"]}, round_id=row["round_id"], invitation_id=row["id"])
    return None


def allowed_round_and_unit(round_id: int, unit_id: int, *, answer: bool) -> tuple[dict, dict]:
    """The round and unit if the current account may see (or answer) them; 404 otherwise."""
    db = get_db()
    try:
        round_ = rounds.round_info(db, round_id)
        unit = store_db.get(db, "units", unit_id)
    except store_db.NotFound:
        abort(404)
    if unit["organisation_id"] != round_["organisation_id"] or not rounds.in_round(db, round_id, unit_id):
        abort(404)
    allowed = current_user.can_answer(unit, round_id) if answer else current_user.can_see(unit, round_id)
    if not allowed:
        abort(404)
    return round_, unit


def coordinated_policies() -> list[dict]:
    """The policies whose rounds and reports the current account may coordinate."""
    return [row for row in store_content.policies(get_db()) if current_user.can_coordinate(row["organisation_id"])]


class LoginForm(FlaskForm):
    email = EmailField(_l("E-postadress"), validators=[DataRequired(_l("Ange din e-postadress.")), Length(max=200)])
    password = PasswordField(_l("Lösenord"), validators=[DataRequired(_l("Ange ditt lösenord.")), Length(max=200)])


def _fresh_session() -> None:
    """A new session for a new sign-in (no fixation), keeping only the chosen language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site, never another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/logga-in", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(get_db(), form.email.data, form.password.data)
        except accounts.TooManyAttempts as refused:
            user, error = None, text(refused.msg)
        if user:
            _fresh_session()
            login_user(Account(f"u:{user['id']}", user["name"], user["role"], user["organisation_id"], set()))
            if kept := keep.restore(request.form.get("x-kept")):
                return keep.page(kept)
            return redirect(_safe_next(request.args.get("next")) or url_for("respond.home"))
        error = error or _("Fel e-postadress eller lösenord.")
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form, error=error,
                           kept=request.form.get("x-kept") if keep.restore(request.form.get("x-kept")) else None), status


@bp.route("/logga-ut", methods=["POST"])
def logout():
    logout_user()
    _fresh_session()
    flash(_("Du är utloggad."))
    return redirect(url_for("auth.login"))


@bp.route("/inbjudan/<token>")
def invitation(token: str):
    db = get_db()
    try:
        found = accounts.invitation_by_token(db, token)
    except store_db.NotFound as refused:
        return render_template("error.html", code=404, message=text(refused.msg)), 404
    db.conn.commit()
    _fresh_session()
    account = load_account(f"i:{found['id']}")
    login_user(account)
    return redirect(url_for("respond.overview", round_id=found["round_id"], unit_id=found["unit_id"]))


@bp.route("/sprak", methods=["POST"])
def language():
    chosen = request.form.get("lang", "")
    if chosen in LANGUAGES:
        session["lang"] = chosen
    return redirect(_safe_next(request.form.get("next")) or url_for("respond.home"))

