"""`survey round list|open|close|add-unit`: a policy's yearly rounds from the command line.

Errors are raised as StorageError; the `survey` group turns them into one line.
"""
from __future__ import annotations

import click

from survey.cli.common import (
    Failure,
    group,
    open_db,
    policy_option,
    round_of,
    say,
    words,
    year_option,
)
from survey.i18n import Plural, Text

OPEN = Text("cli.round_open", "öppen")
CLOSED = Text("cli.round_closed", "stängd")
LISTED = Text("cli.round_listed", "%(state)s inlämnade %(submitted)s av %(total)s  sista dag %(deadline)s")
OPENED = Plural("cli.round_opened", "Omgången %(year)s för %(policy)s är öppnad med %(n)s enhet.",
                "Omgången %(year)s för %(policy)s är öppnad med %(n)s enheter.")
DRAFTS_LEFT = Plural("cli.round_drafts_left", "%(n)s enhet har utkast som inte är inlämnade: %(units)s.",
                     "%(n)s enheter har utkast som inte är inlämnade: %(units)s.")
CLOSE_ANYWAY = Text("cli.round_close_anyway", "Stänga omgången ändå?")
NOT_CLOSED = Text("cli.round_not_closed", "omgången är inte stängd.")
CLOSED_NOW = Text("cli.round_closed_now", "Omgången %(year)s är stängd.")
UNIT_ADDED = Text("cli.round_unit_added", "%(unit)s är med i omgången %(year)s.")

@group("round")
def round_group() -> None:
    """Omgångar: lista, öppna, stäng, lägg till en enhet."""


@round_group.command("list")
@click.option("--policy", help="Bara den här policyn.")
@click.pass_context
def round_list(ctx: click.Context, policy: str | None) -> None:
    """Lista omgångarna med status och hur många enheter som lämnat in."""
    from survey.store import responses, rounds

    db = open_db(ctx)
    for row in rounds.rounds(db, policy=policy):
        total = len(responses.round_summary(db, row["id"]))
        state = f"{words(OPEN() if row['status'] == 'open' else CLOSED()):<7}"
        click.echo(f"{row['policy']:<40} {row['year']}  " + words(LISTED(
            state=state, submitted=row["submitted"], total=total, deadline=row["deadline"] or "–")))


@round_group.command("open")
@policy_option
@year_option
@click.option("--deadline", help="Sista dag att lämna in (ÅÅÅÅ-MM-DD).")
@click.option("--title", help="Rubrik (standard: Självskattning ÅR).")
@click.option("--kind", "kinds", multiple=True,
              help="Enhetstyp som ska svara, en av organisationens (kan upprepas; standard: alla).")
@click.pass_context
def round_open(ctx: click.Context, policy: str, year: int, deadline: str | None, title: str | None,
               kinds: tuple[str, ...]) -> None:
    """Öppna årets omgång för de aktiva enheterna."""
    from survey.store import content as store_content
    from survey.store import responses, rounds

    db = open_db(ctx)
    policy_row = store_content.policy_by_name(db, policy)
    round_id = rounds.open_round(db, policy_row["id"], year, deadline=deadline, title=title,
                                 unit_kinds=list(kinds) or None)
    count = len(responses.round_summary(db, round_id))
    say(OPENED(count, year=year, policy=policy_row["title"]))


@round_group.command("close")
@policy_option
@year_option
@click.option("--yes", is_flag=True, help="Stäng även om enheter har utkast som inte är inlämnade.")
@click.pass_context
def round_close(ctx: click.Context, policy: str, year: int, yes: bool) -> None:
    """Stäng omgången; med utkast kvar frågar kommandot först (eller --yes)."""
    from survey.store import responses, rounds

    db = open_db(ctx)
    round_ = round_of(db, policy, year)
    drafts = [row["unit"] for row in responses.round_summary(db, round_["id"]) if row["status"] == "draft"]
    if drafts and not yes:
        say(DRAFTS_LEFT(len(drafts), units=", ".join(drafts)))
        if not click.confirm(words(CLOSE_ANYWAY()), default=False):
            raise Failure(NOT_CLOSED())
    rounds.set_round_status(db, round_["id"], "closed")
    say(CLOSED_NOW(year=year))


@round_group.command("add-unit")
@policy_option
@year_option
@click.option("--unit", "unit_name", required=True, help="Enhetens namn, som det är registrerat.")
@click.pass_context
def round_add_unit(ctx: click.Context, policy: str, year: int, unit_name: str) -> None:
    """Låt en enhet som tillkommit under året vara med i den öppna omgången."""
    from survey.store import register, rounds

    db = open_db(ctx)
    round_ = round_of(db, policy, year)
    unit = rounds.add_unit(db, round_["id"], register.unit_by_name(db, round_["organisation_id"], unit_name)["id"])
    say(UNIT_ADDED(unit=unit["name"], year=year))
