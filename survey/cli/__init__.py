"""The `survey` command: everything a coordinator or operator does from a terminal.

Domain errors become one line on stderr and exit status 1, never a traceback.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import click

from survey import demo, settings
from survey.cli import operate as cli_operate
from survey.cli import register as cli_register
from survey.cli import rounds as cli_rounds
from survey.content import lint
from survey.content.files import ContentError
from survey.reports import annual, annual_render, export
from survey.reports import build as reports
from survey.reports.inputs import annual_inputs
from survey.scoring import policycheck, rules
from survey.store import content as store_content
from survey.store import db as database
from survey.store import db as store_db
from survey.store import register, responses, rounds
from survey.store import scores as scoretable
from survey.store.migrations import migrate


class Failure(click.ClickException):
    def show(self, file=None) -> None:
        click.echo(f"Fel: {self.format_message()}", err=True)


class Group(click.Group):
    """Turns domain errors raised by any command into a one-line failure."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ContentError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            raise Failure(f"innehållet har {len(error.problems)} fel; kör 'survey lint'.") from None
        except (store_db.StorageError, export.ExportError, sqlite3.Error, OSError) as error:
            raise Failure(str(error)) from None


@click.group(cls=Group)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite-databasens fil (standard SURVEY_DB, annars instance/survey.db).")
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Mappen med questionnaires/, rules/ och reports/ (standard SURVEY_CONTENT, annars aktuell mapp).")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, content_dir: Path | None) -> None:
    """Policyuppföljning: årlig självskattning av kommunala policyer."""
    try:
        config = settings.load({"DATABASE": db_path, "CONTENT": content_dir})
    except settings.SettingError as error:
        raise Failure(str(error)) from None
    ctx.obj = {"db_path": Path(config["DATABASE"]), "content_dir": Path(config["CONTENT"]), "settings": config}


def open_db(ctx: click.Context):
    db = database.connect(ctx.obj["db_path"])
    migrate(db)
    return db


@cli.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Skapa databasen eller uppdatera dess schema."""
    db = database.connect(ctx.obj["db_path"])
    applied = migrate(db)
    click.echo(f"Databas {ctx.obj['db_path']}: " + (f"{len(applied)} migreringar körda." if applied else "aktuell."))


@cli.command("lint")
@click.pass_context
def lint_command(ctx: click.Context) -> None:
    """Granska alla innehållsfiler: metascheman och korsreferenser."""
    problems = lint.lint(ctx.obj["content_dir"])
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise Failure(f"{len(problems)} fel i innehållet.")
    click.echo("Innehållet är felfritt.")


@cli.command()
@click.pass_context
def load(ctx: click.Context) -> None:
    """Läs in innehållet i databasen (en ändrad fil blir en ny version)."""
    content = lint.load(ctx.obj["content_dir"])
    db = open_db(ctx)
    loaded = store_content.load_content(db, content)
    for item in loaded:
        state = "ny version" if item["new"] else "oförändrad"
        click.echo(f"{item['kind']:<13} {item['name']:<40} version {item['version']} ({state})")
    changed = [f"{item['kind']} {item['name']} v{item['version']}" for item in loaded if item["new"]]
    if changed:
        cli_register.record(db, "content_load", subject=str(ctx.obj["content_dir"]), detail={"new": changed})


@cli.command("demo")
@click.option("--seed", default=2026, show_default=True, help="Slumpfrö för de genererade svaren.")
@click.pass_context
def demo_command(ctx: click.Context, seed: int) -> None:
    """Fyll en tom databas med en demokommun per inläst policy och visa inloggningarna."""
    db = open_db(ctx)
    content = lint.load(ctx.obj["content_dir"])
    if demo.is_populated(db):
        store_content.load_content(db, content)
        click.echo(f"Demodata finns redan i {ctx.obj['db_path']}.")
        logins = [(row["email"], row["name"], row["role"]) for row in register.users(db)]
    else:
        logins = demo.populate(db, content, seed)
        click.echo(f"Demodata skapad i {ctx.obj['db_path']}.")
    click.echo(f"Inloggningar (lösenord {demo.PASSWORD}):")
    for email, who, role in logins:
        click.echo(f"  {email:<55} {role:<12} {who}")


@cli.command("import-response")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--policy", required=True, help="Policyns namn (frågeformulärets filnamn utan .json).")
@click.option("--year", required=True, type=int, help="Omgångens år.")
@click.option("--unit", required=True, help="Enhetens namn, som det är registrerat.")
@click.option("--submit", is_flag=True, help="Lämna in (kontrollerar att allt obligatoriskt är besvarat).")
@click.pass_context
def import_response(ctx: click.Context, file, policy: str, year: int, unit: str, submit: bool) -> None:
    """Importera en enhets svar från en JSON-fil, kontrollerade mot frågeformuläret."""
    try:
        answers = json.load(file)
    except json.JSONDecodeError as error:
        raise Failure(f"{file.name}: rad {error.lineno}, kolumn {error.colno}: ogiltig JSON: {error.msg}") from None
    except RecursionError:
        raise Failure(f"{file.name}: JSON-strukturen är för djup.") from None
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
            click.echo(f"{file.name}: {problem.pointer or '/'}: {problem.message}", err=True)
        raise Failure(f"{len(refused.problems)} fel; inget har sparats.") from None
    cli_register.record(db, "response_import", organisation_id=policy_row["organisation_id"], subject=unit,
                        detail={"policy": policy, "year": year, "version": saved["version"], "submit": submit})
    click.echo(f"Sparat: {unit} {year}, version {saved['version']} ({'inlämnat' if submit else 'utkast'}).")


@cli.command()
@click.option("--policy", help="Bara denna policy.")
@click.option("--year", type=int, help="Bara detta år.")
@click.pass_context
def score(ctx: click.Context, policy: str | None, year: int | None) -> None:
    """Bedöm inlämnade svar på nytt och visa varje enhets sammanfattning."""
    db = open_db(ctx)
    chosen = sorted(rounds.rounds(db, policy=policy, year=year), key=lambda r: (r["policy"], r["year"]))
    if not chosen:
        raise Failure("Inga omgångar matchar.")
    for info in chosen:
        count = responses.score_round(db, info["id"])
        cli_register.record(db, "rescore", organisation_id=info["organisation_id"], subject=info["title"],
                            detail={"round_id": info["id"], "responses": count})
        click.echo(f"\n{info['organisation']}: {info['policy_title']}, {info['title']} ({count} bedömda svar)")
        for unit in responses.round_summary(db, info["id"]):
            click.echo("  " + _summary_line(unit))


def _summary_line(unit: dict) -> str:
    if unit["summary"] is None:
        status = {"not_started": "ej påbörjat", "draft": "utkast"}[unit["status"]]
        return f"{unit['unit']:<34} {unit['kind']:<15} {status}"
    s = unit["summary"]
    counts = ", ".join(f"{str(rules.LEVEL_LABELS[level]()).lower()} {n}" for level, n in s["counts"].items() if n)
    percent = "–" if s["compliance"] is None else f"{s['compliance']:.0f} %".replace(".", ",")
    return f"{unit['unit']:<34} {unit['kind']:<15} {percent:>6} av {s['applicable']} tillämpliga krav ({counts})"


@cli.command("policy-check")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="Bedöm per detta datum (standard: i dag).")
@click.pass_context
def policy_check(ctx: click.Context, on) -> None:
    """Visa för varje policy om den behöver revideras."""
    content = lint.load(ctx.obj["content_dir"])
    today = on.date() if on else date.today()
    for name, questionnaire in content.questionnaires.items():
        meta = questionnaire["x-policy"]
        status = policycheck.revision_status(meta, today)
        click.echo(f"{meta['municipality']}: {meta['title']}\n  {status['message']}")



def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        click.echo(data, nl=False)
    else:
        output.write_bytes(data)
        click.echo(f"Skrev {output} ({len(data):,} byte).".replace(",", " "), err=True)


FILTER_OPTIONS = [
    click.option("--policy", required=True, help="Policyns namn (frågeformulärets filnamn utan .json)."),
    click.option("--year", type=int, help="Bara detta år."),
    click.option("--unit-kind", help="Bara denna enhetstyp (en av organisationens)."),
    click.option("--format", "fmt", type=click.Choice(export.FORMATS), default="csv-excel", show_default=True,
                 help="csv-excel: semikolon, decimalkomma, UTF-8 med BOM; csv: komma, punkt, UTF-8."),
    click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Fil (standard: skärmen)."),
    click.option("--rules-version", type=int,
                 help="Visa resultaten som denna regelversion bedömde dem (standard: omgångens nuvarande)."),
]


def filter_options(command):
    for option in reversed(FILTER_OPTIONS):
        command = option(command)
    return command


def _unit_kind(ctx: click.Context, policy: str, unit_kind: str | None) -> str | None:
    """A unit kind to filter on, as stored: one of the policy's organisation's kinds."""
    if unit_kind is None:
        return None
    db = open_db(ctx)
    return register.check_kind(db, store_content.policy_by_name(db, policy)["organisation_id"], unit_kind)


def _frame(ctx: click.Context, policy: str, rules_version: int | None):
    db = open_db(ctx)
    store_content.policy_by_name(db, policy)
    return reports.long_table(scoretable.score_rows(db, policy=policy, ruleset_version_id=rules_version))


def _audit_export(ctx: click.Context, policy: str, what: str, filters: dict) -> None:
    db = open_db(ctx)
    organisation_id = store_content.policy_by_name(db, policy)["organisation_id"]
    cli_register.record(db, "export", organisation_id=organisation_id, subject=what,
                        detail={"policy": policy, "filters": filters})
    db.close()


@cli.command()
@click.argument("name")
@filter_options
@click.option("--unit", help="Enhetens namn (för en rapport av typen unit_profile).")
@click.pass_context
def report(ctx: click.Context, name: str, policy: str, year: int | None, unit_kind: str | None, fmt: str,
           output: Path | None, rules_version: int | None, unit: str | None) -> None:
    """Ta fram en rapport ur reports/NAME.json och exportera den."""
    definitions = lint.load(ctx.obj["content_dir"]).reports
    if name not in definitions:
        raise Failure(f"Rapporten {name!r} finns inte; välj en av {', '.join(definitions)}.")
    unit_kind = _unit_kind(ctx, policy, unit_kind)
    filters = {"year": year, "unit_kind": unit_kind, "unit": unit}
    built = reports.build(name, definitions[name], _frame(ctx, policy, rules_version), filters)
    for warning in built.warnings:
        click.echo(f"Obs: {warning}", err=True)
    _audit_export(ctx, policy, f"{name}.{fmt}", filters)
    _write(export.to_bytes(export.flat(built), fmt, sheet=built.title), output)


@cli.command("export")
@filter_options
@click.pass_context
def export_command(ctx: click.Context, policy: str, year: int | None, unit_kind: str | None, fmt: str,
                   output: Path | None, rules_version: int | None) -> None:
    """Exportera den långa tabellen: en rad per enhet, år och krav."""
    unit_kind = _unit_kind(ctx, policy, unit_kind)
    frame = reports.select(_frame(ctx, policy, rules_version), {"year": year, "unit_kind": unit_kind})
    _audit_export(ctx, policy, f"tabell.{fmt}", {"year": year, "unit_kind": unit_kind})
    titles = {policy: store_content.policy_by_name(open_db(ctx), policy)["title"]}
    _write(export.to_bytes(export.long_frame(frame, titles), fmt, sheet="Resultat"), output)


@cli.command("annual-report")
@click.option("--policy", required=True, help="Policyns namn (frågeformulärets filnamn utan .json).")
@click.option("--year", required=True, type=int, help="Omgångens år.")
@click.option("--format", "fmt", type=click.Choice(annual_render.FORMATS), default="docx", show_default=True,
              help="docx: Word; pdf: tillgänglig PDF (PDF/UA); html: webbsida.")
@click.option("--lang", type=click.Choice(annual.LANGS), default="sv", show_default=True, help="Språk.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Fil (standard: skärmen).")
@click.pass_context
def annual_report(ctx: click.Context, policy: str, year: int, fmt: str, lang: str, output: Path | None) -> None:
    """Ta fram årets avsnitt till årsredovisningen: sammanfattning, mål per enhet, krav, åtgärder, revidering."""
    db = open_db(ctx)
    inputs = annual_inputs(db, store_content.policy_by_name(db, policy), year, date.today())
    _write(annual_render.render(annual.build(**inputs, lang=lang), fmt), output)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "policy", help="Policyns id (filnamn utan ändelse). Standard: kommun och dokumentnamn.")
@click.option("--force", is_flag=True, help="Skriv över befintliga filer.")
@click.pass_context
def derive(ctx: click.Context, file: Path, policy: str | None, force: bool) -> None:
    """Härled ett utkast till självskattning ur en antagen policy (DOCX, PDF, TXT, MD, HTML)."""
    from survey.content.derive import Failure as Unreadable
    from survey.content.derive import derive as derive_draft
    from survey.content.derive.read import MAX_BYTES

    if file.stat().st_size > MAX_BYTES:
        raise Failure(f"filen är större än {MAX_BYTES // 1_000_000} MB.")
    result = derive_draft(file.read_bytes(), file.name, policy)
    if isinstance(result, Unreadable):
        raise Failure(str(result.message))
    root = ctx.obj["content_dir"]
    targets = {root / "policies" / f"{result.id}.txt": result.text,
               root / "questionnaires" / f"{result.id}.json": _json(result.questionnaire),
               root / "rules" / f"{result.id}.json": _json(result.ruleset)}
    existing = [str(path) for path in targets if path.exists()]
    if existing and not force:
        raise Failure(f"finns redan: {', '.join(existing)}. Välj ett annat --id eller använd --force.")
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        click.echo(f"Skrev {path}")
    meta = result.analysis.meta
    click.echo(f"\n{meta['title'] or '(titel saknas)'}, {meta['municipality'] or '(kommun saknas)'}")
    click.echo(f"Antagen av: {meta['adopted_by'] or '–'}  Datum: {meta['adopted_date'] or '–'} "
               f"{meta['adopted_paragraph'] or ''}".rstrip())
    click.echo(f"Mål: {len(result.analysis.goals)} (under {', '.join(result.analysis.goal_headings) or '–'})")
    for goal in result.questionnaire["x-policy"]["goals"]:
        click.echo(f"  {goal['id']} {goal['title']}")
    click.echo(f"Ansvar: {len(result.analysis.duties)} krav (under {', '.join(result.analysis.duty_headings) or '–'})")
    questions = {q["x-serves"][0]: q["title"] for s in result.questionnaire["properties"].values()
                 for q in s["properties"].values() if "oneOf" in q}
    for rule in result.ruleset["requirements"]:
        if rule["kind"] == "responsibility":
            whom = rule["applies_to"] + [f"taggen {tag}" for tag in rule.get("applies_to_tags", [])]
            click.echo(f"  {rule['id']} ({', '.join(whom)}): {questions[rule['id']]}")
    click.echo(f"\nAtt granska ({len(result.review)}):")
    for note in result.review:
        click.echo(f"- {note['about']}: {note['note']}")


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


for command in (cli_register.unit, cli_register.user, cli_register.import_units, cli_register.remind,
                cli_register.send, cli_rounds.round_group, cli_register.kind,
                cli_operate.serve, cli_operate.backup_command, cli_operate.restore_command, cli_operate.settings_command):
    cli.add_command(command)
