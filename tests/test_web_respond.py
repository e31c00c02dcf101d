"""The respondent's whole path through the real app: sign in, fill, save, resume, submit, results."""
import random

import pytest

from survey import demo
from survey.content import questionnaire as q
from survey.store import content as store_content
from survey.store import register, responses, rounds
from tests.web import (
    BOLAG,
    BOLAG_CHEF,
    FALKOPING,
    base,
    csrf_token,
    form_fields,
    ids,
    login,
    post_form,
)


def test_login_page_and_failed_login_keep_the_email(client):
    page = client.get("/logga-in")
    assert page.status_code == 200 and 'lang="sv"' in page.text
    failed = login(client, "chef.socialnamnden@falkoping.demo.se", "fel")
    assert failed.status_code == 422
    assert "Fel e-postadress eller lösenord." in failed.text
    assert 'value="chef.socialnamnden@falkoping.demo.se"' in failed.text


def test_session_cookie_is_httponly_and_samesite(client):
    response = login(client, BOLAG_CHEF)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_whole_path_fill_every_page_save_resume_submit_results(app, client, app_db, content):
    assert login(client, BOLAG_CHEF).status_code == 302
    home = client.get("/")
    assert BOLAG in home.text and "Ej påbörjad" in home.text
    url = base(app_db, BOLAG)
    overview = client.get(url + "/")
    assert "Börja från förra årets svar" in overview.text
    questionnaire = q.for_unit(content.questionnaires[FALKOPING], {"kind": "bolag"})
    answers = demo.answers_for(questionnaire, {"kind": "bolag"}, random.Random(7), 0.8, 2026)
    sections = q.sections(questionnaire)
    for number, (name, section) in enumerate(sections, start=1):
        page = client.get(f"{url}/avsnitt/{name}")
        assert f"Avsnitt {number} av {len(sections)}" in page.text
        saved = post_form(client, f"{url}/avsnitt/{name}", form_fields(section, answers[name]) | {"x-action": "next"})
        assert saved.status_code == 302, saved.text
        if number == 2:  # resume later, in a new session
            client.post("/logga-ut", data={"csrf_token": csrf_token(client.get("/").text)})
            login(client, BOLAG_CHEF)
            resumed = client.get(url + "/")
            assert "Fortsätt fylla i" in resumed.text and "Utkast" in resumed.text
    stored = responses.get_response(app_db, *ids(app_db, BOLAG))
    assert stored["answers"] == answers and stored["status"] == "draft"
    submitted = post_form(client, url + "/lamna-in", {}, page_url=f"{url}/avsnitt/medarbetare")
    assert submitted.status_code == 302 and submitted.headers["Location"].endswith("/resultat")
    results = client.get(url + "/resultat")
    assert "Måluppfyllelse" in results.text and "tillämpliga krav" in results.text
    assert "Förra året" in results.text and "procentenheter" in results.text
    assert "Kravet gäller inte enheter av typen bolag." in results.text
    stored = responses.get_response(app_db, *ids(app_db, BOLAG))
    assert stored["status"] == "submitted"
    assert responses.stored_results(app_db, stored["id"])
    again = post_form(client, f"{url}/avsnitt/{sections[0][0]}", {}, page_url=url + "/")
    assert again.status_code == 302
    assert "kan inte ändras" in client.get(url + "/").text


def test_submit_lists_what_is_missing_with_links(client, app_db):
    login(client, BOLAG_CHEF)
    url = base(app_db, BOLAG)
    post_form(client, f"{url}/avsnitt/medarbetare", {"q_kannedom_policyn": "ja"})
    refused = post_form(client, url + "/lamna-in", {}, page_url=f"{url}/avsnitt/medarbetare")
    assert refused.status_code == 422
    assert "Självskattningen kan inte lämnas in än" in refused.text
    assert f'href="{url}/avsnitt/medarbetare#q_utbildning_andel"' in refused.text
    assert "Uppgiften måste fyllas i." in refused.text
    assert responses.get_response(app_db, *ids(app_db, BOLAG))["status"] == "draft"


def test_start_from_last_year_marks_answers_until_confirmed_or_changed(client, app_db, content):
    login(client, BOLAG_CHEF)
    url = base(app_db, BOLAG)
    started = post_form(client, url + "/borja-fran-forra-aret", {}, page_url=url + "/")
    assert started.status_code == 302
    round_id, unit_id = ids(app_db, BOLAG)
    response = responses.get_response(app_db, round_id, unit_id)
    last_year = responses.previous_answers(app_db, round_id, unit_id)
    assert response["answers"] and response["carried"]
    assert all(response["answers"][s][n] == last_year[s][n] for s in response["answers"] for n in response["answers"][s])
    page = client.get(f"{url}/avsnitt/medarbetare")
    assert "Svaret kommer från förra året." in page.text
    blocked = post_form(client, url + "/lamna-in", {}, page_url=f"{url}/avsnitt/medarbetare")
    assert "bekräfta eller ändra det" in blocked.text
    questionnaire = q.for_unit(content.questionnaires[FALKOPING], {"kind": "bolag"})
    changed = None
    for name, section in q.sections(questionnaire):
        given = dict(response["answers"].get(name, {}))
        if changed is None and given.get("kannedom_policyn"):
            given["kannedom_policyn"] = "nej" if given["kannedom_policyn"] != "nej" else "ja"
            changed = f"/{name}/kannedom_policyn"
        fields = form_fields(section, given) | {"x-bekrafta": list(given)}
        assert post_form(client, f"{url}/avsnitt/{name}", fields).status_code == 302
    response = responses.get_response(app_db, round_id, unit_id)
    assert response["carried"] == []
    assert changed not in response["confirmed"] and len(response["confirmed"]) > 5


def test_follow_up_is_explained_without_javascript_and_dropped_when_not_asked(client, app_db):
    login(client, BOLAG_CHEF)
    url = base(app_db, BOLAG)
    page = client.get(f"{url}/avsnitt/rekrytering")
    assert "Besvaras om svaret på ”" in page.text and "data-show-if" in page.text
    post_form(client, f"{url}/avsnitt/rekrytering", {"q_rekryterat": "nej", "q_rekrytering_rutin": "ja"})
    stored = responses.get_response(app_db, *ids(app_db, BOLAG))["answers"]["rekrytering"]
    assert stored == {"rekryterat": False}


def test_list_rows_can_be_added_without_javascript(client, app_db):
    login(client, "chef.kommunstyrelsen@falkoping.demo.se")
    round_id, unit_id = ids(app_db, "Kommunstyrelsen")
    storage_reopen(app_db, round_id, unit_id)
    url = f"/svar/{round_id}/{unit_id}/avsnitt/ks"
    stored = responses.get_response(app_db, round_id, unit_id)["answers"]["ks"] | {"utvardering": "ja"}
    stored["utvardering_lankar"] = ["https://www.falkoping.se/utvardering-2026"]
    section = q.sections(content_of(app_db, round_id))[-1][1]
    fields = form_fields(section, stored) | {"x-action": "add:utvardering_lankar"}
    added = post_form(client, url, fields)
    assert added.status_code == 302
    assert added.headers["Location"].endswith("?lagg_till=utvardering_lankar#q_utvardering_lankar")
    page = client.get(added.headers["Location"])
    assert page.text.count('name="q_utvardering_lankar-') == 3  # the saved link and two empty rows
    assert 'value="https://www.falkoping.se/utvardering-2026"' in page.text


def content_of(db, round_id):
    return store_content.version_body(db, rounds.round_info(db, round_id)["questionnaire_version_id"])


def storage_reopen(db, round_id, unit_id):
    response = responses.get_response(db, round_id, unit_id)
    if response and response["status"] == "submitted":
        responses.reopen(db, response["id"], user_id=None, reason="test")


@pytest.mark.parametrize("unit", ["Socialnämnden", BOLAG])
def test_results_wait_until_submitted(client, app_db, unit):
    login(client, "samordnare@falkoping.demo.se")
    response = client.get(base(app_db, unit) + "/resultat")
    assert response.status_code == 302


def test_home_of_a_coordinator_is_the_round_list(client):
    login(client, "samordnare@falkoping.demo.se")
    assert client.get("/").headers["Location"].endswith("/samordna/")
    rounds = client.get("/samordna/")
    assert "Självskattning 2026" in rounds.text and "Olofström" not in rounds.text


def test_storage_unit_lookup_matches_demo(app_db):
    org = store_content.policy_by_name(app_db, FALKOPING)["organisation_id"]
    assert register.unit_by_name(app_db, org, BOLAG)["kind"] == "bolag"
