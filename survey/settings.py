"""Every setting in one table, read once: the environment (`SURVEY_*`), then the arguments given to
`create_app` or on the command line, which win.

The web app, `survey serve`, `backup`, `restore` and the mail commands all read the same map, so
the files the app keeps (database, evidence, secret key) are where every command looks for them.
A relative path is taken from the folder the program starts in and made absolute at once.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

PREFIX = "SURVEY_"
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Setting:
    env: str
    kind: str  # text, secret (never shown), path, integer, flag
    default: Any
    about: str  # Swedish, for the README's table and `survey settings`
    minimum: int = 0
    config: str = ""  # the name in the app's config when it is not the variable's without its prefix

    @property
    def key(self) -> str:
        return self.config or self.env.removeprefix(PREFIX)


SETTINGS = (
    Setting("SURVEY_DB", "path", "instance/survey.db", "databasens fil (SQLite); kommandoradens `--db` går före",
            config="DATABASE"),
    Setting("SURVEY_EVIDENCE_DIR", "path", None, "mappen med uppladdade underlag; standard `evidence/` bredvid databasen"),
    Setting("SURVEY_SECRET_KEY_FILE", "path", None,
            "filen med nyckeln som signerar sessionskakor, skapas vid första start; standard `secret_key` bredvid "
            "databasen"),
    Setting("SURVEY_SECRET_KEY", "secret", None, "nyckeln själv, i stället för filen"),
    Setting("SURVEY_CONTENT", "path", ".", "kommandoradens innehållsmapp (`questionnaires/`, `rules/`, `reports/`); "
                                           "`--content` går före"),
    Setting("SURVEY_BASE_URL", "text", "http://127.0.0.1:5000", "webbappens adress i länkar från kommandoraden "
                                                                 "(`survey remind`)"),
    Setting("SURVEY_PROXY_HOPS", "integer", 0, "antal omvända proxyer framför appen vars `X-Forwarded-*` litas på "
                                               "(standard 0: ingen)"),
    Setting("SURVEY_TRUSTED_PROXY", "text", None, "proxyns adress som `survey serve` tar emot `X-Forwarded-*` från; "
                                                  "standard `127.0.0.1` när `SURVEY_PROXY_HOPS` är satt, `*` litar på "
                                                  "alla (bara om appens port inte nås utifrån)"),
    Setting("SURVEY_SESSION_COOKIE_SECURE", "flag", False, "`true` gör sessionskakan `Secure` alltid; annars blir den "
                                                           "det när sidan nås över HTTPS"),
    Setting("SURVEY_SESSION_IDLE_MINUTES", "integer", 240, "en inloggning upphör efter så här många minuter utan "
                                                           "aktivitet (minst 1); det som skrivits i ett formulär "
                                                           "sparas ändå efter ny inloggning", minimum=1),
    Setting("SURVEY_SESSION_LONGEST_HOURS", "integer", 12, "och så här många timmar efter inloggningen, hur aktiv man "
                                                           "än är", minimum=1),
    Setting("SURVEY_PASSWORD_LOGIN", "flag", True, "`false` stänger av inloggning med lösenord (bara OIDC och "
                                                   "inbjudningslänkar)"),
    Setting("SURVEY_OIDC_ISSUER", "text", None, "OIDC-leverantörens utfärdaradress, t.ex. "
                                                "`https://login.microsoftonline.com/<tenant-id>/v2.0`"),
    Setting("SURVEY_OIDC_CLIENT_ID", "text", None, "appregistreringens klient-id"),
    Setting("SURVEY_OIDC_CLIENT_SECRET", "secret", None, "appregistreringens hemlighet"),
    Setting("SURVEY_OIDC_NAME", "text", None, "vad inloggningsknappen heter, t.ex. `Microsoft`"),
    Setting("SURVEY_OIDC_SCOPES", "text", "openid email profile", "begärda scopes"),
    Setting("SURVEY_SMTP_HOST", "text", None, "e-postserver; utan den stannar meddelandena i utkorgen"),
    Setting("SURVEY_SMTP_PORT", "integer", 587, "e-postserverns port", minimum=1),
    Setting("SURVEY_SMTP_STARTTLS", "flag", True, "STARTTLS mot e-postservern"),
    Setting("SURVEY_SMTP_USER", "text", None, "användarnamn hos e-postservern"),
    Setting("SURVEY_SMTP_PASSWORD", "secret", None, "lösenord hos e-postservern"),
    Setting("SURVEY_SMTP_SENDER", "text", "policyuppfoljning@localhost", "avsändaradress"),
)
BY_KEY = {setting.key: setting for setting in SETTINGS}
TRUE = ("1", "true", "yes", "ja", "on")
FALSE = ("0", "false", "no", "nej", "off", "")


class SettingError(ValueError):
    """A setting that cannot be used; the message names it and says why, in Swedish."""


class Settings(dict):
    """The settings as the app's config keys, with where each came from and the unknown `SURVEY_*` names."""

    def __init__(self, values: dict, sources: dict[str, str], unknown: list[str]):
        super().__init__(values)
        self.sources = sources
        self.unknown = unknown

    def shown(self, key: str) -> str:
        """A value as `survey settings` shows it: secrets never."""
        value = self.get(key)
        if value is None:
            return "–"
        return "(satt)" if BY_KEY[key].kind == "secret" else str(value)


def _parse(setting: Setting, value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip() and setting.kind != "flag"):
        return None
    if setting.kind == "path":
        return str(Path(value).expanduser().absolute())
    if setting.kind == "flag":
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() not in TRUE + FALSE:
            raise SettingError(f"{setting.env}: {value!r} är varken true eller false.")
        return str(value).strip().lower() in TRUE
    if setting.kind == "integer":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise SettingError(f"{setting.env}: {value!r} är inte ett heltal.") from None
        if number < setting.minimum:
            raise SettingError(f"{setting.env}: {number} är för litet; minst {setting.minimum}.")
        return number
    return str(value).strip()


def load(arguments: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """The settings: defaults, then `SURVEY_*` from the environment, then `arguments` (config keys, e.g.
    `DATABASE`); arguments that are no setting (Flask's own, like TESTING) are passed through as given."""
    environ = os.environ if environ is None else environ
    arguments = dict(arguments or {})
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for setting in SETTINGS:
        given = arguments.pop(setting.key, None)
        if given is not None:
            values[setting.key], sources[setting.key] = _parse(setting, given), "argument"
        elif setting.env in environ:
            values[setting.key], sources[setting.key] = _parse(setting, environ[setting.env]), "miljö"
        else:
            values[setting.key], sources[setting.key] = _parse(setting, setting.default), "standard"
    folder = Path(values["DATABASE"]).parent
    for key, name in (("EVIDENCE_DIR", "evidence"), ("SECRET_KEY_FILE", "secret_key")):
        if values[key] is None:
            values[key] = str(folder / name)
    if values["PROXY_HOPS"] and not values["TRUSTED_PROXY"]:
        values["TRUSTED_PROXY"] = LOOPBACK  # the README's setup: the proxy on the same machine
    elif values["TRUSTED_PROXY"] and not values["PROXY_HOPS"]:
        values["PROXY_HOPS"] = 1
    known = {setting.env for setting in SETTINGS}
    unknown = sorted(name for name in environ if name.startswith(PREFIX) and name not in known)
    return Settings(values | arguments, sources, unknown)
