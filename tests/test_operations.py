"""Running it for real: `survey serve` behind a reverse proxy, backups that hold every kept file,
a restore that cannot lose saves, one table of settings, a log that is not flooded."""
from __future__ import annotations

import gc
import hashlib
import http.client
import io
import logging
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from survey import logs, settings
from survey.cli import cli
from survey.store import db as store_db
from tests.helpers import PDF, ROOT, free_port
from tests.web import BOLAG, BOLAG_CHEF, csrf_token, ids, login, upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


# --- survey serve behind a reverse proxy ---------------------------------------------------

@contextmanager
def survey_serve(db: Path, **env: str):
    """`survey serve` in its own process on a free loopback port: its port and what it logged."""
    port = free_port()
    log = db.parent / "serve.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SURVEY_")} | env
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-c", "from survey.cli import cli; cli()", "--db", str(db),
                                    "serve", "--port", str(port), "--threads", "2"],
                                   stdout=out, stderr=subprocess.STDOUT, env=environment, cwd=db.parent)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "survey serve did not start"
                time.sleep(0.1)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=10)


class ReverseProxy(BaseHTTPRequestHandler):
    """What the README's nginx does: the client's address, HTTPS and the host, in X-Forwarded-*."""
    upstream = 0
    HOP = ("connection", "keep-alive", "transfer-encoding", "content-length", "x-forwarded-for",
           "x-forwarded-proto", "x-forwarded-host")

    def do_GET(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in self.HOP}
        headers |= {"X-Forwarded-For": self.client_address[0], "X-Forwarded-Proto": "https",
                    "X-Forwarded-Host": self.headers["Host"], "Content-Length": str(len(body))}
        connection = http.client.HTTPConnection("127.0.0.1", self.upstream, timeout=30)
        connection.request(self.command, self.path, body, headers)
        answer = connection.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in self.HOP:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        connection.close()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@contextmanager
def reverse_proxy(upstream: int):
    handler = type("Proxy", (ReverseProxy,), {"upstream": upstream})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def failed_sign_in(port: int, source: str, headers: dict | None = None) -> str:
    """A wrong password from `source`, with a browser's cookie and CSRF token: the session cookie set."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    connection.request("GET", "/logga-in", headers=headers or {})
    page = connection.getresponse()
    cookie = page.getheader("Set-Cookie")
    token = csrf_token(page.read().decode())
    form = f"email=ingen%40example.se&password=fel&csrf_token={token}"
    connection.request("POST", "/logga-in", form, headers=(headers or {}) | {
        "Cookie": cookie.split(";")[0], "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"https://127.0.0.1:{port}/logga-in"})
    answer = connection.getresponse()
    answer.read()
    assert answer.status == 422
    connection.close()
    return cookie


def last_refusal(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select client from audit_log where action = 'sign_in_refused' order by id desc").fetchone()[0]
    finally:
        conn.close()


def test_serve_behind_a_reverse_proxy_trusts_it_and_nobody_else(demo_template, tmp_path):
    (tmp_path / "proxied").mkdir()
    (tmp_path / "direct").mkdir()
    proxied_db, direct_db = tmp_path / "proxied" / "survey.db", tmp_path / "direct" / "survey.db"
    shutil.copyfile(demo_template, proxied_db)
    shutil.copyfile(demo_template, direct_db)
    forged = {"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https"}
    with survey_serve(proxied_db, SURVEY_PROXY_HOPS="1") as (app_port, proxied_log), \
            survey_serve(direct_db) as (direct_port, direct_log), reverse_proxy(app_port) as proxy_port:
        # Through the proxy: the client's own address is recorded, and the cookie is Secure (HTTPS at the proxy).
        assert "Secure" in failed_sign_in(proxy_port, "127.0.0.9")
        assert last_refusal(proxied_db) == "127.0.0.9"
        # Straight to the app from elsewhere than the trusted proxy: forged headers are ignored.
        assert "Secure" not in failed_sign_in(app_port, "127.0.0.7", forged)
        assert last_refusal(proxied_db) == "127.0.0.7"
        # Without the setting, forged headers are ignored, and the log says how to trust a real proxy.
        assert "Secure" not in failed_sign_in(direct_port, "127.0.0.8", forged)
        assert last_refusal(direct_db) == "127.0.0.8"
    assert "Bakom omvänd proxy" in proxied_log.read_text() and "från 127.0.0.1 (1 led)" in proxied_log.read_text()
    said = direct_log.read_text()
    assert "Ingen betrodd proxy (SURVEY_PROXY_HOPS)" in said
    assert said.count("har X-Forwarded-For, men ingen proxy är betrodd") == 1  # two requests, one warning
    assert "Traceback" not in said


def test_the_proxy_settings_go_to_waitress():
    from survey.cli.operate import waitress_options

    assert waitress_options(settings.load(environ={})) == {"clear_untrusted_proxy_headers": False}
    behind = waitress_options(settings.load(environ={"SURVEY_PROXY_HOPS": "2"}))
    assert behind["trusted_proxy"] == "127.0.0.1" and behind["trusted_proxy_count"] == 2
    assert set(behind["trusted_proxy_headers"].split()) == {"x-forwarded-for", "x-forwarded-proto",
                                                            "x-forwarded-host", "x-forwarded-port"}
    elsewhere = waitress_options(settings.load(environ={"SURVEY_TRUSTED_PROXY": "10.0.0.5"}))
    assert (elsewhere["trusted_proxy"], elsewhere["trusted_proxy_count"]) == ("10.0.0.5", 1)


# --- backups hold every kept file, restore cannot lose saves --------------------------------

def digests(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.iterdir() if path.is_file()}


@pytest.fixture
def kept_apart(demo_template, tmp_path):
    """The database in one folder, the evidence in another, two files uploaded through the app."""
    from survey.web import create_app

    db, evidence = tmp_path / "data" / "survey.db", tmp_path / "files" / "underlag"
    db.parent.mkdir()
    shutil.copyfile(demo_template, db)
    app = create_app({"DATABASE": str(db), "EVIDENCE_DIR": str(evidence), "TESTING": True})
    client = app.test_client()
    handle = store_db.connect(db)
    round_id, unit_id = ids(handle, BOLAG)
    handle.close()
    login(client, BOLAG_CHEF)
    url = f"/svar/{round_id}/{unit_id}/avsnitt/medarbetare"
    for saved, (data, name) in enumerate(((PDF, "rutin.pdf"), (PNG, "bild.png"))):
        assert upload(client, url, data, name, q_utbildning_andel="40", **{"x-version": str(saved)}).status_code == 302
    assert len(digests(evidence)) == 2
    return {"app": app, "db": db, "evidence": evidence, "env": {"SURVEY_EVIDENCE_DIR": str(evidence)},
            "secret": db.parent / "secret_key"}


def test_backup_holds_every_evidence_file_and_restore_brings_them_back_only_when_the_app_is_stopped(
        kept_apart, tmp_path, runner):
    db, evidence, env = kept_apart["db"], kept_apart["evidence"], kept_apart["env"]
    uploaded = digests(evidence)
    archive = tmp_path / "backups" / "survey.tar"
    made = runner.invoke(cli, ["--db", str(db), "backup", str(archive)], env=env)
    assert made.exit_code == 0, made.output
    assert "evidence/       2 filer" in made.output and str(evidence) in made.output
    assert "secret_key" in made.output  # the key the app made beside the database
    with tarfile.open(archive) as opened:
        names = opened.getnames()
    assert {"manifest.json", "survey.db", "secret_key"} | {f"evidence/{name}" for name in uploaded} == set(names)
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    verified = runner.invoke(cli, ["backup", "--verify", str(archive)])
    assert verified.exit_code == 0, verified.output
    assert "2 underlagsfiler, nyckel" in verified.output and "kan återställas" in verified.output

    # Disaster: the evidence folder is lost and the database changes.
    shutil.rmtree(evidence)
    conn = sqlite3.connect(db)
    conn.execute("delete from evidence")
    conn.commit()
    conn.close()

    # The app still holds the database: restore refuses and changes nothing.
    before = db.read_bytes()
    refused = runner.invoke(cli, ["--db", str(db), "restore", str(archive)], env=env)
    assert refused.exit_code == 1 and "används av en app som körs" in refused.output
    assert "Traceback" not in refused.output
    assert db.read_bytes() == before and not evidence.exists()

    del kept_apart["app"]
    gc.collect()  # the app is stopped: its hold on the database ends
    restored = runner.invoke(cli, ["--db", str(db), "restore", str(archive)], env=env)
    assert restored.exit_code == 0, restored.output
    assert digests(evidence) == uploaded
    assert all(name == digest for name, digest in uploaded.items())  # stored by hash, and the bytes match
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from evidence").fetchone()[0] == 2
    conn.close()


def test_restore_with_force_while_the_app_holds_the_database(kept_apart, tmp_path, runner):
    db, env = kept_apart["db"], kept_apart["env"]
    archive = tmp_path / "b.tar"
    assert runner.invoke(cli, ["--db", str(db), "backup", str(archive)], env=env).exit_code == 0
    forced = runner.invoke(cli, ["--db", str(db), "restore", "--force", str(archive)], env=env)
    assert forced.exit_code == 0, forced.output
    assert "before-restore-" in forced.output


def test_a_backup_refuses_a_missing_evidence_folder_and_verify_finds_a_damaged_file(kept_apart, tmp_path, runner):
    db, evidence = kept_apart["db"], kept_apart["evidence"]
    archive = tmp_path / "b.tar"
    wrong = runner.invoke(cli, ["--db", str(db), "backup", str(archive)], env={"SURVEY_EVIDENCE_DIR": str(tmp_path / "x")})
    assert wrong.exit_code == 1 and "finns inte, men databasen hänvisar till 2 filer" in wrong.output
    assert not archive.exists()

    one = sorted(evidence.iterdir())[0]
    one.write_bytes(b"changed on disk")
    warned = runner.invoke(cli, ["--db", str(db), "backup", str(archive)], env=kept_apart["env"])
    assert warned.exit_code == 0 and "1 underlagsfil i" in warned.output and "har ändrats" in warned.output
    damaged = runner.invoke(cli, ["backup", "--verify", str(archive)])
    assert damaged.exit_code == 1 and f"evidence/{one.name} stämmer inte med sin kontrollsumma" in damaged.output

    one.unlink()
    warned = runner.invoke(cli, ["--db", str(db), "backup", str(archive)], env=kept_apart["env"])
    assert warned.exit_code == 0 and "1 underlagsfil som databasen hänvisar till saknas" in warned.output
    lacking = runner.invoke(cli, ["--db", str(db), "restore", "--force", str(archive)], env=kept_apart["env"])
    assert lacking.exit_code == 1 and "saknas" in lacking.output and "Inget har ändrats" in lacking.output


# --- settings -----------------------------------------------------------------------------

def test_every_setting_is_in_the_readme_table_and_nothing_else_is():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("### Inställningar"):]
    table = table[:table.index("\n#")]
    named = set(re.findall(r"^\| `(SURVEY_[A-Z_]+)`", table, flags=re.MULTILINE))
    assert named == {setting.env for setting in settings.SETTINGS}


def test_settings_are_read_once_checked_and_shown(runner, tmp_path):
    loaded = settings.load({"DATABASE": "data/x.db"}, {"SURVEY_PROXY_HOPS": "1", "SURVEY_SMTP_PASWORD": "typo",
                                                        "SURVEY_OIDC_CLIENT_SECRET": "hemligt"})
    assert loaded["DATABASE"] == str(Path("data/x.db").absolute())
    assert loaded["EVIDENCE_DIR"] == str(Path("data/evidence").absolute())
    assert loaded["SECRET_KEY_FILE"] == str(Path("data/secret_key").absolute())
    assert (loaded["PROXY_HOPS"], loaded["TRUSTED_PROXY"]) == (1, "127.0.0.1")
    assert loaded.unknown == ["SURVEY_SMTP_PASWORD"]
    with pytest.raises(settings.SettingError, match="SURVEY_SESSION_IDLE_MINUTES: 0 är för litet"):
        settings.load(environ={"SURVEY_SESSION_IDLE_MINUTES": "0"})

    shown = runner.invoke(cli, ["--db", str(tmp_path / "s.db"), "settings"],
                          env={"SURVEY_OIDC_CLIENT_SECRET": "hemligt", "SURVEY_PROXY_HOPS": "ett"})
    assert shown.exit_code == 1 and "SURVEY_PROXY_HOPS: 'ett' är inte ett heltal" in shown.output
    shown = runner.invoke(cli, ["--db", str(tmp_path / "s.db"), "settings"], env={"SURVEY_OIDC_CLIENT_SECRET": "hemligt"})
    assert shown.exit_code == 0 and "hemligt" not in shown.output
    assert re.search(r"SURVEY_OIDC_CLIENT_SECRET\s+\(satt\)\s+\(miljö\)", shown.output)
    assert re.search(rf"SURVEY_EVIDENCE_DIR\s+{re.escape(str(tmp_path / 'evidence'))}\s+\(standard\)", shown.output)


# --- the log --------------------------------------------------------------------------------

def test_warnings_of_one_kind_are_summarised_and_errors_always_pass():
    moment = [0.0]
    summarise = logs.Summarise(interval=60, clock=lambda: moment[0])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(summarise)
    logger = logging.getLogger("test.summarise")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for depth in range(1000):
            moment[0] = depth * 0.01
            logger.warning("Task queue depth is %d", depth)
        logger.warning("another kind")
        logger.error("an error")
        logger.error("an error")
        moment[0] = 70.0
        logger.warning("Task queue depth is %d", 5)
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert lines == ["Task queue depth is 0", "another kind", "an error", "an error",
                     "Task queue depth is 5 (och 999 likadana de senaste 70 s)"]
