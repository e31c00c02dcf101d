"""How the templates run: the same pages, with less work per page.

A section page reads a few hundred keys of plain dicts (content, page data) and translates
dozens of texts; both are made cheaper here without changing what any template means.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Flask, g
from flask.templating import Environment as FlaskEnvironment
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

DICT_ATTRIBUTES = frozenset(dir(dict))


class Environment(FlaskEnvironment):
    """`mapping.key` in a template looks the key up first, unless `key` is one of dict's own attributes
    (`items`, `get`, …): the same value Jinja finds, without the AttributeError it raises and catches first."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def make_globals(self, d: dict[str, Any] | None) -> dict[str, Any]:
        """A template's globals as one dict, not Jinja's ChainMap of its own over the environment's: every render
        copies them and every global a template names is looked up in them, both slow through a ChainMap. The
        same names win (the template's own); the app sets the environment's globals before any template loads."""
        return {**self.globals, **(d or {})}


def _translations():
    """The request's translations, looked up once per request (Flask-Babel looks them up on every call)."""
    found = g.get("translations")
    if found is None:
        found = g.translations = get_translations()
    return found


def _gettext(string: str) -> str:
    return _translations().ugettext(string)


@lru_cache(maxsize=4096)
def _as_markup(translated: str) -> Markup:
    return Markup(translated) % {}


@pass_context
def _template_gettext(context: Context, string: str, **variables: Any) -> str:
    """`_()` and `gettext()` in a template: what Jinja's new-style gettext gives (the translation, as Markup where
    the template escapes, always formatted with `variables`), in fewer steps, and a text without variables
    formatted once."""
    translated = _gettext(string)
    if not context.eval_ctx.autoescape:
        return translated % variables
    return Markup(translated) % variables if variables else _as_markup(translated)


def init_app(app: Flask) -> None:
    """Templates translate through the request's translations, found once: a page has dozens of texts.
    Call after Flask-Babel's own `init_app`, whose callables these replace."""
    app.jinja_env.install_gettext_callables(
        gettext=_gettext,
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True)
    # in place of Jinja's wrapper of `_gettext`:
    app.jinja_env.globals.update(gettext=_template_gettext, _=_template_gettext)
