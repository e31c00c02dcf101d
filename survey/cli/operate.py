"""`survey serve`, `survey backup`, `survey restore`, `survey settings`: running the app for real.

Every command reads the same settings (`survey.settings`, read once by the `survey` group), so the
app, the backup and the restore agree on where the database, the evidence and the secret key are.
"""
from __future__ import annotations

import logging
from pathlib import Path

import click

from survey import logs
from survey import settings as survey_settings
from survey.cli.register import record
from survey.store import backup as backups
from survey.store import db as database

log = logging.getLogger("survey")
PROXY_HEADERS = "x-forwarded-for x-forwarded-proto x-forwarded-host x-forwarded-port"


def waitress_options(config: dict) -> dict:
    """How waitress treats forwarding headers. Behind a proxy: from TRUSTED_PROXY only, the last
    PROXY_HOPS entries (client address, HTTPS, host and port); from anyone else they are removed.
    Without: passed on untrusted, so the app can say in the log that a proxy seems to be there."""
    if not config["PROXY_HOPS"]:
        return {"clear_untrusted_proxy_headers": False}
    return {"trusted_proxy": config["TRUSTED_PROXY"], "trusted_proxy_count": config["PROXY_HOPS"],
            "trusted_proxy_headers": PROXY_HEADERS, "clear_untrusted_proxy_headers": True}


def startup_report(config: survey_settings.Settings) -> None:
    """What an operator needs to know at start: where the kept files are, whom the app trusts."""
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


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adress att lyssna på.")
@click.option("--port", default=5000, show_default=True, help="Port att lyssna på.")
@click.option("--threads", default=8, show_default=True, help="Antal arbetstrådar.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int) -> None:
    """Starta webbappen med en riktig WSGI-server (waitress)."""
    from waitress import serve as waitress_serve

    from survey.web import create_app

    config = ctx.obj["settings"]
    logs.configure()
    app = create_app(config)
    startup_report(config)
    click.echo(f"Policyuppföljning körs på http://{host}:{port}/  (avsluta med Ctrl+C)")
    waitress_serve(app, host=host, port=port, threads=threads, ident="survey", **waitress_options(config))


def _size(count: int) -> str:
    return f"{count:,} byte".replace(",", " ")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--verify", is_flag=True, help="Skriv ingenting: kontrollera säkerhetskopian FILE.")
@click.pass_context
def backup_command(ctx: click.Context, file: Path, verify: bool) -> None:
    """Säkerhetskopiera databasen, underlagen och nyckeln till FILE (en tar-fil), säkert medan appen körs;
    eller kontrollera en säkerhetskopia med --verify."""
    if verify:
        return _verify(file)
    config = ctx.obj["settings"]
    made = backups.backup(Path(config["DATABASE"]), file, Path(config["EVIDENCE_DIR"]),
                          None if config["SECRET_KEY"] else Path(config["SECRET_KEY_FILE"]))
    db = database.connect(config["DATABASE"])
    record(db, "backup", subject=str(file), detail={"bytes": made["bytes"], "evidence_files": made["evidence_files"],
                                                     "missing": len(made["missing"])})
    db.close()
    click.echo(f"Säkerhetskopia {made['path']} ({_size(made['bytes'])}):")
    click.echo(f"  survey.db       {_size(made['database_bytes'])}, från {made['sources']['database']}")
    click.echo(f"  evidence/       {made['evidence_files']} filer, {_size(made['evidence_bytes'])}, "
               f"från {made['sources']['evidence']}")
    if made["secret_key"]:
        click.echo(f"  secret_key      från {made['sources']['secret_key']}")
    if not Path(config["EVIDENCE_DIR"]).is_dir():
        click.echo(f"Obs: underlagsmappen {config['EVIDENCE_DIR']} finns inte; databasen hänvisar inte till några "
                   "underlag, så inget saknas.", err=True)
    if made["missing"]:
        click.echo(f"Varning: {len(made['missing'])} underlagsfiler som databasen hänvisar till saknas i "
                   f"{made['sources']['evidence']}: {', '.join(made['missing'][:5])}"
                   + (" …" if len(made["missing"]) > 5 else ""), err=True)
    if made["changed"]:
        click.echo(f"Varning: {len(made['changed'])} underlagsfiler i {made['sources']['evidence']} har ändrats sedan "
                   f"de laddades upp (innehållet stämmer inte med namnet): {', '.join(made['changed'][:5])}", err=True)


def _verify(file: Path) -> None:
    found = backups.verify(file)
    made = found["made_at"] or "okänt när (äldre format)"
    key = ", nyckel" if found["secret_key"] else ""
    click.echo(f"{file}: skapad {made}; databas {_size(found['database_bytes'])}, "
               f"{found['evidence_files']} underlagsfiler{key}.")
    if "responses" in found:
        click.echo(f"  {found['organisations']} organisationer, {found['units']} enheter, {found['responses']} svar "
                   f"({found['response_history']} sparade versioner).")
    for problem in found["problems"]:
        click.echo(f"  FEL: {problem}", err=True)
    if found["problems"]:
        raise backups.BackupError(f"säkerhetskopian har {len(found['problems'])} fel och går inte att återställa.")
    click.echo("Säkerhetskopian är hel och kan återställas.")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Återställ fast databasen verkar användas: bara när appen säkert är stoppad.")
@click.pass_context
def restore_command(ctx: click.Context, file: Path, force: bool) -> None:
    """Återställ databasen och underlagen från en säkerhetskopia; stoppa appen först.

    De nuvarande sparas vid sidan av."""
    config = ctx.obj["settings"]
    done = backups.restore(file, Path(config["DATABASE"]), Path(config["EVIDENCE_DIR"]),
                           None if config["SECRET_KEY"] else Path(config["SECRET_KEY_FILE"]), force=force)
    db = database.connect(config["DATABASE"])
    record(db, "restore", subject=str(file), detail={"kept": done["kept"], "force": force})
    db.close()
    click.echo(f"Återställt {config['DATABASE']} från {file}.")
    if done["evidence_files"] is not None:
        click.echo(f"Underlagen ({done['evidence_files']} filer) finns i {config['EVIDENCE_DIR']}.")
    if done["kept"]:
        click.echo(f"Den tidigare databasen finns kvar som {done['kept']}.")
    if done["evidence_kept"]:
        click.echo(f"De tidigare underlagen finns kvar som {done['evidence_kept']}.")
    if done["secret_key"] == "restored":
        click.echo(f"Nyckeln är återställd till {config['SECRET_KEY_FILE']}.")


@click.command("settings")
@click.pass_context
def settings_command(ctx: click.Context) -> None:
    """Visa alla inställningar: värde och varifrån det kommer (miljö, argument eller standard)."""
    config = ctx.obj["settings"]
    for setting in survey_settings.SETTINGS:
        click.echo(f"{setting.env:<30} {config.shown(setting.key):<45} ({config.sources[setting.key]})")
    for name in config.unknown:
        click.echo(f"{name:<30} okänd inställning, används inte", err=True)
