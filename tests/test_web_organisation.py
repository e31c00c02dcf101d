"""The register pages: units, people and messages, through the real app."""
import io
import re

from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import register, responses, rounds
from tests.helpers import ROOT
from tests.web import BOLAG, FALKOPING, csrf_token, ids, login, post_form

COORDINATOR = "samordnare@falkoping.demo.se"


def org_id(db):
    return store_content.policy_by_name(db, FALKOPING)["organisation_id"]


def unit_id(db, name):
    return register.unit_by_name(db, org_id(db), name)["id"]


def test_add_a_unit_under_a_parent_and_rename_and_rekind_it(client, app_db):
    login(client, COORDINATOR)
    parent = unit_id(app_db, "Socialnämnden")
    added = post_form(client, "/samordna/enheter", {"name": "Socialförvaltningen", "kind": "förvaltning",
                                                    "parent": str(parent)})
    assert added.status_code == 302
    new = register.unit_by_name(app_db, org_id(app_db), "Socialförvaltningen")
    assert (new["kind"], new["parent_id"]) == ("förvaltning", parent)
    changed = post_form(client, f"/samordna/enheter/{new['id']}",
                        {"name": "Vård- och omsorgsförvaltningen", "kind": "förvaltning", "parent": ""})
    assert changed.status_code == 302
    assert app_db["units"].get(new["id"])["name"] == "Vård- och omsorgsförvaltningen"
    assert app_db["units"].get(new["id"])["parent_id"] is None
    listing = client.get("/samordna/enheter")
    assert "Vård- och omsorgsförvaltningen" in listing.text


def test_unit_errors_are_swedish_and_keep_the_input(client, app_db):
    login(client, COORDINATOR)
    duplicate = post_form(client, "/samordna/enheter", {"name": "Socialnämnden", "kind": "nämnd", "parent": ""})
    assert duplicate.status_code == 422 and "Enheten &#39;Socialnämnden&#39; finns redan." in duplicate.text
    empty = post_form(client, "/samordna/enheter", {"name": "", "kind": "nämnd", "parent": ""})
    assert empty.status_code == 422 and "Ange enhetens namn." in empty.text
    ks = unit_id(app_db, "Kommunstyrelsen")
    klf = unit_id(app_db, "Kommunledningsförvaltningen")
    post_form(client, f"/samordna/enheter/{klf}", {"name": "Kommunledningsförvaltningen", "kind": "förvaltning",
                                                  "parent": str(ks)})
    loop = post_form(client, f"/samordna/enheter/{ks}", {"name": "Kommunstyrelsen", "kind": "kommunstyrelse",
                                                        "parent": str(klf)})
    assert loop.status_code == 422 and "under sig själv" in loop.text


def test_a_deactivated_unit_keeps_its_results_and_is_left_out_of_new_rounds(client, app_db):
    login(client, COORDINATOR)
    social = unit_id(app_db, "Kultur- och fritidsnämnden")
    post_form(client, f"/samordna/enheter/{social}", {"active": "0"})
    assert app_db["units"].get(social)["active"] == 0
    round_2025 = ids(app_db, "Kultur- och fritidsnämnden", year=2025)[0]
    assert responses.get_response(app_db, round_2025, social)["status"] == "submitted"
    new_round = rounds.open_round(app_db, store_content.policy_by_name(app_db, FALKOPING)["id"], 2027)
    assert not rounds.in_round(app_db, new_round, social)


def test_add_a_person_who_manages_two_units_and_a_unit_with_two_managers(client, app_db):
    login(client, COORDINATOR)
    units = [unit_id(app_db, "Socialnämnden"), unit_id(app_db, BOLAG)]
    added = post_form(client, "/samordna/personer", {"name": "Eva Ek", "email": "Eva.Ek@Falkoping.se",
                                                     "role": "manager", "units": [str(u) for u in units]})
    assert added.status_code == 302
    eva = store_db.one(app_db, "select * from users where email = 'eva.ek@falkoping.se'")
    assert eva["organisation_id"] == org_id(app_db) and eva["password_hash"] is None
    assert {m["name"] for m in register.managers_of(app_db, units[1])} >= {"Eva Ek"}
    assert len(register.managers_of(app_db, units[1])) == 2
    bad = post_form(client, "/samordna/personer", {"name": "X", "email": "inte-en-adress", "role": "manager"})
    assert bad.status_code == 422 and "Ogiltig e-postadress" in bad.text and 'value="X"' in bad.text


def test_a_deactivated_person_cannot_sign_in_and_their_saves_stay_attributed(client, app, app_db):
    login(client, COORDINATOR)
    chef = store_db.one(app_db, "select * from users where email = 'chef.socialnamnden@falkoping.demo.se'")
    post_form(client, f"/samordna/personer/{chef['id']}", {"active": "0"})
    assert app_db["users"].get(chef["id"])["active"] == 0
    assert login(app.test_client(), chef["email"]).status_code == 422
    round_id, social = ids(app_db, "Socialnämnden")
    history = responses.history(app_db, responses.get_response(app_db, round_id, social)["id"])
    assert history[-1]["saved_by_name"] == chef["name"]


def test_coordinators_cannot_touch_another_organisations_register(client, app_db):
    login(client, "samordnare@olofstrom.demo.se")
    falkoping_unit = unit_id(app_db, "Socialnämnden")
    chef = store_db.one(app_db, "select id from users where email = 'chef.socialnamnden@falkoping.demo.se'")
    assert client.get(f"/samordna/enheter/{falkoping_unit}").status_code == 404
    assert post_form(client, f"/samordna/enheter/{falkoping_unit}", {"active": "0"},
                     page_url="/samordna/enheter").status_code == 404
    assert client.get(f"/samordna/personer/{chef['id']}").status_code == 404
    own = client.get("/samordna/enheter").text
    assert "Olofströmshus AB" in own and "Kompetensnämnden" not in own and "Falköping" not in own
    assert app_db["units"].get(falkoping_unit)["active"] == 1
    login_manager = client
    login(login_manager, "chef.socialnamnden@falkoping.demo.se")
    assert login_manager.get("/samordna/enheter").status_code == 404


def test_reminders_from_the_round_page_land_in_the_outbox_without_smtp(client, app_db):
    login(client, COORDINATOR)
    round_id = ids(app_db, BOLAG)[0]
    preview = post_form(client, f"/samordna/omgang/{round_id}/meddelanden", {"kind": "reminder"},
                        page_url=f"/samordna/omgang/{round_id}")
    assert preview.status_code == 200 and "Vem får vad" in preview.text and "utkast påbörjat" in preview.text
    assert app_db.execute("select count(*) from messages").fetchone()[0] == 0  # nothing written before confirming
    sent = post_form(client, f"/samordna/omgang/{round_id}/meddelanden", {"kind": "reminder", "confirm": "1"},
                     page_url=f"/samordna/omgang/{round_id}")
    assert sent.status_code == 302
    page = client.get(sent.headers["Location"])
    assert "3 meddelanden skrivna." in page.text and "väntar i utkorgen" in page.text
    outbox = client.get("/samordna/meddelanden")
    assert "Påminnelse: Självskattning 2026 för AB Falköpings Hyresbostäder" in outbox.text
    assert re.search(r"https?://[^\s<]+/inbjudan/[\w-]+", outbox.text)
    again = post_form(client, f"/samordna/omgang/{round_id}/meddelanden", {"kind": "reminder", "confirm": "1"},
                      page_url=f"/samordna/omgang/{round_id}")
    assert "0 meddelanden skrivna." in client.get(again.headers["Location"]).text


EXAMPLE = (ROOT / "docs" / "exempel-enheter.csv").read_bytes()


def upload(client, data: bytes, name: str):
    page = client.get("/samordna/import")
    return client.post("/samordna/import", data={"csrf_token": csrf_token(page.text), "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_import_previews_then_applies_all_and_a_second_import_changes_nothing(client, app_db):
    login(client, COORDINATOR)
    units_before = app_db["units"].count
    preview = upload(client, EXAMPLE, "enheter.csv")
    assert preview.status_code == 200 and "Förhandsgranskning av enheter.csv" in preview.text
    assert app_db["units"].count == units_before  # nothing written by the preview
    token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    applied = client.post("/samordna/import/bekrafta", data={"csrf_token": csrf_token(preview.text), "token": token})
    assert applied.status_code == 302 and "Importen är klar" in client.get(applied.headers["Location"]).text
    assert app_db["units"].count > units_before
    snapshot = list(app_db.query("select * from units order by id")), list(app_db.query("select * from unit_managers"))
    again = upload(client, EXAMPLE, "enheter.csv")
    assert "Nya enheter: 0 · ändrade: 0" in again.text
    token = re.search(r'name="token" value="([^"]+)"', again.text).group(1)
    client.post("/samordna/import/bekrafta", data={"csrf_token": csrf_token(again.text), "token": token})
    assert (list(app_db.query("select * from units order by id")), list(app_db.query("select * from unit_managers"))) \
        == snapshot


def test_a_file_with_bad_rows_cannot_be_applied(client, app_db):
    login(client, COORDINATOR)
    bad = "Enhet;Typ;Överordnad;Ansvarig;E-post\r\nNy nämnd;styrelse;;Anna;anna@x.se\r\n;;;;\r\nB;nämnd;;Bo;inte-epost\r\n"
    preview = upload(client, ("\ufeff" + bad).encode("utf-8"), "fel.csv")
    assert "Rad 2" in preview.text and "Okänd enhetstyp" in preview.text and "Rad 4" in preview.text
    assert "Genomför importen" not in preview.text
    assert store_db.one(app_db, "select id from units where name = 'Ny nämnd'") is None


def test_a_tampered_import_is_refused(client):
    login(client, COORDINATOR)
    page = client.get("/samordna/import")
    assert client.post("/samordna/import/bekrafta", data={"csrf_token": csrf_token(page.text),
                                                          "token": "eyJvcmciOjF9.forged"}).status_code == 400


def test_import_without_a_file_says_so(client):
    login(client, COORDINATOR)
    page = client.get("/samordna/import")
    refused = client.post("/samordna/import", data={"csrf_token": csrf_token(page.text)},
                          content_type="multipart/form-data")
    assert refused.status_code == 422 and "Välj en fil att importera." in refused.text


def test_an_administrator_chooses_the_organisation_to_manage(client, app_db):
    login(client, "admin@demo.se")
    first = client.get("/samordna/enheter")
    assert 'id="org-choice"' in first.text
    olofstrom = store_db.one(app_db, "select id from organisations where name = 'Olofströms kommun'")["id"]
    chosen = client.get(f"/samordna/enheter?org={olofstrom}")
    assert "Olofströmshus AB" in chosen.text and "Kompetensnämnden" not in chosen.text
    coordinator = client.application.test_client()
    login(coordinator, COORDINATOR)
    assert 'id="org-choice"' not in coordinator.get("/samordna/enheter").text
