"""Sign-in that cannot be turned against users: throttles without locks, equal timing, real sign-out."""
import shutil
from datetime import datetime, timedelta, timezone

import pytest

from survey.store import accounts
from tests.web import PASSWORD, csrf_token, login

USER = "chef.ab-falkopings-hyresbostader@falkoping.demo.se"


def test_someone_elses_attempts_never_keep_the_user_out(app_db):
    start = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
    moment = start
    # Several clients hammer the address, one attempt every second, for five minutes.
    for second in range(300):
        moment = start + timedelta(seconds=second)
        try:
            assert accounts.authenticate(app_db, USER, "gissning", client=f"10.0.{second % 6}.1",
                                         moment=moment) is None
        except accounts.TooManyAttempts:
            pass
    assert app_db.execute("select count(*) from login_failures where email = ?", [USER]).fetchone()[0] > 5

    # The real user, from their own client, is told to wait a bounded time, never locked.
    with pytest.raises(accounts.TooManyAttempts) as told:
        accounts.authenticate(app_db, USER, PASSWORD, client="192.0.2.7", moment=moment)
    assert 0 < told.value.seconds <= accounts.ACCOUNT_MAX_WAIT.total_seconds()
    # The attack goes on while the user waits ...
    for second in range(told.value.seconds + 1):
        moment += timedelta(seconds=1)
        for client in range(3):
            try:
                accounts.authenticate(app_db, USER, "gissning", client=f"10.0.{client}.1", moment=moment)
            except accounts.TooManyAttempts:
                pass
    # ... and still the user gets in once their wait is over.
    user = accounts.authenticate(app_db, USER, PASSWORD, client="192.0.2.7", moment=moment)
    assert user is not None and user["email"] == USER


def test_a_client_guessing_across_many_addresses_is_slowed_down(app_db, monkeypatch):
    monkeypatch.setattr(accounts, "CLIENT_FREE_FAILURES", 6)  # fewer slow password hashes in the test
    moment = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
    refused = 0
    for n in range(accounts.CLIENT_FREE_FAILURES + 10):
        try:
            accounts.authenticate(app_db, f"person{n}@example.se", "gissning", client="10.9.9.9", moment=moment)
        except accounts.TooManyAttempts:
            refused += 1
    assert refused == 10
    # Another client at the same moment is not affected.
    assert accounts.authenticate(app_db, USER, PASSWORD, client="192.0.2.7", moment=moment) is not None


def test_a_few_typos_cost_nothing(app_db):
    moment = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
    for _ in range(accounts.ACCOUNT_FREE_FAILURES):
        assert accounts.authenticate(app_db, USER, "fel", client="192.0.2.7", moment=moment) is None
    assert accounts.authenticate(app_db, USER, PASSWORD, client="192.0.2.7", moment=moment) is not None


def test_the_web_form_says_how_long_to_wait(client, app_db):
    answers = [login(client, USER, "fel") for _ in range(accounts.ACCOUNT_FREE_FAILURES + 1)]
    # Others' failures on the address just now, as the store keeps them: the wait is then half a minute,
    # whatever time this machine takes per attempt (with only our own, a slow machine outwaited it).
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    app_db["login_failures"].insert_all([{"email": USER, "client": "192.0.2.9", "at": stamp} for _ in range(5)])
    app_db.conn.commit()
    answers.append(login(client, USER, "fel"))
    assert all(answer.status_code == 422 for answer in answers)
    assert "Fel e-postadress eller lösenord." in answers[0].text
    waiting = answers[-1]
    assert "För många misslyckade inloggningar. Vänta" in waiting.text and "sekunder" in waiting.text


def _hashing_work(client, app_db, email: str, monkeypatch) -> list[str]:
    """The password hashes a refused sign-in checks, each by its method and cost (not its salt)."""
    app_db.execute("delete from login_failures")  # no throttle in the way
    app_db.execute("delete from login_waits")
    app_db.conn.commit()
    checked = []
    real = accounts.check_password_hash

    def recording(stored: str, password: str) -> bool:
        checked.append(stored.split("$", 1)[0])  # e.g. "scrypt:32768:8:1"
        return real(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", recording)
    page = client.get("/logga-in")
    response = client.post("/logga-in", data={"email": email, "password": "inte-lösenordet",
                                              "csrf_token": csrf_token(page.text)})
    monkeypatch.undo()
    assert response.status_code == 422 and "Fel e-postadress eller lösenord." in response.text
    return checked


def test_known_and_unknown_addresses_cost_the_same_hashing_work(client, app_db, monkeypatch):
    """Equal time by construction: a refusal checks one password hash of the one method and cost, whether the
    address has an account, has one without a password, or has none (the time itself: `bench/run.py signin`)."""
    from survey.store import register

    register.add_user(app_db, "utan.losenord@falkoping.demo.se", "Utan Lösenord", None, "manager")
    known = _hashing_work(client, app_db, USER, monkeypatch)
    without_password = _hashing_work(client, app_db, "utan.losenord@falkoping.demo.se", monkeypatch)
    unknown = _hashing_work(client, app_db, "finns-inte@falkoping.demo.se", monkeypatch)
    assert len(known) == 1 and known == without_password == unknown
    assert known == [accounts.hash_password("x").split("$", 1)[0]]  # the method every new password gets


def test_a_session_cookie_reused_after_sign_out_is_refused(app):
    browser = app.test_client()
    assert login(browser, USER).status_code == 302
    captured = browser.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", captured)
    assert thief.get("/").status_code == 200  # the stolen cookie works while the session lives
    browser.post("/logga-ut", data={"csrf_token": csrf_token(browser.get("/").text)})
    assert browser.get("/").status_code == 302
    refused = thief.get("/")
    assert refused.status_code == 302 and "/logga-in" in refused.headers["Location"]


def _app(demo_template, tmp_path, **settings):
    from survey.web import create_app

    path = tmp_path / "app.db"
    shutil.copyfile(demo_template, path)
    return create_app({"DATABASE": str(path), "SECRET_KEY": "test", "TESTING": True}
                      | settings)


def _session_cookie(response) -> str:
    return next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))


def test_cookies_are_secure_over_https_and_behind_a_trusted_proxy(demo_template, tmp_path):
    direct = _app(demo_template, tmp_path)
    plain = login(direct.test_client(), USER)
    assert "Secure" not in _session_cookie(plain)
    https = direct.test_client()
    page = https.get("/logga-in", base_url="https://localhost")
    signed_in = https.post("/logga-in", base_url="https://localhost", headers={"Referer": "https://localhost/logga-in"}, data={
        "email": USER, "password": PASSWORD, "csrf_token": csrf_token(page.text)})
    assert signed_in.status_code == 302 and "Secure" in _session_cookie(signed_in)
    # A forwarded header from an untrusted client changes nothing.
    spoofed = direct.test_client().get("/logga-in", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" not in _session_cookie(spoofed)

    proxied = _app(demo_template, tmp_path, PROXY_HOPS=1)
    behind = proxied.test_client().get("/logga-in", headers={"X-Forwarded-Proto": "https",
                                                            "X-Forwarded-For": "198.51.100.4"})
    assert "Secure" in _session_cookie(behind)
    forced = _app(demo_template, tmp_path, SESSION_COOKIE_SECURE=True)
    assert "Secure" in _session_cookie(forced.test_client().get("/logga-in"))


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(demo_template, tmp_path):
    from survey.store import db as store_db

    proxied = _app(demo_template, tmp_path, PROXY_HOPS=1)
    browser = proxied.test_client()
    page = browser.get("/logga-in")
    browser.post("/logga-in", headers={"X-Forwarded-For": "198.51.100.4"},
                 data={"email": USER, "password": "fel", "csrf_token": csrf_token(page.text)})
    handle = store_db.connect(proxied.config["DATABASE"])
    assert [row["client"] for row in handle["login_failures"].rows] == ["198.51.100.4"]
    handle.close()


def _age_sessions(app, *, seen_hours_ago: float, started_hours_ago: float) -> None:
    """Move the live sessions' times back, as if the hours had passed (the real database file)."""
    from sqlite_utils import Database

    moment = datetime.now(timezone.utc)
    db = Database(app.config["DATABASE"])
    db.execute("update sessions set last_seen_at = ?, created_at = ? where ended_at is null",
               [(moment - timedelta(hours=seen_hours_ago)).isoformat(timespec="seconds"),
                (moment - timedelta(hours=started_hours_ago)).isoformat(timespec="seconds")])
    db.conn.commit()
    db.close()


def test_a_session_expires_after_idle_time_and_ends_on_the_server(app):
    browser = app.test_client()
    assert login(browser, USER).status_code == 302
    _age_sessions(app, seen_hours_ago=3, started_hours_ago=3)
    assert browser.get("/").status_code == 200  # within the 4 idle hours
    _age_sessions(app, seen_hours_ago=4.1, started_hours_ago=5)
    refused = browser.get("/")
    assert refused.status_code == 302 and "/logga-in" in refused.headers["Location"]
    _age_sessions(app, seen_hours_ago=0, started_hours_ago=0)
    assert browser.get("/").status_code == 302  # ended on the server: a fresh time does not revive it


def test_a_busy_session_still_ends_after_a_working_day(app):
    browser = app.test_client()
    assert login(browser, USER).status_code == 302
    _age_sessions(app, seen_hours_ago=0, started_hours_ago=12.1)
    assert browser.get("/").status_code == 302


def test_the_limits_are_settings(demo_template, tmp_path):
    app = _app(demo_template, tmp_path, SESSION_IDLE_MINUTES=30)
    browser = app.test_client()
    assert login(browser, USER).status_code == 302
    _age_sessions(app, seen_hours_ago=0.6, started_hours_ago=0.6)
    assert browser.get("/").status_code == 302


def test_old_sessions_are_forgotten_at_a_later_sign_in(app):
    from sqlite_utils import Database

    first = app.test_client()
    assert login(first, USER).status_code == 302
    first.post("/logga-ut", data={"csrf_token": csrf_token(first.get("/").text)})
    db = Database(app.config["DATABASE"])
    old = (datetime.now(timezone.utc) - timedelta(days=31)).isoformat(timespec="seconds")
    db.execute("update sessions set ended_at = ?, created_at = ?", [old, old])
    db.conn.commit()
    assert db.execute("select count(*) from sessions").fetchone()[0] >= 1
    assert login(app.test_client(), USER).status_code == 302
    assert db.execute("select count(*) from sessions").fetchone()[0] == 1
    db.close()


# --- issue 20: short idle limits, and an address that stands for everyone -------------------

def _shift_sessions(app, seconds: int) -> None:
    """Move every live session's times `seconds` into the past, as if that time had gone by."""
    from sqlite_utils import Database

    db = Database(app.config["DATABASE"])
    for row in list(db.query("select id, created_at, last_seen_at from sessions where ended_at is null")):
        db.execute("update sessions set created_at = ?, last_seen_at = ? where id = ?", [
            (datetime.fromisoformat(row[key]) - timedelta(seconds=seconds)).isoformat(timespec="seconds")
            for key in ("created_at", "last_seen_at")] + [row["id"]])
    db.conn.commit()
    db.close()


def test_with_a_one_minute_idle_limit_an_active_person_stays_and_an_idle_one_is_signed_out(demo_template, tmp_path):
    app = _app(demo_template, tmp_path, SESSION_IDLE_MINUTES=1)
    browser = app.test_client()
    assert login(browser, USER).status_code == 302
    for _ in range(6):  # a request every 40 seconds for four minutes
        _shift_sessions(app, 40)
        assert browser.get("/").status_code == 200
    _shift_sessions(app, 61)
    refused = browser.get("/")
    assert refused.status_code == 302 and "/logga-in" in refused.headers["Location"]


def test_behind_a_proxy_nobody_told_the_app_about_one_guesser_keeps_no_one_out(app_db, monkeypatch):
    monkeypatch.setattr(accounts, "CLIENT_FREE_FAILURES", 4)  # fewer slow password hashes in the test
    proxy, start = "127.0.0.1", datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
    attempt = dict(client=proxy, shared=True)
    # Someone behind the proxy guesses across many accounts: everyone shares that address, so it is not braked.
    for n in range(accounts.CLIENT_FREE_FAILURES + 6):
        assert accounts.authenticate(app_db, f"person{n}@example.se", "gissning", moment=start, browser="gissare",
                                     **attempt) is None
    # ... and hammers the user's account, once a second, for a minute.
    moment = start
    for second in range(60):
        moment = start + timedelta(seconds=second)
        try:
            accounts.authenticate(app_db, USER, "gissning", moment=moment, browser="gissare", **attempt)
        except accounts.TooManyAttempts:
            pass
    # The user, through the same proxy from their own browser, waits at most the documented maximum ...
    with pytest.raises(accounts.TooManyAttempts) as told:
        accounts.authenticate(app_db, USER, PASSWORD, moment=moment, browser="ägaren", **attempt)
    assert 0 < told.value.seconds <= accounts.ACCOUNT_MAX_WAIT.total_seconds()
    for _ in range(told.value.seconds):  # while the guessing goes on
        moment += timedelta(seconds=1)
        try:
            accounts.authenticate(app_db, USER, "gissning", moment=moment, browser="gissare", **attempt)
        except accounts.TooManyAttempts:
            pass
    # ... and then gets in.
    user = accounts.authenticate(app_db, USER, PASSWORD, moment=moment, browser="ägaren", **attempt)
    assert user is not None and user["email"] == USER
