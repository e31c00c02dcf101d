"""Actions (åtgärder) and feedback: planned on the results, followed up next year, read by rules, listed and exported."""
import io
import json

import openpyxl
import pytest

from survey.content import lint
from survey.scoring import rules
from survey.store import actions, feedback, responses
from survey.store.db import StorageError
from tests.helpers import edit_json
from tests.web import ids, login, post_form

KS = "Kommunstyrelsen"
KS_CHEF = "chef.kommunstyrelsen@falkoping.demo.se"
COORDINATOR = "samordnare@falkoping.demo.se"


def plan(db, unit=KS, year=2025, index=0, **fields):
    round_id, unit_id = ids(db, unit, year)
    requirement = actions.unmet_requirements(db, round_id, unit_id)[index]
    given = {"what": "Ta fram en handlingsplan", "responsible": "Kanslichefen", "due": f"{year}-12-31",
             "status": "planerad", "comment": ""} | fields
    return actions.add(db, round_id, unit_id, requirement, given, user_id=None), requirement


def test_manager_plans_an_action_for_an_unmet_requirement_from_the_results(client, app_db):
    round_id, unit_id = ids(app_db, KS, 2025)
    requirement = actions.unmet_requirements(app_db, round_id, unit_id)[0]
    login(client, KS_CHEF)
    results = f"/svar/{round_id}/{unit_id}/resultat"
    page = client.get(results)
    assert page.status_code == 200 and f"Ny åtgärd för {requirement}" in page.text
    refused = post_form(client, f"/svar/{round_id}/{unit_id}/atgarder",
                        {"requirement": requirement, "what": "Utbilda chefer", "responsible": "",
                         "due": "2019-01-01", "status": "planerad"}, page_url=results)
    assert refused.status_code == 422
    assert "Ange vem som är ansvarig." in refused.text
    assert "Datumet ska ligga mellan 2025-01-01 och 2030-12-31." in refused.text
    assert "Utbilda chefer" in refused.text  # what was typed is kept
    assert actions.of_unit(app_db, round_id, unit_id) == []
    saved = post_form(client, f"/svar/{round_id}/{unit_id}/atgarder",
                      {"requirement": requirement, "what": "Utbilda chefer", "responsible": "HR-chefen",
                       "due": "2026-06-30", "status": "pågår", "comment": "Start i mars"}, page_url=results)
    assert saved.status_code == 302
    [stored] = actions.of_unit(app_db, round_id, unit_id)
    assert (stored["requirement"], stored["what"], stored["due"], stored["status"]) == \
        (requirement, "Utbilda chefer", "2026-06-30", "pågår")
    edited = post_form(client, f"/svar/{round_id}/{unit_id}/atgarder/{stored['id']}",
                       {"what": "Utbilda alla chefer", "responsible": "HR-chefen", "due": "2026-06-30",
                        "status": "genomförd"}, page_url=results)
    assert edited.status_code == 302
    assert actions.action(app_db, stored["id"])["status"] == "genomförd"
    met = next(r["requirement"] for r in responses.stored_results(app_db, responses.get_response(
        app_db, round_id, unit_id)["id"]) if r["level"] == "met")
    post_form(client, f"/svar/{round_id}/{unit_id}/atgarder",
              {"requirement": met, "what": "x", "responsible": "y", "due": "2025-12-31", "status": "planerad"},
              page_url=results)
    assert len(actions.of_unit(app_db, round_id, unit_id)) == 1  # no actions for a met requirement


def test_coordinator_cannot_plan_actions_for_a_unit(client, app_db):
    round_id, unit_id = ids(app_db, KS, 2025)
    requirement = actions.unmet_requirements(app_db, round_id, unit_id)[0]
    login(client, COORDINATOR)
    results = f"/svar/{round_id}/{unit_id}/resultat"
    assert "Ny åtgärd för" not in client.get(results).text
    refused = post_form(client, f"/svar/{round_id}/{unit_id}/atgarder",
                        {"requirement": requirement, "what": "x", "responsible": "y", "due": "2025-12-31",
                         "status": "planerad"}, page_url=results)
    assert refused.status_code == 404 and actions.of_unit(app_db, round_id, unit_id) == []


def test_last_years_actions_appear_next_year_and_need_a_status_before_submitting(app, client, app_db):
    action_id, requirement = plan(app_db, what="Revidera mångfaldsplanen")
    round_id, unit_id = ids(app_db, KS, 2026)
    coordinator = app.test_client()
    login(coordinator, COORDINATOR)
    overview = f"/svar/{round_id}/{unit_id}/"
    post_form(coordinator, f"/samordna/omgang/{round_id}/enhet/{unit_id}/oppna-igen", {"reason": "Komplettera"},
              page_url=overview)
    login(client, KS_CHEF)
    page = client.get(overview)
    assert "Förra årets åtgärder" in page.text and "Revidera mångfaldsplanen" in page.text
    refused = post_form(client, overview + "lamna-in", {}, page_url=overview)
    assert refused.status_code == 422
    assert "Rapportera status för förra årets åtgärd innan du lämnar in (1 saknar status)." in refused.text
    assert responses.get_response(app_db, round_id, unit_id)["status"] == "draft"
    bad = post_form(client, overview + "uppfoljning", {f"status-{action_id}": "klar"}, page_url=overview)
    assert bad.status_code == 422 and "Välj en status" in bad.text
    reported = post_form(client, overview + "uppfoljning",
                         {f"status-{action_id}": "genomförd", f"comment-{action_id}": "Antagen i juni"},
                         page_url=overview)
    assert reported.status_code == 302
    [followed] = actions.previous_actions(app_db, round_id, unit_id)
    assert (followed["reported"], followed["reported_comment"]) == ("genomförd", "Antagen i juni")
    submitted = post_form(client, overview + "lamna-in", {}, page_url=overview + "lamna-in")
    assert submitted.status_code == 302 and submitted.headers["Location"].endswith("/resultat")
    assert responses.get_response(app_db, round_id, unit_id)["status"] == "submitted"
    context = actions.scoring_context(app_db, round_id, unit_id)
    assert context["previous"][0]["reported"] == "genomförd"
    assert requirement not in context["unplanned"] and len(context["unplanned"]) > 0


ACTION_RULES = {
    "policy": "p",
    "requirements": [
        {"id": "U1", "kind": "responsibility", "title": "Åtgärder planeras", "source": "s", "applies_to": ["nämnd"],
         "goals": ["M1"], "advice": "Planera åtgärder.", "levels": {"met": "all"},
         "criteria": [{"label": "Åtgärd planerad för varje ej uppfyllt krav", "path": "/actions/unplanned",
                       "schema": {"maxItems": 0}, "missing": "ignore"}]},
        {"id": "U2", "kind": "responsibility", "title": "Åtgärder genomförs", "source": "s", "applies_to": ["nämnd"],
         "goals": ["M1"], "advice": "Genomför åtgärderna.", "levels": {"met": "all"},
         "criteria": [{"label": "Förra årets åtgärder genomförda", "path": "/actions/previous",
                       "schema": {"minItems": 1, "items": {"properties": {"reported": {"const": "genomförd"}}}}}]},
    ],
}


def _levels(actions_context):
    context = rules.context({}, {"kind": "nämnd"}, 2026, {}, actions_context)
    return {r["requirement"]: r["level"] for r in rules.score(rules.compile_ruleset(ACTION_RULES), context)}


def test_a_rule_over_actions_scores():
    done = {"requirement": "N1", "what": "x", "responsible": "y", "due": "2026-01-01", "status": "planerad",
            "comment": "", "reported": "genomförd"}
    assert _levels({"round": [], "previous": [done], "unplanned": []}) == {"U1": "met", "U2": "met"}
    assert _levels({"round": [], "previous": [done | {"reported": "stoppad"}], "unplanned": ["N2"]}) == \
        {"U1": "not_met", "U2": "not_met"}
    assert _levels(None) == {"U1": "not_assessed", "U2": "not_met"}  # nothing last year


def test_scoring_reads_the_units_actions_from_the_store(app_db):
    plan(app_db)
    round_id, unit_id = ids(app_db, KS, 2026)
    context = actions.scoring_context(app_db, round_id, unit_id)
    last_year_unmet = actions.unmet_requirements(app_db, *ids(app_db, KS, 2025))
    assert context["unplanned"] == last_year_unmet[1:]
    assert context["previous"][0]["reported"] is None and context["round"] == []


def test_a_rule_set_may_read_actions(content_copy):
    def add(ruleset):
        spec = json.loads(json.dumps(ACTION_RULES["requirements"][0]))
        first = ruleset["requirements"][0]
        ruleset["requirements"].append(spec | {"id": "UPPF1", "goals": first["goals"],
                                               "applies_to": first["applies_to"], "source": first["source"]})
    edit_json(content_copy / "rules" / "falkoping-integrationspolicy.json", add)
    loaded = lint.load(content_copy)
    assert any(r["id"] == "UPPF1" for r in loaded.rulesets["falkoping-integrationspolicy"]["requirements"])


def test_coordinator_comments_and_the_manager_sees_it_now_and_next_year(app, client, app_db):
    round_id, unit_id = ids(app_db, KS, 2025)
    requirement = actions.unmet_requirements(app_db, round_id, unit_id)[0]
    login(client, COORDINATOR)
    results = f"/svar/{round_id}/{unit_id}/resultat"
    saved = post_form(client, f"/samordna/omgang/{round_id}/enhet/{unit_id}/aterkoppling",
                      {"requirement": requirement, "comment": "Bra analys, men planen saknar tidplan."},
                      page_url=results)
    assert saved.status_code == 302
    assert feedback.of_response(app_db, round_id, unit_id)[requirement]["comment"].startswith("Bra analys")
    manager = app.test_client()
    login(manager, KS_CHEF)
    assert "Bra analys, men planen saknar tidplan." in manager.get(results).text
    next_round, _unit = ids(app_db, KS, 2026)
    assert "Bra analys, men planen saknar tidplan." in manager.get(f"/svar/{next_round}/{unit_id}/").text
    unknown = post_form(client, f"/samordna/omgang/{round_id}/enhet/{unit_id}/aterkoppling",
                        {"requirement": "NOPE", "comment": "x"}, page_url=results)
    assert unknown.status_code == 404


@pytest.fixture
def planned(app_db):
    plan(app_db, what="=HYPERLINK(\"http://x\")", status="pågår")
    plan(app_db, index=1, what="Ny rutin", status="planerad")
    plan(app_db, unit="Socialnämnden", what="Utbildning", status="genomförd")
    return ids(app_db, KS, 2025)[0]


def test_coordinator_lists_filters_and_exports_a_rounds_actions(client, app_db, planned):
    login(client, COORDINATOR)
    url = f"/samordna/omgang/{planned}/atgarder"
    everything = client.get(url)
    assert everything.status_code == 200 and "3 åtgärder" in everything.text
    _round, social = ids(app_db, "Socialnämnden", 2025)
    only_social = client.get(url, query_string={"enhet": social})
    assert "1 åtgärder" in only_social.text and "Utbildning" in only_social.text and "Ny rutin" not in only_social.text
    ongoing = client.get(url, query_string={"status": "pågår"})
    assert "1 åtgärder" in ongoing.text and "HYPERLINK" in ongoing.text
    requirement = actions.unmet_requirements(app_db, *ids(app_db, KS, 2025))[1]
    by_requirement = client.get(url, query_string={"krav": requirement})
    assert "Ny rutin" in by_requirement.text
    excel = client.get(url + ".csv-excel", query_string={"status": "pågår"})
    assert excel.status_code == 200 and excel.data.startswith(b"\xef\xbb\xbf")
    lines = excel.data.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Enhet;Krav;Åtgärd") and len([line for line in lines if line]) == 2
    assert "'=HYPERLINK" in lines[1]
    records = json.loads(client.get(url + ".json").data)
    assert sorted(r["Åtgärd"] for r in records) == sorted(["=HYPERLINK(\"http://x\")", "Ny rutin", "Utbildning"])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url + ".xlsx").data)).active
    assert sheet.max_row == 4 and sheet.cell(1, 1).value == "Enhet"
    assert client.get(url + ".csv").data.decode().startswith("Enhet,Krav")
    assert client.get(url + ".pdf").status_code == 404


def test_follow_up_may_be_reported_in_parts_and_is_checked(app_db):
    first, _r = plan(app_db)
    second, _r = plan(app_db, index=1)
    round_id, unit_id = ids(app_db, KS, 2026)
    assert actions.unreported(app_db, round_id, unit_id) == 2
    actions.report(app_db, round_id, unit_id, {first: {"status": "pågår"}, second: {"status": ""}}, user_id=None)
    assert actions.unreported(app_db, round_id, unit_id) == 1
    with pytest.raises(actions.InvalidAction) as refused:
        actions.report(app_db, round_id, unit_id, {second: {"status": "", "comment": "x" * 1001}}, user_id=None)
    assert set(refused.value.problems) == {f"{second}.status", f"{second}.comment"}
    other_round, other_unit = ids(app_db, "Socialnämnden", 2026)
    with pytest.raises(StorageError):
        actions.report(app_db, other_round, other_unit, {first: {"status": "pågår"}}, user_id=None)
    assert actions.unreported(app_db, round_id, unit_id) == 1


def test_the_annual_report_lists_the_rounds_actions_with_their_status(client, app_db, planned):
    login(client, COORDINATOR)
    page = client.get("/rapporter/arsredovisning.html?policy=falkoping-integrationspolicy&year=2025")
    assert page.status_code == 200
    assert "Ny rutin" in page.text and "Utbildning" in page.text and "Kanslichefen" in page.text
    assert "genomförd" in page.text and "pågår" in page.text
    assert "=HYPERLINK" in page.text  # escaped text in a document, not a formula
