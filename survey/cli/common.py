"""What the commands share: the language they speak, the database they open, one-line failures,
the audit entry, output.

The command line speaks Swedish, or English with `--lang en` or an English locale (LC_ALL,
LC_MESSAGES, LANG), through the web's message catalogue: what it prints is declared as
`Text` (survey/i18n.py), and the help texts of commands and options are their own msgids
(extracted by survey/cli/catalogue.py).

The command modules import only click, the standard library and survey.i18n at the top; each
command imports the parts of the program it uses, so that `survey --help` (and any command)
starts without loading pandas, Polars, sqlite-utils, openpyxl or the document libraries it does
not need.
"""
from __future__ import annotations

import getpass
import importlib
import os
from contextlib import contextmanager
from functools import cached_property, partial
from pathlib import Path
from typing import Any, Iterator

import click

from survey.i18n import DEFAULT_LOCALE, LANGUAGES, Msg, Text, render

ERROR = Text("cli.error", "Fel: %(message)s")
NO_ORGANISATION = Text("cli.no_organisation", "Organisationen %(name)s finns inte.")
WHICH_ORGANISATION = Text("cli.which_organisation", "Ange --organisation (finns: %(names)s).")
NO_ORGANISATIONS = Text("cli.none", "inga")
WROTE = Text("cli.wrote", "Skrev %(file)s (%(n)s byte).")


def locale_language() -> str:
    """English when the locale is English (LC_ALL, else LC_MESSAGES, else LANG), otherwise Swedish."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT_LOCALE
    return DEFAULT_LOCALE


def language() -> str:
    """The language of this run: `--lang`, else the locale's."""
    ctx = click.get_current_context(silent=True)
    return (ctx.meta.get("survey.lang") if ctx else None) or locale_language()


def choose_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """`--lang`: kept for every command of the run (read before `--help`, so help is in it too)."""
    if value:
        ctx.meta["survey.lang"] = value
    return value


def words(message: Msg | str) -> str:
    """A message in the language of this run."""
    return render(message, language())


def translated(text: str) -> str:
    """A text the catalogue has as it stands (a help text, a role's name), in the language of this run."""
    return render(Msg("text", text), language()) if text else text


def say(message: Msg | str, *, err: bool = False) -> None:
    click.echo(words(message), err=err)


class Failure(click.ClickException):
    """A one-line failure (exit status 1); the message is put into words when shown."""

    def __init__(self, message: Msg | str):
        self.msg = message
        self.language = language()  # click shows it after the run's context has ended
        super().__init__(str(message))

    def format_message(self) -> str:
        return render(self.msg, self.language)

    def show(self, file=None) -> None:
        click.echo(render(ERROR(message=self.format_message()), self.language), err=True)


@contextmanager
def _in_words(*things: Any) -> Iterator[None]:
    """The `help` of commands and options in the language of this run, while help is being written."""
    saved = [(thing, thing.help) for thing in things if getattr(thing, "help", None)]
    for thing, text in saved:
        thing.help = translated(text)
    try:
        yield
    finally:
        for thing, text in saved:
            thing.help = text


class Command(click.Command):
    """A command whose help and options' help are shown in the language of this run."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _in_words(self):
            super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _in_words(self):
            return super().get_short_help_str(limit)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _in_words(*self.get_params(ctx)):
            super().format_options(ctx, formatter)


class Group(Command, click.Group):
    """A group of commands, each shown in the language of this run."""

    command_class = Command
    group_class = type  # subgroups are Groups too


command = partial(click.command, cls=Command)
group = partial(click.group, cls=Group)


class Named(click.Choice):
    """A choice among names a module of the program defines (`"survey.reports.export:FORMATS"`), read
    when a command is run or its help shown, so that listing the commands loads none of them."""

    def __init__(self, where: str):
        self.where = where
        self.case_sensitive = True

    @cached_property
    def choices(self) -> tuple[str, ...]:
        module, _sep, name = self.where.partition(":")
        return tuple(getattr(importlib.import_module(module), name))


policy_option = click.option("--policy", required=True, help="Policyns namn (frågeformulärets filnamn utan .json).")
year_option = click.option("--year", required=True, type=int, help="Omgångens år.")
format_option = click.option("--format", "fmt", type=Named("survey.reports.export:FORMATS"), default="csv-excel",
                             show_default=True,
                             help="csv-excel: semikolon, decimalkomma, UTF-8 med BOM; csv: komma, punkt, UTF-8.")
output_option = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                             help="Fil (standard: skärmen).")


def open_db(ctx: click.Context):
    """The database of `--db`, its schema brought up to date."""
    from survey.store import db as store_db
    from survey.store.migrations import migrate

    db = store_db.connect(ctx.obj["db_path"])
    migrate(db)
    return db


def organisation_of(db, name: str | None) -> int:
    """The named organisation, or the only one there is."""
    from survey.store import db as store_db
    from survey.store import register

    rows = register.organisations(db)
    if name:
        found = [r for r in rows if r["name"] == name or register.slugify(r["name"]) == register.slugify(name)]
        if not found:
            raise store_db.NotFound(NO_ORGANISATION(name=repr(name)))
        return found[0]["id"]
    if len(rows) != 1:
        raise store_db.StorageError(WHICH_ORGANISATION(names=", ".join(r["name"] for r in rows) or NO_ORGANISATIONS()))
    return rows[0]["id"]


organisation_option = click.option("--organisation", "--org", "-O",
                                   help="Organisationens namn (behövs om det finns flera).")


def round_of(db, policy: str, year: int) -> dict:
    """The round of a policy (by its name) and year, with its policy and organisation."""
    from survey.store import content as store_content
    from survey.store import rounds

    return rounds.round_info(db, rounds.round_by_year(db, store_content.policy_by_name(db, policy)["id"], year)["id"])


def record(db, action: str, **fields) -> None:
    """An audit log entry for a command; the actor is the operating-system account that ran it."""
    from survey.store import audit

    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "okänd"
    audit.record(db, action, actor=f"{who} (kommandoraden)", **fields)  # the log is data, kept in Swedish


def write(data: bytes, output: Path | None) -> None:
    """A file's bytes to `output`, or to the screen."""
    if output is None:
        click.echo(data, nl=False)
    else:
        output.write_bytes(data)
        say(WROTE(file=str(output), n=len(data)), err=True)
