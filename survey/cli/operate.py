"""`survey init|backup|restore|serve`: running the application and keeping its database."""
from __future__ import annotations

from pathlib import Path

import click

from survey.cli.common import open_db, record


@click.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Skapa databasen eller uppdatera dess schema."""
    from survey.store import db as store_db
    from survey.store.migrations import migrate

    db = store_db.connect(ctx.obj["db_path"])
    applied = migrate(db)
    click.echo(f"Databas {ctx.obj['db_path']}: " + (f"{len(applied)} migreringar körda." if applied else "aktuell."))


@click.command("backup")
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
    evidence = f", {made['evidence_files']} underlagsfiler" if made["evidence_files"] else ""
    click.echo(f"Säkerhetskopia {made['path']} ({made['bytes']} byte{evidence}).")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def restore_command(ctx: click.Context, file: Path) -> None:
    """Återställ databasen från en säkerhetskopia; stoppa appen först. Den nuvarande sparas vid sidan av."""
    from survey.store import backup as backups

    done = backups.restore(file, ctx.obj["db_path"])
    db = open_db(ctx)
    record(db, "restore", subject=str(file), detail={"kept": done["kept"]})
    db.close()
    click.echo(f"Återställt {ctx.obj['db_path']} från {file}.")
    if done["kept"]:
        click.echo(f"Den tidigare databasen finns kvar som {done['kept']}.")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adress att lyssna på.")
@click.option("--port", default=5000, show_default=True, help="Port att lyssna på.")
@click.option("--threads", default=8, show_default=True, help="Antal arbetstrådar.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int) -> None:
    """Starta webbappen med en riktig WSGI-server (waitress)."""
    from waitress import serve as waitress_serve

    from survey.web import create_app

    app = create_app({"DATABASE": str(ctx.obj["db_path"].resolve())})
    click.echo(f"Policyuppföljning körs på http://{host}:{port}/  (avsluta med Ctrl+C)")
    waitress_serve(app, host=host, port=port, threads=threads, ident="survey")
