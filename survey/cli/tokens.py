"""`survey token create|list|revoke`: API tokens for the read API (/api/v1/), one organisation each."""
from __future__ import annotations

import click

from survey.cli.common import group, open_db, organisation_of, organisation_option, record, say
from survey.i18n import Text

STATUS = {"active": Text("cli.token.active", "aktiv"), "expired": Text("cli.token.expired", "utgången"),
          "revoked": Text("cli.token.revoked", "återkallad")}
CREATED = Text("cli.token.created", "API-nyckel %(id)s för %(organisation)s, %(name)s, gäller till %(until)s. "
                                    "Spara den nu; den visas inte igen:")
LISTED = Text("cli.token.listed", "%(id)s  %(hint)s…  %(name)s  %(organisation)s  %(status)s till %(until)s  "
                                  "senast använd %(used)s")
NEVER = Text("cli.token.never", "aldrig")
REVOKED = Text("cli.token.revoked_one", "API-nyckel %(id)s (%(name)s, %(organisation)s) är återkallad.")


@group("token")
def token_group() -> None:
    """API-nycklar till läs-API:t (/api/v1/): skapa, lista, återkalla."""


@token_group.command("create")
@organisation_option
@click.option("--name", required=True, help="Vad nyckeln används till, t.ex. 'Power BI uppföljning'.")
@click.option("--days", default=90, show_default=True, type=click.IntRange(1, 366),
              help="Hur många dagar nyckeln gäller.")
@click.pass_context
def token_create(ctx: click.Context, organisation: str | None, name: str, days: int) -> None:
    """Skapa en nyckel som läser organisationens data. Nyckeln visas bara nu."""
    from survey.store import tokens

    db = open_db(ctx)
    made = tokens.create(db, organisation_of(db, organisation), name, days=days)
    record(db, "token_create", organisation_id=made["organisation_id"], subject=made["name"],
           detail={"token_id": made["id"], "expires_at": made["expires_at"]})
    say(CREATED(id=made["id"], organisation=made["organisation"], name=made["name"], until=made["expires_at"][:10]))
    click.echo(made["secret"])


@token_group.command("list")
@organisation_option
@click.pass_context
def token_list(ctx: click.Context, organisation: str | None) -> None:
    """Lista nycklarna, nyaste först (alla organisationers om ingen anges)."""
    from survey.store import tokens

    db = open_db(ctx)
    scope = organisation_of(db, organisation) if organisation else None
    for row in tokens.tokens(db, scope):
        used = row["last_used_at"][:16].replace("T", " ") if row["last_used_at"] else NEVER()
        say(LISTED(id=row["id"], hint=row["hint"], name=row["name"], organisation=row["organisation"],
                   status=STATUS[row["status"]](), until=row["expires_at"][:10], used=used))


@token_group.command("revoke")
@click.argument("token_id", type=int)
@organisation_option
@click.pass_context
def token_revoke(ctx: click.Context, token_id: int, organisation: str | None) -> None:
    """Återkalla nyckeln TOKEN_ID (se 'survey token list'); den slutar gälla direkt."""
    from survey.store import tokens

    db = open_db(ctx)
    scope = organisation_of(db, organisation) if organisation else None
    revoked = tokens.revoke(db, token_id, scope)
    record(db, "token_revoke", organisation_id=revoked["organisation_id"], subject=revoked["name"],
           detail={"token_id": revoked["id"]})
    say(REVOKED(id=revoked["id"], name=revoked["name"], organisation=revoked["organisation"]))
