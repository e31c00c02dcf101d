"""The `survey` command: everything a coordinator or operator does from a terminal.

Domain errors become one line on stderr and exit status 1, never a traceback. The commands
live in modules by area (see survey/cli/common.py for why they import the program late, and
how they speak Swedish or English).
"""
from __future__ import annotations

from pathlib import Path

import click

from survey.cli import content, followup, operate, register, results, rounds, tokens, yearly
from survey.cli.common import Failure, Group, choose_language, words
from survey.i18n import LANGUAGES, Text

CONTENT_ERRORS = Text("cli.content_errors", "innehållet har %(n)s fel; kör 'survey lint'.")


class Survey(Group):
    """Turns domain errors raised by any command into a one-line failure."""

    def invoke(self, ctx: click.Context):
        import sqlite3

        from survey.content.files import ContentError
        from survey.reports.export import ExportError
        from survey.store import db as store_db

        try:
            return super().invoke(ctx)
        except ContentError as error:
            for problem in error.problems:
                click.echo(f"{problem.file}: {problem.pointer or '/'}: {words(problem.message)}", err=True)
            raise Failure(CONTENT_ERRORS(n=len(error.problems))) from None
        except (store_db.StorageError, ExportError) as error:
            raise Failure(error.msg) from None
        except (sqlite3.Error, OSError) as error:
            raise Failure(str(error)) from None


@click.group(cls=Survey)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite-databasens fil (standard SURVEY_DB, annars instance/survey.db).")
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Mappen med questionnaires/, rules/ och reports/ (standard SURVEY_CONTENT, annars aktuell mapp).")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), is_eager=True, expose_value=False, callback=choose_language,
              help="Språk: sv (svenska) eller en (engelska). Standard: engelska om systemets språk är engelska.")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, content_dir: Path | None) -> None:
    """Policyuppföljning: årlig självskattning av kommunala policyer."""
    from survey import settings

    try:
        config = settings.load({"DATABASE": db_path, "CONTENT": content_dir})
    except settings.SettingError as error:
        raise Failure(str(error)) from None
    ctx.obj = {"db_path": Path(config["DATABASE"]), "content_dir": Path(config["CONTENT"]), "settings": config}


for command in (operate.init, operate.backup_command, operate.restore_command, content.lint_command, content.load,
                content.demo_command, results.import_response, results.score, content.policy_check, results.report,
                results.export_command, results.annual_report, content.derive, operate.serve, operate.settings_command,
                register.unit, register.user, register.import_units, register.remind, register.send,
                rounds.round_group, register.kind, followup.action, followup.evidence, followup.feedback,
                tokens.token_group, yearly.followup_group):
    cli.add_command(command)
