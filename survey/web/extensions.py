"""The Flask extensions, made here and bound to the app in `create_app`, so blueprints can use
them without importing the package that imports the blueprints."""
from __future__ import annotations

from flask import Flask, g
from flask_babel import Babel, get_translations
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

LANGUAGES = {"sv": "Svenska", "en": "English"}

csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


def _translations():
    """The request's translations, looked up once per request (Flask-Babel looks them up on every call)."""
    found = g.get("translations")
    if found is None:
        found = g.translations = get_translations()
    return found


def fast_gettext(app: Flask) -> None:
    """Templates translate through the request's translations, found once: a page has dozens of texts."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True)
