"""`survey lint|load|demo|policy-check|derive`: the content files, from a policy's text to the database."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from survey.cli.common import Failure, command, open_db, record, say, words
from survey.i18n import Plural, Text

LINT_FAILED = Plural("cli.lint_failed", "%(n)s fel i innehållet.", "%(n)s fel i innehållet.")
LINT_CLEAN = Text("cli.lint_clean", "Innehållet är felfritt.")
PROPOSALS = Plural("cli.lint_proposals", "Förslag (%(n)s fråga i flera policyer kan bli gemensam):",
                   "Förslag (%(n)s frågor i flera policyer kan bli gemensamma):")
NEW_VERSION = Text("cli.new_version", "ny version")
UNCHANGED = Text("cli.unchanged", "oförändrad")
DEMO_EXISTS = Text("cli.demo_exists", "Demodata finns redan i %(db)s.")
DEMO_MADE = Text("cli.demo_made", "Demodata skapad i %(db)s.")
LOGINS = Text("cli.logins", "Inloggningar (lösenord %(password)s):")
TOO_LARGE = Text("cli.derive_too_large", "filen är större än %(n)s MB.")
EXISTS = Text("cli.derive_exists", "finns redan: %(files)s. Välj ett annat --id eller använd --force.")
WROTE_FILE = Text("cli.derive_wrote", "Skrev %(file)s")
NO_TITLE = Text("cli.derive_no_title", "(titel saknas)")
NO_MUNICIPALITY = Text("cli.derive_no_municipality", "(kommun saknas)")
ADOPTED = Text("cli.derive_adopted", "Antagen av: %(by)s  Datum: %(date)s %(paragraph)s")
GOALS = Text("cli.derive_goals", "Mål: %(n)s (under %(headings)s)")
DUTIES = Text("cli.derive_duties", "Ansvar: %(n)s krav (under %(headings)s)")
TAG = Text("cli.derive_tag", "taggen %(tag)s")
FROM_FILES = Text("cli.policy_check_files", "Innehållsfilerna i %(folder)s:")
FROM_DATABASE = Text("cli.policy_check_database", "Publicerade policyer i %(db)s:")
TO_REVIEW = Text("cli.derive_review", "Att granska (%(n)s):")


@command("lint")
@click.pass_context
def lint_command(ctx: click.Context) -> None:
    """Granska alla innehållsfiler: metascheman och korsreferenser."""
    from survey.content import lint

    problems = lint.lint(ctx.obj["content_dir"])
    for problem in problems:
        click.echo(f"{problem.file}: {problem.pointer or '/'}: {words(problem.message)}")
    proposed = lint.advice(ctx.obj["content_dir"])
    if proposed:
        say(PROPOSALS(n=len(proposed)))
        for problem in proposed:
            click.echo(f"  {problem.file}: {problem.pointer}: {words(problem.message)}")
    if problems:
        raise Failure(LINT_FAILED(len(problems)))
    say(LINT_CLEAN())


@command()
@click.pass_context
def load(ctx: click.Context) -> None:
    """Läs in innehållet i databasen (en ändrad fil blir en ny version)."""
    from survey.content import lint
    from survey.store import content as store_content

    content = lint.load(ctx.obj["content_dir"])
    db = open_db(ctx)
    loaded = store_content.load_content(db, content)
    for item in loaded:
        state = words(NEW_VERSION() if item["new"] else UNCHANGED())
        click.echo(f"{item['kind']:<13} {item['name']:<40} version {item['version']} ({state})")
    changed = [f"{item['kind']} {item['name']} v{item['version']}" for item in loaded if item["new"]]
    if changed:
        record(db, "content_load", subject=str(ctx.obj["content_dir"]), detail={"new": changed})


@command("demo")
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
        say(DEMO_EXISTS(db=str(ctx.obj["db_path"])))
        logins = [(row["email"], row["name"], row["role"]) for row in register.users(db)]
    else:
        logins = demo.populate(db, content, seed)
        say(DEMO_MADE(db=str(ctx.obj["db_path"])))
    say(LOGINS(password=demo.PASSWORD))
    for email, who, role in logins:
        click.echo(f"  {email:<55} {role:<12} {who}")


@command("policy-check")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="Bedöm per detta datum (standard: i dag).")
@click.option("--files", is_flag=True,
              help="Bedöm innehållsfilerna i --content (standard: de publicerade policyerna i databasen, "
                   "eller filerna om databasen inte finns).")
@click.pass_context
def policy_check(ctx: click.Context, on, files: bool) -> None:
    """Visa för varje policy om den behöver revideras, bedömt som på samordnarens sida och i årsredovisningen."""
    from survey.scoring import policycheck

    today = on.date() if on else date.today()
    if files or not ctx.obj["db_path"].exists():
        from survey.content import lint

        say(FROM_FILES(folder=str(ctx.obj["content_dir"])))
        metas = [q["x-policy"] for q in lint.load(ctx.obj["content_dir"]).questionnaires.values()]
    else:
        from survey.store import content as store_content

        say(FROM_DATABASE(db=str(ctx.obj["db_path"])))
        db = open_db(ctx)
        metas = [store_content.version_body(db, p["questionnaire_version_id"])["x-policy"]
                 for p in store_content.policies(db)]
    for meta in metas:
        status = policycheck.revision_status(meta, today)
        click.echo(f"{meta.get('municipality') or ''}: {meta.get('title') or meta.get('id')}\n"
                   f"  {words(status['message'])}")


@command()
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
        raise Failure(TOO_LARGE(n=MAX_BYTES // 1_000_000))
    result = derive_draft(file.read_bytes(), file.name, policy)
    if isinstance(result, Unreadable):
        raise Failure(result.message)
    root = ctx.obj["content_dir"]
    targets = {root / "policies" / f"{result.id}.txt": result.text,
               root / "questionnaires" / f"{result.id}.json": _json(result.questionnaire),
               root / "rules" / f"{result.id}.json": _json(result.ruleset)}
    existing = [str(path) for path in targets if path.exists()]
    if existing and not force:
        raise Failure(EXISTS(files=", ".join(existing)))
    for path, text in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        say(WROTE_FILE(file=str(path)))
    meta, analysis = result.analysis.meta, result.analysis
    click.echo(f"\n{meta['title'] or words(NO_TITLE())}, {meta['municipality'] or words(NO_MUNICIPALITY())}")
    click.echo(words(ADOPTED(by=meta["adopted_by"] or "–", date=meta["adopted_date"] or "–",
                             paragraph=meta["adopted_paragraph"] or "")).rstrip())
    say(GOALS(n=len(analysis.goals), headings=", ".join(analysis.goal_headings) or "–"))
    for goal in result.questionnaire["x-policy"]["goals"]:
        click.echo(f"  {goal['id']} {goal['title']}")
    say(DUTIES(n=len(analysis.duties), headings=", ".join(analysis.duty_headings) or "–"))
    questions = {q["x-serves"][0]: q["title"] for s in result.questionnaire["properties"].values()
                 for q in s["properties"].values() if "oneOf" in q}
    for rule in result.ruleset["requirements"]:
        if rule["kind"] == "responsibility":
            whom = rule["applies_to"] + [words(TAG(tag=tag)) for tag in rule.get("applies_to_tags", [])]
            click.echo(f"  {rule['id']} ({', '.join(whom)}): {questions[rule['id']]}")
    click.echo()
    say(TO_REVIEW(n=len(result.review)))
    for note in result.review:
        click.echo(f"- {note['about']}: {note['note']}")


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
