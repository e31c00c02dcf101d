"""Who may see what, bad input, escaping: through the real app and its test client."""
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.content import questionnaire as q
from survey.store import actions, evidence, responses, tokens, yearly
from survey.store import content as store_content
from tests.web import (
    BOLAG,
    BOLAG_CHEF,
    FALKOPING,
    OLOFSTROM_COORDINATOR,
    OTHER_CHEF,
    base,
    csrf_token,
    ids,
    login,
    post_form,
)


def test_invitation_link_lets_a_manager_answer_one_unit_only(app, client, app_db):
    login(client, "samordnare@falkoping.demo.se")
    round_id, unit_id = ids(app_db, BOLAG)
    page = post_form(client, f"/samordna/omgang/{round_id}/inbjudan", {"unit_id": unit_id},
                     page_url=f"/samordna/omgang/{round_id}")
    link = re.search(r'id="new-link" type="text" readonly value="([^"]+)"', page.text).group(1)
    token = link.rsplit("/", 1)[1]
    assert token not in str(list(app_db.query("select * from invitations")))
    guest = app.test_client()
    entered = guest.get(f"/inbjudan/{token}")
    assert entered.status_code == 302 and entered.headers["Location"].endswith(f"/svar/{round_id}/{unit_id}/")
    saved = post_form(guest, f"/svar/{round_id}/{unit_id}/avsnitt/medarbetare", {"q_kannedom_policyn": "ja"})
    assert saved.status_code == 302
    history = responses.history(app_db, responses.get_response(app_db, round_id, unit_id)["id"])
    assert history[-1]["invitation_id"] is not None and history[-1]["saved_by"] is None
    other_round, other_unit = ids(app_db, "Socialnämnden")
    assert guest.get(f"/svar/{other_round}/{other_unit}/").status_code == 404
    last_year, _unit = ids(app_db, BOLAG, year=2025)
    assert guest.get(f"/svar/{last_year}/{unit_id}/").status_code == 404
    assert guest.get("/samordna/").status_code == 404
    invitation_id = app_db.execute("select max(id) from invitations").fetchone()[0]
    post_form(client, f"/samordna/omgang/{round_id}/inbjudan/{invitation_id}/aterkalla", {},
              page_url=f"/samordna/omgang/{round_id}")
    assert guest.get(f"/svar/{round_id}/{unit_id}/").status_code == 302  # signed out: to the login page
    again = app.test_client().get(f"/inbjudan/{token}")
    assert again.status_code == 404 and "återkallats" in again.text


def test_unknown_or_expired_invitation_is_refused(client, app_db):
    from survey.store import accounts

    assert client.get("/inbjudan/not-a-token").status_code == 404
    round_id, unit_id = ids(app_db, BOLAG)
    token = accounts.create_invitation(app_db, round_id, unit_id, created_by=None, days=-1)
    expired = client.get(f"/inbjudan/{token}")
    assert expired.status_code == 404 and "gått ut" in expired.text


def test_coordinator_reopens_with_a_reason_and_the_manager_edits_again(app, client, app_db):
    round_id, unit_id = ids(app_db, "Kommunstyrelsen")
    login(client, "samordnare@falkoping.demo.se")
    url = f"/svar/{round_id}/{unit_id}/"
    assert "Öppna igen" in client.get(url).text
    missing = post_form(client, f"/samordna/omgang/{round_id}/enhet/{unit_id}/oppna-igen", {"reason": ""}, page_url=url)
    assert "Ange varför" in client.get(missing.headers["Location"]).text
    reopened = post_form(client, f"/samordna/omgang/{round_id}/enhet/{unit_id}/oppna-igen",
                         {"reason": "Fel antal i avsnitt 6"}, page_url=url)
    assert reopened.status_code == 302
    response = responses.get_response(app_db, round_id, unit_id)
    assert response["status"] == "draft"
    assert responses.history(app_db, response["id"])[-1]["note"] == "Fel antal i avsnitt 6"
    manager = app.test_client()
    login(manager, "chef.kommunstyrelsen@falkoping.demo.se")
    assert post_form(manager, url + "avsnitt/ks", {"q_organisation": "ja"}).status_code in (302, 422)
    assert "Fel antal i avsnitt 6" in manager.get(url).text


def fill(rule, values):
    return re.sub(r"<(?:int:)?(\w+)>", lambda m: str(values[m.group(1)]), rule)


def every_route(app):
    return [(rule.rule, sorted(rule.methods - {"HEAD", "OPTIONS"})) for rule in app.url_map.iter_rules()
            if rule.endpoint != "static"]


def _falkoping_draft(db) -> int:
    """A workshop draft of Falköping's policy, for the workshop's routes."""
    from survey.store import content as store_content
    from survey.store import drafts

    policy = store_content.policy_by_name(db, FALKOPING)
    return drafts.create(db, policy["organisation_id"], "falkoping-utkast", text="Kommunstyrelsens samordning\n",
                         questionnaire=store_content.version_body(db, policy["questionnaire_version_id"]),
                         ruleset=store_content.version_body(db, policy["ruleset_version_id"]), review=[],
                         user_id=None)


KS_CHEF = "chef.kommunstyrelsen@falkoping.demo.se"


def _objects(app, app_db) -> dict:
    """An object of each kind for Falköping's Kommunstyrelsen (an action, evidence, a draft …): the values
    that fill every route's placeholders."""
    round_id, unit_id = ids(app_db, "Kommunstyrelsen")
    chef = app_db.execute("select id from users where email = ?", [KS_CHEF]).fetchone()[0]
    requirement = actions.unmet_requirements(app_db, round_id, unit_id)[0]
    action_id = actions.add(app_db, round_id, unit_id, requirement, {
        "what": "Kommunstyrelsens samordning ses över", "responsible": "Kanslichefen", "due": "2026-12-31",
        "status": "planerad"}, user_id=None)
    evidence_id = evidence.add_file(app_db, Path(app.config["EVIDENCE_DIR"]), round_id, unit_id, "/ks/mangfaldsplan",
                                    "plan.pdf", b"%PDF-1.4 Kommunstyrelsens samordning", user_id=None)
    return {"round_id": round_id, "unit_id": unit_id, "name": "ks", "invitation_id": 1, "token": "x" * 43,
            "fmt": "csv", "user_id": chef, "action_id": action_id, "evidence_id": evidence_id,
            "draft_id": _falkoping_draft(app_db), "kind": "nämnd",
            "token_id": tokens.create(app_db, 1, "Kommunstyrelsens samordning")["id"], "policy_id": 1,
            "followup_id": _falkoping_followup(app_db, unit_id)}


def _falkoping_followup(db, unit_id: int) -> int:
    """A yearly follow-up of Falköping's with Kommunstyrelsen in it."""
    policy = store_content.policy_by_name(db, FALKOPING)
    return yearly.open_followup(db, policy["organisation_id"], 2027, [policy["id"]], unit_ids=[unit_id])


@pytest.mark.parametrize("who", [None, OTHER_CHEF, OLOFSTROM_COORDINATOR])
def test_every_route_refuses_people_without_access(app, app_db, who):
    """Anonymous, a manager of another unit, a coordinator of another organisation: no data."""
    client = app.test_client()
    if who:
        assert login(client, who).status_code == 302
    values = _objects(app, app_db)
    round_id, unit_id, action_id, evidence_id = (values[key] for key in ("round_id", "unit_id", "action_id",
                                                                         "evidence_id"))
    own_pages = {"/samordna/", "/samordna/omgang/ny", "/samordna/enheter", "/samordna/personer",
                 "/samordna/meddelanden", "/samordna/meddelanden/skicka", "/samordna/import",
                 "/samordna/import/bekrafta", "/samordna/import/forhandsgranska", "/samordna/logg",
                 "/samordna/logg.csv", "/verkstad/", "/verkstad/ladda-upp", "/verkstad/revidera",
                 "/samordna/enhetstyper/", "/samordna/enhetstyper/ta-bort", "/samordna/api-nycklar/",
                 "/samordna/uppfoljningar/", "/samordna/uppfoljningar/ny"}
    secret = responses.get_response(app_db, round_id, unit_id)["answers"]["ks"]
    public = {"/logga-in", "/logga-ut", "/sprak", "/inbjudan/<token>", "/logga-in/sso", "/logga-in/sso/klar",
              "/api/v1/openapi.json"} | ({"/"} if who else set())
    for rule, methods in every_route(app):
        if rule in public:
            continue
        url = fill(rule, values | ({"name": "enheter-krav"} if rule.startswith("/rapporter") else {}))
        if rule.startswith("/rapporter"):
            url += f"?policy={FALKOPING}"
        for method in methods:
            token = csrf_token(client.get("/logga-in").text)
            response = client.open(url, method=method, data={"csrf_token": token, "unit_id": unit_id, "reason": "x"})
            if rule.startswith("/api/"):  # the read API: a bearer token or nothing, whoever is signed in
                assert response.status_code == (401 if method == "GET" else 405), (rule, method)
                assert "Set-Cookie" not in response.headers, rule
            elif who is None and rule.endswith("/avsnitt/<name>") and method == "POST":  # the typing is kept
                assert response.status_code == 401 and 'action="/logga-in"' in response.text, (rule, method)
                assert all(str(v) not in response.text for v in secret.values() if isinstance(v, str) and len(v) > 12)
            elif who is None:
                assert response.status_code == 302 and "/logga-in" in response.headers["Location"], (rule, method)
            elif rule in own_pages and who == OLOFSTROM_COORDINATOR:  # their own organisation's pages
                assert response.status_code < 500 and "Falköping" not in response.text, (rule, method)
            else:
                assert response.status_code == 404, (rule, method, response.status_code)
            assert "Kommunstyrelsens samordning" not in response.text
            assert all(str(v) not in response.text for v in secret.values() if isinstance(v, str) and len(v) > 12)
    assert responses.get_response(app_db, round_id, unit_id)["status"] == "submitted"
    assert actions.action(app_db, action_id)["what"] == "Kommunstyrelsens samordning ses över"
    assert evidence.item(app_db, evidence_id)["filename"] == "plan.pdf"


def test_manager_sees_only_own_units_on_home(client):
    login(client, OTHER_CHEF)
    home = client.get("/")
    assert "Socialnämnden" in home.text and "Kommunstyrelsen" not in home.text


def page_url(db, name="medarbetare"):
    return base(db, BOLAG) + f"/avsnitt/{name}"


@pytest.fixture
def manager(client):
    login(client, BOLAG_CHEF)
    return client


def stored(db):
    response = responses.get_response(db, *ids(db, BOLAG))
    return response["answers"] if response else None


def test_wrong_types_come_back_with_swedish_messages_and_the_typed_text(manager, app_db):
    url = page_url(app_db)
    bad = post_form(manager, url, {"q_kannedom_policyn": "kanske", "q_utbildning_andel": "tolv",
                                   "q_arbete_enligt_plan": "<b>x</b>"})
    assert bad.status_code == 422
    assert "Sidan är inte sparad" in bad.text
    assert "Ange ett heltal, till exempel 12." in bad.text
    assert "Välj ett av alternativen: Ja, Delvis, Nej." in bad.text
    assert 'value="tolv"' in bad.text
    assert 'href="#q_utbildning_andel"' in bad.text
    assert stored(app_db) is None


def test_out_of_range_and_oversized_text_are_refused_and_kept(manager, app_db, content):
    url = page_url(app_db, "motesplatser")
    section = dict(q.sections(content.questionnaires[FALKOPING]))["motesplatser"]
    long_name = next(n for n, s in section["properties"].items() if s.get("x-widget") == "textarea")
    limit = section["properties"][long_name]["maxLength"]
    text = "å" * (limit + 1)
    bad = post_form(manager, url, {f"q_{long_name}": text})
    assert bad.status_code == 422 and f"Högst {limit} tecken (nu {limit + 1})." in bad.text
    assert text in bad.text
    assert stored(app_db) is None
    andel = post_form(manager, page_url(app_db), {"q_utbildning_andel": "101"})
    assert andel.status_code == 422 and "Får inte vara större än 100." in andel.text


def test_unknown_fields_are_not_stored(manager, app_db):
    post_form(manager, page_url(app_db), {"q_kannedom_policyn": "ja", "q_hittepa": "x", "admin": "1"})
    assert stored(app_db) == {"medarbetare": {"kannedom_policyn": "ja"}}


def test_missing_csrf_token_is_refused_and_changes_nothing(manager, app_db):
    refused = manager.post(page_url(app_db), data={"q_kannedom_policyn": "ja", "x-version": "0"})
    assert refused.status_code == 400 and "säkerhetskod" in refused.text
    assert stored(app_db) is None


def test_a_stale_save_is_refused_showing_both_versions_and_keeping_what_was_typed(app, manager, app_db):
    url = page_url(app_db)
    first = manager.get(url)
    other = app.test_client()
    login(other, BOLAG_CHEF)
    assert post_form(other, url, {"q_kannedom_policyn": "nej"}).status_code == 302
    stale = manager.post(url, data={"csrf_token": csrf_token(first.text), "x-version": "0",
                                    "q_kannedom_policyn": "ja", "q_utbildning_andel": "55"})
    assert stale.status_code == 409
    assert "Någon annan har sparat under tiden" in stale.text
    assert "Sparat av någon annan:" in stale.text and "<strong>Nej</strong>" in stale.text
    assert 'value="55"' in stale.text
    assert stored(app_db) == {"medarbetare": {"kannedom_policyn": "nej"}}
    resent = manager.post(url, data={"csrf_token": csrf_token(stale.text), "x-version": "1",
                                     "q_kannedom_policyn": "ja", "q_utbildning_andel": "55"})
    assert resent.status_code == 302
    assert stored(app_db) == {"medarbetare": {"kannedom_policyn": "ja", "utbildning_andel": 55}}


def test_garbage_version_is_a_conflict_not_a_crash(manager, app_db):
    page = manager.get(page_url(app_db))
    response = manager.post(page_url(app_db), data={"csrf_token": csrf_token(page.text), "x-version": "abc",
                                                    "q_kannedom_policyn": "ja"})
    assert response.status_code == 409


def test_oversized_request_is_refused_clearly(manager, app_db):
    page = manager.get(page_url(app_db))
    response = manager.post(page_url(app_db), data={"csrf_token": csrf_token(page.text), "x-version": "0",
                                                     "q_arbete_enligt_plan": "x" * 600_000})
    assert response.status_code == 413 and "för stort" in response.text


def test_unknown_section_and_ids_are_404(manager, app_db):
    assert manager.get(page_url(app_db, "finns_inte")).status_code == 404
    assert manager.get("/svar/999/999/").status_code == 404
    round_id, _ = ids(app_db, BOLAG)
    _r, olof_unit = ids(app_db, "Kommunstyrelsen", policy="olofstrom-integrationspolicy")
    assert manager.get(f"/svar/{round_id}/{olof_unit}/").status_code == 404


PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_free_text_is_escaped_everywhere_it_is_shown(app, manager, app_db):
    url = page_url(app_db, "motesplatser")
    page = manager.get(url)
    names = re.findall(r'<textarea[^>]*name="(q_\w+)"', page.text)
    saved = post_form(manager, url, {names[0]: PAYLOAD, "q_delaktighet": "ja"})
    assert saved.status_code == 302
    for view in (manager.get(url), manager.get(base(app_db, BOLAG) + "/")):
        assert "<script>alert" not in view.text and "<img src=x" not in view.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in manager.get(url).text
    round_id, unit_id = ids(app_db, BOLAG)
    responses.save(app_db, round_id, unit_id, stored(app_db), user_id=None, base_version=1, submit=False)
    coordinator = app.test_client()
    login(coordinator, "samordnare@falkoping.demo.se")
    view = coordinator.get(base(app_db, BOLAG) + "/")
    assert "<script>alert" not in view.text


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
posted_value = st.one_of(text, st.sampled_from(["ja", "nej", "delvis", "12", "12,5", "-3", "1e9", "2026-02-30",
                                                "2026-05-01", "https://a.se", "", " "]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_posts_never_crash_and_stored_drafts_stay_valid(app, app_db, content, data):
    client = app.test_client()
    login(client, BOLAG_CHEF)
    questionnaire = content.questionnaires[FALKOPING]
    view = q.for_unit(questionnaire, {"kind": "bolag"})
    name, section = data.draw(st.sampled_from(q.sections(view)))
    fields = {}
    for question in section["properties"]:
        if data.draw(st.booleans()):
            fields[f"q_{question}"] = data.draw(st.one_of(posted_value, st.lists(posted_value, max_size=3)))
    fields["x-action"] = data.draw(st.sampled_from(["save", "next", "previous", "overview", "add:x", "bogus"]))
    response = post_form(client, page_url(app_db, name), fields)
    assert response.status_code in (302, 409, 422), response.status_code
    answers = stored(app_db)
    if answers is not None:
        assert q.check_answers(questionnaire, {"kind": "bolag"}, answers, complete=False) == []


def test_every_page_sends_the_security_headers(client):
    for response in (client.get("/logga-in"), client.get("/finns-inte"), login(client, BOLAG_CHEF), client.get("/")):
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize("who", [KS_CHEF, "samordnare@falkoping.demo.se", "admin@demo.se"])
def test_every_signed_in_response_is_kept_out_of_the_browser_cache(app, app_db, who):
    """Pages, downloads, refusals and errors alike: a shared computer's browser keeps none of them."""
    client = app.test_client()
    assert login(client, who).status_code == 302
    values = _objects(app, app_db)
    seen = []
    for rule, methods in every_route(app):
        if "GET" not in methods or rule in ("/logga-ut", "/inbjudan/<token>") or rule.startswith("/api/"):
            continue  # the API takes no cookies: a signed-in browser gets only its refusals (see test_api)
        url = fill(rule, values | ({"name": "enheter-krav"} if rule.startswith("/rapporter") else {}))
        response = client.get(url + (f"?policy={FALKOPING}" if rule.startswith("/rapporter") else ""))
        assert response.headers.get("Cache-Control") == "no-store", (url, response.status_code)
        seen.append(response.status_code)
    assert seen.count(200) >= 5, seen  # pages and downloads, not only refusals
    assert "no-store" not in client.get("/static/style.css").headers.get("Cache-Control", "")
