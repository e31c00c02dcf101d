"""Benchmark: the web app under 20 concurrent respondents, against a minimal Flask route.

The real app (create_app, as `survey serve` builds it) runs on waitress with 8 threads on
127.0.0.1, on a demo database with 20 extra units, one manager and one draft each. Twenty
clients, each its own process with one keep-alive connection, sign in and then, all at once:

- GET their unit's questionnaire section page (2,000 requests in all);
- POST a valid save of that page (2,000), with the CSRF token and the current version
  (a 409 stale version is answered like a browser would: re-read the version, save again).
  The session cookie returned by a save is not kept, so "saved" messages do not pile up;
- POST to a minimal Flask app on waitress with the same thread count, whose one route does
  one SQLite write (2,000): the floor that Python, Flask, waitress and SQLite set.

The same three are first measured for one client on its own (the time a request takes
without waiting for others). Each measurement is taken in ROUNDS turns (page, save, minimal,
page, save, minimal, …), so that a change in the machine's load during the run touches all
three alike. Prints median and p95 latency, the ratio to the minimal route, the CPU time its
server spent per request (from /proc: the app's share of the machine, which at 20 clients is
what the ratio follows), and how many SQL statements the page and the save run. Target, with 20 clients: the page's and the save's p95
at most 2× the minimal route's. When it is missed, the two app requests are profiled
(cProfile, one at a time, Flask's test client) to show where the time goes.

Servers and clients are separate processes (this file, run with `serve-app`, `serve-minimal`
or `client`), so that neither side's Python lock slows the other. Only 127.0.0.1 is used.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the servers run this file: they import the checkout's `survey`, not an installed one
HOST = "127.0.0.1"
THREADS = 8
CLIENTS = 20
REQUESTS = 2_000  # per measurement, spread over the clients
WARMUP = 5  # untimed requests per client before each measurement
ROUNDS = 5  # turns in which the three are measured
ALONE = 200  # requests of one client on its own: the time a request takes without waiting
QUICK = {"clients": 3, "requests": 60, "alone": 20}  # `bench/run.py --quick`: every path, a few requests
PASSWORD = "bench-2026"
POLICY, UNIT_KIND, SECTION = "olofstrom-integrationspolicy", "nämnd", "rekrytering"
TARGET_RATIO = 2.0  # p95 to p95, at 20 clients: what the app adds to the floor, on any machine


# --- the servers (child processes) -------------------------------------------------------

def _serve(wsgi_app) -> None:
    import logging

    from waitress.server import create_server

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is N" is expected here
    server = create_server(wsgi_app, host=HOST, port=0, threads=THREADS, ident="bench")
    print(server.effective_port, flush=True)
    server.run()


def serve_app(db_path: str) -> None:
    from survey.web import create_app

    _serve(create_app({"DATABASE": db_path, "SECRET_KEY": "bench"}))


def minimal_app(db_path: str):
    """One route, one SQLite write: a connection per request, as the app opens one."""
    from flask import Flask, request

    setup = sqlite3.connect(db_path)
    setup.execute("pragma journal_mode = wal")
    setup.execute("create table if not exists hits (id integer primary key, at real, note text)")
    setup.commit()
    setup.close()
    app = Flask("minimal")

    @app.post("/hit")
    def hit():
        conn = sqlite3.connect(db_path, timeout=10)
        try:
            conn.execute("insert into hits (at, note) values (?, ?)", (time.time(), request.form.get("note", "")))
            conn.commit()
        finally:
            conn.close()
        return "ok"

    return app


def _start(mode: str, db_path: Path) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen([sys.executable, __file__, mode, str(db_path)], stdout=subprocess.PIPE, text=True,
                               cwd=ROOT)
    line = process.stdout.readline().strip()
    if not line.isdigit():
        process.kill()
        raise RuntimeError(f"{mode}: the server did not start")
    return process, int(line)


# --- the clients (child processes) -------------------------------------------------------

class Client:
    """One respondent: a keep-alive connection and the session cookie."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(self, method: str, path: str, fields: dict | list | None = None,
                keep_cookies: bool = True) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body, headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8")
                break
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
                if attempt == 2:
                    raise
        if keep_cookies:
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _sep, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
        return response.status, text


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _version(html: str) -> int:
    return int(re.search(r'name="x-version" value="(-?\d+)"', html).group(1))


def client(config: dict) -> None:
    """Sign in, then run each measurement when told to ("go NAME" on stdin); print timings."""
    app = Client(config["port"])
    status, page = app.request("GET", "/logga-in")
    status, _ = app.request("POST", "/logga-in", {"csrf_token": _token(page), "email": config["email"],
                                                  "password": PASSWORD})
    assert status == 302, f"{config['email']}: sign-in failed ({status})"
    status, page = app.request("GET", config["path"])
    assert status == 200, f"{config['path']}: {status}"
    token, version = _token(page), _version(page)
    conflicts = 0

    def get():
        status, _ = app.request("GET", config["path"])
        assert status == 200, status

    def save():
        nonlocal version, conflicts
        fields = [("csrf_token", token), ("x-version", version), ("x-action", "save")] + config["fields"]
        # A browser would follow the redirect and show the message; the cookie that carries the
        # message is not kept, so that messages do not pile up in the session.
        status, body = app.request("POST", config["path"], fields, keep_cookies=False)
        if status == 302:
            version += 1
        elif status == 409:  # someone saved in between: the page shows the stored version
            conflicts += 1
            version = _version(body)
        else:
            raise AssertionError(f"save refused: {status}\n{body[:500]}")

    minimal = Client(config["minimal_port"])

    def hit():
        status, _ = minimal.request("POST", "/hit", {"note": config["email"]})
        assert status == 200, status

    work = {"get": get, "save": save, "minimal": hit}
    print("ready", flush=True)
    for line in sys.stdin:
        _go, name, count = line.split()
        for _ in range(WARMUP):
            work[name]()
        timings = []
        for _ in range(int(count)):
            start = time.perf_counter()
            work[name]()
            timings.append(time.perf_counter() - start)
        print(json.dumps({"name": name, "timings": timings, "conflicts": conflicts}), flush=True)
        conflicts = 0  # each report counts its own


# --- setting up and measuring ------------------------------------------------------------

def _form_fields(section: dict, answers: dict) -> list[tuple[str, str]]:
    """A section's answers as the form posts them."""
    from survey.web.forms import PREFIX, control

    fields = []
    for name, value in answers.items():
        kind = control(section["properties"][name])
        if kind == "boolean":
            fields.append((PREFIX + name, "ja" if value else "nej"))
        elif kind == "checkboxes":
            fields += [(PREFIX + name, item) for item in value]
        elif kind == "list":
            fields += [(f"{PREFIX}{name}-{i}", item) for i, item in enumerate(value)]
        elif isinstance(value, float):
            fields.append((PREFIX + name, f"{value:g}".replace(".", ",")))
        else:
            fields.append((PREFIX + name, str(value)))
    return fields


def _database(folder: Path, count: int) -> tuple[Path, list[dict]]:
    """The demo database plus one unit and manager per client; each client's page and answers."""
    import random

    from survey import demo
    from survey.content import lint
    from survey.content import questionnaire as q
    from survey.store import content as store_content
    from survey.store import db as store_db
    from survey.store import register, responses, rounds
    from survey.store.migrations import migrate

    content = lint.load(ROOT)
    path = folder / "survey.db"
    db = store_db.connect(path)
    migrate(db)
    demo.populate(db, content)
    questionnaire = content.questionnaires[POLICY]
    organisation_id = register.organisation(db, questionnaire["x-policy"]["municipality"])
    round_ = rounds.round_by_year(db, store_content.policy_by_name(db, POLICY)["id"], 2026)
    section = dict(q.sections(q.for_unit(questionnaire, {"kind": UNIT_KIND})))[SECTION]
    rng = random.Random(2026)
    clients = []
    for n in range(1, count + 1):
        unit_id = register.add_unit(db, organisation_id, f"Mätenhet {n:02d}", UNIT_KIND)
        if "round_units" in db.table_names():  # a unit added after the round opened joins it
            db["round_units"].insert({"round_id": round_["id"], "unit_id": unit_id}, ignore=True)
        email = f"chef.matenhet-{n:02d}@bench.demo.se"
        register.add_manager(db, organisation_id, register.add_user(db, email, f"Chef {n}", PASSWORD, "manager", organisation_id),
                               unit_id)
        # The draft exists already: the clients measure saving it, not creating it.
        responses.save(db, round_["id"], unit_id, {}, user_id=None, base_version=0)
        answers = demo.answers_for(questionnaire, {"kind": UNIT_KIND}, rng, 0.8, 2026)[SECTION]
        clients.append({"email": email, "path": f"/svar/{round_['id']}/{unit_id}/avsnitt/{SECTION}",
                        "fields": _form_fields(section, answers)})
    db.execute("pragma wal_checkpoint(truncate)")
    db.close()
    return path, clients


def _cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a process has used so far, from /proc (0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _in_turns(processes: list[subprocess.Popen], count: int,
              servers: dict[str, int]) -> dict[str, tuple[list[float], int, float]]:
    """The page, the save and the minimal route, `count` requests of each per client, in ROUNDS turns;
    each with the CPU time its server used per request (`servers`: the server's pid by name)."""
    pooled = {name: ([], 0, 0.0) for name in ("get", "save", "minimal")}
    made = 0  # requests of each kind, the untimed warm-up ones included: the server worked for those too
    for turn in range(ROUNDS):
        share = count // ROUNDS + (1 if turn < count % ROUNDS else 0)
        made += (WARMUP + share) * len(processes)
        for name, (timings, conflicts, cpu) in pooled.items():
            before = _cpu_seconds(servers[name])
            more, more_conflicts = _measure(processes, name, share)
            pooled[name] = (timings + more, conflicts + more_conflicts, cpu + _cpu_seconds(servers[name]) - before)
    return {name: (timings, conflicts, cpu / made) for name, (timings, conflicts, cpu) in pooled.items()}


def _measure(processes: list[subprocess.Popen], name: str, count: int) -> tuple[list[float], int]:
    """Each client makes `count` requests of the kind `name`, all clients at once."""
    for process in processes:
        process.stdin.write(f"go {name} {count}\n")
        process.stdin.flush()
    timings, conflicts = [], 0
    for process in processes:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"a client stopped during {name!r}")
        result = json.loads(line)
        timings += result["timings"]
        conflicts += result["conflicts"]
    return [t * 1000 for t in timings], conflicts


def _statements(db_path: Path, clients: list[dict]) -> dict[str, int]:
    """The SQL statements SQLite runs for one GET and one save of the section page (Flask's test client)."""
    from werkzeug.datastructures import MultiDict

    from survey.web import create_app
    from survey.web.db import get_db

    app = create_app({"DATABASE": str(db_path), "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    run: list[str] = []
    app.before_request(lambda: get_db().conn.set_trace_callback(run.append))
    one = clients[0]
    web = app.test_client()
    assert web.post("/logga-in", data={"email": one["email"], "password": PASSWORD}).status_code == 302
    version = _version(web.get(one["path"]).text)
    counts = {}
    run.clear()
    assert web.get(one["path"]).status_code == 200
    counts["get"] = len(run)
    run.clear()
    saved = web.post(one["path"], data=MultiDict([("x-version", version), ("x-action", "save")] + one["fields"]))
    assert saved.status_code == 302, saved.status_code
    counts["save"] = len(run)
    return counts


def _profile(db_path: Path, clients: list[dict]) -> None:
    """Where one GET and one save of the section page spend their time, one request at a time."""
    import cProfile
    import pstats

    from werkzeug.datastructures import MultiDict

    from survey.web import create_app

    app = create_app({"DATABASE": str(db_path), "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False})
    one = clients[0]
    web = app.test_client()
    assert web.post("/logga-in", data={"email": one["email"], "password": PASSWORD}).status_code == 302
    version = _version(web.get(one["path"]).text)
    rounds = 200
    # Like the benchmark's clients, saves send the signed-in session and drop the returned
    # cookie, so that the "saved" messages do not pile up in the session.
    cookie = {"Cookie": f"session={web.get_cookie('session').value}"}
    saver = app.test_client(use_cookies=False)

    def save():
        nonlocal version
        data = MultiDict([("x-version", version), ("x-action", "save")] + one["fields"])
        response = saver.post(one["path"], data=data, headers=cookie)
        assert response.status_code == 302, response.status_code
        version += 1

    for label, work in (("GET section page", lambda: web.get(one["path"])), ("POST save", save)):
        work()
        start = time.perf_counter()
        for _ in range(rounds):
            work()
        plain = (time.perf_counter() - start) / rounds * 1000
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        for _ in range(rounds):
            work()
        profiler.disable()
        each = (time.perf_counter() - start) / rounds * 1000
        print(f"\n  profile: {label}, {rounds} requests one at a time (Flask test client, no server): "
              f"{plain:.1f} ms each, {each:.1f} ms under cProfile")
        _print_profile(pstats.Stats(profiler), rounds)


def _where(filename: str, line: int, function: str) -> str:
    for marker in (str(ROOT) + "/", "site-packages/", "/lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
    return f"{filename}:{line} {function}" if line else function


def _print_profile(stats, rounds: int) -> None:
    rows = [(cumulative, own, calls, _where(*where))
            for where, (_prim, calls, own, cumulative, _callers) in stats.stats.items()]
    ours = [row for row in rows if re.search(r"survey/|jinja2/|wtforms/|jsonschema/|sqlite_utils/|flask", row[3])]
    print("    cumulative ms/request, calls/request, where (the app and its libraries):")
    for cumulative, _own, calls, where in sorted(ours, reverse=True)[:24]:
        print(f"    {cumulative / rounds * 1000:7.2f}  {calls / rounds:7.0f}  {where[-100:]}")
    print("    own time ms/request, calls/request, where (everything):")
    for _cumulative, own, calls, where in sorted(rows, key=lambda row: -row[1])[:12]:
        print(f"    {own / rounds * 1000:7.2f}  {calls / rounds:7.0f}  {where[-100:]}")


def run(quick: bool = False) -> bool:
    count, requests, alone_count = ((QUICK["clients"], QUICK["requests"], QUICK["alone"]) if quick
                                    else (CLIENTS, REQUESTS, ALONE))
    with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
        db_path, clients = _database(Path(folder), count)
        servers = []
        processes = []
        try:
            app_server, port = _start("serve-app", db_path)
            servers.append(app_server)
            minimal_server, minimal_port = _start("serve-minimal", Path(folder) / "minimal.db")
            servers.append(minimal_server)
            per_client = requests // count
            for config in clients:
                config = config | {"port": port, "minimal_port": minimal_port}
                processes.append(subprocess.Popen([sys.executable, __file__, "client", json.dumps(config)],
                                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
            for process in processes:
                if process.stdout.readline().strip() != "ready":
                    raise RuntimeError("a client could not sign in")
            pids = {"get": app_server.pid, "save": app_server.pid, "minimal": minimal_server.pid}
            alone = _in_turns(processes[:1], alone_count, pids)
            results = _in_turns(processes, per_client, pids)
        finally:
            for process in processes:
                if process.stdin:
                    process.stdin.close()
            for process in processes + servers:
                process.terminate()
            for process in processes + servers:
                process.wait(timeout=10)

        def figures(timings: list[float]) -> tuple[float, float]:
            return statistics.median(timings), _percentile(timings, 0.95)

        labels = {"get": "GET section page", "save": "POST save", "minimal": "minimal route (1 write)"}
        print(f"web app on waitress ({THREADS} threads, 127.0.0.1), section page {POLICY}/{SECTION}; "
              f"the minimal route is a separate Flask app, same server settings")
        met = True
        for title, measured in ((f"one client alone, {alone_count} requests per line", alone),
                                (f"{count} concurrent clients, {per_client * count:,} requests per line", results)):
            floor_median, floor_p95 = figures(measured["minimal"][0])
            print(f"  {title}:")
            print(f"    {'':26} {'median':>9} {'p95':>9} {'median ×':>9} {'p95 ×':>7} {'server CPU':>11}")
            for name in ("get", "save", "minimal"):
                median, p95 = figures(measured[name][0])
                print(f"    {labels[name]:26} {median:7.1f}ms {p95:7.1f}ms "
                      f"{median / floor_median:8.1f}× {p95 / floor_p95:6.1f}× {measured[name][2] * 1000:8.2f}ms")
                if measured is results and name != "minimal":
                    met &= p95 / floor_p95 <= TARGET_RATIO
        conflicts = results["save"][1] + alone["save"][1]
        print(f"  stale-version conflicts (409) answered by saving again: {conflicts}")
        statements = _statements(db_path, clients)
        print(f"  SQL statements per request: {labels['get']} {statements['get']}, "
              f"{labels['save']} {statements['save']}")
        print(f"  target ({count} clients): p95 ≤ {TARGET_RATIO:.0f}× the minimal route's: {'met' if met else 'MISSED'}")
        if not met and not quick:
            _profile(db_path, clients)
        return met


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "run"
    if mode == "serve-app":
        serve_app(sys.argv[2])
    elif mode == "serve-minimal":
        _serve(minimal_app(sys.argv[2]))
    elif mode == "client":
        client(json.loads(sys.argv[2]))
    else:
        sys.exit(0 if run() else 1)
