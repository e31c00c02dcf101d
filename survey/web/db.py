"""The web app's database connection, as in Flask's tutorial: `get_db`, `close_db`, `init_app`."""
from __future__ import annotations

import threading
import weakref

from flask import Flask, current_app, g
from sqlite_utils import Database

from survey.store import db as store_db
from survey.store.migrations import migrate

_connections = threading.local()


def get_db() -> Database:
    """The database connection of this worker thread, opened once and reused by its requests.

    Opening and closing a connection per request costs more than most requests do.
    """
    path = current_app.config["DATABASE"]
    cached = getattr(_connections, "db", None)
    if cached is None or cached[0] != path:
        if cached is not None:
            cached[1].close()
        _connections.db = (path, store_db.connect(path))
    g.db = _connections.db[1]
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    """End the request's transaction if one was left open; the connection stays for the next request."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


def init_app(app: Flask) -> None:
    """Hold the database as in use (a restore refuses while the app runs), bring its schema up to date,
    and close each request's transaction."""
    lock = store_db.hold(app.config["DATABASE"])
    weakref.finalize(app, lock.close)
    db = store_db.connect(app.config["DATABASE"])
    try:
        migrate(db)
    finally:
        db.close()
    app.teardown_appcontext(close_db)
