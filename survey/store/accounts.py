"""Who may do what: sign-in with throttling, invitation links, and access scopes.

Storage-level functions (no Flask). Invitation tokens are shown once and stored
only as a SHA-256 hash, so a copy of the database does not hold usable links.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlite_utils import Database
from werkzeug.security import check_password_hash

from survey.i18n import Text
from survey.store.db import NotFound, StorageError, get, now, one

BAD_LINK = Text("invitation.invalid", "Länken är ogiltig, har gått ut eller har återkallats. Be samordnaren om en ny.")

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
INVITATION_DAYS = 30


class TooManyAttempts(StorageError):
    pass


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _wait(failures: int) -> timedelta:
    """How long after the last failure the next attempt is heard: nothing for a typo or two,
    then 2 s, 4 s, …, and the whole window once MAX_FAILURES is reached."""
    if failures >= MAX_FAILURES:
        return FAILURE_WINDOW
    return timedelta(seconds=2 ** (failures - 2)) if failures >= 3 else timedelta(0)


def authenticate(db: Database, email: str, password: str) -> dict | None:
    """The active user with these credentials, or None.

    Failed attempts slow the address down (without holding a server thread): from the
    third failure an attempt must wait a little longer each time, and after MAX_FAILURES
    within FAILURE_WINDOW the address is locked for the window.
    """
    email = email.strip().lower()
    since = _stamp(_utcnow() - FAILURE_WINDOW)
    failures, last = db.execute("select count(*), max(at) from login_failures where email = ? and at > ?",
                                [email, since]).fetchone()
    if failures and datetime.fromisoformat(last) + _wait(failures) > _utcnow():
        if failures >= MAX_FAILURES:
            minutes = int(FAILURE_WINDOW.total_seconds() // 60)
            raise TooManyAttempts(f"För många misslyckade inloggningar. Försök igen om {minutes} minuter.")
        raise TooManyAttempts(f"Flera misslyckade inloggningar: vänta {_wait(failures).seconds} sekunder "
                              "och försök igen.")
    user = one(db, "select * from users where email = ? and active = 1", [email])
    if user and user["password_hash"] and check_password_hash(user["password_hash"], password):
        db.execute("delete from login_failures where email = ?", [email])
        db.conn.commit()
        return user
    db["login_failures"].insert({"email": email, "at": now()})
    return None


def managed_unit_ids(db: Database, user_id: int) -> set[int]:
    """The units a user is a manager of."""
    return {row["unit_id"] for row in db.query("select unit_id from unit_managers where user_id = ?", [user_id])}


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(db: Database, round_id: int, unit_id: int, *, created_by: int | None,
                      days: int = INVITATION_DAYS) -> str:
    """A new invitation link token for one unit in one round; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    db["invitations"].insert({
        "round_id": round_id, "unit_id": unit_id, "token_hash": _token_hash(token), "created_by": created_by,
        "created_at": now(), "expires_at": _stamp(_utcnow() + timedelta(days=days))})
    return token


def invitation_by_token(db: Database, token: str) -> dict:
    """The valid invitation of a token; an unknown, expired or revoked one is refused alike."""
    row = one(db, "select * from invitations where token_hash = ?", [_token_hash(token)])
    if row is None or row["revoked_at"] or row["expires_at"] <= now():
        raise NotFound(BAD_LINK())
    db["invitations"].update(row["id"], {"last_used_at": now()})
    return row


def valid_invitation(db: Database, invitation_id: int) -> dict | None:
    """An invitation that is neither revoked nor expired, with its unit's name and organisation."""
    return one(db, """
        select invitations.*, units.name as unit, units.organisation_id from invitations
        join units on units.id = invitations.unit_id
        where invitations.id = ? and revoked_at is null and expires_at > ?""", [invitation_id, now()])


def invitation(db: Database, invitation_id: int) -> dict:
    return get(db, "invitations", invitation_id)


def revoke_invitation(db: Database, invitation_id: int) -> None:
    db["invitations"].update(invitation_id, {"revoked_at": now()})


def invitations_of_round(db: Database, round_id: int) -> list[dict]:
    return list(db.query("""
        select invitations.*, units.name as unit from invitations join units on units.id = invitations.unit_id
        where round_id = ? order by invitations.id desc""", [round_id]))
