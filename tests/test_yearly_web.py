"""The yearly follow-up in the web: the coordinator opens it and invites, the manager answers the shared
questions once, submits everything at once and sees the results per policy; the two new views export."""
from __future__ import annotations

import io
import re

import pytest

from survey import mail
from survey.content import questionnaire as q
from survey.store import db as store_db
from survey.store import evidence, register, responses, yearly
from survey.web import create_app
from survey.web.forms import PREFIX
from tests import yearly_content as yc
from tests.helpers import PDF, complete_answers
from tests.web import csrf_token, login

YEAR = 2027


@pytest.fixture
def built(content_copy, tmp_path):
    return yc.site(content_copy, tmp_path / "site.db")


@pytest.fixture
def client(built):
    app = create_app({"DATABASE": str(built["path"]), "SECRET_KEY": "t", "TESTING": True})
    return app.test_client()


def _open(client, built, **extra) -> int:
    login(client, *yc.COORDINATOR)
    page = client.get("/samordna/uppfoljningar/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for policy_id in built["policies"].values():  # every policy states a follow-up: all ticked by default
        assert re.search(rf'value="{policy_id}"[^>]*checked|checked[^>]*value="{policy_id}"', html)
    data = {"csrf_token": csrf_token(html), "year": str(YEAR), "deadline": f"{YEAR}-11-30",
            "policies": [str(p) for p in built["policies"].values()],
            "units": [str(u) for u in built["units"].values()]} | extra
    opened = client.post("/samordna/uppfoljningar/ny", data=data)
    assert opened.status_code == 302, opened.get_data(as_text=True)
    return int(opened.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def _progress(overview: str) -> dict[int, int]:
    """Each policy's progress on the follow-up's overview, in per cent, by round."""
    return {int(round_id): int(value)
            for round_id, value in re.findall(r'<progress id="progress-(\d+)"[^>]*value="(\d+)"', overview)}


def _post(client, url: str, data: dict, page_url: str):
    token = csrf_token(client.get(page_url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token} | data)


def _answer_the_rest(db, built: dict, rounds: list[dict], unit: int) -> None:
    """The rest of each policy's response, as its own pages would save it, the shared answers kept."""
    unit_row = register.with_tags(db, [register.unit(db, unit)])[0]
    for round_ in rounds:
        stored = responses.get_response(db, round_["id"], unit) or {"answers": {}, "version": 0}
        view = q.for_unit(built["content"].questionnaires[round_["policy"]], unit_row)
        overrides = {s: {n: stored["answers"][s][n] for n in given} for s, given in stored["answers"].items()}
        answers = complete_answers(built["content"].questionnaires[round_["policy"]], "nämnd", **overrides)
        responses.save(db, round_["id"], unit, q.without_unasked(view, answers), user_id=None,
                       base_version=stored["version"])


def test_one_invitation_and_one_reminder_per_unit(built, tmp_path):
    db = store_db.connect(built["path"])
    followup_id = yearly.open_followup(db, built["org"], YEAR, list(built["policies"].values()))
    link = lambda token: f"https://example.se/inbjudan/{token}"  # noqa: E731
    invited = mail.notify_followup(db, followup_id, "invitation", link_for=link)
    again = mail.notify_followup(db, followup_id, "invitation", link_for=link)
    reminded = mail.notify_followup(db, followup_id, "reminder", link_for=link)
    messages = list(db.query("select kind, unit_id, subject, body from messages order by id"))
    assert len(invited["queued"]) == 2 and not again["queued"] and len(again["skipped"]) == 2
    assert len(reminded["queued"]) == 2
    assert sorted((m["kind"], m["unit_id"]) for m in messages) == sorted(
        (kind, unit) for kind in ("invitation", "reminder") for unit in built["units"].values())
    nämnd = next(m for m in messages if m["unit_id"] == built["units"]["Kulturnämnden"] and m["kind"] == "invitation")
    assert all(title in nämnd["body"] for title in ("Mångfaldspolicy", "Integrationspolicy"))
    db.close()


def test_a_round_of_a_follow_up_sends_no_mail_of_its_own(built, client):
    db = store_db.connect(built["path"])
    followup_id = yearly.open_followup(db, built["org"], YEAR, list(built["policies"].values()))
    round_id = yearly.followup_rounds(db, followup_id)[0]["id"]
    with pytest.raises(store_db.StorageError):
        mail.notify(db, round_id, "invitation", link_for=lambda token: token)
    login(client, *yc.COORDINATOR)
    page = client.get(f"/samordna/omgang/{round_id}").get_data(as_text=True)
    assert f"/samordna/uppfoljningar/{followup_id}" in page and "Skicka inbjudningar" not in page
    refused = _post(client, f"/samordna/omgang/{round_id}/meddelanden", {"kind": "invitation", "confirm": "1"},
                    f"/samordna/omgang/{round_id}")
    assert refused.status_code == 302
    followed = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "skickas från uppföljningen" in followed
    assert db.execute("select count(*) from messages").fetchone()[0] == 0
    db.close()


def test_the_invitation_link_opens_every_policy_of_the_follow_up(built, client):
    db = store_db.connect(built["path"])
    followup_id = yearly.open_followup(db, built["org"], YEAR, list(built["policies"].values()))
    links = []
    mail.notify_followup(db, followup_id, "invitation", link_for=lambda token: links.append(token) or token)
    unit = built["units"]["Kulturnämnden"]
    body = next(db.query("select body from messages where unit_id = ?", [unit]))["body"]
    token = next(t for t in links if t in body)
    db.close()
    landed = client.get(f"/inbjudan/{token}")
    assert landed.status_code == 302 and f"/uppfoljning/{followup_id}/" in landed.headers["Location"]
    db = store_db.connect(built["path"])
    for round_ in yearly.unit_rounds(db, followup_id, unit):
        assert client.get(f"/svar/{round_['id']}/{unit}/").status_code == 200
    db.close()


def test_a_manager_answers_shared_questions_once_submits_all_and_sees_results_per_policy(built, client):
    followup_id = _open(client, built)
    assert client.get(f"/samordna/uppfoljningar/{followup_id}").status_code == 200
    client = create_app({"DATABASE": str(built["path"]), "SECRET_KEY": "t", "TESTING": True}).test_client()
    login(client, *yc.MANAGER)
    unit = built["units"]["Kulturnämnden"]
    base = f"/uppfoljning/{followup_id}/{unit}/"
    home = client.get("/").get_data(as_text=True)
    assert base in home
    before = _progress(client.get(base).get_data(as_text=True))
    assert before and set(before.values()) == {0}
    shared = client.get(base + "gemensamma").get_data(as_text=True)
    assert shared.count("Svaret räknas för:") == 4
    assert "Integrationspolicy" in shared and "Mångfaldspolicy" in shared
    form = {PREFIX + "policy-known": "delvis", PREFIX + "meeting-places": "ja", PREFIX + "recruited": "nej",
            PREFIX + "associations": "nej"}
    saved = _post(client, base + "gemensamma", form, base + "gemensamma")
    assert saved.status_code == 302, saved.get_data(as_text=True)
    db = store_db.connect(built["path"])
    taking_part = yearly.unit_rounds(db, followup_id, unit)
    for round_ in taking_part:  # each policy's own pages leave the shared questions out
        stored = responses.get_response(db, round_["id"], unit)
        for (section, name), key in yc.SHARED[round_["policy"]].items():
            assert stored["answers"][section][name] == yc.GIVEN[key]
            page = client.get(f"/svar/{round_['id']}/{unit}/avsnitt/{section}", follow_redirects=True)
            assert f'name="{PREFIX}{name}"' not in page.get_data(as_text=True)
            assert "Gemensamma frågor" in page.get_data(as_text=True)
    own = next(r for r in taking_part if r["policy"] == yc.NAME)  # a section of shared questions only is no page
    assert client.get(f"/svar/{own['id']}/{unit}/avsnitt/gemensamt").headers["Location"].endswith(base + "gemensamma")
    overview = client.get(f"/svar/{own['id']}/{unit}/").get_data(as_text=True)
    assert "besvaras under Gemensamma frågor" in overview and f"/svar/{own['id']}/{unit}/avsnitt/egen" in overview
    after_shared = _progress(client.get(base).get_data(as_text=True))  # each policy's progress follows its saves
    assert all(0 < after_shared[round_["id"]] < 100 for round_ in taking_part)
    refused = _post(client, base + "lamna-in", {}, base)
    assert refused.status_code == 422 and "Uppföljningen är inte inlämnad" in refused.get_data(as_text=True)
    _answer_the_rest(db, built, taking_part, unit)
    db.close()
    assert set(_progress(client.get(base).get_data(as_text=True)).values()) == {100}
    per_policy = _post(client, f"/svar/{taking_part[0]['id']}/{unit}/lamna-in", {}, base)
    assert per_policy.status_code == 302 and base in per_policy.headers["Location"]  # all at once only
    submitted = _post(client, base + "lamna-in", {}, base)
    assert submitted.status_code == 302
    overview = client.get(base).get_data(as_text=True)
    for round_ in taking_part:
        assert f"/svar/{round_['id']}/{unit}/resultat" in overview
        assert client.get(f"/svar/{round_['id']}/{unit}/resultat").status_code == 200


def test_the_coordinator_sees_policies_by_units_and_a_unit_profile_with_exports(built, client):
    followup_id = _open(client, built)
    base = f"/samordna/uppfoljningar/{followup_id}"
    page = client.get(base).get_data(as_text=True)
    assert "Kulturnämnden" in page and "Bostadsbolaget AB" in page and "Mångfaldspolicy" in page
    unit = built["units"]["Kulturnämnden"]
    assert client.get(f"{base}/enhet/{unit}/profil").status_code == 200
    for fmt in ("csv-excel", "csv", "xlsx", "json"):
        grid = client.get(f"{base}/policyer-enheter.{fmt}")
        assert grid.status_code == 200 and grid.data
        assert client.get(f"{base}/enhet/{unit}/profil.{fmt}").status_code == 200
    csv = client.get(f"{base}/policyer-enheter.csv-excel").data.decode("utf-8-sig")
    assert "Svarsstatus" in csv and "Kulturnämnden" in csv and "Inte påbörjad" in csv
    db = store_db.connect(built["path"])
    first = yearly.unit_rounds(db, followup_id, unit)[0]
    responses.save(db, first["id"], unit, {}, user_id=None, base_version=0)  # a draft: closing asks first
    asked = _post(client, f"{base}/status", {"status": "closed"}, base)
    assert asked.status_code == 200 and "Stänga uppföljningen?" in asked.get_data(as_text=True)
    assert "Kulturnämnden" in asked.get_data(as_text=True)
    assert {r["status"] for r in yearly.followup_rounds(db, followup_id)} == {"open"}
    closed = _post(client, f"{base}/status", {"status": "closed", "confirm": "1"}, base)
    assert closed.status_code == 302
    assert {r["status"] for r in yearly.followup_rounds(db, followup_id)} == {"closed"}
    db.close()


def test_nobody_else_reaches_a_follow_up(built, client):
    followup_id = _open(client, built)
    client = create_app({"DATABASE": str(built["path"]), "SECRET_KEY": "t", "TESTING": True}).test_client()
    login(client, "vd@example.se", yc.MANAGER[1])  # the bolag's manager, not the nämnd's
    nämnd = built["units"]["Kulturnämnden"]
    assert client.get(f"/uppfoljning/{followup_id}/{nämnd}/").status_code == 404
    assert client.get(f"/uppfoljning/{followup_id}/{nämnd}/gemensamma").status_code == 404
    assert client.get(f"/samordna/uppfoljningar/{followup_id}").status_code == 404
    assert client.get("/samordna/uppfoljningar/").status_code == 404
    bolag = built["units"]["Bostadsbolaget AB"]
    assert client.get(f"/uppfoljning/{followup_id}/{bolag}/").status_code == 200


def test_a_shared_answer_saved_meanwhile_is_a_conflict_that_keeps_the_typing(built, client):
    followup_id = _open(client, built)
    client = create_app({"DATABASE": str(built["path"]), "SECRET_KEY": "t", "TESTING": True}).test_client()
    login(client, *yc.MANAGER)
    unit = built["units"]["Kulturnämnden"]
    url = f"/uppfoljning/{followup_id}/{unit}/gemensamma"
    html = client.get(url).get_data(as_text=True)
    versions = re.search(r'name="x-versions" value="([^"]*)"', html).group(1)
    db = store_db.connect(built["path"])
    first = yearly.unit_rounds(db, followup_id, unit)[0]
    responses.save(db, first["id"], unit, {}, user_id=None, base_version=0)  # someone else, meanwhile
    db.close()
    posted = client.post(url, data={"csrf_token": csrf_token(html), "x-versions": versions,
                                    PREFIX + "meeting-places": "delvis"})
    assert posted.status_code == 409
    page = posted.get_data(as_text=True)
    assert "Någon annan har sparat under tiden" in page
    assert re.search(rf'name="{PREFIX}meeting-places"[^>]*value="delvis"[^>]*checked|value="delvis" checked', page)
    again = client.post(url, data={"csrf_token": csrf_token(page), "x-versions": re.search(
        r'name="x-versions" value="([^"]*)"', page).group(1), PREFIX + "meeting-places": "delvis"})
    assert again.status_code == 302


def test_a_refused_opening_comes_back_with_its_message_and_choices(built, client):
    login(client, *yc.COORDINATOR)
    html = client.get("/samordna/uppfoljningar/").get_data(as_text=True)
    refused = client.post("/samordna/uppfoljningar/ny", data={
        "csrf_token": csrf_token(html), "year": str(YEAR), "deadline": "1999-01-01",
        "policies": [str(built["policies"][yc.NAME])], "units": [str(built["units"]["Kulturnämnden"])]})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Sista dag 1999-01-01 måste vara ett datum" in page
    assert re.search(rf'value="{built["policies"][yc.NAME]}"[^>]*checked|checked[^>]*value="{built["policies"][yc.NAME]}"',
                     page)
    none = client.post("/samordna/uppfoljningar/ny", data={"csrf_token": csrf_token(html), "year": str(YEAR)})
    assert none.status_code == 422 and "Välj minst en policy." in none.get_data(as_text=True)
    assert not yearly.followups(store_db.connect(built["path"]))


def test_policy_by_policy_where_the_coordinator_allows_it(built, client):
    followup_id = _open(client, built, per_policy_submit="y")
    client = create_app({"DATABASE": str(built["path"]), "SECRET_KEY": "t", "TESTING": True}).test_client()
    login(client, *yc.MANAGER)
    unit = built["units"]["Kulturnämnden"]
    db = store_db.connect(built["path"])
    mine = next(r for r in yearly.unit_rounds(db, followup_id, unit) if r["policy"] == yc.NAME)
    unit_row = register.with_tags(db, [register.unit(db, unit)])[0]
    view = q.for_unit(built["content"].questionnaires[yc.NAME], unit_row)
    answers = complete_answers(built["content"].questionnaires[yc.NAME], "nämnd")
    responses.save(db, mine["id"], unit, q.without_unasked(view, answers), user_id=None, base_version=0)
    db.close()
    base = f"/uppfoljning/{followup_id}/{unit}/"
    done = _post(client, base + "lamna-in", {"round_id": str(mine["id"])}, base)
    assert done.status_code == 302
    db = store_db.connect(built["path"])
    statuses = {r["policy"]: r["status"] for r in yearly.statuses(db, followup_id) if r["unit_id"] == unit}
    assert statuses[yc.NAME] == "submitted" and statuses[yc.FALKOPING] == "not_started"


def _manager_with_evidence(content_copy, tmp_path, **site):
    """A follow-up whose shared question "meeting-places" asks for evidence, and its unit's manager signed in."""
    built = yc.site(content_copy, tmp_path / "site.db", evidence=("meeting-places",), **site)
    db = store_db.connect(built["path"])
    followup_id = yearly.open_followup(db, built["org"], YEAR, list(built["policies"].values()))
    app = create_app({"DATABASE": str(built["path"]), "SECRET_KEY": "t", "TESTING": True,
                      "EVIDENCE_DIR": str(tmp_path / "evidence")})
    client = app.test_client()
    login(client, *yc.MANAGER)
    return built, db, built["units"]["Kulturnämnden"], followup_id, client


def test_evidence_for_a_shared_question_is_attached_once_and_kept_by_every_policy(content_copy, tmp_path):
    built, db, unit, followup_id, client = _manager_with_evidence(content_copy, tmp_path)
    url = f"/uppfoljning/{followup_id}/{unit}/gemensamma"
    page = client.get(url).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'name="e-file-meeting-places"' in page
    answers = {PREFIX + "policy-known": "delvis", PREFIX + "meeting-places": "ja"}

    def post(data: bytes, filename: str, **extra):
        token = csrf_token(client.get(url).get_data(as_text=True))
        form = {"csrf_token": token, "e-file-meeting-places": (io.BytesIO(data), filename)} | answers | extra
        return client.post(url, data=form, content_type="multipart/form-data")

    refused = post(b"\x7fELF\x02\x01\x01\0" + b"\0" * 2000, "plan.pdf")
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Filtypen stöds inte" in text and 'href="#e-file-meeting-places"' in text
    assert re.search(r'value="ja"[^>]*checked', text)  # the typed answers are kept
    assert db.execute("select count(*) from evidence").fetchone()[0] == 0
    assert responses.get_response(db, yearly.unit_rounds(db, followup_id, unit)[0]["id"], unit) is None
    saved = post(PDF, "Mötesplatser.pdf", **{"e-link-meeting-places": "https://example.se/motesplatser"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    places = {(r["id"], s, n) for r in yearly.unit_rounds(db, followup_id, unit)
              for (s, n), key in yc.SHARED[r["policy"]].items() if key == "meeting-places"}
    assert len(places) == 3
    for round_id, section, name in places:  # each policy keeps the evidence at its own question
        rows = evidence.of_response(db, round_id, unit)
        assert [(r["question"], r["kind"]) for r in rows] == [(f"/{section}/{name}", "file"),
                                                              (f"/{section}/{name}", "link")]
    shown = client.get(url).get_data(as_text=True)
    assert shown.count(">Mötesplatser.pdf</a>") == 1 and shown.count(">https://example.se/motesplatser</a>") == 1
    download = re.search(r'href="(/svar/\d+/\d+/underlag/\d+)"', shown).group(1)
    assert client.get(download).data == PDF
    remove = re.search(r'formaction="([^"]+/underlag/\d+/ta-bort)"[^>]*>Ta bort<span class="visually-hidden"> '
                       r'Mötesplatser.pdf', shown).group(1)
    removed = client.post(remove, data={"csrf_token": csrf_token(shown)})
    assert removed.status_code == 302 and removed.headers["Location"].endswith(url)
    assert [r["kind"] for r in db.query("select kind from evidence")] == ["link"] * 3  # every copy of the file
    assert not any((tmp_path / "evidence").iterdir())
    other = client.application.test_client()
    login(other, "vd@example.se", yc.MANAGER[1])
    other_token = csrf_token(other.get("/logga-in").get_data(as_text=True))
    link_id = db.execute("select min(id) from evidence").fetchone()[0]
    refused = other.post(f"/uppfoljning/{followup_id}/{unit}/underlag/{link_id}/ta-bort",
                         data={"csrf_token": other_token})
    assert refused.status_code == 404 and db.execute("select count(*) from evidence").fetchone()[0] == 3
    db.close()


def test_shared_evidence_needs_csrf_goes_to_the_policies_asking_and_shows_on_their_results(content_copy, tmp_path):
    built, db, unit, followup_id, client = _manager_with_evidence(content_copy, tmp_path,
                                                                  evidence_in=(yc.FALKOPING, yc.NAME))
    base = f"/uppfoljning/{followup_id}/{unit}/"
    form = {PREFIX + "policy-known": "delvis", PREFIX + "meeting-places": "ja", PREFIX + "recruited": "nej",
            PREFIX + "associations": "nej", "e-file-meeting-places": (io.BytesIO(PDF), "Mötesplatser.pdf")}
    forged = client.post(base + "gemensamma", data=form, content_type="multipart/form-data")
    assert forged.status_code == 400 and "säkerhetskod" in forged.get_data(as_text=True)
    assert db.execute("select count(*) from evidence").fetchone()[0] == 0
    form["e-file-meeting-places"] = (io.BytesIO(PDF), "Mötesplatser.pdf")
    token = csrf_token(client.get(base + "gemensamma").get_data(as_text=True))
    saved = client.post(base + "gemensamma", data={"csrf_token": token} | form, content_type="multipart/form-data")
    assert saved.status_code == 302, saved.get_data(as_text=True)
    rounds = yearly.unit_rounds(db, followup_id, unit)
    asking = [r for r in rounds if r["policy"] in (yc.FALKOPING, yc.NAME)]
    for round_ in rounds:  # a policy whose question asks for no evidence keeps none
        expected = [_place(round_, "meeting-places")] if round_ in asking else []
        assert [r["question"] for r in evidence.of_response(db, round_["id"], unit)] == expected
    _answer_the_rest(db, built, rounds, unit)
    assert _post(client, base + "lamna-in", {}, base).status_code == 302
    for round_ in rounds:  # each asking policy's results page lists it, as any evidence; the download works
        results = client.get(f"/svar/{round_['id']}/{unit}/resultat").get_data(as_text=True)
        assert ("Mötesplatser.pdf" in results) == (round_ in asking)
        if round_ in asking:
            download = re.search(rf'href="(/svar/{round_["id"]}/{unit}/underlag/\d+)"', results).group(1)
            assert client.get(download).data == PDF
    coordinator = client.application.test_client()
    login(coordinator, *yc.COORDINATOR)
    for round_ in rounds:
        page = coordinator.get(f"/samordna/omgang/{round_['id']}/atgarder").get_data(as_text=True)
        assert ("Mötesplatser.pdf" in page) == (round_ in asking)
    db.close()


def test_shared_evidence_after_one_policy_is_submitted_on_its_own(content_copy, tmp_path):
    built = yc.site(content_copy, tmp_path / "site.db", evidence=("meeting-places",))
    db = store_db.connect(built["path"])
    unit = built["units"]["Kulturnämnden"]
    followup_id = yearly.open_followup(db, built["org"], YEAR, list(built["policies"].values()),
                                       per_policy_submit=True)
    first = yearly.unit_rounds(db, followup_id, unit)[0]
    _answer_the_rest(db, built, [first], unit)
    app = create_app({"DATABASE": str(built["path"]), "SECRET_KEY": "t", "TESTING": True,
                      "EVIDENCE_DIR": str(tmp_path / "evidence")})
    client = app.test_client()
    login(client, *yc.MANAGER)
    base = f"/uppfoljning/{followup_id}/{unit}/"
    assert _post(client, base + "lamna-in", {"round_id": str(first["id"])}, base).status_code == 302
    token = csrf_token(client.get(base + "gemensamma").get_data(as_text=True))
    form = {"csrf_token": token, PREFIX + "meeting-places": "ja", "e-link-meeting-places": "https://example.se/m"}
    saved = client.post(base + "gemensamma", data=form, content_type="multipart/form-data")
    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert evidence.of_response(db, first["id"], unit) == []  # the submitted policy is not changed
    shown = client.get(base + "gemensamma").get_data(as_text=True)
    assert shown.count(">https://example.se/m</a>") == 1
    kept = evidence.add_link(db, first["id"], unit, _place(first, "meeting-places"), "https://example.se/k",
                             user_id=None)
    token = csrf_token(client.get(base).get_data(as_text=True))  # the submitted policy's own copy is kept
    refused = client.post(f"{base}underlag/{kept}/ta-bort", data={"csrf_token": token}, follow_redirects=True)
    assert "Svaret kan inte ändras" in refused.get_data(as_text=True)
    assert [r["id"] for r in evidence.of_response(db, first["id"], unit)] == [kept]
    db.close()


def _place(round_: dict, key: str) -> str:
    """The pointer of a shared question in one policy's response."""
    return next(f"/{s}/{n}" for (s, n), shared in yc.SHARED[round_["policy"]].items() if shared == key)


def test_the_grid_and_the_profile_lead_to_each_response_and_count_its_evidence(built, client):
    followup_id = _open(client, built)
    base = f"/samordna/uppfoljningar/{followup_id}"
    unit = built["units"]["Kulturnämnden"]
    db = store_db.connect(built["path"])
    first, second = yearly.unit_rounds(db, followup_id, unit)[:2]
    responses.save(db, first["id"], unit, {}, user_id=None, base_version=0)
    section = next(iter(built["content"].questionnaires[first["policy"]]["properties"]))
    evidence.add_link(db, first["id"], unit, f"/{section}/x", "https://example.se/plan.pdf", user_id=None)
    grid = client.get(base).get_data(as_text=True)
    assert f'href="/svar/{first["id"]}/{unit}/"' in grid  # a draft: the answers so far
    assert f'href="/svar/{second["id"]}/{unit}/' not in grid  # not started: nothing to read
    profile = client.get(f"{base}/enhet/{unit}/profil").get_data(as_text=True)
    row = re.search(rf'<a href="/svar/{first["id"]}/{unit}/">[^<]+</a></th>(.*?)</tr>', profile, re.S)
    assert row and re.findall(r"<td>(\d+)</td>", row.group(1))[-1] == "1"
    assert client.get(f"/svar/{first['id']}/{unit}/").status_code == 200  # the coordinator may read it
