"""Benchmark: a refused sign-in takes as long for an unknown address as for a known one.

The test (tests/test_signin.py) checks the construction: the same hashing work either way. This
measures the time it gives: refused sign-ins through the real app (Flask's test client, no
server), known and unknown addresses interleaved so that a busy machine slows both alike;
the medians may differ by at most TARGET_RATIO.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ATTEMPTS, QUICK_ATTEMPTS = 30, 4
TARGET_RATIO = 1.2
KNOWN = "chef@signin.bench.se"


def _app(folder: Path):
    from survey.store import db as store_db
    from survey.store import register
    from survey.store.migrations import migrate
    from survey.web import create_app

    path = folder / "signin.db"
    db = store_db.connect(path)
    migrate(db)
    organisation_id = register.organisation(db, "Mätkommun")
    register.add_user(db, KNOWN, "Chef", "rätt-lösenord", "manager", organisation_id)
    db.close()
    return create_app({"DATABASE": str(path), "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False}), path


def run(quick: bool = False) -> bool:
    from survey.store import db as store_db

    attempts = QUICK_ATTEMPTS if quick else ATTEMPTS
    with tempfile.TemporaryDirectory(prefix="bench-signin-") as folder:
        app, path = _app(Path(folder))
        db = store_db.connect(path)
        client = app.test_client()

        def refused(email: str) -> float:
            db.execute("delete from login_failures")  # the throttle is not what is measured
            db.execute("delete from login_waits")
            db.conn.commit()
            began = time.perf_counter()
            response = client.post("/logga-in", data={"email": email, "password": "fel-lösenord"})
            took = time.perf_counter() - began
            assert response.status_code == 422, response.status_code
            return took

        refused(KNOWN)  # warm up: templates, the dummy hash
        known, unknown = [], []
        for n in range(attempts):
            known.append(refused(KNOWN))
            unknown.append(refused(f"finns-inte-{n}@signin.bench.se"))
        db.close()
    known_ms, unknown_ms = statistics.median(known) * 1000, statistics.median(unknown) * 1000
    ratio = max(known_ms, unknown_ms) / min(known_ms, unknown_ms)
    print(f"refused sign-in, {attempts} attempts each, interleaved (median)")
    print(f"  known address {known_ms:7.1f} ms   unknown address {unknown_ms:7.1f} ms   "
          f"ratio {ratio:4.2f} × (target ≤ {TARGET_RATIO})")
    return ratio <= TARGET_RATIO


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
