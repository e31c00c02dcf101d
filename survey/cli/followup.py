"""`survey action|evidence|feedback list|export`, `survey feedback add`: what closes the loop in a round.

The units plan actions and attach evidence in the web; the coordinator lists and exports them here,
and writes feedback on a unit's result as in the web. The exports are the web's tables
(survey/reports/tables.py), in the language of the run.
"""
from __future__ import annotations

from pathlib import Path

import click

from survey.cli.common import (
    Failure,
    format_option,
    group,
    language,
    open_db,
    output_option,
    policy_option,
    record,
    round_of,
    say,
    words,
    write,
    year_option,
)
from survey.i18n import Plural, Text

NONE_YET = Text("cli.loop.none", "Inget i omgången %(year)s.")
ACTIONS_COUNT = Plural("cli.loop.actions", "%(n)s åtgärd.", "%(n)s åtgärder.")
EVIDENCE_COUNT = Plural("cli.loop.evidence", "%(n)s underlag.", "%(n)s underlag.")
FEEDBACK_COUNT = Plural("cli.loop.feedback", "%(n)s återkoppling.", "%(n)s återkopplingar.")
DUE = Text("cli.loop.due", "klart senast %(due)s")
REPORTED = Text("cli.loop.reported", "året därpå: %(status)s")
NOT_SUBMITTED = Text("cli.loop.not_submitted", "%(unit)s har inte lämnat in sin självskattning %(year)s.")
NO_RESULT = Text("cli.loop.no_result", "%(unit)s har inget resultat på kravet %(requirement)s; välj ett av %(ids)s.")
WRITTEN = Text("cli.loop.feedback_written", "Återkopplingen på %(requirement)s för %(unit)s är sparad.")
REMOVED = Text("cli.loop.feedback_removed", "Återkopplingen på %(requirement)s för %(unit)s är borttagen.")
SHEETS = {"atgarder": Text("cli.loop.actions_sheet", "Åtgärder"), "underlag": Text("cli.loop.evidence_sheet", "Underlag"),
          "aterkoppling": Text("cli.loop.feedback_sheet", "Återkoppling")}

unit_filter = click.option("--unit", "unit_name", help="Bara denna enhet.")


def _unit_id(db, round_: dict, name: str | None) -> int | None:
    from survey.store import register

    return register.unit_by_name(db, round_["organisation_id"], name)["id"] if name else None


def _export(ctx: click.Context, round_: dict, what: str, frame, fmt: str, output: Path | None) -> None:
    """A table to a file (or the screen), recorded in the audit log as the web's exports are."""
    from survey.reports import export

    db = open_db(ctx)
    record(db, "export", organisation_id=round_["organisation_id"], subject=f"{what}.{fmt}",
           detail={"policy": round_["policy"], "year": round_["year"]})
    write(export.to_bytes(frame, fmt, sheet=words(SHEETS[what]())), output)


@group()
def action() -> None:
    """Åtgärder som enheterna planerat: lista, exportera."""


@action.command("list")
@policy_option
@year_option
@unit_filter
@click.option("--status", help="Bara åtgärder med denna status (planerad, pågår, genomförd, stoppad).")
@click.pass_context
def action_list(ctx: click.Context, policy: str, year: int, unit_name: str | None, status: str | None) -> None:
    """Lista omgångens åtgärder per enhet och krav, med status och det som rapporterats året därpå."""
    from survey.store import actions

    db = open_db(ctx)
    round_ = round_of(db, policy, year)
    rows = actions.of_round(db, round_["id"], unit_id=_unit_id(db, round_, unit_name), status=status)
    for row in rows:
        reported = "  " + words(REPORTED(status=row["reported"])) if row["reported"] else ""
        click.echo(f"{row['unit']}  {row['requirement']}  {row['status']:<10} {words(DUE(due=row['due']))}{reported}")
        click.echo(f"    {row['what']} ({row['responsible']})")
    say(ACTIONS_COUNT(len(rows)) if rows else NONE_YET(year=year))


@action.command("export")
@policy_option
@year_option
@format_option
@output_option
@click.pass_context
def action_export(ctx: click.Context, policy: str, year: int, fmt: str, output: Path | None) -> None:
    """Exportera omgångens åtgärder som webbens export: en rad per åtgärd."""
    from survey.reports import tables
    from survey.store import actions

    db = open_db(ctx)
    round_ = round_of(db, policy, year)
    _export(ctx, round_, "atgarder", tables.actions(actions.of_round(db, round_["id"]), language()), fmt, output)


@group()
def evidence() -> None:
    """Underlag som enheterna bifogat: lista, exportera."""


@evidence.command("list")
@policy_option
@year_option
@unit_filter
@click.pass_context
def evidence_list(ctx: click.Context, policy: str, year: int, unit_name: str | None) -> None:
    """Lista omgångens underlag per enhet och fråga: filer och länkar."""
    from survey.store import evidence as store_evidence

    db = open_db(ctx)
    round_ = round_of(db, policy, year)
    rows = [row for row in store_evidence.of_round(db, round_["id"]) if unit_name in (None, row["unit"])]
    for row in rows:
        click.echo(f"{row['unit']}  {row['question']}  {row['filename'] if row['kind'] == 'file' else row['url']}")
    say(EVIDENCE_COUNT(len(rows)) if rows else NONE_YET(year=year))


@evidence.command("export")
@policy_option
@year_option
@format_option
@output_option
@click.pass_context
def evidence_export(ctx: click.Context, policy: str, year: int, fmt: str, output: Path | None) -> None:
    """Exportera förteckningen över omgångens underlag som webbens export: en rad per fil eller länk."""
    from survey.reports import tables
    from survey.store import evidence as store_evidence

    db = open_db(ctx)
    round_ = round_of(db, policy, year)
    _export(ctx, round_, "underlag", tables.evidence(store_evidence.of_round(db, round_["id"]), language()), fmt,
            output)


@group()
def feedback() -> None:
    """Samordnarens återkoppling på enheternas resultat: lista, exportera, skriv."""


@feedback.command("list")
@policy_option
@year_option
@unit_filter
@click.pass_context
def feedback_list(ctx: click.Context, policy: str, year: int, unit_name: str | None) -> None:
    """Lista omgångens återkoppling per enhet och krav."""
    from survey.store import feedback as store_feedback

    db = open_db(ctx)
    round_ = round_of(db, policy, year)
    rows = [row for row in store_feedback.of_round(db, round_["id"]) if unit_name in (None, row["unit"])]
    for row in rows:
        click.echo(f"{row['unit']}  {row['requirement']}: {row['comment']}")
    say(FEEDBACK_COUNT(len(rows)) if rows else NONE_YET(year=year))


@feedback.command("export")
@policy_option
@year_option
@format_option
@output_option
@click.pass_context
def feedback_export(ctx: click.Context, policy: str, year: int, fmt: str, output: Path | None) -> None:
    """Exportera omgångens återkoppling: en rad per enhet och krav."""
    from survey.reports import tables
    from survey.store import feedback as store_feedback

    db = open_db(ctx)
    round_ = round_of(db, policy, year)
    _export(ctx, round_, "aterkoppling", tables.feedback(store_feedback.of_round(db, round_["id"]), language()),
            fmt, output)


@feedback.command("add")
@policy_option
@year_option
@click.option("--unit", "unit_name", required=True, help="Enhetens namn, som det är registrerat.")
@click.option("--requirement", required=True, help="Kravets id, till exempel N1.")
@click.option("--comment", required=True, help="Återkopplingen (en tom text tar bort den).")
@click.pass_context
def feedback_add(ctx: click.Context, policy: str, year: int, unit_name: str, requirement: str, comment: str) -> None:
    """Skriv återkoppling på en enhets resultat på ett krav, som samordnaren gör i webben."""
    from survey.store import feedback as store_feedback
    from survey.store import responses

    db = open_db(ctx)
    round_ = round_of(db, policy, year)
    unit_id = _unit_id(db, round_, unit_name)
    response = responses.get_response(db, round_["id"], unit_id)
    if response is None or response["status"] != "submitted":
        raise Failure(NOT_SUBMITTED(unit=unit_name, year=year))
    results = [row["requirement"] for row in responses.stored_results(db, response["id"])]
    if requirement not in results:
        raise Failure(NO_RESULT(unit=unit_name, requirement=requirement, ids=", ".join(results)))
    store_feedback.write(db, round_["id"], unit_id, requirement, comment, user_id=None)
    say((WRITTEN if comment.strip() else REMOVED)(requirement=requirement, unit=unit_name))
