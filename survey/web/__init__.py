"""The web application: `create_app(test_config)`, one blueprint per area."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, current_app, render_template, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import NotFound
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from survey.i18n import DEFAULT_LOCALE, LANGUAGES
from survey.settings import Settings
from survey.settings import load as load_settings
from survey.store import db as store_db
from survey.web import db, templating
from survey.web.attachments import UPLOAD_LIMITS, allow_uploads
from survey.web.extensions import babel, csrf, login_manager

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # invitation tokens travel in URLs
    "Permissions-Policy": "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
                          "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()",
}
MAX_FORM_BYTES = 512 * 1024


class RowIdConverter(IntegerConverter):
    """`<int:…>` in a URL: only numbers SQLite can hold as a row id, so a larger one is a 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2 ** 63 - 1)
        super().__init__(map, *args, **kwargs)


class SessionInterface(SecureCookieSessionInterface):
    """Session cookies are `Secure` whenever the request came over HTTPS (behind a trusted proxy
    too, through ProxyFix), and always when SESSION_COOKIE_SECURE says so."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure

    def open_session(self, app: Flask, request):
        """No session under /api/: the read API takes bearer tokens only, and neither reads nor sets cookies."""
        if request.path.startswith("/api/"):
            return self.null_session_class()
        return super().open_session(app, request)


def select_locale() -> str:
    """Swedish unless the person chose another language (the browser's setting is not a choice)."""
    return session.get("lang", DEFAULT_LOCALE)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The app over the settings (`survey.settings`): the environment, then `test_config`, which wins.
    A `Settings` map already read (by the command line) is used as it is."""
    config = test_config if isinstance(test_config, Settings) else load_settings(test_config)
    app = Flask(__name__)
    app.jinja_environment = templating.Environment
    app.config.from_mapping(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=MAX_FORM_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_FORM_BYTES,
        WTF_CSRF_TIME_LIMIT=None,  # a long answer may take more than an hour to write
        BABEL_DEFAULT_LOCALE="sv",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent.parent / "translations"),
    )
    app.config.update(config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _kept_secret(Path(app.config["SECRET_KEY_FILE"]))
    app.session_interface = SessionInterface()
    hops = int(app.config["PROXY_HOPS"])
    if hops:  # under any WSGI server; `survey serve` also has waitress take them only from TRUSTED_PROXY
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    else:
        app.before_request(_forwarded_but_untrusted)

    app.before_request(allow_uploads)  # before the CSRF check reads the form
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    templating.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.unauthorized_handler(_unauthorized)

    app.url_map.converters["int"] = RowIdConverter
    db.init_app(app)
    app.after_request(_security_headers)

    from survey.web import (
        auth,
        coordinate,
        followup,
        kinds,
        logbook,
        organisation,
        reporting,
        respond,
        sso,
        tokens,
        workshop,
        yearly,
        yearly_coordinate,
    )
    for blueprint in (auth.bp, respond.bp, coordinate.bp, reporting.bp, organisation.bp, logbook.bp, sso.bp,
                      followup.bp, workshop.bp, kinds.bp, tokens.bp, yearly.bp, yearly_coordinate.bp):
        app.register_blueprint(blueprint)
    sso.init_app(app)
    from survey.web import api
    api.init_app(app)
    _error_pages(app)
    from survey.i18n import when
    from survey.web.presentation import display, kind_text, level_text, number, text
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, display=display, get_locale=get_locale,
                                  level_text=level_text, number=number)
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["t"] = text
    app.jinja_env.filters["kind"] = kind_text
    app.jinja_env.filters["number"] = number  # as the reports write numbers
    return app


def _unauthorized():
    """Not signed in: a posted section page keeps its answers through the sign-in; else to the sign-in page."""
    from flask import redirect, request
    from flask_login import login_url

    from survey.web.auth import rescue
    return rescue() or redirect(login_url("auth.login", next_url=request.url))


UNTRUSTED_FORWARDING = ("En begäran från %s har X-Forwarded-For, men ingen proxy är betrodd: alla klienter bakom "
                        "en proxy får då proxyns adress (i loggen och i inloggningsbromsen). Sätt "
                        "SURVEY_PROXY_HOPS=1, och SURVEY_TRUSTED_PROXY om proxyn står på en annan maskin.")


def _forwarded_but_untrusted() -> None:
    """Forwarding headers the app does not trust are ignored; the log says how to trust the real proxy."""
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        current_app.logger.warning(UNTRUSTED_FORWARDING, request.remote_addr)


def _security_headers(response):
    """The security headers; and no page or download is kept in the browser's cache (a shared computer's next
    user must not find them there), only the stylesheet and script. A header the view set is kept (as by
    `setdefault`, without the exception it raises and catches for each header missing)."""
    present = {key.lower() for key, _value in response.headers}
    for header, value in SECURITY_HEADERS.items():
        if header.lower() not in present:
            response.headers.add(header, value)
    if request.path.startswith("/api/"):  # the API's lists revalidate by ETag; anything else is not kept
        if "cache-control" not in present:
            response.headers.add("Cache-Control", "no-store")
    elif request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def _kept_secret(path: Path) -> str:
    """The secret key kept in its file (SECRET_KEY_FILE), made on first start, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w") as out:
            out.write(secrets.token_hex(32))
    return path.read_text().strip()


def _too_large() -> str:
    """What was too large depends on the page: an uploaded file, the answers, or something else."""
    limit = f"{current_app.config['MAX_CONTENT_LENGTH'] // 1024} kB"
    endpoint = request.endpoint or ""
    if endpoint == "respond.section" and (request.content_length or 0) > UPLOAD_LIMITS[endpoint]:
        return _("Filen är för stor: högst 10 MB. Inget är sparat; välj en mindre fil och försök igen.")
    if endpoint in ("organisation.import_units", "organisation.preview_page", "organisation.confirm_import"):
        return _("Filen är för stor. Den får vara högst %(limit)s; dela upp den eller spara den som CSV.", limit=limit)
    if endpoint.startswith("respond."):
        return _("Formuläret är för stort (högst %(limit)s). Korta ner de längsta svaren och försök igen.",
                 limit=limit)
    return _("Det du skickade är för stort; högst %(limit)s tas emot.", limit=limit)


def _error_pages(app: Flask) -> None:
    messages = {
        400: lambda: _("Begäran kunde inte tolkas."),
        403: lambda: _("Du har inte behörighet till sidan."),
        404: lambda: _("Sidan finns inte, eller så har du inte behörighet till den."),
        405: lambda: _("Metoden är inte tillåten för sidan."),
        413: _too_large,
        500: lambda: _("Ett oväntat fel inträffade. Inget av det du sparat tidigare har gått förlorat."),
    }

    def render(code: int, message: str):
        try:
            return render_template("error.html", code=code, message=message), code
        except Exception:  # the error page must not fail in turn
            app.logger.exception("error page could not be rendered")
            return message, code, {"Content-Type": "text/plain; charset=utf-8"}

    from survey.web.api import problem_for  # under /api/: problem details, not pages
    for code, message in messages.items():
        app.register_error_handler(code, lambda error, code=code, message=message:
                                   problem_for(error) or render(code, message()))

    @app.errorhandler(store_db.NotFound)
    def not_stored(_error: store_db.NotFound):
        """What the store does not have is a 404, worded as for what one may not see: nothing is told."""
        return problem_for(NotFound()) or render(404, messages[404]())

    @app.errorhandler(OverflowError)
    def number_too_large(_error: OverflowError):
        """A number from a form or query beyond SQLite's integers names nothing that exists."""
        return problem_for(NotFound()) or render(404, messages[404]())

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        from survey.web.auth import rescue
        return rescue() or render(400, _("Formuläret saknar en giltig säkerhetskod. Ladda om sidan och försök igen."))
