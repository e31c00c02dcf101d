"""The database: one SQLite file through sqlite-utils, changed only by migrations
(`survey.store.migrations`), and the small helpers every store module shares."""
from __future__ import annotations

import fcntl
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Iterator

from sqlite_utils import Database

from survey.i18n import Msg, Text

NOT_FOUND = Text("not_found", "%(what)s finns inte (nummer %(id)s).")


def now() -> str:
    """The current time as stored: UTC, ISO 8601, seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def connect(path: str | Path) -> Database:
    """Open the database with the settings every connection needs."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    db = Database(conn, execute_plugins=False)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    return db


_DEPTH: dict[int, int] = {}  # connection → write transactions open on it (a connection serves one thread)
_WRITERS = threading.RLock()  # this process's write transactions, one at a time, in turn


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock at once; inside another one, a savepoint of it.

    A deferred transaction that reads first and writes later is refused outright
    ("database is locked") when another writer got in between; taking the lock first
    makes concurrent writers wait their turn (busy_timeout) instead. Nested, the inner one's
    failure undoes only its own changes, and nothing is kept unless the outermost commits: work
    over several responses is all or none.

    The threads of one process (the web server's) queue for the lock on `_WRITERS` first: each waits
    until the one before it is done, instead of SQLite's busy wait, which sleeps longer and longer
    between tries (1, 2, 5, … 100 ms) and lets a writer that came later in first.
    """
    key = id(db.conn)
    depth = _DEPTH.get(key, 0)
    begin, undo, done = (("BEGIN IMMEDIATE", "ROLLBACK", "COMMIT") if depth == 0 else
                         (f"SAVEPOINT w{depth}", f"ROLLBACK TO w{depth}; RELEASE w{depth}", f"RELEASE w{depth}"))
    with _WRITERS:
        db.execute(begin)
        _DEPTH[key] = depth + 1
        try:
            yield db
        except BaseException:
            for statement in undo.split("; "):
                db.execute(statement)
            raise
        else:
            db.execute(done)
        finally:
            if depth:
                _DEPTH[key] = depth
            else:
                _DEPTH.pop(key, None)



def lock_path(path: str | Path) -> Path:
    """The lock file beside the database, held by every running app (see `hold`)."""
    return Path(f"{path}.lock")


def hold(path: str | Path) -> IO[bytes]:
    """Say the database is in use for as long as the returned file stays open: a shared lock that a
    restore cannot take. Waits while a restore is under way. The system drops it when the process ends,
    however it ends."""
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock, "ab")
    fcntl.flock(handle, fcntl.LOCK_SH)
    return handle


@contextmanager
def exclusive(path: str | Path) -> Iterator[bool]:
    """Whether no running app holds the database; if none, it is held for the block, so none starts meanwhile."""
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
        else:
            yield True


class StorageError(Exception):
    """A request the stored data does not allow; `msg` says why, as data, for the edge to put into words."""

    def __init__(self, msg: Msg):
        self.msg = msg
        super().__init__(str(msg))


class NotFound(StorageError):
    pass


def one(db: Database, sql: str, params: Any = ()) -> dict | None:
    """The first row of a query as a dict, or None.

    Straight to SQLite: sqlite-utils' `query` wraps every statement in a savepoint of its own.
    """
    cursor = db.conn.execute(sql, params)
    row = cursor.fetchone()
    return None if row is None else dict(zip([column[0] for column in cursor.description], row))


def rows(db: Database, sql: str, params: Any = ()) -> list[dict]:
    """Every row of a query as dicts, straight to SQLite as `one` goes (no savepoint around it)."""
    cursor = db.conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


THINGS = {"units": Text("thing.unit", "Enheten"), "policies": Text("thing.policy", "Policyn"),
          "rounds": Text("thing.round", "Omgången"), "responses": Text("thing.response", "Svaret"),
          "invitations": Text("thing.invitation", "Inbjudan"), "organisations": Text("thing.organisation", "Organisationen")}


def get(db: Database, table: str, row_id: int) -> dict:
    """A row by its id (of one of the tables THINGS names); NotFound names what is missing."""
    found = one(db, f'select * from "{table}" where id = ?', [row_id])
    if found is None:
        raise NotFound(NOT_FOUND(what=THINGS[table](), id=row_id))
    return found
