"""`survey token create|list|revoke`: API tokens for the read API (/api/v1/), one organisation each."""
from __future__ import annotations

import click

from survey.cli.register import _db, _organisation, organisation_option, record
from survey.store import tokens

STATUS = {"active": "aktiv", "expired": "utgången", "revoked": "återkallad"}

@click.group("token")
def token_group() -> None:
    """API-nycklar till läs-API:t (/api/v1/): skapa, lista, återkalla."""


@token_group.command("create")
@organisation_option
@click.option("--name", required=True, help="Vad nyckeln används till, t.ex. 'Power BI uppföljning'.")
@click.option("--days", default=90, show_default=True, type=click.IntRange(1, tokens.MAX_DAYS),
              help="Hur många dagar nyckeln gäller.")
@click.pass_context
def token_create(ctx: click.Context, organisation: str | None, name: str, days: int) -> None:
    """Skapa en nyckel som läser organisationens data. Nyckeln visas bara nu."""
    db = _db(ctx)
    made = tokens.create(db, _organisation(db, organisation), name, days=days)
    record(db, "token_create", organisation_id=made["organisation_id"], subject=made["name"],
           detail={"token_id": made["id"], "expires_at": made["expires_at"]})
    click.echo(f"API-nyckel {made['id']} för {made['organisation']}, {made['name']}, gäller till "
               f"{made['expires_at'][:10]}. Spara den nu; den visas inte igen:")
    click.echo(made["secret"])


@token_group.command("list")
@organisation_option
@click.pass_context
def token_list(ctx: click.Context, organisation: str | None) -> None:
    """Lista nycklarna, nyaste först (alla organisationers om ingen anges)."""
    db = _db(ctx)
    scope = _organisation(db, organisation) if organisation else None
    for row in tokens.tokens(db, scope):
        used = row["last_used_at"][:16].replace("T", " ") if row["last_used_at"] else "aldrig"
        click.echo(f"{row['id']:>4}  {row['hint']}…  {row['name']:<30} {row['organisation']:<24} "
                   f"{STATUS[row['status']]:<11} till {row['expires_at'][:10]}  senast använd {used}")


@token_group.command("revoke")
@click.argument("token_id", type=int)
@organisation_option
@click.pass_context
def token_revoke(ctx: click.Context, token_id: int, organisation: str | None) -> None:
    """Återkalla nyckeln TOKEN_ID (se 'survey token list'); den slutar gälla direkt."""
    db = _db(ctx)
    scope = _organisation(db, organisation) if organisation else None
    revoked = tokens.revoke(db, token_id, scope)
    record(db, "token_revoke", organisation_id=revoked["organisation_id"], subject=revoked["name"],
           detail={"token_id": revoked["id"]})
    click.echo(f"API-nyckel {revoked['id']} ({revoked['name']}, {revoked['organisation']}) är återkallad.")
