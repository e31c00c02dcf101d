"""API tokens (API-nycklar): read-only keys to one organisation's data, for dashboards.

A token is shown once, when it is made; only its SHA-256 hash is stored, so a copy of
the database holds no usable key. Every token has a name, an expiry and the last time it
was used; revoking one takes effect at the next request.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlite_utils import Database

from survey.i18n import Text
from survey.store.db import NotFound, StorageError, now, one

PREFIX = "pu_"  # recognisable in a configuration file or a secret scanner
HINT = 10  # the first characters of a token, stored to tell tokens apart
MAX_NAME = 100
DAYS = (30, 90, 180, 365)
MAX_DAYS = 366
TOUCH = timedelta(minutes=1)  # the last use is written at most this often

NAME_MISSING = Text("token.name_missing", "Ge nyckeln ett namn, till exempel Power BI uppföljning.")
NAME_TOO_LONG = Text("token.name_too_long", "Namnet får vara högst %(max)s tecken.")
BAD_DAYS = Text("token.bad_days", "En nyckel gäller från 1 till %(max)s dagar.")
TOKEN_GONE = Text("token.not_found", "API-nyckeln finns inte.")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def check_name(name: str) -> str:
    """A token's name as stored: trimmed, present and not too long."""
    name = " ".join(name.split())
    if not name:
        raise StorageError(NAME_MISSING())
    if len(name) > MAX_NAME:
        raise StorageError(NAME_TOO_LONG(max=MAX_NAME))
    return name


def create(db: Database, organisation_id: int, name: str, *, days: int = 90, created_by: int | None = None) -> dict:
    """A new token for the organisation: its row, and under `secret` the token itself (shown once, never stored)."""
    name = check_name(name)
    if not 1 <= days <= MAX_DAYS:
        raise StorageError(BAD_DAYS(max=MAX_DAYS))
    secret = PREFIX + secrets.token_urlsafe(32)
    moment = _utcnow()
    token_id = db["api_tokens"].insert({
        "organisation_id": organisation_id, "name": name, "token_hash": _hash(secret), "hint": secret[:HINT],
        "created_by": created_by, "created_at": moment.isoformat(timespec="seconds"),
        "expires_at": (moment + timedelta(days=days)).isoformat(timespec="seconds")}).last_pk
    return token_of(db, token_id) | {"secret": secret}


def _status(row: dict, moment: str) -> dict:
    status = "revoked" if row["revoked_at"] else "expired" if row["expires_at"] <= moment else "active"
    return row | {"status": status}


def tokens(db: Database, organisation_id: int | None = None) -> list[dict]:
    """One organisation's tokens (every organisation's when None), newest first, with their status."""
    moment = now()
    return [_status(row, moment) for row in db.query("""
        select api_tokens.*, organisations.name as organisation, users.name as created_by_name
        from api_tokens join organisations on organisations.id = api_tokens.organisation_id
        left join users on users.id = api_tokens.created_by
        where :org is null or api_tokens.organisation_id = :org
        order by api_tokens.id desc""", {"org": organisation_id})]


def token_of(db: Database, token_id: int, organisation_id: int | None = None) -> dict:
    """A token by its id, within the organisation when one is given; NotFound otherwise."""
    row = one(db, """
        select api_tokens.*, organisations.name as organisation from api_tokens
        join organisations on organisations.id = api_tokens.organisation_id
        where api_tokens.id = :id and (:org is null or api_tokens.organisation_id = :org)""",
              {"id": token_id, "org": organisation_id})
    if row is None:
        raise NotFound(TOKEN_GONE())
    return _status(row, now())


def revoke(db: Database, token_id: int, organisation_id: int | None = None, *, revoked_by: int | None = None) -> dict:
    """Revoke a token (within the organisation when given); refused from the next request on. Returns the token."""
    token_of(db, token_id, organisation_id)
    db.execute("update api_tokens set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null",
               [now(), revoked_by, token_id])
    db.conn.commit()
    return token_of(db, token_id)


def authenticate(db: Database, secret: str) -> dict | None:
    """The live token (neither revoked nor expired) with this secret, or None."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    return one(db, """
        select api_tokens.*, organisations.name as organisation from api_tokens
        join organisations on organisations.id = api_tokens.organisation_id
        where token_hash = ? and revoked_at is null and expires_at > ?""", [_hash(secret), now()])


def mark_used(db: Database, token: dict) -> bool:
    """Note that the token is being used; True when this is its first use this day (UTC), for the audit log.

    The last use is written at most once a minute, so a dashboard's many requests cost one write."""
    moment = _utcnow()
    last = datetime.fromisoformat(token["last_used_at"]) if token["last_used_at"] else None
    if last is not None and moment - last < TOUCH:
        return False
    db.execute("update api_tokens set last_used_at = ? where id = ?",
               [moment.isoformat(timespec="seconds"), token["id"]])
    db.conn.commit()
    return last is None or last.date() != moment.date()
