"""`survey import-response|score|report|export|annual-report`: answers in, scores and reports out."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from survey.cli.common import (
    Failure,
    Named,
    command,
    format_option,
    language,
    open_db,
    output_option,
    policy_option,
    record,
    say,
    words,
    write,
    year_option,
)
from survey.i18n import Plural, Text

BAD_JSON = Text("cli.bad_json", "%(file)s: rad %(line)s, kolumn %(column)s: ogiltig JSON: %(detail)s")
TOO_DEEP = Text("cli.too_deep", "%(file)s: JSON-strukturen är för djup.")
NOTHING_SAVED = Plural("cli.import_refused", "%(n)s fel; inget har sparats.", "%(n)s fel; inget har sparats.")
SAVED = Text("cli.import_saved", "Sparat: %(unit)s %(year)s, version %(version)s (%(status)s).")
SUBMITTED = Text("cli.submitted", "inlämnat")
DRAFT = Text("cli.draft", "utkast")
NOT_STARTED = Text("cli.not_started", "ej påbörjat")
NO_ROUNDS = Text("cli.no_rounds", "Inga omgångar matchar.")
SCORED = Plural("cli.scored", "%(organisation)s: %(policy)s, %(round)s (%(n)s bedömt svar)",
                "%(organisation)s: %(policy)s, %(round)s (%(n)s bedömda svar)")
OF_APPLICABLE = Text("cli.of_applicable", "%(percent)s av %(n)s tillämpliga krav (%(counts)s)")
NO_REPORT = Text("cli.no_report", "Rapporten %(name)s finns inte; välj en av %(names)s.")
NOTE = Text("cli.note", "Obs: %(message)s")
RESULTS = Text("cli.results_sheet", "Resultat")


@command("import-response")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@policy_option
@year_option
@click.option("--unit", required=True, help="Enhetens namn, som det är registrerat.")
@click.option("--submit", is_flag=True, help="Lämna in (kontrollerar att allt obligatoriskt är besvarat).")
@click.pass_context
def import_response(ctx: click.Context, file, policy: str, year: int, unit: str, submit: bool) -> None:
    """Importera en enhets svar från en JSON-fil, kontrollerade mot frågeformuläret."""
    from survey.store import content as store_content
    from survey.store import register, responses, rounds

    try:
        answers = json.load(file)
    except json.JSONDecodeError as error:
        raise Failure(BAD_JSON(file=file.name, line=error.lineno, column=error.colno, detail=error.msg)) from None
    except RecursionError:
        raise Failure(TOO_DEEP(file=file.name)) from None
    db = open_db(ctx)
    policy_row = store_content.policy_by_name(db, policy)
    round_ = rounds.round_by_year(db, policy_row["id"], year)
    unit_row = register.unit_by_name(db, policy_row["organisation_id"], unit)
    current = responses.get_response(db, round_["id"], unit_row["id"])
    try:
        saved = responses.save(db, round_["id"], unit_row["id"], answers, user_id=None,
                               base_version=current["version"] if current else 0, submit=submit, action="import")
    except responses.InvalidAnswers as refused:
        for problem in refused.problems:
            click.echo(f"{file.name}: {problem.pointer or '/'}: {words(problem.message)}", err=True)
        raise Failure(NOTHING_SAVED(len(refused.problems))) from None
    record(db, "response_import", organisation_id=policy_row["organisation_id"], subject=unit,
           detail={"policy": policy, "year": year, "version": saved["version"], "submit": submit})
    say(SAVED(unit=unit, year=year, version=str(saved["version"]), status=SUBMITTED() if submit else DRAFT()))


@command()
@click.option("--policy", help="Bara denna policy.")
@click.option("--year", type=int, help="Bara detta år.")
@click.pass_context
def score(ctx: click.Context, policy: str | None, year: int | None) -> None:
    """Bedöm inlämnade svar på nytt och visa varje enhets sammanfattning."""
    from survey.store import responses, rounds

    db = open_db(ctx)
    chosen = sorted(rounds.rounds(db, policy=policy, year=year), key=lambda r: (r["policy"], r["year"]))
    if not chosen:
        raise Failure(NO_ROUNDS())
    for info in chosen:
        count = responses.score_round(db, info["id"])
        record(db, "rescore", organisation_id=info["organisation_id"], subject=info["title"],
               detail={"round_id": info["id"], "responses": count})
        click.echo()
        say(SCORED(count, organisation=info["organisation"], policy=info["policy_title"], round=info["title"]))
        for unit in responses.round_summary(db, info["id"]):
            click.echo("  " + _summary_line(unit))


def _summary_line(unit: dict) -> str:
    from survey.scoring import rules

    if unit["summary"] is None:
        status = words({"not_started": NOT_STARTED, "draft": DRAFT}[unit["status"]]())
        return f"{unit['unit']:<34} {unit['kind']:<15} {status}"
    s = unit["summary"]
    counts = ", ".join(f"{words(rules.LEVEL_LABELS[level]()).lower()} {n}" for level, n in s["counts"].items() if n)
    percent = "–" if s["compliance"] is None else f"{s['compliance']:.0f} %"
    return f"{unit['unit']:<34} {unit['kind']:<15} " + words(OF_APPLICABLE(percent=f"{percent:>6}", n=s["applicable"],
                                                                           counts=counts))


FILTER_OPTIONS = [
    policy_option,
    click.option("--year", type=int, help="Bara detta år."),
    click.option("--unit-kind", help="Bara denna enhetstyp (en av organisationens)."),
    format_option,
    output_option,
    click.option("--rules-version", type=int,
                 help="Visa resultaten som denna regelversion bedömde dem (standard: omgångens nuvarande)."),
]


def filter_options(command):
    for option in reversed(FILTER_OPTIONS):
        command = option(command)
    return command


def _unit_kind(ctx: click.Context, policy: str, unit_kind: str | None) -> str | None:
    """A unit kind to filter on, as stored: one of the policy's organisation's kinds."""
    from survey.store import content as store_content
    from survey.store import register

    if unit_kind is None:
        return None
    db = open_db(ctx)
    return register.check_kind(db, store_content.policy_by_name(db, policy)["organisation_id"], unit_kind)


def _frame(ctx: click.Context, policy: str, rules_version: int | None):
    from survey.reports import build as reports
    from survey.store import content as store_content
    from survey.store import scores as scoretable

    db = open_db(ctx)
    store_content.policy_by_name(db, policy)
    return reports.long_table(scoretable.score_rows(db, policy=policy, ruleset_version_id=rules_version), language())


def _audit_export(ctx: click.Context, policy: str, what: str, filters: dict) -> None:
    from survey.store import content as store_content

    db = open_db(ctx)
    organisation_id = store_content.policy_by_name(db, policy)["organisation_id"]
    record(db, "export", organisation_id=organisation_id, subject=what, detail={"policy": policy, "filters": filters})
    db.close()


@command()
@click.argument("name")
@filter_options
@click.option("--unit", help="Enhetens namn (för en rapport av typen unit_profile).")
@click.pass_context
def report(ctx: click.Context, name: str, policy: str, year: int | None, unit_kind: str | None, fmt: str,
           output: Path | None, rules_version: int | None, unit: str | None) -> None:
    """Ta fram en rapport ur reports/NAME.json och exportera den."""
    from survey.content import lint
    from survey.reports import build as reports
    from survey.reports import export

    definitions = lint.load(ctx.obj["content_dir"]).reports
    if name not in definitions:
        raise Failure(NO_REPORT(name=repr(name), names=", ".join(definitions)))
    unit_kind = _unit_kind(ctx, policy, unit_kind)
    filters = {"year": year, "unit_kind": unit_kind, "unit": unit}
    built = reports.build(name, definitions[name], _frame(ctx, policy, rules_version), filters)
    for warning in built.warnings:
        say(NOTE(message=warning), err=True)
    _audit_export(ctx, policy, f"{name}.{fmt}", filters)
    write(export.to_bytes(export.flat(built, language()), fmt, sheet=built.title), output)


@command("export")
@filter_options
@click.pass_context
def export_command(ctx: click.Context, policy: str, year: int | None, unit_kind: str | None, fmt: str,
                   output: Path | None, rules_version: int | None) -> None:
    """Exportera den långa tabellen: en rad per enhet, år och krav."""
    from survey.reports import build as reports
    from survey.reports import export
    from survey.store import content as store_content

    unit_kind = _unit_kind(ctx, policy, unit_kind)
    frame = reports.select(_frame(ctx, policy, rules_version), {"year": year, "unit_kind": unit_kind})
    _audit_export(ctx, policy, f"tabell.{fmt}", {"year": year, "unit_kind": unit_kind})
    titles = {policy: store_content.policy_by_name(open_db(ctx), policy)["title"]}
    write(export.to_bytes(export.long_frame(frame, titles, language()), fmt, sheet=words(RESULTS())), output)


@command("annual-report")
@policy_option
@year_option
@click.option("--format", "fmt", type=Named("survey.reports.annual_render:FORMATS"), default="docx",
              show_default=True, help="docx: Word; pdf: tillgänglig PDF (PDF/UA); html: webbsida.")
@click.option("--lang", "report_lang", type=Named("survey.reports.annual:LANGS"),
              help="Avsnittets språk (standard: kommandoradens).")
@output_option
@click.pass_context
def annual_report(ctx: click.Context, policy: str, year: int, fmt: str, report_lang: str | None,
                  output: Path | None) -> None:
    """Ta fram årets avsnitt till årsredovisningen: sammanfattning, mål per enhet, krav, åtgärder, revidering."""
    from survey.reports import annual, annual_render
    from survey.reports.inputs import annual_inputs
    from survey.store import content as store_content

    lang = report_lang or language()
    db = open_db(ctx)
    inputs = annual_inputs(db, store_content.policy_by_name(db, policy), year, date.today(), lang)
    write(annual_render.render(annual.build(**inputs, lang=lang), fmt), output)
