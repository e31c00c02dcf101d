"""What the commands share: the database they open, one-line failures, the audit entry, output.

The command modules import only click and the standard library at the top; each command
imports the parts of the program it uses, so that `survey --help` (and any command) starts
without loading pandas, Polars, sqlite-utils, openpyxl or the document libraries it does not need.
"""
from __future__ import annotations

import getpass
import importlib
from functools import cached_property
from pathlib import Path

import click


class Failure(click.ClickException):
    def show(self, file=None) -> None:
        click.echo(f"Fel: {self.format_message()}", err=True)


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


def open_db(ctx: click.Context):
    """The database of `--db`, its schema brought up to date."""
    from survey.store import db as store_db
    from survey.store.migrations import migrate

    db = store_db.connect(ctx.obj["db_path"])
    migrate(db)
    return db


def record(db, action: str, **fields) -> None:
    """An audit log entry for a command; the actor is the operating-system account that ran it."""
    from survey.store import audit

    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "okänd"
    audit.record(db, action, actor=f"{who} (kommandoraden)", **fields)


def write(data: bytes, output: Path | None) -> None:
    """A file's bytes to `output`, or to the screen."""
    if output is None:
        click.echo(data, nl=False)
    else:
        output.write_bytes(data)
        click.echo(f"Skrev {output} ({len(data):,} byte).".replace(",", " "), err=True)
