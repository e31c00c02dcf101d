"""`survey init|serve|backup|restore|settings`: running the application and keeping its files.

Every command reads the same settings (`survey.settings`, read once by the `survey` group), so the
app, the backup and the restore agree on where the database, the evidence and the secret key are.
"""
from __future__ import annotations

import logging
from pathlib import Path

import click

from survey.cli.common import command, open_db, record, say
from survey.i18n import Plural, Text

log = logging.getLogger("survey")
PROXY_HEADERS = "x-forwarded-for x-forwarded-proto x-forwarded-host x-forwarded-port"

MIGRATED = Plural("cli.migrated", "Databas %(db)s: %(n)s migrering körd.", "Databas %(db)s: %(n)s migreringar körda.")
CURRENT = Text("cli.db_current", "Databas %(db)s: aktuell.")
SERVING = Text("cli.serving", "Policyuppföljning körs på http://%(host)s:%(port)s/  (avsluta med Ctrl+C)")
BACKED_UP = Text("cli.backup.made", "Säkerhetskopia %(file)s (%(bytes)s byte):")
BACKUP_DATABASE = Text("cli.backup.database", "  survey.db       %(bytes)s byte, från %(source)s")
BACKUP_EVIDENCE = Plural("cli.backup.evidence", "  evidence/       %(n)s fil, %(bytes)s byte, från %(source)s",
                         "  evidence/       %(n)s filer, %(bytes)s byte, från %(source)s")
BACKUP_KEY = Text("cli.backup.key", "  secret_key      från %(source)s")
NO_EVIDENCE_FOLDER = Text("cli.backup.no_folder", "Obs: underlagsmappen %(folder)s finns inte; databasen hänvisar inte "
                                                  "till några underlag, så inget saknas.")
MISSING_FILES = Plural("cli.backup.missing", "Varning: %(n)s underlagsfil som databasen hänvisar till saknas i "
                                             "%(folder)s: %(files)s",
                       "Varning: %(n)s underlagsfiler som databasen hänvisar till saknas i %(folder)s: %(files)s")
CHANGED_FILES = Plural("cli.backup.changed", "Varning: %(n)s underlagsfil i %(folder)s har ändrats sedan den laddades "
                                             "upp (innehållet stämmer inte med namnet): %(files)s",
                       "Varning: %(n)s underlagsfiler i %(folder)s har ändrats sedan de laddades upp (innehållet "
                       "stämmer inte med namnet): %(files)s")
VERIFIED_HEAD = Plural("cli.verify.head", "%(file)s: skapad %(made)s; databas %(bytes)s byte, %(n)s underlagsfil%(key)s.",
                       "%(file)s: skapad %(made)s; databas %(bytes)s byte, %(n)s underlagsfiler%(key)s.")
UNKNOWN_WHEN = Text("cli.verify.unknown_when", "okänt när (äldre format)")
WITH_KEY = Text("cli.verify.with_key", ", nyckel")
VERIFIED_COUNTS = Text("cli.verify.counts", "  %(organisations)s organisationer, %(units)s enheter, %(responses)s svar "
                                            "(%(history)s sparade versioner).")
VERIFY_PROBLEM = Text("cli.verify.problem", "  FEL: %(problem)s")
VERIFY_FAILED = Plural("cli.verify.failed", "säkerhetskopian har %(n)s fel och går inte att återställa.",
                       "säkerhetskopian har %(n)s fel och går inte att återställa.")
VERIFIED = Text("cli.verify.whole", "Säkerhetskopian är hel och kan återställas.")
RESTORED = Text("cli.restored", "Återställt %(db)s från %(file)s.")
RESTORED_EVIDENCE = Plural("cli.restore.evidence", "Underlagen (%(n)s fil) finns i %(folder)s.",
                           "Underlagen (%(n)s filer) finns i %(folder)s.")
KEPT = Text("cli.restore_kept", "Den tidigare databasen finns kvar som %(file)s.")
EVIDENCE_KEPT = Text("cli.restore.evidence_kept", "De tidigare underlagen finns kvar som %(folder)s.")
KEY_RESTORED = Text("cli.restore.key", "Nyckeln är återställd till %(file)s.")
UNKNOWN_SETTING = Text("cli.settings.unknown", "%(name)s okänd inställning, används inte")


def waitress_options(config: dict) -> dict:
    """How waitress treats forwarding headers. Behind a proxy: from TRUSTED_PROXY only, the last
    PROXY_HOPS entries (client address, HTTPS, host and port); from anyone else they are removed.
    Without: passed on untrusted, so the app can say in the log that a proxy seems to be there."""
    if not config["PROXY_HOPS"]:
        return {"clear_untrusted_proxy_headers": False}
    return {"trusted_proxy": config["TRUSTED_PROXY"], "trusted_proxy_count": config["PROXY_HOPS"],
            "trusted_proxy_headers": PROXY_HEADERS, "clear_untrusted_proxy_headers": True}


def startup_report(config) -> None:
    """What an operator needs to know at start: where the kept files are, whom the app trusts (the log is
    data, kept in Swedish)."""
    from survey.store import backup as backups

    key = "SURVEY_SECRET_KEY" if config["SECRET_KEY"] else config["SECRET_KEY_FILE"]
    log.info("Databas %s; underlag %s; nyckel %s.", config["DATABASE"], config["EVIDENCE_DIR"], key)
    if config["PROXY_HOPS"]:
        log.info("Bakom omvänd proxy: X-Forwarded-For, -Proto, -Host och -Port tas emot från %s (%s led); "
                 "från andra adresser ignoreras de.", config["TRUSTED_PROXY"], config["PROXY_HOPS"])
    else:
        log.warning("Ingen betrodd proxy (SURVEY_PROXY_HOPS): klientens adress är anslutningens. Bakom en "
                    "omvänd proxy har då alla proxyns adress, i loggen och för inloggningsbromsen (som för "
                    "en proxy på samma maskin bara bromsar per konto). Sätt SURVEY_PROXY_HOPS=1 bakom en proxy.")
    for name in config.unknown:
        log.warning("Okänd inställning %s, stavfel? 'survey settings' visar alla.", name)
    missing = backups.missing_evidence(Path(config["DATABASE"]), Path(config["EVIDENCE_DIR"]))
    if missing:
        log.error("%s underlagsfiler som databasen hänvisar till saknas i %s. Är mappen rätt (SURVEY_EVIDENCE_DIR)?",
                  len(missing), config["EVIDENCE_DIR"])


@command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Skapa databasen eller uppdatera dess schema."""
    from survey.store import db as store_db
    from survey.store.migrations import migrate

    db = store_db.connect(ctx.obj["db_path"])
    applied = migrate(db)
    say(MIGRATED(len(applied), db=str(ctx.obj["db_path"])) if applied else CURRENT(db=str(ctx.obj["db_path"])))


@command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adress att lyssna på.")
@click.option("--port", default=5000, show_default=True, help="Port att lyssna på.")
@click.option("--threads", default=8, show_default=True, help="Antal arbetstrådar.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int) -> None:
    """Starta webbappen med en riktig WSGI-server (waitress)."""
    from waitress import serve as waitress_serve

    from survey import logs
    from survey.web import create_app

    config = ctx.obj["settings"]
    logs.configure()
    app = create_app(config)
    startup_report(config)
    say(SERVING(host=host, port=str(port)))
    waitress_serve(app, host=host, port=port, threads=threads, ident="survey", **waitress_options(config))


def _some(names: list[str]) -> str:
    return ", ".join(names[:5]) + (" …" if len(names) > 5 else "")


@command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--verify", is_flag=True, help="Skriv ingenting: kontrollera säkerhetskopian FILE.")
@click.pass_context
def backup_command(ctx: click.Context, file: Path, verify: bool) -> None:
    """Säkerhetskopiera databasen, underlagen och nyckeln till FILE (tar), säkert medan appen körs; --verify kontrollerar."""
    from survey.store import backup as backups
    from survey.store import db as store_db

    if verify:
        return _verify(file)
    config = ctx.obj["settings"]
    made = backups.backup(Path(config["DATABASE"]), file, Path(config["EVIDENCE_DIR"]),
                          None if config["SECRET_KEY"] else Path(config["SECRET_KEY_FILE"]))
    db = store_db.connect(config["DATABASE"])
    record(db, "backup", subject=str(file), detail={"bytes": made["bytes"], "evidence_files": made["evidence_files"],
                                                     "missing": len(made["missing"])})
    db.close()
    sources = made["sources"]
    say(BACKED_UP(file=str(made["path"]), bytes=made["bytes"]))
    say(BACKUP_DATABASE(bytes=made["database_bytes"], source=str(sources["database"])))
    say(BACKUP_EVIDENCE(made["evidence_files"], bytes=made["evidence_bytes"], source=str(sources["evidence"])))
    if made["secret_key"]:
        say(BACKUP_KEY(source=str(sources["secret_key"])))
    if not Path(config["EVIDENCE_DIR"]).is_dir():
        say(NO_EVIDENCE_FOLDER(folder=str(config["EVIDENCE_DIR"])), err=True)
    if made["missing"]:
        say(MISSING_FILES(len(made["missing"]), folder=str(sources["evidence"]), files=_some(made["missing"])),
            err=True)
    if made["changed"]:
        say(CHANGED_FILES(len(made["changed"]), folder=str(sources["evidence"]), files=_some(made["changed"])),
            err=True)


def _verify(file: Path) -> None:
    from survey.store import backup as backups

    found = backups.verify(file)
    say(VERIFIED_HEAD(found["evidence_files"], file=str(file), made=found["made_at"] or UNKNOWN_WHEN(),
                      bytes=found["database_bytes"], key=WITH_KEY() if found["secret_key"] else ""))
    if "responses" in found:
        say(VERIFIED_COUNTS(organisations=found["organisations"], units=found["units"],
                            responses=found["responses"], history=found["response_history"]))
    for problem in found["problems"]:
        say(VERIFY_PROBLEM(problem=problem), err=True)
    if found["problems"]:
        raise backups.BackupError(VERIFY_FAILED(len(found["problems"])))
    say(VERIFIED())


@command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Återställ fast databasen verkar användas: bara när appen säkert är stoppad.")
@click.pass_context
def restore_command(ctx: click.Context, file: Path, force: bool) -> None:
    """Återställ databasen och underlagen från en säkerhetskopia; stoppa appen först. De nuvarande sparas vid sidan av."""
    from survey.store import backup as backups

    config = ctx.obj["settings"]
    done = backups.restore(file, Path(config["DATABASE"]), Path(config["EVIDENCE_DIR"]),
                           None if config["SECRET_KEY"] else Path(config["SECRET_KEY_FILE"]), force=force)
    db = open_db(ctx)
    record(db, "restore", subject=str(file), detail={"kept": done["kept"], "force": force})
    db.close()
    say(RESTORED(db=str(config["DATABASE"]), file=str(file)))
    if done["evidence_files"] is not None:
        say(RESTORED_EVIDENCE(done["evidence_files"], folder=str(config["EVIDENCE_DIR"])))
    if done["kept"]:
        say(KEPT(file=str(done["kept"])))
    if done["evidence_kept"]:
        say(EVIDENCE_KEPT(folder=str(done["evidence_kept"])))
    if done["secret_key"] == "restored":
        say(KEY_RESTORED(file=str(config["SECRET_KEY_FILE"])))


@command("settings")
@click.pass_context
def settings_command(ctx: click.Context) -> None:
    """Visa alla inställningar: värde och varifrån det kommer (miljö, argument eller standard)."""
    from survey import settings as survey_settings

    config = ctx.obj["settings"]
    for setting in survey_settings.SETTINGS:
        click.echo(f"{setting.env:<30} {config.shown(setting.key):<45} ({config.sources[setting.key]})")
    for name in config.unknown:
        say(UNKNOWN_SETTING(name=f"{name:<30}"), err=True)
