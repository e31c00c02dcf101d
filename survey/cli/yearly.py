"""`survey followup open|list|close|add-unit|add-policy`: yearly follow-ups (several policies in one form per unit).

Errors are raised as StorageError; the `survey` group turns them into one line.
"""
from __future__ import annotations

import click

from survey.cli.common import group, open_db, organisation_of, organisation_option, say, words
from survey.i18n import Plural, Text

OPEN = Text("cli.followup_open", "öppen")
CLOSED = Text("cli.followup_closed", "stängd")
LISTED = Text("cli.followup_listed", "%(id)s  %(title)s  %(state)s  policyer %(policies)s  enheter %(units)s  "
              "helt inlämnade %(submitted)s  sista dag %(deadline)s")
OPENED = Plural("cli.followup_opened", "Uppföljningen %(id)s (%(title)s) är öppnad för %(policies)s policyer och %(n)s enhet.",
                "Uppföljningen %(id)s (%(title)s) är öppnad för %(policies)s policyer och %(n)s enheter.")
CLOSED_NOW = Text("cli.followup_closed_now", "Uppföljningen %(id)s är stängd.")
UNIT_ADDED = Plural("cli.followup_unit_added", "%(unit)s är med i uppföljningen för %(n)s policy.",
                    "%(unit)s är med i uppföljningen för %(n)s policyer.")
POLICY_ADDED = Plural("cli.followup_policy_added", "%(policy)s är med i uppföljningen för %(n)s enhet.",
                      "%(policy)s är med i uppföljningen för %(n)s enheter.")
id_option = click.option("--id", "followup_id", required=True, type=int, help="Uppföljningens nummer (se list).")


@group("followup")
def followup_group() -> None:
    """Årliga uppföljningar av flera policyer: lista, öppna, stäng, lägg till en enhet eller en policy."""


@followup_group.command("list")
@organisation_option
@click.pass_context
def followup_list(ctx: click.Context, organisation: str | None) -> None:
    """Lista uppföljningarna med status och hur många enheter som lämnat in allt."""
    from survey.store import yearly

    db = open_db(ctx)
    for row in yearly.followups(db, organisation_of(db, organisation) if organisation else None):
        say(LISTED(id=row["id"], title=row["title"], state=words(OPEN() if row["status"] == "open" else CLOSED()),
                   policies=row["policies"], units=row["units"], submitted=row["submitted"],
                   deadline=row["deadline"] or "–"))


@followup_group.command("open")
@organisation_option
@click.option("--year", required=True, type=int, help="Uppföljningens år.")
@click.option("--policy", "policies", multiple=True,
              help="Policy som följs upp (kan upprepas; standard: de publicerade som anger hur de följs upp).")
@click.option("--unit", "units", multiple=True,
              help="Enhet som ska svara (kan upprepas; standard: varje aktiv enhet som någon vald policy berör).")
@click.option("--deadline", help="Sista dag att lämna in (ÅÅÅÅ-MM-DD).")
@click.option("--title", help="Rubrik (standard: Uppföljning ÅR).")
@click.option("--per-policy", is_flag=True, help="Enheterna får lämna in policy för policy.")
@click.pass_context
def followup_open(ctx: click.Context, organisation: str | None, year: int, policies: tuple[str, ...],
                  units: tuple[str, ...], deadline: str | None, title: str | None, per_policy: bool) -> None:
    """Öppna årets uppföljning: en omgång per policy, en sista dag, ett formulär per enhet."""
    from survey.store import content as store_content
    from survey.store import register, yearly

    db = open_db(ctx)
    org = organisation_of(db, organisation)
    offered = yearly.offered_policies(db, org)
    policy_ids = [store_content.policy_by_name(db, name)["id"] for name in policies] or (
        [p["id"] for p in offered if p["followed_up"]] or [p["id"] for p in offered])
    unit_ids = [register.unit_by_name(db, org, name)["id"] for name in units] or None
    followup_id = yearly.open_followup(db, org, year, policy_ids, unit_ids=unit_ids, deadline=deadline, title=title,
                                       per_policy_submit=per_policy)
    found = [row for row in yearly.followups(db, org) if row["id"] == followup_id][0]
    say(OPENED(found["units"], id=followup_id, title=found["title"], policies=found["policies"]))


@followup_group.command("close")
@id_option
@click.pass_context
def followup_close(ctx: click.Context, followup_id: int) -> None:
    """Stäng uppföljningen och alla dess omgångar."""
    from survey.store import yearly

    yearly.set_status(open_db(ctx), followup_id, "closed")
    say(CLOSED_NOW(id=followup_id))


@followup_group.command("add-unit")
@id_option
@click.option("--unit", "unit_name", required=True, help="Enhetens namn, som det är registrerat.")
@click.pass_context
def followup_add_unit(ctx: click.Context, followup_id: int, unit_name: str) -> None:
    """Låt en enhet som tillkommit under året vara med i de policyer som berör den."""
    from survey.store import register, yearly

    db = open_db(ctx)
    unit = register.unit_by_name(db, yearly.followup(db, followup_id)["organisation_id"], unit_name)
    joined = yearly.add_unit(db, followup_id, unit["id"])
    say(UNIT_ADDED(len(joined), unit=unit["name"]))


@followup_group.command("add-policy")
@id_option
@click.option("--policy", "policy_name", required=True, help="Policyns id, till exempel falkoping-mangfaldspolicy.")
@click.pass_context
def followup_add_policy(ctx: click.Context, followup_id: int, policy_name: str) -> None:
    """Ta med en policy som publicerats under året; uppföljningens enheter som den berör svarar på den."""
    from survey.store import content as store_content
    from survey.store import yearly

    db = open_db(ctx)
    policy = store_content.policy_by_name(db, policy_name)
    _round_id, units = yearly.add_policy(db, followup_id, policy["id"])
    say(POLICY_ADDED(len(units), policy=policy["title"]))
