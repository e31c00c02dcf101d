"""`survey unit …`, `survey kind …`, `survey user …`, `survey import-units`, `survey remind`, `survey send`.

Errors are raised as StorageError; the `survey` group turns them into one line.
"""
from __future__ import annotations

import getpass
import os
from pathlib import Path

import click
from sqlite_utils import Database

from survey import mail
from survey.store import audit, orgimport, register, rounds
from survey.store import content as store_content
from survey.store import db as database
from survey.store import db as store_db
from survey.store.migrations import migrate


def _db(ctx: click.Context) -> Database:
    db = database.connect(ctx.obj["db_path"])
    migrate(db)
    return db


def _organisation(db: Database, name: str | None) -> int:
    """The named organisation, or the only one there is."""
    rows = register.organisations(db)
    if name:
        found = [r for r in rows if r["name"] == name or register.slugify(r["name"]) == register.slugify(name)]
        if not found:
            raise store_db.NotFound(f"Organisationen {name!r} finns inte.")
        return found[0]["id"]
    if len(rows) != 1:
        names = ", ".join(r["name"] for r in rows) or "inga"
        raise store_db.StorageError(f"Ange --organisation (finns: {names}).")
    return rows[0]["id"]


def record(db: Database, action: str, **fields) -> None:
    """An audit log entry for a command; the actor is the operating-system account that ran it."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "okänd"
    audit.record(db, action, actor=f"{who} (kommandoraden)", **fields)


organisation_option = click.option("--organisation", "--org", "-O",
                                   help="Organisationens namn (behövs om det finns flera).")
tag_option = click.option("--tag", "tags", multiple=True, help="Tagg, till exempel informatörer (kan upprepas).")


@click.group()
def unit() -> None:
    """Enheter: lista, lägg till, ändra, inaktivera."""


@unit.command("list")
@organisation_option
@click.pass_context
def unit_list(ctx: click.Context, organisation: str | None) -> None:
    """Lista enheterna."""
    db = _db(ctx)
    for row in register.units(db, _organisation(db, organisation)):
        state = "" if row["active"] else " (inaktiv)"
        parent = f" under {row['parent_name']}" if row["parent_name"] else ""
        tags = f"  taggar: {', '.join(row['tags'])}" if row["tags"] else ""
        click.echo(f"{row['name']:<40} {row['kind']:<15}{parent}{state}  ansvariga: {row['managers'] or '–'}{tags}")


def _unit_id(db: Database, org: int, name: str | None) -> int | None:
    return register.unit_by_name(db, org, name)["id"] if name else None


@unit.command("add")
@click.argument("name")
@click.option("--kind", required=True, help="Enhetstyp: en av organisationens (se 'survey kind list').")
@click.option("--parent", help="Överordnad enhet.")
@tag_option
@organisation_option
@click.pass_context
def unit_add(ctx: click.Context, name: str, kind: str, parent: str | None, tags: tuple[str, ...],
             organisation: str | None) -> None:
    """Lägg till en enhet."""
    db = _db(ctx)
    org = _organisation(db, organisation)
    unit_id = register.add_unit(db, org, name, kind, _unit_id(db, org, parent), tags=tags)
    added = register.unit_of(db, org, unit_id)
    record(db, "unit_add", organisation_id=org, subject=name, detail={"kind": added["kind"], "tags": added["tags"]})
    tagged = f" med taggarna {', '.join(added['tags'])}" if added["tags"] else ""
    click.echo(f"La till {name} ({added['kind']}){tagged}.")


@unit.command("update")
@click.argument("name")
@click.option("--new-name", help="Nytt namn.")
@click.option("--kind", help="Ny enhetstyp: en av organisationens (se 'survey kind list').")
@click.option("--parent", help="Ny överordnad enhet ('' för ingen).")
@click.option("--tag", "tags", multiple=True, help="Enhetens taggar: ersätter de nuvarande (kan upprepas).")
@click.option("--no-tags", is_flag=True, help="Ta bort enhetens alla taggar.")
@organisation_option
@click.pass_context
def unit_update(ctx: click.Context, name: str, new_name: str | None, kind: str | None, parent: str | None,
                tags: tuple[str, ...], no_tags: bool, organisation: str | None) -> None:
    """Byt namn, typ, överordnad enhet eller taggar."""
    if tags and no_tags:
        raise click.UsageError("Ange antingen --tag eller --no-tags, inte båda.")
    db = _db(ctx)
    org = _organisation(db, organisation)
    current = register.unit_by_name(db, org, name)
    parent_id = current["parent_id"] if parent is None else _unit_id(db, org, parent)
    new_tags = [] if no_tags else list(tags) if tags else None
    register.update_unit(db, org, current["id"], name=new_name or name, kind=kind or current["kind"],
                         parent_id=parent_id, tags=new_tags)
    changed = register.unit_of(db, org, current["id"])
    record(db, "unit_change", organisation_id=org, subject=name,
           detail={"unit_id": current["id"], "name": changed["name"], "kind": changed["kind"],
                   "parent_id": parent_id, "tags": changed["tags"]})
    click.echo(f"Ändrade {name}.")


@unit.command("deactivate")
@click.argument("name")
@click.option("--undo", is_flag=True, help="Aktivera enheten igen.")
@organisation_option
@click.pass_context
def unit_deactivate(ctx: click.Context, name: str, undo: bool, organisation: str | None) -> None:
    """Inaktivera en enhet (historik och resultat finns kvar; den tas inte med i nya omgångar)."""
    db = _db(ctx)
    org = _organisation(db, organisation)
    unit_id = register.unit_by_name(db, org, name)["id"]
    register.set_unit_active(db, org, unit_id, undo)
    record(db, "unit_change", organisation_id=org, subject=name, detail={"unit_id": unit_id, "active": undo})
    click.echo(f"{name} är {'aktiv' if undo else 'inaktiverad'}.")


@click.group()
def kind() -> None:
    """Enhetstyper: organisationens egna utöver kommunstyrelse, nämnd, förvaltning och bolag."""


@kind.command("list")
@organisation_option
@click.pass_context
def kind_list(ctx: click.Context, organisation: str | None) -> None:
    """Lista organisationens enhetstyper i ordning."""
    db = _db(ctx)
    for name in register.kinds(db, _organisation(db, organisation)):
        click.echo(name)


@kind.command("add")
@click.argument("name")
@organisation_option
@click.pass_context
def kind_add(ctx: click.Context, name: str, organisation: str | None) -> None:
    """Lägg till en enhetstyp, till exempel stab (små bokstäver, ett ord)."""
    db = _db(ctx)
    org = _organisation(db, organisation)
    added = register.add_kind(db, org, name)
    record(db, "kind_add", organisation_id=org, subject=added)
    click.echo(f"La till enhetstypen {added}.")


@kind.command("remove")
@click.argument("name")
@organisation_option
@click.pass_context
def kind_remove(ctx: click.Context, name: str, organisation: str | None) -> None:
    """Ta bort en enhetstyp som ingen enhet har."""
    db = _db(ctx)
    org = _organisation(db, organisation)
    removed = register.remove_kind(db, org, name)
    record(db, "kind_remove", organisation_id=org, subject=removed)
    click.echo(f"Tog bort enhetstypen {removed}.")


@click.group()
def user() -> None:
    """Personer: lista, lägg till, inaktivera."""


@user.command("list")
@organisation_option
@click.pass_context
def user_list(ctx: click.Context, organisation: str | None) -> None:
    """Lista personerna."""
    db = _db(ctx)
    for row in register.people(db, _organisation(db, organisation)):
        state = "" if row["active"] else " (inaktiv)"
        click.echo(f"{row['email']:<45} {register.ROLE_LABELS[row['role']]:<15} {row['name']}{state}"
                   f"  enheter: {row['units'] or '–'}")


@user.command("add")
@click.argument("email")
@click.option("--name", required=True, help="Personens namn.")
@click.option("--role", type=click.Choice(["manager", "coordinator", "admin"]), default="manager", show_default=True)
@click.option("--unit", "units", multiple=True, help="Enhet personen är ansvarig för (kan upprepas).")
@click.option("--password-env", help="Läs lösenordet från denna miljövariabel (annars inget lösenord).")
@organisation_option
@click.pass_context
def user_add(ctx: click.Context, email: str, name: str, role: str, units: tuple[str, ...], password_env: str | None,
             organisation: str | None) -> None:
    """Lägg till en person; utan lösenord loggar hen in med inbjudningslänkar."""
    db = _db(ctx)
    password = os.environ.get(password_env) if password_env else None
    if password_env and not password:
        raise store_db.StorageError(f"Miljövariabeln {password_env} är tom.")
    org = None
    if role == "admin":
        register.add_user(db, register.check_email(email), name, password, "admin")
    else:
        org = _organisation(db, organisation)
        with db.atomic():
            user_id = register.add_person(db, org, email=email, name=name, role=role, password=password)
            for unit_name in units:
                register.add_manager(db, org, user_id, register.unit_by_name(db, org, unit_name)["id"])
    record(db, "person_add", organisation_id=org, subject=email.strip().lower(), detail={"role": role, "units": units})
    click.echo(f"La till {email}.")


@user.command("deactivate")
@click.argument("email")
@click.option("--undo", is_flag=True, help="Aktivera personen igen.")
@click.pass_context
def user_deactivate(ctx: click.Context, email: str, undo: bool) -> None:
    """Inaktivera en person (det hen sparat står kvar i historiken)."""
    db = _db(ctx)
    found = register.user_by_email(db, email)
    register.set_user_active(db, found["id"], undo)
    record(db, "person_change", organisation_id=found["organisation_id"], subject=found["email"],
           detail={"user_id": found["id"], "active": undo})
    click.echo(f"{email} är {'aktiv' if undo else 'inaktiverad'}.")


@click.command("import-units")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, help="Genomför importen (annars visas bara vad som skulle hända).")
@organisation_option
@click.pass_context
def import_units(ctx: click.Context, file: Path, apply_: bool, organisation: str | None) -> None:
    """Importera enheter och ansvariga från CSV (svenska Excel eller komma) eller XLSX."""
    db = _db(ctx)
    org = _organisation(db, organisation)
    rows, problems = orgimport.read_table(file.read_bytes(), file.name)
    plan = orgimport.plan(db, org, rows, problems)
    actions = {"create": "ny", "change": "ändras", "unchanged": "oförändrad"}
    for step in plan.units:
        details = "; ".join(step.changes)
        tagged = f", taggar: {', '.join(step.tags)}" if step.tags else ""
        click.echo(f"rad {step.line}: {step.unit} ({step.kind}{tagged}): {actions[step.action]}"
                   + (f" – {details}" if details else ""))
        for manager in step.managers:
            click.echo(f"    ansvarig {manager.name} <{manager.email}>: "
                       f"{ {'create': 'ny person', 'assign': 'blir ansvarig', 'unchanged': 'oförändrad'}[manager.action]}")
    for problem in plan.problems:
        click.echo(f"rad {problem.line}: {'FEL' if problem.blocking else 'obs'}: {problem.message}", err=True)
    counts = plan.counts
    click.echo(f"Nya enheter {counts['create']}, ändrade {counts['change']}, oförändrade {counts['unchanged']}, "
               f"nya personer {counts['people']}.")
    if not plan.ok:
        raise store_db.StorageError("Importen innehåller fel; inget har sparats.")
    if apply_:
        orgimport.apply(db, org, rows)
        record(db, "register_import", organisation_id=org, subject=file.name, detail=counts)
        click.echo("Importen är genomförd.")
    else:
        click.echo("Inget är sparat. Kör igen med --apply för att genomföra importen.")


@click.command()
@click.option("--policy", required=True, help="Policyns namn.")
@click.option("--year", required=True, type=int, help="Omgångens år.")
@click.option("--kind", type=click.Choice(list(mail.KINDS)), default="reminder", show_default=True)
@click.option("--force", is_flag=True, help="Skicka även till enheter som nyss fått samma slags meddelande.")
@click.option("--base-url", help="Webbappens adress, för länkarna (standard SURVEY_BASE_URL).")
@click.pass_context
def remind(ctx: click.Context, policy: str, year: int, kind: str, force: bool, base_url: str | None) -> None:
    """Skriv inbjudningar eller påminnelser till enheter som inte lämnat in, och skicka dem."""
    db = _db(ctx)
    base_url = base_url or ctx.obj["settings"]["BASE_URL"]
    round_ = rounds.round_by_year(db, store_content.policy_by_name(db, policy)["id"], year)
    result = mail.notify(db, round_["id"], kind, force=force,
                         link_for=lambda token: f"{base_url.rstrip('/')}/inbjudan/{token}")
    click.echo(f"{len(result['queued'])} meddelanden skrivna.")
    for skipped in result["skipped"]:
        click.echo(f"Hoppade över {skipped['unit']}: {skipped['reason']}.")
    _deliver(ctx, db)


@click.command()
@click.pass_context
def send(ctx: click.Context) -> None:
    """Skicka meddelanden som väntar i kön (kräver SURVEY_SMTP_HOST)."""
    _deliver(ctx, _db(ctx))


def _deliver(ctx: click.Context, db: Database) -> None:
    """Send what waits in the queue through the configured SMTP server, and say how it went."""
    smtp = mail.SmtpSettings.from_config(ctx.obj["settings"])
    result = mail.deliver(db, smtp)
    if smtp is None:
        click.echo(f"Ingen e-postserver är inställd (SURVEY_SMTP_HOST): {result['queued']} meddelanden väntar i utkorgen.")
    else:
        click.echo(f"{result['sent']} skickade, {result['failed']} kunde inte skickas och ligger kvar i kö.")
