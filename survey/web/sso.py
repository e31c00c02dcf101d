"""Single sign-on with OpenID Connect (Microsoft Entra ID or any other provider), through Authlib.

Settings (environment, prefix SURVEY_): OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, and
optionally OIDC_NAME (the button's text) and OIDC_SCOPES. The provider's metadata is read from
the issuer's /.well-known/openid-configuration at the first sign-in. A person is matched to the
register by the email in the ID token; someone not in the register is refused, never created.
"""
from __future__ import annotations

from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from survey.store import accounts
from survey.web.auth import record, safe_next, sign_in, sso_enabled
from survey.web.db import get_db

bp = Blueprint("sso", __name__)


def init_app(app: Flask) -> None:
    """Register the provider when it is configured."""
    if not (app.config.get("OIDC_ISSUER") and app.config.get("OIDC_CLIENT_ID")):
        return
    oauth = OAuth(app)  # one per app: each may name another provider
    app.extensions["survey_oidc"] = oauth
    issuer = app.config["OIDC_ISSUER"].rstrip("/")
    oauth.register(
        "oidc", client_id=app.config["OIDC_CLIENT_ID"], client_secret=app.config.get("OIDC_CLIENT_SECRET"),
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": app.config.get("OIDC_SCOPES", "openid email profile"), "timeout": 10},
    )


def email_of(claims: dict) -> str | None:
    """The address the provider vouches for: `email`, or Entra ID's `preferred_username`/`upn`."""
    for key in ("email", "preferred_username", "upn"):
        value = claims.get(key)
        if isinstance(value, str) and "@" in value:
            return value.strip().lower()
    return None


@bp.route("/logga-in/sso")
def start():
    if not sso_enabled():
        abort(404)
    session["sso_next"] = request.args.get("next") or ""
    return _client().authorize_redirect(url_for("sso.callback", _external=True))


@bp.route("/logga-in/sso/klar")
def callback():
    if not sso_enabled():
        abort(404)
    try:
        token = _client().authorize_access_token()
    except (OAuthError, ValueError, KeyError) as error:
        current_app.logger.warning("OIDC sign-in failed: %s", error)
        return render_template("auth/sso_refused.html", message=_(
            "Inloggningen via %(provider)s kunde inte slutföras. Försök igen.", provider=provider_name())), 400
    claims = token.get("userinfo") or {}
    email = email_of(claims)
    user = accounts.user_by_email(get_db(), email) if email else None
    if user is None:
        record("sign_in_refused", actor=email or str(claims.get("sub", ""))[:200],
               detail={"reason": "not_in_register", "method": "oidc"})
        return render_template("auth/sso_refused.html", message=_(
            "Du är inloggad hos %(provider)s som %(email)s, men den adressen finns inte bland tjänstens "
            "användare. Be samordnaren i din kommun att lägga till dig.",
            provider=provider_name(), email=email or _("(ingen e-postadress)"))), 403
    target = safe_next(session.pop("sso_next", ""))
    sign_in(user_id=user["id"])
    record("sign_in", organisation_id=user["organisation_id"], actor=user["email"], detail={"method": "oidc"})
    return redirect(target or url_for("respond.home"))


def _client():
    return current_app.extensions["survey_oidc"].oidc


def provider_name() -> str:
    return current_app.config.get("OIDC_NAME") or _("organisationens konto")
