"""`survey action|evidence|feedback`: the coordinator lists and exports what closes the loop, and writes
feedback, from the command line; the exports are the web's."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from survey.cli import cli
from survey.store import actions, evidence
from survey.store import db as store_db
from tests.helpers import ROOT
from tests.web import COORDINATOR, FALKOPING, ids, login

KS = "Kommunstyrelsen"


@pytest.fixture
def site(runner, demo_template, tmp_path):
    """A copy of the demo database with an action and evidence on Kommunstyrelsen's 2026 results."""
    path = tmp_path / "survey.db"
    shutil.copyfile(demo_template, path)
    db = store_db.connect(path)
    round_id, unit_id = ids(db, KS)
    requirement = actions.unmet_requirements(db, round_id, unit_id)[0]
    actions.add(db, round_id, unit_id, requirement, {"what": "Ta fram en plan för språkpraktik",
                                                     "responsible": "Kanslichefen", "due": "2026-12-31",
                                                     "status": "planerad"}, user_id=None)
    evidence.add_link(db, round_id, unit_id, "/ks/mangfaldsplan", "https://www.example.se/plan.pdf", user_id=None)
    db.conn.commit()
    db.close()

    def run(*args):
        return runner.invoke(cli, ["--db", str(path), "--content", str(ROOT), *args])
    return {"run": run, "path": path, "requirement": requirement, "round_id": round_id, "unit_id": unit_id}


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def test_the_coordinator_lists_and_exports_actions_and_evidence(site, tmp_path):
    run, year = site["run"], ("--policy", FALKOPING, "--year", "2026")
    listed = run("action", "list", *year)
    assert listed.exit_code == 0, listed.output
    assert f"{KS}  {site['requirement']}  planerad" in listed.output and "Ta fram en plan för språkpraktik" in listed.output
    assert "1 åtgärd." in listed.output
    assert "Inget i omgången 2026." in run("action", "list", *year, "--unit", "Socialnämnden").output
    exported = run("action", "export", *year, "-o", str(tmp_path / "a.csv"))
    assert exported.exit_code == 0, exported.output
    rows = _rows((tmp_path / "a.csv").read_bytes().decode("utf-8"))
    assert rows == [{"Enhet": KS, "Krav": site["requirement"], "Åtgärd": "Ta fram en plan för språkpraktik",
                     "Ansvarig": "Kanslichefen", "Klart senast": "2026-12-31", "Status": "planerad",
                     "Kommentar": "", "Status året därpå": "", "Kommentar året därpå": "",
                     "Senast ändrad": rows[0]["Senast ändrad"]}]
    assert "https://www.example.se/plan.pdf" in run("evidence", "list", *year).output
    linked = _rows(run("evidence", "export", *year).stdout_bytes.decode("utf-8"))
    assert [(row["Enhet"], row["Slag"], row["Fil eller länk"]) for row in linked] == [
        (KS, "länk", "https://www.example.se/plan.pdf")]


def test_feedback_is_written_as_in_the_web_and_shown_to_the_unit(site, app_on):
    run, year = site["run"], ("--policy", FALKOPING, "--year", "2026")
    written = run("feedback", "add", *year, "--unit", KS, "--requirement", site["requirement"],
                  "--comment", "Bra att planen kommer; följ upp i mars.")
    assert written.exit_code == 0 and "är sparad" in written.output, written.output
    assert f"{KS}  {site['requirement']}: Bra att planen kommer" in run("feedback", "list", *year).output
    exported = _rows(run("feedback", "export", *year).stdout_bytes.decode("utf-8"))
    assert [(row["Enhet"], row["Krav"], row["Återkoppling"]) for row in exported] == [
        (KS, site["requirement"], "Bra att planen kommer; följ upp i mars.")]
    app = app_on(site["path"])
    client = app.test_client()
    assert login(client, COORDINATOR).status_code == 302
    results = client.get(f"/svar/{site['round_id']}/{site['unit_id']}/resultat")
    assert "Bra att planen kommer; följ upp i mars." in results.text

    not_a_result = run("feedback", "add", *year, "--unit", KS, "--requirement", "ZZ9", "--comment", "x")
    assert not_a_result.exit_code == 1 and "inget resultat på kravet ZZ9" in not_a_result.output
    not_submitted = run("feedback", "add", *year, "--unit", "Socialnämnden", "--requirement", "N1", "--comment", "x")
    assert not_submitted.exit_code == 1 and "har inte lämnat in" in not_submitted.output
    removed = run("feedback", "add", *year, "--unit", KS, "--requirement", site["requirement"], "--comment", "")
    assert removed.exit_code == 0 and "borttagen" in removed.output
    assert "Inget i omgången 2026." in run("feedback", "list", *year).output


@pytest.fixture
def app_on(tmp_path):
    """The real app on a given database file."""
    from survey.web import create_app

    def make(path: Path):
        return create_app({"DATABASE": str(path), "SECRET_KEY": "test", "TESTING": True,
                           "EVIDENCE_DIR": str(tmp_path / "evidence")})
    return make
