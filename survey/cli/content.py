"""`survey lint|load|demo|policy-check|derive`: the content files, from a policy's text to the database."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from survey.cli.common import Failure, open_db, record


@click.command("lint")
@click.pass_context
def lint_command(ctx: click.Context) -> None:
    """Granska alla innehållsfiler: metascheman och korsreferenser."""
    from survey.content import lint

    problems = lint.lint(ctx.obj["content_dir"])
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise Failure(f"{len(problems)} fel i innehållet.")
    click.echo("Innehållet är felfritt.")


@click.command()
@click.pass_context
def load(ctx: click.Context) -> None:
    """Läs in innehållet i databasen (en ändrad fil blir en ny version)."""
    from survey.content import lint
    from survey.store import content as store_content

    content = lint.load(ctx.obj["content_dir"])
    db = open_db(ctx)
    loaded = store_content.load_content(db, content)
    for item in loaded:
        state = "ny version" if item["new"] else "oförändrad"
        click.echo(f"{item['kind']:<13} {item['name']:<40} version {item['version']} ({state})")
    changed = [f"{item['kind']} {item['name']} v{item['version']}" for item in loaded if item["new"]]
    if changed:
        record(db, "content_load", subject=str(ctx.obj["content_dir"]), detail={"new": changed})


@click.command("demo")
@click.option("--seed", default=2026, show_default=True, help="Slumpfrö för de genererade svaren.")
@click.pass_context
def demo_command(ctx: click.Context, seed: int) -> None:
    """Fyll en tom databas med en demokommun per inläst policy och visa inloggningarna."""
    from survey import demo
    from survey.content import lint
    from survey.store import content as store_content
    from survey.store import register

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


@click.command("policy-check")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="Bedöm per detta datum (standard: i dag).")
@click.pass_context
def policy_check(ctx: click.Context, on) -> None:
    """Visa för varje policy om den behöver revideras."""
    from survey.content import lint
    from survey.scoring import policycheck

    content = lint.load(ctx.obj["content_dir"])
    today = on.date() if on else date.today()
    for name, questionnaire in content.questionnaires.items():
        meta = questionnaire["x-policy"]
        status = policycheck.revision_status(meta, today)
        click.echo(f"{meta['municipality']}: {meta['title']}\n  {status['message']}")


@click.command()
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
