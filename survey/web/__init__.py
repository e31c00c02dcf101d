"""The web application: `create_app(test_config)`, one blueprint per area."""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask, render_template, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from survey.content import lint
from survey.web import db
from survey.web.extensions import LANGUAGES, babel, csrf, login_manager

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # invitation tokens travel in URLs
}
MAX_FORM_BYTES = 512 * 1024


def select_locale() -> str:
    """Swedish unless the person chose another language (the browser's setting is not a choice)."""
    return session.get("lang", "sv")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        DATABASE=str(Path(app.instance_path) / "survey.db"),
        CONTENT_DIR=str(Path.cwd()),
        SECRET_KEY=None,
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
    app.config.from_prefixed_env("SURVEY")
    if test_config:
        app.config.update(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    app.config["CONTENT"] = lint.load(Path(app.config["CONTENT_DIR"]))

    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.unauthorized_handler(_unauthorized)

    db.init_app(app)
    app.after_request(_security_headers)

    from survey.web import auth, coordinate, organisation, reporting, respond
    for blueprint in (auth.bp, respond.bp, coordinate.bp, reporting.bp, organisation.bp):
        app.register_blueprint(blueprint)
    _error_pages(app)
    from survey.i18n import number
    from survey.web.views import display, text, when
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, display=display, get_locale=get_locale)
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["t"] = text
    app.jinja_env.filters["number"] = lambda value: number(value, str(get_locale() or "sv"))  # as the reports
    return app


def _unauthorized():
    """Not signed in: a posted section page keeps its answers through the sign-in; else to the sign-in page."""
    from flask import redirect, request
    from flask_login import login_url

    from survey.web.keep import rescue
    return rescue() or redirect(login_url("auth.login", next_url=request.url))


def _security_headers(response):
    for header, value in SECURITY_HEADERS.items():
        response.headers.setdefault(header, value)
    return response


def _instance_secret(instance: Path) -> str:
    """A secret key kept in the instance folder, made on first start."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _error_pages(app: Flask) -> None:
    messages = {
        400: lambda: _("Begäran kunde inte tolkas."),
        403: lambda: _("Du har inte behörighet till sidan."),
        404: lambda: _("Sidan finns inte, eller så har du inte behörighet till den."),
        405: lambda: _("Metoden är inte tillåten för sidan."),
        413: lambda: _("Formuläret är för stort. Korta ner de längsta svaren och försök igen."),
        500: lambda: _("Ett oväntat fel inträffade. Inget av det du sparat tidigare har gått förlorat."),
    }

    def render(code: int, message: str):
        try:
            return render_template("error.html", code=code, message=message), code
        except Exception:  # the error page must not fail in turn
            app.logger.exception("error page could not be rendered")
            return message, code, {"Content-Type": "text/plain; charset=utf-8"}

    for code, message in messages.items():
        app.register_error_handler(code, lambda error, code=code, message=message: render(code, message()))

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        from survey.web.keep import rescue
        return rescue() or render(400, _("Formuläret saknar en giltig säkerhetskod. Ladda om sidan och försök igen."))
