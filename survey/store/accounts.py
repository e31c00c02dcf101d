"""Who may do what: sign-in with throttling, invitation links, and access scopes.

Storage-level functions (no Flask). Invitation tokens are shown once and stored
only as a SHA-256 hash, so a copy of the database does not hold usable links.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta, timezone
from functools import cache

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from survey.i18n import LANGUAGES, Text
from survey.store.db import NotFound, StorageError, get, now, one, rows

BAD_LINK = Text("invitation.invalid", "Länken är ogiltig, har gått ut eller har återkallats. Be samordnaren om en ny.")

FAILURE_WINDOW = timedelta(minutes=15)
ACCOUNT_FREE_FAILURES = 3  # typos: no wait at all
ACCOUNT_MAX_WAIT = timedelta(minutes=2)
CLIENT_FREE_FAILURES = 30  # generous: a whole municipality may sign in through one address
INVITATION_DAYS = 30
SESSION_IDLE = timedelta(hours=4)  # answers typed meanwhile are kept through the sign-in page
SESSION_LONGEST = timedelta(hours=12)  # a working day, however active
SESSION_KEPT = timedelta(days=30)  # ended sessions are forgotten after this
SESSION_TOUCH = timedelta(minutes=1)  # last activity is written at most this often, and at most 1/60 of the idle limit


UNKNOWN_LANGUAGE = Text("user.unknown_language", "Okänt språk '%(language)s'; välj ett av %(languages)s.")
TOO_MANY = Text("signin.too_many", "För många misslyckade inloggningar. Vänta %(seconds)s sekunder och försök igen.")


class TooManyAttempts(StorageError):
    """The attempt was not heard; `seconds` says how long to wait."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        super().__init__(TOO_MANY(seconds=seconds))


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def hash_password(password: str) -> str:
    """The stored form of a password: the one hashing method and cost, for every account and the dummy."""
    return generate_password_hash(password)


@cache
def _dummy_hash() -> str:
    """A hash of nothing anyone knows, made like every account's: checked for an unknown address (or an
    account without a password), so that a refusal costs the same hashing work whether the address is known."""
    return hash_password(secrets.token_hex(16))


def _account_wait(failures: int) -> timedelta:
    """Nothing for a few typos, then 1 s, 2 s, 4 s, … up to ACCOUNT_MAX_WAIT: a delay, never a lock."""
    if failures <= ACCOUNT_FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - ACCOUNT_FREE_FAILURES - 1, 20)), ACCOUNT_MAX_WAIT)


def _client_wait(failures: int) -> timedelta:
    """A client past CLIENT_FREE_FAILURES waits longer and longer, up to the whole window."""
    if failures < CLIENT_FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - CLIENT_FREE_FAILURES, 20)), FAILURE_WINDOW)


def _refuse(until: datetime, moment: datetime) -> TooManyAttempts:
    return TooManyAttempts(max(1, int((until - moment).total_seconds() + 0.999)))


def _check_throttle(db: Database, email: str, client: str, waiter: str, moment: datetime, shared: bool) -> None:
    """Raise TooManyAttempts unless this attempt may be heard.

    Per client: a client with many failures (on any addresses) waits, growing with its failures;
    not when its address is `shared` by everyone (a proxy the app was not told about), where it
    would let one person's guesses keep everyone out.
    Per address: after a few failures every client waits a growing delay before its attempt is
    heard. The first refusal gives the `waiter` (the client address and its browser) a ticket for
    the moment it may try; others' failures after that do not move the ticket, so someone
    hammering an address cannot keep its owner out, even from the same address: the owner waits
    at most ACCOUNT_MAX_WAIT, and then the password is checked.
    """
    since = _stamp(moment - FAILURE_WINDOW)
    if not shared:
        count, last = db.execute("select count(*), max(at) from login_failures where client = ? and at > ?",
                                 [client, since]).fetchone()
        if count and datetime.fromisoformat(last) + _client_wait(count) > moment:
            raise _refuse(datetime.fromisoformat(last) + _client_wait(count), moment)
    count, last = db.execute("select count(*), max(at) from login_failures where email = ? and at > ?",
                             [email, since]).fetchone()
    earliest = datetime.fromisoformat(last) + _account_wait(count) if count else moment
    ticket = one(db, "select * from login_waits where email = ? and client = ? and created_at > ?",
                 [email, waiter, since])
    if ticket is not None:
        not_before = datetime.fromisoformat(ticket["not_before"])
        if not_before > moment:
            raise _refuse(not_before, moment)
        db.execute("delete from login_waits where email = ? and client = ?", [email, waiter])
        return
    if earliest > moment:
        db.execute("insert or replace into login_waits (email, client, not_before, created_at) values (?, ?, ?, ?)",
                   [email, waiter, _stamp(earliest), _stamp(moment)])
        db.conn.commit()
        raise _refuse(earliest, moment)


def authenticate(db: Database, email: str, password: str, client: str = "",
                 moment: datetime | None = None, *, browser: str = "", shared: bool = False) -> dict | None:
    """The active user with these credentials, or None; TooManyAttempts when the attempt is not heard.

    `client` is the address the attempt comes from, `shared` when it stands for everyone behind a
    proxy; `browser` tells apart people behind one address (a random value in their session).
    Known and unknown addresses take the same time: a password hash is always checked, against a
    dummy one when there is no account.
    """
    moment = moment or _utcnow()
    email = email.strip().lower()
    waiter = f"{client} {browser}" if browser else client
    _check_throttle(db, email, client, waiter, moment, shared)
    user = user_by_email(db, email)
    known = bool(user and user["password_hash"])
    if check_password_hash(user["password_hash"] if known else _dummy_hash(), password) and known:
        db.execute("delete from login_failures where email = ? and client = ?", [email, client])
        db.execute("delete from login_waits where email = ? and client = ?", [email, waiter])
        db.conn.commit()
        return user
    db.execute("delete from login_failures where at <= ?", [_stamp(moment - FAILURE_WINDOW)])
    db.execute("delete from login_waits where created_at <= ?", [_stamp(moment - FAILURE_WINDOW)])
    db["login_failures"].insert({"email": email, "client": client, "at": _stamp(moment)})
    db.conn.commit()
    return None


def user_by_email(db: Database, email: str) -> dict | None:
    """The active user with this address (any case), for a sign-in someone else vouched for."""
    return one(db, "select * from users where email = ? and active = 1", [email.strip().lower()])


def check_language(language: str) -> str:
    """A language the tool speaks (`survey.i18n.LANGUAGES`), or StorageError."""
    if language not in LANGUAGES:
        raise StorageError(UNKNOWN_LANGUAGE(language=language, languages=", ".join(LANGUAGES)))
    return language


def set_language(db: Database, user_id: int, language: str) -> None:
    """Remember the language a person chose: their next sign-in starts in it, and their e-mail is written in it."""
    db["users"].update(user_id, {"language": check_language(language)})


def organisation_of_address(db: Database, email: str) -> int | None:
    """The organisation of the account with this address, for the audit log of a refused sign-in."""
    row = one(db, "select organisation_id from users where email = ?", [email.strip().lower()])
    return row["organisation_id"] if row else None


def start_session(db: Database, *, user_id: int | None = None, invitation_id: int | None = None) -> str:
    """A server-side session for a sign-in; the token goes into the cookie, only its hash is stored.

    Sessions ended or expired more than SESSION_KEPT ago are forgotten here, so the table stays small.
    """
    token = secrets.token_urlsafe(32)
    moment = _utcnow()
    db.execute("delete from sessions where coalesce(ended_at, created_at) < ?", [_stamp(moment - SESSION_KEPT)])
    db["sessions"].insert({"token_hash": _token_hash(token), "user_id": user_id, "invitation_id": invitation_id,
                           "created_at": _stamp(moment), "last_seen_at": _stamp(moment)})
    db.conn.commit()
    return token


def session_is_live(db: Database, token: str | None, *, user_id: int | None = None,
                    invitation_id: int | None = None, idle: timedelta = SESSION_IDLE,
                    longest: timedelta = SESSION_LONGEST) -> bool:
    """Whether a cookie's session was started for this account, not ended since, and not expired.

    A session expires after `idle` without a request, and `longest` after it began; an expired one is
    ended on the server, so its cookie is refused from then on. The last request is written at most
    once a minute, and for a short idle limit more often (1/60 of it), so an active person is never
    taken for an idle one.
    """
    if not token:
        return False
    row = one(db, "select id, user_id, invitation_id, created_at, coalesce(last_seen_at, created_at) as seen "
                  "from sessions where token_hash = ? and ended_at is null", [_token_hash(token)])
    if row is None or (row["user_id"], row["invitation_id"]) != (user_id, invitation_id):
        return False
    return _still_live(db, row["id"], row["created_at"], row["seen"], idle, longest)


def _still_live(db: Database, session_id: int, created_at: str, seen: str, idle: timedelta, longest: timedelta) -> bool:
    """`session_is_live` of a session found: ended when expired, its last request written when due."""
    moment = _utcnow()
    if seen <= _stamp(moment - idle) or created_at <= _stamp(moment - longest):
        db.execute("update sessions set ended_at = ? where id = ?", [_stamp(moment), session_id])
        db.conn.commit()
        return False
    if seen <= _stamp(moment - min(SESSION_TOUCH, idle / 60)):
        db.execute("update sessions set last_seen_at = ? where id = ?", [_stamp(moment), session_id])
        db.conn.commit()
    return True


def signed_in_user(db: Database, user_id: int, token: str | None, *, idle: timedelta = SESSION_IDLE,
                   longest: timedelta = SESSION_LONGEST) -> dict | None:
    """The active user whose cookie's session is live (`session_is_live`), with the ids of the units they
    manage (`unit_ids`, a set): what each of their requests reads first, in one statement."""
    if not token:
        return None
    row = one(db, """
        select users.*, (select json_group_array(unit_id) from unit_managers where user_id = users.id) as unit_ids,
               sessions.id as session_id, sessions.created_at as session_created_at,
               coalesce(sessions.last_seen_at, sessions.created_at) as session_seen
        from users join sessions on sessions.token_hash = ? and sessions.ended_at is null
                                 and sessions.user_id = users.id and sessions.invitation_id is null
        where users.id = ? and users.active = 1""", [_token_hash(token), user_id])
    if row is None or not _still_live(db, row["session_id"], row["session_created_at"], row["session_seen"], idle,
                                      longest):
        return None
    return row | {"unit_ids": set(json.loads(row["unit_ids"]))}


def end_session(db: Database, token: str | None) -> None:
    """Sign-out: the session is refused from now on, whoever still holds its cookie."""
    if token:
        db.execute("update sessions set ended_at = ? where token_hash = ? and ended_at is null",
                   [now(), _token_hash(token)])
        db.conn.commit()


def managed_unit_ids(db: Database, user_id: int) -> set[int]:
    """The units a user is a manager of."""
    return {row["unit_id"] for row in rows(db, "select unit_id from unit_managers where user_id = ?", [user_id])}


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
