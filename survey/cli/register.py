"""`survey unit …`, `survey kind …`, `survey user …`, `survey import-units`, `survey remind`, `survey send`.

Errors are raised as StorageError; the `survey` group turns them into one line.
"""
from __future__ import annotations

import os
from pathlib import Path

import click

from survey.cli.common import (
    Named,
    command,
    group,
    open_db,
    organisation_of,
    organisation_option,
    policy_option,
    record,
    say,
    translated,
    words,
    year_option,
)
from survey.i18n import DEFAULT_LOCALE, LANGUAGES, Plural, Text

NONE = Text("cli.none", "inga")
INACTIVE = Text("cli.inactive", "(inaktiv)")
UNDER = Text("cli.under", "under %(parent)s")
MANAGERS = Text("cli.managers", "ansvariga: %(names)s")
TAGS = Text("cli.tags", "taggar: %(tags)s")
UNIT_ADDED = Text("cli.unit_added", "La till %(name)s (%(kind)s).")
UNIT_ADDED_TAGS = Text("cli.unit_added_tags", "La till %(name)s (%(kind)s) med taggarna %(tags)s.")
TAG_OR_NO_TAGS = Text("cli.tag_or_no_tags", "Ange antingen --tag eller --no-tags, inte båda.")
CHANGED = Text("cli.changed", "Ändrade %(name)s.")
ACTIVE = Text("cli.active", "%(name)s är aktiv.")
DEACTIVATED = Text("cli.deactivated", "%(name)s är inaktiverad.")
KIND_ADDED = Text("cli.kind_added", "La till enhetstypen %(kind)s.")
KIND_REMOVED = Text("cli.kind_removed", "Tog bort enhetstypen %(kind)s.")
PERSON_UNITS = Text("cli.person_units", "enheter: %(units)s")
EMPTY_VARIABLE = Text("cli.empty_variable", "Miljövariabeln %(name)s är tom.")
PERSON_ADDED = Text("cli.person_added", "La till %(email)s.")
IMPORT_ACTIONS = {"create": Text("cli.import.create", "ny"), "change": Text("cli.import.change", "ändras"),
                  "unchanged": Text("cli.import.unchanged", "oförändrad")}
MANAGER_ACTIONS = {"create": Text("cli.import.new_person", "ny person"),
                   "assign": Text("cli.import.assign", "blir ansvarig"),
                   "unchanged": Text("cli.import.unchanged", "oförändrad")}
IMPORT_ROW = Text("cli.import.row", "rad %(line)s: %(unit)s (%(kind)s): %(action)s")
IMPORT_MANAGER = Text("cli.import.manager", "    ansvarig %(name)s <%(email)s>: %(action)s")
IMPORT_ERROR = Text("cli.import.error", "rad %(line)s: FEL: %(message)s")
IMPORT_NOTE = Text("cli.import.note", "rad %(line)s: obs: %(message)s")
IMPORT_COUNTS = Text("cli.import.counts", "Nya enheter %(create)s, ändrade %(change)s, oförändrade %(unchanged)s, "
                                          "nya personer %(people)s.")
IMPORT_REFUSED = Text("cli.import.refused", "Importen innehåller fel; inget har sparats.")
IMPORT_DONE = Text("cli.import.done", "Importen är genomförd.")
IMPORT_DRY = Text("cli.import.dry", "Inget är sparat. Kör igen med --apply för att genomföra importen.")
WRITTEN = Plural("cli.messages_written", "%(n)s meddelande skrivet.", "%(n)s meddelanden skrivna.")
SKIPPED = Text("cli.message_skipped", "Hoppade över %(unit)s: %(reason)s.")
NO_SMTP = Plural("cli.no_smtp", "Ingen e-postserver är inställd (SURVEY_SMTP_HOST): %(n)s meddelande väntar i utkorgen.",
                 "Ingen e-postserver är inställd (SURVEY_SMTP_HOST): %(n)s meddelanden väntar i utkorgen.")
DELIVERED = Text("cli.delivered", "%(sent)s skickade, %(failed)s kunde inte skickas och ligger kvar i kö.")


tag_option = click.option("--tag", "tags", multiple=True, help="Tagg, till exempel informatörer (kan upprepas).")


@group()
def unit() -> None:
    """Enheter: lista, lägg till, ändra, inaktivera."""


@unit.command("list")
@organisation_option
@click.pass_context
def unit_list(ctx: click.Context, organisation: str | None) -> None:
    """Lista enheterna."""
    from survey.store import register

    db = open_db(ctx)
    for row in register.units(db, organisation_of(db, organisation)):
        state = "" if row["active"] else " " + words(INACTIVE())
        parent = " " + words(UNDER(parent=row["parent_name"])) if row["parent_name"] else ""
        tags = "  " + words(TAGS(tags=", ".join(row["tags"]))) if row["tags"] else ""
        click.echo(f"{row['name']:<40} {row['kind']:<15}{parent}{state}  "
                   + words(MANAGERS(names=row["managers"] or "–")) + tags)


def _unit_id(db, org: int, name: str | None) -> int | None:
    from survey.store import register

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
    from survey.store import register

    db = open_db(ctx)
    org = organisation_of(db, organisation)
    unit_id = register.add_unit(db, org, name, kind, _unit_id(db, org, parent), tags=tags)
    added = register.unit_of(db, org, unit_id)
    record(db, "unit_add", organisation_id=org, subject=name, detail={"kind": added["kind"], "tags": added["tags"]})
    say(UNIT_ADDED_TAGS(name=name, kind=added["kind"], tags=", ".join(added["tags"])) if added["tags"]
        else UNIT_ADDED(name=name, kind=added["kind"]))


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
    from survey.store import register

    if tags and no_tags:
        raise click.UsageError(words(TAG_OR_NO_TAGS()))
    db = open_db(ctx)
    org = organisation_of(db, organisation)
    current = register.unit_by_name(db, org, name)
    parent_id = current["parent_id"] if parent is None else _unit_id(db, org, parent)
    new_tags = [] if no_tags else list(tags) if tags else None
    register.update_unit(db, org, current["id"], name=new_name or name, kind=kind or current["kind"],
                         parent_id=parent_id, tags=new_tags)
    changed = register.unit_of(db, org, current["id"])
    record(db, "unit_change", organisation_id=org, subject=name,
           detail={"unit_id": current["id"], "name": changed["name"], "kind": changed["kind"],
                   "parent_id": parent_id, "tags": changed["tags"]})
    say(CHANGED(name=name))


@unit.command("deactivate")
@click.argument("name")
@click.option("--undo", is_flag=True, help="Aktivera enheten igen.")
@organisation_option
@click.pass_context
def unit_deactivate(ctx: click.Context, name: str, undo: bool, organisation: str | None) -> None:
    """Inaktivera en enhet (historik och resultat finns kvar; den tas inte med i nya omgångar)."""
    from survey.store import register

    db = open_db(ctx)
    org = organisation_of(db, organisation)
    unit_id = register.unit_by_name(db, org, name)["id"]
    register.set_unit_active(db, org, unit_id, undo)
    record(db, "unit_change", organisation_id=org, subject=name, detail={"unit_id": unit_id, "active": undo})
    say(ACTIVE(name=name) if undo else DEACTIVATED(name=name))


@group()
def kind() -> None:
    """Enhetstyper: organisationens egna utöver kommunstyrelse, nämnd, förvaltning och bolag."""


@kind.command("list")
@organisation_option
@click.pass_context
def kind_list(ctx: click.Context, organisation: str | None) -> None:
    """Lista organisationens enhetstyper i ordning."""
    from survey.store import register

    db = open_db(ctx)
    for name in register.kinds(db, organisation_of(db, organisation)):
        click.echo(name)


@kind.command("add")
@click.argument("name")
@organisation_option
@click.pass_context
def kind_add(ctx: click.Context, name: str, organisation: str | None) -> None:
    """Lägg till en enhetstyp, till exempel stab (små bokstäver, ett ord)."""
    from survey.store import register

    db = open_db(ctx)
    org = organisation_of(db, organisation)
    added = register.add_kind(db, org, name)
    record(db, "kind_add", organisation_id=org, subject=added)
    say(KIND_ADDED(kind=added))


@kind.command("remove")
@click.argument("name")
@organisation_option
@click.pass_context
def kind_remove(ctx: click.Context, name: str, organisation: str | None) -> None:
    """Ta bort en enhetstyp som ingen enhet har."""
    from survey.store import register

    db = open_db(ctx)
    org = organisation_of(db, organisation)
    removed = register.remove_kind(db, org, name)
    record(db, "kind_remove", organisation_id=org, subject=removed)
    say(KIND_REMOVED(kind=removed))


@group()
def user() -> None:
    """Personer: lista, lägg till, inaktivera."""


@user.command("list")
@organisation_option
@click.pass_context
def user_list(ctx: click.Context, organisation: str | None) -> None:
    """Lista personerna."""
    from survey.store import register

    db = open_db(ctx)
    for row in register.people(db, organisation_of(db, organisation)):
        state = "" if row["active"] else " " + words(INACTIVE())
        click.echo(f"{row['email']:<45} {translated(register.ROLE_LABELS[row['role']]):<15} {row['name']}{state}  "
                   + words(PERSON_UNITS(units=row["units"] or "–")))


@user.command("add")
@click.argument("email")
@click.option("--name", required=True, help="Personens namn.")
@click.option("--role", type=click.Choice(["manager", "coordinator", "admin"]), default="manager", show_default=True)
@click.option("--unit", "units", multiple=True, help="Enhet personen är ansvarig för (kan upprepas).")
@click.option("--password-env", help="Läs lösenordet från denna miljövariabel (annars inget lösenord).")
@click.option("--language", type=click.Choice(list(LANGUAGES)), default=DEFAULT_LOCALE, show_default=True,
              help="Språket personens e-post skrivs på och inloggningen börjar på (personen kan byta själv).")
@organisation_option
@click.pass_context
def user_add(ctx: click.Context, email: str, name: str, role: str, units: tuple[str, ...], password_env: str | None,
             language: str, organisation: str | None) -> None:
    """Lägg till en person; utan lösenord loggar hen in med inbjudningslänkar."""
    from survey.store import db as store_db
    from survey.store import register

    db = open_db(ctx)
    password = os.environ.get(password_env) if password_env else None
    if password_env and not password:
        raise store_db.StorageError(EMPTY_VARIABLE(name=password_env))
    org = None
    if role == "admin":
        register.add_user(db, register.check_email(email), name, password, "admin", language=language)
    else:
        org = organisation_of(db, organisation)
        with db.atomic():
            user_id = register.add_person(db, org, email=email, name=name, role=role, password=password,
                                          language=language)
            for unit_name in units:
                register.add_manager(db, org, user_id, register.unit_by_name(db, org, unit_name)["id"])
    record(db, "person_add", organisation_id=org, subject=email.strip().lower(), detail={"role": role, "units": units})
    say(PERSON_ADDED(email=email))


@user.command("deactivate")
@click.argument("email")
@click.option("--undo", is_flag=True, help="Aktivera personen igen.")
@click.pass_context
def user_deactivate(ctx: click.Context, email: str, undo: bool) -> None:
    """Inaktivera en person (det hen sparat står kvar i historiken)."""
    from survey.store import register

    db = open_db(ctx)
    found = register.user_by_email(db, email)
    register.set_user_active(db, found["id"], undo)
    record(db, "person_change", organisation_id=found["organisation_id"], subject=found["email"],
           detail={"user_id": found["id"], "active": undo})
    say(ACTIVE(name=email) if undo else DEACTIVATED(name=email))


@command("import-units")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True, help="Genomför importen (annars visas bara vad som skulle hända).")
@organisation_option
@click.pass_context
def import_units(ctx: click.Context, file: Path, apply_: bool, organisation: str | None) -> None:
    """Importera enheter och ansvariga från CSV (svenska Excel eller komma) eller XLSX."""
    from survey.store import db as store_db
    from survey.store import orgimport

    db = open_db(ctx)
    org = organisation_of(db, organisation)
    rows, problems = orgimport.read_table(file.read_bytes(), file.name)
    plan = orgimport.plan(db, org, rows, problems)
    for step in plan.units:
        details = "; ".join(step.changes)
        kind = step.kind + (", " + words(TAGS(tags=", ".join(step.tags))) if step.tags else "")
        click.echo(words(IMPORT_ROW(line=step.line, unit=step.unit, kind=kind, action=IMPORT_ACTIONS[step.action]()))
                   + (f" – {details}" if details else ""))
        for manager in step.managers:
            say(IMPORT_MANAGER(name=manager.name, email=manager.email, action=MANAGER_ACTIONS[manager.action]()))
    for problem in plan.problems:
        say((IMPORT_ERROR if problem.blocking else IMPORT_NOTE)(line=problem.line, message=problem.message), err=True)
    counts = plan.counts
    say(IMPORT_COUNTS(create=counts["create"], change=counts["change"], unchanged=counts["unchanged"],
                      people=counts["people"]))
    if not plan.ok:
        raise store_db.StorageError(IMPORT_REFUSED())
    if apply_:
        orgimport.apply(db, org, rows)
        record(db, "register_import", organisation_id=org, subject=file.name, detail=counts)
        say(IMPORT_DONE())
    else:
        say(IMPORT_DRY())


@command()
@policy_option
@year_option
@click.option("--kind", type=Named("survey.mail:KINDS"), default="reminder", show_default=True)
@click.option("--force", is_flag=True, help="Skicka även till enheter som nyss fått samma slags meddelande.")
@click.option("--base-url", help="Webbappens adress, för länkarna (standard SURVEY_BASE_URL).")
@click.pass_context
def remind(ctx: click.Context, policy: str, year: int, kind: str, force: bool, base_url: str | None) -> None:
    """Skriv inbjudningar eller påminnelser till enheter som inte lämnat in, och skicka dem."""
    from survey import mail
    from survey.store import content as store_content
    from survey.store import rounds

    db = open_db(ctx)
    base_url = base_url or ctx.obj["settings"]["BASE_URL"]
    round_ = rounds.round_by_year(db, store_content.policy_by_name(db, policy)["id"], year)
    result = mail.notify(db, round_["id"], kind, force=force,
                         link_for=lambda token: f"{base_url.rstrip('/')}/inbjudan/{token}")
    say(WRITTEN(len(result["queued"])))
    for skipped in result["skipped"]:
        say(SKIPPED(unit=skipped["unit"], reason=skipped["reason"]))
    _deliver(ctx, db)


@command()
@click.pass_context
def send(ctx: click.Context) -> None:
    """Skicka meddelanden som väntar i kön (kräver SURVEY_SMTP_HOST)."""
    _deliver(ctx, open_db(ctx))


def _deliver(ctx: click.Context, db) -> None:
    """Send what waits in the queue through the configured SMTP server, and say how it went."""
    from survey import mail

    smtp = mail.SmtpSettings.from_config(ctx.obj["settings"])
    result = mail.deliver(db, smtp)
    if smtp is None:
        say(NO_SMTP(result["queued"]))
    else:
        say(DELIVERED(sent=result["sent"], failed=result["failed"]))
