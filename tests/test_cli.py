"""The `survey` command end to end, on a real database file and the shipped content."""
import json
import shutil

import pytest
import sqlite_utils

from survey.cli import cli
from survey.store.migrations import MIGRATIONS
from tests.helpers import ROOT

POLICY = "falkoping-integrationspolicy"


@pytest.fixture
def survey(runner, tmp_path):
    """Run `survey` against a database in tmp_path; returns the result."""
    def run(*args):
        return runner.invoke(cli, ["--db", str(tmp_path / "survey.db"), "--content", str(ROOT), *args])
    return run


@pytest.fixture
def demo_db(demo_template, tmp_path):
    """The demo database (`survey demo`'s, built once per session) copied to where `survey` works."""
    shutil.copyfile(demo_template, tmp_path / "survey.db")
    return sqlite_utils.Database(tmp_path / "survey.db")


def test_every_command_has_help(runner):
    for command in ["init", "lint", "load", "demo", "import-response", "score", "policy-check", "annual-report",
                    "backup", "restore"]:
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, command


def test_init_is_repeatable(survey):
    assert f"{len(MIGRATIONS)} migreringar körda" in survey("init").output
    assert "aktuell" in survey("init").output


def test_load_reports_new_and_unchanged_versions(survey):
    files = len(list(ROOT.glob("questionnaires/*.json")) + list(ROOT.glob("rules/*.json"))
                + list(ROOT.glob("reports/*.json")) + list(ROOT.glob("shared/*.json")))
    first = survey("load")
    assert first.exit_code == 0 and first.output.count("(ny version)") == files
    assert survey("load").output.count("(oförändrad)") == files


def test_demo_creates_both_municipalities_and_prints_logins(demo_db, survey):
    organisations = {row["name"] for row in demo_db["organisations"].rows}
    assert organisations == {"Olofströms kommun", "Falköpings kommun"}
    kinds = {row["kind"] for row in demo_db["units"].rows}
    assert kinds == {"kommunstyrelse", "nämnd", "förvaltning", "bolag"}
    years = {row["year"] for row in demo_db["rounds"].rows}
    assert years == {2025, 2026}
    statuses = {row["status"] for row in demo_db["responses"].rows}
    assert statuses == {"draft", "submitted"}
    again = survey("demo")
    assert again.exit_code == 0 and "finns redan" in again.output
    assert "samordnare@falkoping.demo.se" in again.output and "demo2026" in again.output


def test_demo_is_deterministic_and_prints_the_logins(runner, demo_template, tmp_path):
    """`survey demo` on an empty database gives the demo the other tests copy, answer for answer."""
    made = runner.invoke(cli, ["--db", str(tmp_path / "new.db"), "--content", str(ROOT), "demo"])
    assert made.exit_code == 0 and "Demodata skapad" in made.output, made.output
    assert "samordnare@falkoping.demo.se" in made.output and "demo2026" in made.output
    dumps = [[row["answers"] for row in sqlite_utils.Database(path).query("select answers from responses order by id")]
             for path in (tmp_path / "new.db", demo_template)]
    assert dumps[0] == dumps[1] and len(dumps[0]) > 20


def test_score_prints_compliance_with_the_number_of_applicable_requirements(demo_db, survey):
    result = survey("score", "--policy", POLICY, "--year", "2026")
    assert result.exit_code == 0, result.output
    assert "Falköpings kommun" in result.output and "Olofström" not in result.output
    assert "tillämpliga krav" in result.output and "ej påbörjat" in result.output


def test_policy_check(survey):
    result = survey("policy-check", "--date", "2026-11-22")
    assert result.exit_code == 0
    assert "Revision krävs" in result.output and "2018-10-15" in result.output
    assert "Kan inte bedömas" in result.output


def write(tmp_path, data, name="svar.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_import_response_checks_every_field_and_saves_nothing_on_error(demo_db, survey, tmp_path):
    before = demo_db.execute("select count(*) from response_history").fetchone()[0]
    bad = {"mal": {"kort_sikt": "kanske", "plan_finns": "nej", "plan_lank": "inte en länk"},
           "medarbetare": {"utbildning_andel": 140}, "okand": {}}
    result = survey("import-response", write(tmp_path, bad), "--policy", POLICY, "--year", "2026",
                    "--unit", "Tekniska nämnden")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.endswith("/mal/kort_sikt: Välj ett av alternativen: Ja, Delvis, Nej.") for line in lines)
    assert any(line.endswith("/medarbetare/utbildning_andel: Får inte vara större än 100.") for line in lines)
    assert any(line.endswith("/okand: Okänt fält 'okand'; tillåtna här: mal, medarbetare, rekrytering, service, "
                             "motesplatser.") for line in lines)
    assert any("/mal/plan_lank" in line for line in lines)
    assert lines[-1] == "Fel: 5 fel; inget har sparats."
    assert demo_db.execute("select count(*) from response_history").fetchone()[0] == before


def test_import_then_submit(demo_db, survey, tmp_path):
    draft = write(tmp_path, {"mal": {"kort_sikt": "ja"}})
    args = ["--policy", POLICY, "--year", "2026", "--unit", "Tekniska nämnden"]
    result = survey("import-response", draft, *args)
    assert result.exit_code == 0 and "utkast" in result.output
    incomplete = survey("import-response", draft, *args, "--submit")
    assert incomplete.exit_code == 1 and "Uppgiften måste fyllas i." in incomplete.output


@pytest.mark.parametrize("args, message", [
    (["--policy", "okand", "--year", "2026", "--unit", "X"], "Fel: Policyn 'okand' är inte inläst"),
    (["--policy", POLICY, "--year", "1999", "--unit", "X"], "Fel: Det finns ingen omgång 1999"),
    (["--policy", POLICY, "--year", "2026", "--unit", "Finns ej"], "Fel: Enheten 'Finns ej' finns inte."),
])
def test_import_errors_are_one_line(demo_db, survey, tmp_path, args, message):
    result = survey("import-response", write(tmp_path, {}), *args)
    assert result.exit_code == 1
    assert result.output.strip().startswith(message) and "Traceback" not in result.output


def test_import_of_broken_json_names_line_and_column(demo_db, survey, tmp_path):
    result = survey("import-response", write(tmp_path, '{"mal": {\n  "kort_sikt": ja}}'), "--policy", POLICY,
                    "--year", "2026", "--unit", "Tekniska nämnden")
    assert result.exit_code == 1 and "rad 2, kolumn 16: ogiltig JSON" in result.output


def test_import_into_a_submitted_response_is_refused(demo_db, survey, tmp_path):
    result = survey("import-response", write(tmp_path, {}), "--policy", POLICY, "--year", "2026",
                    "--unit", "Kommunstyrelsen")
    assert result.exit_code == 1 and "inlämnat" in result.output


def test_unreadable_database_is_a_clear_error(runner, tmp_path):
    (tmp_path / "not.db").write_text("this is not sqlite")
    result = runner.invoke(cli, ["--db", str(tmp_path / "not.db"), "init"])
    assert result.exit_code == 1 and result.output.startswith("Fel:") and "Traceback" not in result.output


def test_report_command_in_every_format(demo_db, survey, tmp_path):
    for fmt in ("csv", "csv-excel", "xlsx", "json"):
        out = tmp_path / f"r.{fmt}"
        result = survey("report", "enheter-krav", "--policy", POLICY, "--year", "2026", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 100
    assert (tmp_path / "r.csv-excel").read_bytes().startswith("\ufeffEnhet;Enhetstyp;".encode())
    assert (tmp_path / "r.csv").read_bytes().startswith(b"Enhet,Enhetstyp,")


def test_report_warnings_and_unknown_names(demo_db, survey):
    profile = survey("report", "enhetsprofil", "--policy", POLICY)
    assert "Obs: Välj en enhet" in profile.output
    unknown = survey("report", "finns-inte", "--policy", POLICY)
    assert unknown.exit_code == 1 and "Fel: Rapporten 'finns-inte' finns inte" in unknown.output


def test_export_of_the_long_table_to_stdout(demo_db, survey):
    result = survey("export", "--policy", POLICY, "--year", "2025", "--unit-kind", "nämnd", "--format", "csv")
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("Kommun,Policy,Policyns titel,År,Enhet,Enhetstyp,Krav")
    assert len(lines) > 20 and all(",2025,"  in line and ",nämnd," in line for line in lines[1:])
