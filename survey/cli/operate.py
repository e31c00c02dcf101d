"""`survey init|backup|restore|serve`: running the application and keeping its database."""
from __future__ import annotations

from pathlib import Path

import click

from survey.cli.common import command, open_db, record, say
from survey.i18n import Plural, Text

MIGRATED = Plural("cli.migrated", "Databas %(db)s: %(n)s migrering körd.", "Databas %(db)s: %(n)s migreringar körda.")
CURRENT = Text("cli.db_current", "Databas %(db)s: aktuell.")
BACKED_UP = Text("cli.backed_up", "Säkerhetskopia %(file)s (%(bytes)s byte).")
BACKED_UP_FILES = Plural("cli.backed_up_files", "Säkerhetskopia %(file)s (%(bytes)s byte, %(n)s underlagsfil).",
                         "Säkerhetskopia %(file)s (%(bytes)s byte, %(n)s underlagsfiler).")
RESTORED = Text("cli.restored", "Återställt %(db)s från %(file)s.")
KEPT = Text("cli.restore_kept", "Den tidigare databasen finns kvar som %(file)s.")
SERVING = Text("cli.serving", "Policyuppföljning körs på http://%(host)s:%(port)s/  (avsluta med Ctrl+C)")


@command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Skapa databasen eller uppdatera dess schema."""
    from survey.store import db as store_db
    from survey.store.migrations import migrate

    db = store_db.connect(ctx.obj["db_path"])
    applied = migrate(db)
    say(MIGRATED(len(applied), db=str(ctx.obj["db_path"])) if applied else CURRENT(db=str(ctx.obj["db_path"])))


@command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def backup_command(ctx: click.Context, file: Path) -> None:
    """Säkerhetskopiera databasen (och underlagsfilerna) till FILE, en tar-fil; säkert medan appen körs."""
    from survey.store import backup as backups
    from survey.store import db as store_db

    made = backups.backup(ctx.obj["db_path"], file)
    db = store_db.connect(ctx.obj["db_path"])
    record(db, "backup", subject=str(file), detail={"bytes": made["bytes"]})
    db.close()
    say(BACKED_UP_FILES(made["evidence_files"], file=str(made["path"]), bytes=made["bytes"]) if made["evidence_files"]
        else BACKED_UP(file=str(made["path"]), bytes=made["bytes"]))


@command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def restore_command(ctx: click.Context, file: Path) -> None:
    """Återställ databasen från en säkerhetskopia; stoppa appen först. Den nuvarande sparas vid sidan av."""
    from survey.store import backup as backups

    done = backups.restore(file, ctx.obj["db_path"])
    db = open_db(ctx)
    record(db, "restore", subject=str(file), detail={"kept": done["kept"]})
    db.close()
    say(RESTORED(db=str(ctx.obj["db_path"]), file=str(file)))
    if done["kept"]:
        say(KEPT(file=str(done["kept"])))


@command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adress att lyssna på.")
@click.option("--port", default=5000, show_default=True, help="Port att lyssna på.")
@click.option("--threads", default=8, show_default=True, help="Antal arbetstrådar.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int) -> None:
    """Starta webbappen med en riktig WSGI-server (waitress)."""
    from waitress import serve as waitress_serve

    from survey.web import create_app

    app = create_app({"DATABASE": str(ctx.obj["db_path"].resolve())})
    say(SERVING(host=host, port=str(port)))
    waitress_serve(app, host=host, port=port, threads=threads, ident="survey")
