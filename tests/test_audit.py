"""The audit log: append-only, written by the routes and commands that change things, scoped by organisation."""
import sqlite3

import pytest

from survey.cli import cli
from survey.store import audit
from survey.store import content as store_content
from tests.helpers import ROOT
from tests.web import login, post_form

FALKOPING = "falkoping-integrationspolicy"
COORDINATOR = "samordnare@falkoping.demo.se"
OTHER_COORDINATOR = "samordnare@olofstrom.demo.se"
MANAGER = "chef.socialnamnden@falkoping.demo.se"


def _round_id(db, policy=FALKOPING, year=2026):
    return next(db.query("select rounds.id from rounds join policies on policies.id = rounds.policy_id "
                         "where policies.name = ? and year = ?", [policy, year]))["id"]


def test_the_log_is_append_only(db):
    audit.record(db, "backup", actor="drift", subject="a.tar")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("update audit_log set actor = 'någon annan'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("delete from audit_log")
    assert [entry["subject"] for entry in audit.entries(db)] == ["a.tar"]
    with pytest.raises(ValueError):
        audit.record(db, "no_such_action")


def test_sign_ins_refusals_and_round_changes_are_logged_for_the_organisation(app, client, app_db):
    assert login(client, COORDINATOR, "fel").status_code == 422
    assert login(client, COORDINATOR).status_code == 302
    round_id = _round_id(app_db)
    post_form(client, f"/samordna/omgang/{round_id}/status", {"status": "closed", "confirm": "1"},
              page_url=f"/samordna/omgang/{round_id}")
    org = store_content.policy_by_name(app_db, FALKOPING)["organisation_id"]
    actions = [(entry["action"], entry["actor"]) for entry in audit.entries(app_db, org)]
    assert actions[:3] == [("round_close", "Samordnare Falköpings kommun"), ("sign_in", COORDINATOR),
                           ("sign_in_refused", COORDINATOR)]
    closed = audit.entries(app_db, org)[0]
    assert closed["detail"] == {"round_id": round_id} and closed["client"] == "127.0.0.1"

    page = client.get("/samordna/logg")
    assert page.status_code == 200
    assert "Omgång stängd" in page.text and "Nekad inloggning" in page.text


def test_a_coordinator_sees_only_their_organisation_and_a_manager_nothing(app, app_db):
    other = app.test_client()
    login(other, OTHER_COORDINATOR)
    falkoping = app.test_client()
    login(falkoping, COORDINATOR)
    mine = falkoping.get("/samordna/logg").text
    assert COORDINATOR in mine and OTHER_COORDINATOR not in mine
    csv = falkoping.get("/samordna/logg.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    text = csv.data.decode("utf-8-sig")
    assert "Tid (UTC);Händelse;Vem" in text and COORDINATOR in text and OTHER_COORDINATOR not in text

    admin = app.test_client()
    login(admin, "admin@demo.se")
    everything = admin.get("/samordna/logg").text
    assert COORDINATOR in everything and OTHER_COORDINATOR in everything

    manager = app.test_client()
    login(manager, MANAGER)
    assert manager.get("/samordna/logg").status_code == 404
    assert manager.get("/samordna/logg.csv").status_code == 404


def test_what_someone_typed_is_exported_safely(app, client, app_db):
    login(client, "=HYPERLINK(\"http://evil\")@x.se", "fel")
    admin = app.test_client()
    login(admin, "admin@demo.se")
    text = admin.get("/samordna/logg.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text or "'=hyperlink" in text


def test_the_log_pages(app, app_db):
    for n in range(audit.PAGE_SIZE + 5):
        audit.record(app_db, "export", actor=f"person {n}", subject="x")
    admin = app.test_client()
    login(admin, "admin@demo.se")
    first = admin.get("/samordna/logg").text
    assert "Nästa sida" in first and "person 104" in first and "person 3<" not in first
    second = admin.get("/samordna/logg?sida=2").text
    assert "person 3<" in second and "Föregående sida" in second
    assert admin.get("/samordna/logg?sida=99999999999999999999").status_code == 200


def test_commands_are_logged_with_the_operator(runner, tmp_path):
    path = tmp_path / "s.db"
    assert runner.invoke(cli, ["--db", str(path), "--content", str(ROOT), "load"]).exit_code == 0
    result = runner.invoke(cli, ["--db", str(path), "unit", "add", "Kulturnämnden", "--kind", "nämnd",
                                 "--organisation", "Falköpings kommun"])
    assert result.exit_code == 0, result.output
    runner.invoke(cli, ["--db", str(path), "backup", str(tmp_path / "b.tar")])
    from survey.store import db as store_db

    handle = store_db.connect(path)
    entries = audit.entries(handle)
    handle.close()
    assert [entry["action"] for entry in entries] == ["backup", "unit_add", "content_load"]
    assert entries[1]["subject"] == "Kulturnämnden" and entries[1]["organisation_id"] is not None
    assert all(entry["actor"].endswith("(kommandoraden)") for entry in entries)
