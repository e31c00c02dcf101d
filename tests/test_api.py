"""The read API (/api/v1/): one organisation's data for dashboards, reached with a bearer token only.
Every response of these tests is checked against the OpenAPI document the app serves (tests/api.py)."""
from __future__ import annotations

import re
import gzip
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from survey.web.api.access import RateLimiter
from survey.store import actions, audit, evidence, tokens
from survey.store import db as store_db
from survey.web import create_app
from tests.api import Reader, as_csv, csv_rows, many_results, token
from tests.helpers import PDF
from tests.web import COORDINATOR, FALKOPING, ids, login

FALKOPINGS, OLOFSTROMS = "Falköpings kommun", "Olofströms kommun"
OLOFSTROM = "olofstrom-integrationspolicy"
LISTS = ["policies", "goals", "requirements", "rounds", "units", "results", "goal-summaries", "actions", "evidence",
         "reports", "reports/enheter-krav", "reports/kravsammanfattning"]


@pytest.fixture
def site(app, app_db):
    """The demo with an action, a link and a file in Falköping's 2026 round, a file in Olofström's,
    and a reader with a token of Falköping's; no rate limit (one test makes hundreds of requests)."""
    app.config["API_RATE_LIMIT"] = 0
    folder = Path(app.config["EVIDENCE_DIR"])
    round_id, unit_id = next((r, u) for r, u in (ids(app_db, name) for name in ("Kommunstyrelsen", "Kompetensnämnden"))
                             if actions.unmet_requirements(app_db, r, u))
    requirement = actions.unmet_requirements(app_db, round_id, unit_id)[0]
    actions.add(app_db, round_id, unit_id, requirement, {"what": "=Utbilda alla chefer", "responsible": "HR-chefen",
                                                         "due": "2026-12-31", "status": "pågår"}, user_id=None)
    link = evidence.add_link(app_db, round_id, unit_id, "/medarbetare/bemotande_rutin", "https://example.se/rutin",
                             user_id=None)
    own = evidence.add_file(app_db, folder, round_id, unit_id, "/medarbetare/bemotande_rutin", "Rutin.pdf", PDF,
                            user_id=None)
    other_round, other_unit = ids(app_db, "Kommunstyrelsen", policy=OLOFSTROM)
    other = evidence.add_file(app_db, folder, other_round, other_unit, "/a/b", "Annan.pdf", PDF + b"\n", user_id=None)
    app_db.conn.commit()
    return {"app": app, "db": app_db, "reader": Reader(app.test_client(), token(app_db, FALKOPINGS)),
            "link": link, "file": own, "other_file": other, "other_round": other_round, "other_unit": other_unit}


def test_the_document_is_valid_openapi_31_and_describes_every_route(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    routes = {rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{").replace(">", "}") or "/"
              for rule in client.application.url_map.iter_rules() if rule.rule.startswith("/api/v1")}
    assert routes == set(document["paths"])


def test_every_list_carries_the_same_rows_in_json_pages_and_in_csv(site):
    reader = site["reader"]
    for name in LISTS:
        items = reader.pages(f"/api/v1/{name}?limit=7")
        assert items, name
        whole = reader.get(f"/api/v1/{name}?format=csv")
        assert int(whole.headers["X-Total-Count"]) == len(items)
        assert csv_rows(whole.data) == [as_csv(item) for item in items], name
        assert reader.get(f"/api/v1/{name}", Accept="text/csv").data == whole.data
        paged = reader.get(f"/api/v1/{name}?format=csv&limit=5")
        assert csv_rows(paged.data) == [as_csv(item) for item in items[:5]]
        assert ("Link" in paged.headers) == (len(items) > 5)
    results = reader.pages("/api/v1/results?limit=10000")
    excel = reader.get("/api/v1/results?format=csv-excel")
    assert excel.data.startswith("\ufeff".encode()) and excel.mimetype == "text/csv"
    assert csv_rows(excel.data, "csv-excel") == [as_csv(item, "csv-excel") for item in results]
    planned = reader.pages("/api/v1/actions")
    assert planned[0]["what"] == "=Utbilda alla chefer" and planned[0]["status"] == "in_progress"
    assert "'=Utbilda alla chefer" in reader.get("/api/v1/actions?format=csv").text  # safe from formulas


def test_results_filters_page_through_exactly_the_matching_rows(site):
    reader = site["reader"]
    everything = reader.pages("/api/v1/results?limit=10000")
    assert {item["organisation"] for item in everything} == {FALKOPINGS}
    keys = [(item["policy"], item["year"], item["unit_id"], item["requirement"]) for item in everything]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for query, keep in [
        ("level=not_met&level=partly_met", lambda r: r["level"] in ("not_met", "partly_met")),
        ("goal=M2", lambda r: "M2" in r["goals"]),
        ("kind=goal&year=2026", lambda r: r["kind"] == "goal" and r["year"] == 2026),
        ("unit=Socialn%C3%A4mnden&unit=Kommunstyrelsen", lambda r: r["unit"] in ("Socialnämnden", "Kommunstyrelsen")),
        ("unit_kind=n%C3%A4mnd&requirement=N1", lambda r: r["unit_kind"] == "nämnd" and r["requirement"] == "N1"),
        (f"round={everything[0]['round_id']}&policy={FALKOPING}", lambda r: r["round_id"] == everything[0]["round_id"]),
    ]:
        wanted = [item for item in everything if keep(item)]
        page = reader.get(f"/api/v1/results?{query}&limit=5").get_json()
        assert page["total"] == len(wanted) > 0, query
        assert reader.pages(f"/api/v1/results?{query}&limit=5") == wanted, query


def test_a_token_reaches_its_own_organisation_only(site):
    reader, db = site["reader"], site["db"]
    assert reader.get("/api/v1/").get_json()["organisation"]["name"] == FALKOPINGS
    own = {item["name"] for item in reader.pages("/api/v1/policies")}
    assert own == {FALKOPING}
    other_policy = next(row["id"] for row in db.query("select id from policies where name = ?", [OLOFSTROM]))
    for url in (f"/api/v1/policies/{other_policy}", f"/api/v1/rounds/{site['other_round']}",
                f"/api/v1/units/{site['other_unit']}", f"/api/v1/evidence/{site['other_file']}/file",
                f"/api/v1/evidence/{site['link']}/file", "/api/v1/reports/finns-inte", "/api/v1/policies/99999999999",
                "/api/v1/policies/99999999999999999999", "/api/v1/inget-sadant"):
        refused = reader.get(url)
        assert refused.status_code == 404 and refused.get_json()["code"] == "not_found", url
    for url in (f"/api/v1/results?policy={OLOFSTROM}", f"/api/v1/reports/enheter-krav?policy={OLOFSTROM}"):
        refused = reader.get(url)
        assert refused.status_code == 400 and OLOFSTROM not in refused.get_json()["detail"].split("finns:")[1]
    assert {item["unit"] for item in reader.pages("/api/v1/evidence")} <= {u["name"] for u in reader.pages(
        "/api/v1/units")}
    files = [item for item in reader.pages("/api/v1/evidence") if item["kind"] == "file"]
    assert [item["id"] for item in files] == [site["file"]]
    got = reader.get(files[0]["download"].removeprefix("http://localhost"))
    assert got.status_code == 200 and got.data == PDF and got.mimetype == "application/pdf"


def test_a_missing_expired_or_revoked_token_is_401_and_cookies_open_nothing(site):
    app, db = site["app"], site["db"]
    client = app.test_client()
    missing = Reader(client).get("/api/v1/results")
    assert missing.status_code == 401 and missing.get_json()["code"] == "missing_token"
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    for header in ("Bearer pu_inte-en-nyckel", "Basic c2FtOmxvc2Vu", "Bearer"):
        refused = Reader(client, Authorization=header).get("/api/v1/results")
        assert refused.status_code == 401 and 'error="invalid_token"' in refused.headers["WWW-Authenticate"]
    expired = token(db, FALKOPINGS, "Gammal")
    db.execute("update api_tokens set expires_at = '2020-01-01T00:00:00+00:00' where hint = ?", [expired[:10]])
    db.conn.commit()
    assert Reader(client, expired).get("/api/v1/").status_code == 401
    revoked = token(db, FALKOPINGS, "Snart återkallad")
    reader = Reader(client, revoked)
    assert reader.get("/api/v1/").status_code == 200
    tokens.revoke(db, next(t["id"] for t in tokens.tokens(db) if t["hint"] == revoked[:10]))
    assert reader.get("/api/v1/").get_json()["code"] == "invalid_token"

    assert login(client, COORDINATOR).status_code == 302  # a signed-in browser: its cookie opens nothing here
    assert Reader(client).get("/api/v1/results").status_code == 401
    answered = site["reader"].get("/api/v1/results?limit=1")
    assert answered.status_code == 200 and "Set-Cookie" not in answered.headers and "Cookie" not in answered.vary


def test_the_api_only_reads(site):
    reader = site["reader"]
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for url in ("/api/v1/results", "/api/v1/policies/1", "/api/v1/", "/api/v1/openapi.json"):
            refused = reader.open(url, method)
            assert refused.status_code == 405, (method, url)
            assert refused.get_json()["code"] == "method_not_allowed" and "GET" in refused.headers["Allow"]


def test_the_limit_plus_first_request_in_a_minute_is_429(app, app_db):
    limited = create_app({key: app.config[key] for key in ("DATABASE", "SECRET_KEY", "TESTING")} | {"API_RATE_LIMIT": 5})
    reader = Reader(limited.test_client(), token(app_db, FALKOPINGS))
    left = [int(reader.get("/api/v1/units").headers["RateLimit-Remaining"]) for _ in range(5)]
    assert left == [4, 3, 2, 1, 0]
    refused = reader.get("/api/v1/units")
    assert refused.status_code == 429 and refused.get_json()["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert Reader(limited.test_client(), token(app_db, FALKOPINGS, "En annan")).get("/api/v1/units").status_code == 200

    window = RateLimiter()  # a sliding window: a request is heard again 60 s after the oldest counted
    assert [window.hit("k", 3, moment) for moment in (0, 10, 20)] == [(0.0, 2), (0.0, 1), (0.0, 0)]
    assert window.hit("k", 3, 30) == (30.0, 0)
    assert window.hit("k", 3, 60.5) == (0.0, 0)


def test_api_results_equal_the_web_report_and_its_exports(site):
    reader, client = site["reader"], site["app"].test_client()
    login(client, COORDINATOR)
    exported = client.get(f"/rapporter/tabell.json?policy={FALKOPING}&year=2026").get_json()
    results = reader.pages(f"/api/v1/results?policy={FALKOPING}&year=2026&limit=50")
    assert len(results) == len(exported) > 0
    rows = {(row["Enhet"], row["Krav"]): row for row in exported}
    for item in results:
        row = rows[item["unit"], item["requirement"]]
        assert (row["Nivå"], row["Poäng"], row["Maxpoäng"], row["Förklaring"], row["Kravets rubrik"], row["Mål"]) == (
            item["level_label"], item["points"], item["max_points"], item["comment"], item["requirement_title"],
            ",".join(item["goals"]))
    for name in reader.pages("/api/v1/reports"):
        for query in ("", "&year=2025&unit_kind=n%C3%A4mnd", "&unit=Socialn%C3%A4mnden"):
            for fmt in ("csv-excel", "json"):
                web = client.get(f"/rapporter/{name['name']}/export.{fmt}?policy={FALKOPING}{query}")
                api = reader.get(f"/api/v1/reports/{name['name']}?policy={FALKOPING}{query}&format={fmt}")
                if fmt == "json":
                    assert api.get_json()["items"] == web.get_json(), (name, query)
                else:
                    assert api.data == web.data, (name, query, fmt)
    goals = client.get(f"/rapporter/mal-enheter/export.json?policy={FALKOPING}&year=2026").get_json()
    summaries = {(s["unit"], s["goal"]): s["compliance"]
                 for s in reader.pages(f"/api/v1/goal-summaries?policy={FALKOPING}&year=2026")}
    compared = [(row["Mål"], unit, value) for row in goals for unit, value in row.items() if unit != "Mål"]
    assert compared and all(summaries.get((unit, goal)) == value for goal, unit, value in compared)


def test_etag_gzip_and_english(site):
    reader = site["reader"]
    first = reader.get("/api/v1/units")
    assert first.headers["ETag"].startswith('W/"') and "private" in first.headers["Cache-Control"]
    again = reader.get("/api/v1/units", **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    plain = reader.get("/api/v1/results?limit=100")
    zipped = reader.get("/api/v1/results?limit=100", **{"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip" and gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 4 and "Accept-Encoding" in zipped.vary
    streamed = reader.get("/api/v1/results?format=csv", **{"Accept-Encoding": "gzip"})
    assert gzip.decompress(streamed.data) == reader.get("/api/v1/results?format=csv").data

    english = reader.get("/api/v1/results?limit=50", **{"Accept-Language": "en"})
    assert english.headers["Content-Language"] == "en" and english.get_json()["items"][0]["level_label"] in (
        "Met", "Partly met", "Not met", "Not applicable", "Not assessed")
    swedish = reader.get("/api/v1/results?limit=50").get_json()["items"]
    explained = [(sv["comment"], en["comment"]) for sv, en in zip(swedish, english.get_json()["items"])]
    assert all(sv != en for sv, en in explained)  # the explanation in the reader's language too
    assert not any(re.search(r"\b(Uppfyllt|Delvis|Ej uppfyllt|svar|krav)\b", en) for _sv, en in explained), explained
    problem = reader.get("/api/v1/finns-inte", **{"Accept-Language": "en-GB,sv;q=0.5"}).get_json()
    assert problem["title"] == "Not found" and problem["titles"] == {"sv": "Finns inte", "en": "Not found"}


@pytest.mark.parametrize("query, parameter", [
    ("yaer=2026", "yaer"), ("year=tjugo", "year"), ("limit=0", "limit"), ("limit=10001", "limit"),
    ("cursor=inte-en-markör", "cursor"), ("cursor=WyJhIl0", "cursor"), ("format=xml", "format"),
    ("level=great", "level"), ("round=99999999999999999999", "round"), ("unit=" + "x" * 300, "unit"),
])
def test_a_bad_parameter_is_400_and_named(site, query, parameter):
    refused = site["reader"].get(f"/api/v1/results?{query}")
    assert refused.status_code == 400 and refused.get_json()["parameter"] == parameter


def test_every_use_is_in_the_audit_log_once_per_token_and_day(site):
    reader, db = site["reader"], site["db"]
    for _ in range(3):
        reader.get("/api/v1/units")
    used = [entry for entry in audit.entries(db) if entry["action"] == "api_use"]
    assert len(used) == 1 and used[0]["actor"].endswith("(Power BI)") and used[0]["subject"] == "/api/v1/units"
    assert next(t for t in tokens.tokens(db) if t["name"] == "Power BI")["last_used_at"]


def test_paging_returns_every_row_exactly_once_over_100000_results(tmp_path, content):
    path = tmp_path / "storstad.db"
    organisation = many_results(path, content, FALKOPING, units=125, years=range(2000, 2050))  # 125 × 50 × 16
    db = store_db.connect(path)
    reader = Reader(create_app({"DATABASE": str(path), "SECRET_KEY": "t", "API_RATE_LIMIT": 0}).test_client(),
                    token(db, organisation))
    seen, url, pages = {}, "/api/v1/results?limit=10000", 0
    while url:  # big pages, read without checking each item against the document (slow); a small one is checked
        page = reader.client.get(url, headers=reader.headers).get_json()
        if pages == 5:
            assert reader.get(f"/api/v1/results?limit=50&cursor={page['next_cursor']}").status_code == 200
        for item in page["items"]:
            key = (item["year"], item["unit_id"], item["requirement"])
            seen[key] = seen.get(key, 0) + 1
        url, pages = page["next"], pages + 1
    assert page["total"] == len(seen) == sum(seen.values()) == 100_000 and pages == 10
    streamed = reader.client.get("/api/v1/results?format=csv", headers=reader.headers)
    assert streamed.is_streamed and int(streamed.headers["X-Total-Count"]) == 100_000
    rows = csv_rows(streamed.data)
    assert {(int(r["year"]), int(r["unit_id"]), r["requirement"]) for r in rows} == set(seen) and len(rows) == 100_000
    db.close()
