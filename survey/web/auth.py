"""Sign-in, sign-out, invitation links, language choice, and who may see what."""
from __future__ import annotations

import ipaddress
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
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

from survey.i18n import LANGUAGES
from survey.store import accounts, audit, yearly
from survey.store import content as store_content
from survey.store import db as store_db
from survey.web import keep
from survey.web.db import get_db
from survey.web.extensions import login_manager
from survey.web.presentation import text

bp = Blueprint("auth", __name__)


class Account(UserMixin):
    """The signed-in person: a user account, or a holder of an invitation link."""

    def __init__(self, key: str, name: str, role: str, organisation_id: int | None,
                 unit_ids: set[int], round_id: int | None = None, user_id: int | None = None,
                 invitation_id: int | None = None, round_ids: frozenset[int] = frozenset(),
                 language: str | None = None):
        self.id = key
        self.name = name
        self.role = role
        self.organisation_id = organisation_id
        self.unit_ids = unit_ids
        self.round_id = round_id
        self.round_ids = round_ids | {round_id} if round_id else round_ids  # a follow-up's link: all its rounds
        self.user_id = user_id
        self.invitation_id = invitation_id
        self.language = language  # the account's stored choice; an invitation link has none

    def can_answer(self, unit: dict, round_id: int) -> bool:
        """May fill in this unit's response in this round."""
        if self.role == "invitee":
            return unit["id"] in self.unit_ids and round_id in self.round_ids
        return self.role == "manager" and unit["id"] in self.unit_ids

    def can_coordinate(self, organisation_id: int) -> bool:
        return self.role == "admin" or (self.role == "coordinator" and self.organisation_id == organisation_id)

    def can_see(self, unit: dict, round_id: int) -> bool:
        return self.can_answer(unit, round_id) or self.can_coordinate(unit["organisation_id"])


def _limits() -> dict[str, timedelta]:
    """How long a server-side session lives, idle and in all, by the configuration."""
    config = current_app.config
    return {"idle": timedelta(minutes=int(config["SESSION_IDLE_MINUTES"])),
            "longest": timedelta(hours=int(config["SESSION_LONGEST_HOURS"]))}


@login_manager.user_loader
def load_account(key: str) -> Account | None:
    db = get_db()
    kind, _sep, ident = key.partition(":")
    if not ident.isdigit():
        return None
    if kind == "u":
        user = accounts.signed_in_user(db, int(ident), session.get("sid"), **_limits())
        if user is None:
            return None
        return Account(key, user["name"], user["role"], user["organisation_id"], user["unit_ids"],
                       user_id=user["id"], language=user["language"])
    if kind == "i":
        row = accounts.valid_invitation(db, int(ident))
        if row is None or not accounts.session_is_live(db, session.get("sid"), invitation_id=row["id"],
                                                       **_limits()):
            return None
        return Account(key, _("Inbjuden (%(unit)s)", unit=row["unit"]), "invitee", row["organisation_id"],
                       {row["unit_id"]}, round_id=row["round_id"], invitation_id=row["id"],
                       round_ids=frozenset(yearly.sibling_rounds(db, row["round_id"])))
    return None


def coordinated_policies() -> list[dict]:
    """The policies whose rounds and reports the current account may coordinate."""
    return [row for row in store_content.policies(get_db()) if current_user.can_coordinate(row["organisation_id"])]


def record(action: str, *, organisation_id: int | None = None, subject: str = "", detail: dict | None = None,
           actor: str | None = None) -> None:
    """An audit log entry for what the signed-in person just did, from where."""
    signed_in = current_user if current_user.is_authenticated else None
    audit.record(get_db(), action, actor_id=signed_in.user_id if signed_in else None,
                 actor=actor or (signed_in.name if signed_in else None), organisation_id=organisation_id,
                 subject=subject, detail=detail, client=request.remote_addr)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-postadress"), validators=[DataRequired(_l("Ange din e-postadress.")), Length(max=200)])
    password = PasswordField(_l("Lösenord"), validators=[DataRequired(_l("Ange ditt lösenord.")), Length(max=200)])


def _fresh_session() -> None:
    """A new session for a new sign-in (no fixation), keeping only the language shown. Whether it was
    chosen on the sign-in page is not kept: the next person at this browser gets their own account's."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def sign_in(*, user_id: int | None = None, invitation_id: int | None = None) -> None:
    """Start a server-side session, so that signing out can end it for every copy of the cookie.

    A person signing in reads their account's language, unless they chose one just before: that choice
    becomes their account's. An invitation link keeps the language shown.
    """
    chosen = session.get("lang") if session.get("lang_chosen") else None
    _fresh_session()
    db = get_db()
    session["sid"] = accounts.start_session(db, user_id=user_id, invitation_id=invitation_id)
    account = load_account(f"u:{user_id}" if user_id else f"i:{invitation_id}")
    login_user(account)
    if not user_id:
        return
    if chosen:
        accounts.set_language(db, user_id, chosen)
    else:
        session["lang"] = account.language


def safe_next(target: str | None) -> str | None:
    """Only a path on this site, never another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def address_is_shared() -> bool:
    """Whether the client address stands for everyone: a loopback address with no proxy trusted is the
    address of a proxy in front of the app (the README's setup, without SURVEY_PROXY_HOPS)."""
    if current_app.config["PROXY_HOPS"]:
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def sso_enabled() -> bool:
    """Single sign-on is offered when an OpenID Connect provider is configured."""
    return bool(current_app.config.get("OIDC_ISSUER") and current_app.config.get("OIDC_CLIENT_ID"))


@bp.route("/logga-in", methods=["GET", "POST"])
def login():
    password_login = current_app.config["PASSWORD_LOGIN"]
    if request.method == "POST" and not password_login:
        abort(404)
    form = LoginForm()
    error = None
    session.setdefault("waiter", secrets.token_urlsafe(12))  # tells apart people behind one address
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(get_db(), form.email.data, form.password.data,
                                         client=request.remote_addr or "", browser=session.get("waiter", ""),
                                         shared=address_is_shared())
        except accounts.TooManyAttempts as refused:
            user = None
            error = _("För många misslyckade inloggningar. Vänta %(seconds)s sekunder och försök igen.",
                      seconds=refused.seconds)
        if user:
            sign_in(user_id=user["id"])
            record("sign_in", organisation_id=user["organisation_id"], actor=user["email"], detail={"method": "password"})
            if kept := keep.restore(request.form.get("x-kept")):
                return keep.page(kept)
            return redirect(safe_next(request.args.get("next")) or url_for("respond.home"))
        record("sign_in_refused", actor=form.email.data.strip().lower(),
               organisation_id=accounts.organisation_of_address(get_db(), form.email.data),
               detail={"reason": "throttled" if error else "credentials"})
        error = error or _("Fel e-postadress eller lösenord.")
    status = 422 if request.method == "POST" else 200
    kept = request.form.get("x-kept") if keep.restore(request.form.get("x-kept")) else None
    return login_page(form, error, kept), status


def rescue():
    """The response to a refused post of a section page (signed out, or a stale security code),
    or None when there is nothing to keep: the answers are shown again, or carried through the
    sign-in page, signed."""
    kept = keep.posted()
    if kept is None:
        return None
    if current_user.is_authenticated:
        return keep.page(kept, 400)
    return login_page(LoginForm(formdata=None), _("Du har blivit utloggad. Dina svar är inte sparade än men finns "
                                                  "kvar: logga in igen, så kan du spara dem."),
                      keep.sign(kept)), 401


def login_page(form: LoginForm, error: str | None, kept: str | None = None) -> str:
    """The sign-in page; `kept` carries answers typed before the session ended, signed."""
    return render_template("auth/login.html", form=form, error=error,
                           password_login=current_app.config["PASSWORD_LOGIN"], sso=sso_enabled(),
                           next=safe_next(request.args.get("next")), kept=kept)


@bp.route("/logga-ut", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        record("sign_out", organisation_id=current_user.organisation_id)
    accounts.end_session(get_db(), session.get("sid"))
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
    sign_in(invitation_id=found["id"])
    followup = yearly.of_round(db, found["round_id"])
    if followup is not None:  # one link for the whole yearly follow-up
        return redirect(url_for("yearly.overview", followup_id=followup["id"], unit_id=found["unit_id"]))
    return redirect(url_for("respond.overview", round_id=found["round_id"], unit_id=found["unit_id"]))


@bp.route("/sprak", methods=["POST"])
def language():
    """Show the pages in another language; a signed-in person's account keeps it, and so does the account of
    whoever signs in next in this session. A language the tool does not speak changes nothing."""
    chosen = request.form.get("lang", "")
    if chosen in LANGUAGES:
        session["lang"] = chosen
        if not current_user.is_authenticated:
            session["lang_chosen"] = True
        elif current_user.user_id:
            accounts.set_language(get_db(), current_user.user_id, chosen)
    return redirect(safe_next(request.form.get("next")) or url_for("respond.home"))

