"""The messages table: every email the tool writes, queued until sent (with no SMTP server, the outbox)."""
from __future__ import annotations

from sqlite_utils import Database

from survey.store.db import now, one


def queue(db: Database, *, organisation_id: int, kind: str, to_name: str, to_address: str, subject: str,
          body: str, round_id: int | None = None, unit_id: int | None = None, created_by: int | None = None) -> int:
    return db["messages"].insert({
        "organisation_id": organisation_id, "round_id": round_id, "unit_id": unit_id, "kind": kind,
        "to_name": to_name, "to_address": to_address, "subject": subject, "body": body, "created_at": now(),
        "created_by": created_by}).last_pk


def pending(db: Database, organisation_id: int | None = None) -> list[dict]:
    """Messages not yet sent, oldest first (of one organisation, or all)."""
    return list(db.query(
        "select * from messages where sent_at is null and (:org is null or organisation_id = :org) order by id",
        {"org": organisation_id}))


def mark_sent(db: Database, message: dict) -> None:
    db["messages"].update(message["id"], {"sent_at": now(), "attempts": message["attempts"] + 1, "last_error": None})


def mark_failed(db: Database, message: dict, error: str) -> None:
    db["messages"].update(message["id"], {"attempts": message["attempts"] + 1, "last_error": error[:500]})


def last_sent(db: Database, round_id: int, unit_id: int, kind: str) -> str | None:
    """When a unit last got this kind of message in a round."""
    row = one(db, "select max(created_at) as at from messages where round_id = ? and unit_id = ? and kind = ?",
              [round_id, unit_id, kind])
    return row["at"] if row else None


def messages(db: Database, organisation_id: int, *, limit: int = 200) -> list[dict]:
    """The organisation's messages, newest first: the log and the outbox."""
    return list(db.query("""
        select messages.*, units.name as unit, rounds.title as round_title from messages
        left join units on units.id = messages.unit_id left join rounds on rounds.id = messages.round_id
        where messages.organisation_id = ? order by messages.id desc limit ?""", [organisation_id, limit]))
