"""Messages as data: a code and parameters, put into words in the reader's language at the edge.

The program below the web and the CLI never builds a sentence for people. It returns (or
raises) a `Msg`: a code, the Swedish source text that is also the catalogue's msgid, and the
parameters. The edge calls `render(msg, locale)`, which translates with the catalogue in
`survey/translations/` (Babel), chooses plural forms and formats numbers by locale.

A message is declared once, where it is used:

    ROUND_EXISTS = Text("round_exists", "Det finns redan en omgång %(year)s för %(policy)s.")
    raise StorageError(ROUND_EXISTS(year=2026, policy="Integrationspolicy"))

`Plural` declares a message whose words follow a count (`n`). `pybabel extract` finds the
texts through the keywords `Text:2` and `Plural:2,3` (see babel.cfg).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

TRANSLATIONS = Path(__file__).parent / "translations"
DEFAULT_LOCALE = "sv"
LANGUAGES = {"sv": "Svenska", "en": "English"}  # the languages a person may choose, in their own words


@dataclass(frozen=True)
class Msg:
    """One message for people, as data: render it with `render`, or read `code` and `params`."""

    code: str
    text: str
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    plural: str | None = None

    def __str__(self) -> str:
        return render(self, DEFAULT_LOCALE)


@dataclass(frozen=True)
class Text:
    """A message declaration: calling it with parameters gives the `Msg`."""

    code: str
    text: str

    def __call__(self, **params: Any) -> Msg:
        return Msg(self.code, self.text, params)


@dataclass(frozen=True)
class Plural:
    """A message whose words follow the count `n` ("1 sparning", "2 sparningar")."""

    code: str
    singular: str
    plural: str

    def __call__(self, n: int, **params: Any) -> Msg:
        return Msg(self.code, self.singular, {"n": n, **params}, self.plural)


@dataclass(frozen=True)
class Joined:
    """Several messages (or words) shown as one, with a separator: "ja, nej" or "a; b"."""

    items: list
    separator: str = ", "


@lru_cache(maxsize=8)
def translations(locale: str) -> NullTranslations:
    """The catalogue of a locale; Swedish is the source language and needs none."""
    if locale == DEFAULT_LOCALE:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [locale])


def number(value: float | int, locale: str = DEFAULT_LOCALE, decimals: int = 1) -> str:
    """A number as the locale writes it: 61,5 in Swedish, 61.5 in English; no trailing ",0"."""
    return format_decimal(value, format="#,##0." + "#" * decimals, locale=locale)


def _param(value: Any, locale: str) -> Any:
    if isinstance(value, Msg):
        return render(value, locale)
    if isinstance(value, float):
        return number(value, locale)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:  # a count, not a year
        return number(value, locale, 0)
    if isinstance(value, Joined):
        return value.separator.join(str(_param(v, locale)) for v in value.items)
    return value


def render(message: Msg | str, locale: str = DEFAULT_LOCALE) -> str:
    """The message in words of the locale (a plain string is taken as already in words)."""
    if not isinstance(message, Msg):
        return message
    catalogue = translations(locale)
    if message.plural is None:
        text = catalogue.gettext(message.text)
    else:
        text = catalogue.ngettext(message.text, message.plural, message.params["n"])
    params = {key: _param(value, locale) for key, value in message.params.items()}
    return text % params if params else text


try:
    LOCAL_TIME = ZoneInfo("Europe/Stockholm")
except ZoneInfoNotFoundError:  # a machine without a time zone database shows UTC
    LOCAL_TIME = None


def clock(stamp: str) -> str:
    """The local time of day of a stored UTC timestamp, as Swedish writes it: 14.32."""
    return when(stamp)[-5:].replace(":", ".")


def when(stamp: str | None) -> str:
    """A stored UTC timestamp as Swedish local time to the minute: 2026-11-22 21:10."""
    if not stamp:
        return "–"
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if LOCAL_TIME is not None and moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_TIME)
    return moment.strftime("%Y-%m-%d %H:%M")
