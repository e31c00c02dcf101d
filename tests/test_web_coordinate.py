"""The coordinator's workspace: rounds, progress, re-scoring, reports and downloads."""
import csv
import io

import openpyxl

from survey.content import lint
from survey.store import content as store_content
from survey.store import responses, rounds
from tests.helpers import edit_json
from tests.web import FALKOPING, coordinator, ids, login, post_form


def test_open_a_new_round_for_chosen_unit_kinds(client, app_db):
    coordinator(client)
    policy = store_content.policy_by_name(app_db, FALKOPING)
    created = post_form(client, "/samordna/omgang/ny", {"policy": policy["id"], "year": "2027",
                                                        "deadline": "2027-12-15", "unit_kinds": ["nämnd", "bolag"]},
                        page_url="/samordna/")
    assert created.status_code == 302
    round_id = int(created.headers["Location"].rsplit("/", 1)[1])
    page = client.get(created.headers["Location"])
    assert "0 av 6 enheter har lämnat in" in page.text
    listed = page.text.split("Lägg till en enhet i omgången")[0]  # the others can be added below
    assert "Kommunstyrelsen" not in listed and "Kommunledningsförvaltningen" not in listed
    assert "Att påminna (6)" in page.text
    assert rounds.round_info(app_db, round_id)["deadline"] == "2027-12-15"


def test_new_round_errors_are_swedish_and_keep_the_input(client, app_db):
    coordinator(client)
    policy = store_content.policy_by_name(app_db, FALKOPING)
    refused = post_form(client, "/samordna/omgang/ny", {"policy": policy["id"], "year": "tjugo", "title": "Min rubrik"},
                        page_url="/samordna/")
    assert refused.status_code == 422
    assert "Välj minst en enhetstyp." in refused.text and 'value="Min rubrik"' in refused.text
    duplicate = post_form(client, "/samordna/omgang/ny", {"policy": policy["id"], "year": "2026",
                                                          "unit_kinds": ["nämnd"]}, page_url="/samordna/")
    assert duplicate.status_code == 422 and "Det finns redan en omgång 2026" in duplicate.text


def test_a_coordinator_cannot_open_a_round_for_another_organisation(client, app_db):
    login(client, "samordnare@olofstrom.demo.se")
    policy = store_content.policy_by_name(app_db, FALKOPING)
    refused = post_form(client, "/samordna/omgang/ny", {"policy": policy["id"], "year": "2030",
                                                        "unit_kinds": ["nämnd"]}, page_url="/samordna/")
    assert refused.status_code == 422 and "Inte ett giltigt val" in refused.text
    assert app_db.execute("select count(*) from rounds where year = 2030").fetchone()[0] == 0


def test_progress_shows_status_last_saver_and_who_to_remind(client, app_db):
    coordinator(client)
    round_id, _unit = ids(app_db, "Socialnämnden")
    page = client.get(f"/samordna/omgang/{round_id}")
    assert "av 8 enheter har lämnat in" in page.text
    assert "Att påminna" in page.text and "AB Falköpings Hyresbostäder – ej påbörjad" in page.text
    assert "Socialnämnden – utkast" in page.text


def test_closing_a_round_stops_saves_and_opening_allows_them(client, app, app_db):
    coordinator(client)
    round_id, unit_id = ids(app_db, "Socialnämnden")
    asked = post_form(client, f"/samordna/omgang/{round_id}/status", {"status": "closed"},
                      page_url=f"/samordna/omgang/{round_id}")
    assert asked.status_code == 200 and "Stänga omgången?" in asked.text and "Socialnämnden" in asked.text
    assert rounds.round_info(app_db, round_id)["status"] == "open"
    post_form(client, f"/samordna/omgang/{round_id}/status", {"status": "closed", "confirm": "1"},
              page_url=f"/samordna/omgang/{round_id}")
    assert rounds.round_info(app_db, round_id)["status"] == "closed"
    manager = app.test_client()
    login(manager, "chef.socialnamnden@falkoping.demo.se")
    blocked = manager.get(f"/svar/{round_id}/{unit_id}/avsnitt/mal")
    assert blocked.status_code == 302
    post_form(client, f"/samordna/omgang/{round_id}/status", {"status": "open"}, page_url=f"/samordna/omgang/{round_id}")
    assert manager.get(f"/svar/{round_id}/{unit_id}/avsnitt/mal").status_code == 200


def test_changed_rules_are_previewed_then_rescored_keeping_old_scores(client, app_db, content_copy):
    coordinator(client)
    round_id, unit_id = ids(app_db, "Kommunstyrelsen")
    old = rounds.round_info(app_db, round_id)["ruleset_version_id"]

    edit_json(content_copy / "rules" / f"{FALKOPING}.json",  # MA1 now wants the opposite answer
              lambda r: next(x for x in r["requirements"] if x["id"] == "MA1")["criteria"][0].update(
                  schema={"const": "nej"}))
    store_content.load_content(app_db, lint.load(content_copy))
    page = client.get(f"/samordna/omgang/{round_id}")
    assert "Policyns regler har ändrats" in page.text
    preview = client.get(f"/samordna/omgang/{round_id}/bedom-om")
    assert preview.status_code == 200 and "Resultat som ändras" in preview.text and "MA1" in preview.text
    assert rounds.round_info(app_db, round_id)["ruleset_version_id"] == old
    applied = post_form(client, f"/samordna/omgang/{round_id}/bedom-om", {})
    assert applied.status_code == 302
    new = rounds.round_info(app_db, round_id)["ruleset_version_id"]
    assert new != old
    response = responses.get_response(app_db, round_id, unit_id)
    assert responses.stored_results(app_db, response["id"], old)  # the old scores are kept
    assert responses.stored_results(app_db, response["id"], new)


def test_every_report_page_renders_with_table_and_downloads(client, content):
    coordinator(client)
    for name in content.reports:
        page = client.get(f"/rapporter/{name}?policy={FALKOPING}&unit=Kommunstyrelsen")
        assert page.status_code == 200, name
        assert "<table" in page.text or "Obs:" in page.text
        for fmt in ("csv", "csv-excel", "xlsx", "json"):
            download = client.get(f"/rapporter/{name}/export.{fmt}?policy={FALKOPING}&unit=Kommunstyrelsen")
            assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]


def test_heatmap_shows_level_in_text_and_compliance_with_applicable_count(client):
    coordinator(client)
    page = client.get(f"/rapporter/enheter-krav?policy={FALKOPING}&year=2026")
    assert 'class="level level-met">Uppfyllt<' in page.text
    assert "Måluppfyllelse %" in page.text and "Tillämpliga krav" in page.text
    assert "olika många tillämpliga krav" in page.text
    assert '<svg class="chart"' in page.text and "<title id=" in page.text and "<desc id=" in page.text


def test_excel_download_matches_the_page(client, app_db):
    coordinator(client)
    data = client.get(f"/rapporter/enheter-krav/export.csv-excel?policy={FALKOPING}&year=2026").data
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Enhet", "Enhetstyp", "MA1"]
    assert rows[1][0] == "Kommunstyrelsen" and "," in rows[1][-2]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/rapporter/tabell.xlsx?policy={FALKOPING}").data))
    header = [c.value for c in next(workbook.active.iter_rows(max_row=1))]
    assert header[:5] == ["Kommun", "Policy", "Policyns titel", "År", "Enhet"]


def test_reports_of_another_organisation_are_not_found(client):
    login(client, "samordnare@olofstrom.demo.se")
    assert client.get(f"/rapporter/enheter-krav?policy={FALKOPING}").status_code == 404
    assert client.get(f"/rapporter/tabell.csv?policy={FALKOPING}").status_code == 404
    own = client.get("/rapporter/enheter-krav")
    assert own.status_code == 200 and "Falköping" not in own.text


def test_managers_have_no_reports(client):
    login(client, "chef.socialnamnden@falkoping.demo.se")
    assert client.get("/rapporter/").status_code == 404


def test_an_old_report_is_reproduced_from_the_rule_version_it_was_scored_with(client, app_db, content_copy):
    from click.testing import CliRunner

    from survey.cli import cli

    round_id, _unit = ids(app_db, "Kommunstyrelsen")
    old = rounds.round_info(app_db, round_id)["ruleset_version_id"]
    run = CliRunner().invoke
    args = ["--db", app_db.execute("pragma database_list").fetchone()[2], "--content", str(content_copy),
            "export", "--policy", FALKOPING, "--year", "2026", "--format", "csv"]
    before = run(cli, args).output
    edit_json(content_copy / "rules" / f"{FALKOPING}.json",
              lambda r: next(x for x in r["requirements"] if x["id"] == "MA1")["criteria"][0].update(
                  schema={"const": "nej"}))
    loaded = store_content.load_content(app_db, lint.load(content_copy))
    new = next(i["version"] for i in loaded if (i["kind"], i["name"]) == ("ruleset", FALKOPING))
    responses.rescore(app_db, round_id, new)
    after = run(cli, args).output
    assert after != before
    assert run(cli, [*args, "--rules-version", str(old)]).output == before


def test_the_round_list_says_which_policies_are_due_for_revision(client):
    coordinator(client)
    page = client.get("/samordna/")
    assert "Policyernas revidering" in page.text and "Kan inte bedömas" in page.text
    login(client, "samordnare@olofstrom.demo.se")
    olofstrom = client.get("/samordna/")
    assert "Revision krävs" in olofstrom.text and "2018-10-15" in olofstrom.text
