"""The policy workshop through the real app: upload a document, edit the draft in forms, preview
it as a unit sees it, publish it as content versions, open a round and answer it; stale edits,
access, lint findings at their items, revising a published policy, and the zip for `survey load`.
"""
from __future__ import annotations

import io
import random
import re
import time
import zipfile

import documents
import pytest

from survey import demo
from survey.cli import cli
from survey.content import questionnaire as q
from survey.store import content as store_content
from survey.store import drafts, responses
from tests.web import csrf_token, form_fields, login, post_form
from tests.workshop import (
    COORDINATOR,
    MANAGER,
    NEW_ID,
    OLOFSTROM,
    OTHER_COORDINATOR,
    change,
    draft_id,
    first_question,
    new_draft,
    page_version,
    upload,
)


def test_upload_edit_preview_publish_open_a_round_and_answer_it(client, app_db):
    started = time.perf_counter()
    draft = new_draft(client, app_db)
    page = client.get(f"/verkstad/{draft}")
    assert page.status_code == 200 and "Policytexten" in page.text and "Granskningen hittade" not in page.text
    section, name = first_question(app_db, draft)
    wording = "Har nämnden öppnat sina arbetsplatser för språkpraktik under året?"
    saved = change(client, draft, f"question:{section}/{name}", title=wording, description="Svara för hela året.",
                   scale="ja-nej", evidence="on")
    assert saved.status_code == 302, saved.text
    stored = drafts.draft(app_db, draft)
    schema = stored["questionnaire"]["properties"][section]["properties"][name]
    assert schema["title"] == wording and [c["const"] for c in schema["oneOf"]] == ["ja", "nej"]
    assert stored["version"] == 2

    preview = client.get(f"/verkstad/{draft}/forhandsvisning/nämnd")
    assert preview.status_code == 200 and wording in preview.text and "Svara för hela året." in preview.text

    published = post_form(client, f"/verkstad/{draft}/publicera", {"x-version": str(stored["version"])},
                          page_url=f"/verkstad/{draft}")
    assert published.status_code == 302, published.text
    elapsed = time.perf_counter() - started
    policy = store_content.policy_by_name(app_db, NEW_ID)
    served = store_content.version_body(app_db, policy["questionnaire_version_id"])
    assert served["properties"][section]["properties"][name]["title"] == wording
    assert served["x-policy"]["municipality"] == "Olofströms kommun"

    opened = post_form(client, "/samordna/omgang/ny", {"policy": policy["id"], "year": 2027,
                                                        "unit_kinds": list(q.UNIT_KINDS)}, page_url="/samordna/")
    assert opened.status_code == 302, opened.text
    round_id = int(opened.headers["Location"].rstrip("/").split("/")[-1])

    client.post("/logga-ut", data={"csrf_token": csrf_token(client.get("/verkstad/").text)})
    assert login(client, MANAGER).status_code == 302
    unit_id = next(app_db.query("select id from units where name = 'Socialnämnden' and organisation_id = ?",
                                [policy["organisation_id"]]))["id"]
    url = f"/svar/{round_id}/{unit_id}"
    view = q.for_unit(served, {"kind": "nämnd"})
    answers = demo.answers_for(served, {"kind": "nämnd"}, random.Random(3), 0.9, 2027)
    for name_, section_ in q.sections(view):
        page = client.get(f"{url}/avsnitt/{name_}")
        assert page.status_code == 200
        if name_ == section:
            assert wording in page.text
        fields = form_fields(section_, answers[name_]) | {"x-action": "save"}
        posted = post_form(client, f"{url}/avsnitt/{name_}", fields)
        assert posted.status_code == 302, posted.text
    submitted = post_form(client, url + "/lamna-in", {}, page_url=url + "/lamna-in")
    assert submitted.status_code == 302 and submitted.headers["Location"].endswith("/resultat"), submitted.text
    response = responses.get_response(app_db, round_id, unit_id)
    assert response["status"] == "submitted" and responses.stored_results(app_db, response["id"])
    print(f"upload → edit → preview → publish: {elapsed:.2f} s")


def test_a_stale_edit_is_refused_and_the_typed_text_is_kept(client, app_db):
    draft = new_draft(client, app_db)
    section, name = first_question(app_db, draft)
    old = page_version(client.get(f"/verkstad/{draft}").text)
    assert change(client, draft, f"question:{section}/{name}", title="Första ändringen?", scale="ja-delvis-nej",
                  evidence="on").status_code == 302
    stale = change(client, draft, f"question:{section}/{name}", version=old, title="Min egen formulering?",
                   scale="ja-delvis-nej", evidence="on")
    assert stale.status_code == 409
    assert "Min egen formulering?" in stale.text and "Din ändring är inte sparad än" in stale.text
    assert drafts.draft(app_db, draft)["questionnaire"]["properties"][section]["properties"][name]["title"] \
        == "Första ändringen?"
    again = change(client, draft, f"question:{section}/{name}", version=page_version(stale.text),
                   title="Min egen formulering?", scale="ja-delvis-nej", evidence="on")
    assert again.status_code == 302


def test_invalid_edit_is_refused_at_its_field_with_the_typing_kept(client, app_db):
    draft = new_draft(client, app_db)
    rule = drafts.draft(app_db, draft)["ruleset"]["requirements"][0]
    refused = change(client, draft, f"requirement:{rule['id']}", title="Eget krav", source=rule["source"],
                     kinds=[], met="9", partly="1", advice="")
    assert refused.status_code == 422
    assert "Välj minst en enhetstyp." in refused.text and 'value="Eget krav"' in refused.text
    assert 'class="error-summary"' in refused.text


def test_another_organisation_gets_404_everywhere(client, app_db):
    draft = new_draft(client, app_db)
    version = page_version(client.get(f"/verkstad/{draft}").text)
    client.post("/logga-ut", data={"csrf_token": csrf_token(client.get("/verkstad/").text)})
    for email in (OTHER_COORDINATOR, MANAGER):
        assert login(client, email).status_code == 302
        token = csrf_token(client.get("/", follow_redirects=True).text)
        for url in (f"/verkstad/{draft}", f"/verkstad/{draft}/forhandsvisning/nämnd", f"/verkstad/{draft}/filer.zip"):
            assert client.get(url).status_code == 404, (email, url)
        for url in (f"/verkstad/{draft}/andra", f"/verkstad/{draft}/publicera"):
            posted = client.post(url, data={"csrf_token": token, "x-version": version, "item": "policy"})
            assert posted.status_code == 404, (email, url)
        client.post("/logga-ut", data={"csrf_token": token})
    assert login(client, MANAGER).status_code == 302
    assert client.get("/verkstad/").status_code == 404


def test_a_lint_finding_is_shown_at_its_item(client, app_db):
    draft = new_draft(client, app_db)
    section, name = first_question(app_db, draft)
    rid = drafts.draft(app_db, draft)["questionnaire"]["properties"][section]["properties"][name]["x-serves"][0]
    removed = change(client, draft, f"question:{section}/{name}", action="remove")
    assert removed.status_code == 302
    page = client.get(f"/verkstad/{draft}").text
    item = re.search(rf'<form[^>]*id="i-requirement-{rid.lower()}".*?</form>', page, re.S).group(0)
    assert "has-finding" in item and "criteria: Minst 1 post." in item
    refused = post_form(client, f"/verkstad/{draft}/publicera", {}, page_url=f"/verkstad/{draft}")
    assert refused.status_code == 422 and store_content.policies(app_db) and not any(
        p["name"] == NEW_ID for p in store_content.policies(app_db))


def test_upload_limits_type_and_size(client, app_db):
    assert login(client, COORDINATOR).status_code == 302
    wrong = upload(client, b"%PDF-1.4 not a word file", "policy.docx")
    assert wrong.status_code == 422 and "stämmer inte med filtypen DOCX" in wrong.text
    binary = upload(client, b"\x00\x01binary", "policy.txt")
    assert binary.status_code == 422 and "stämmer inte med filtypen TXT" in binary.text
    unknown = upload(client, b"hej", "policy.exe")
    assert unknown.status_code == 422 and "Filtypen stöds inte" in unknown.text
    huge = upload(client, b"a" * (21 * 1024 * 1024), "policy.txt")
    assert huge.status_code == 413 and "Filen är för stor" in huge.text


def test_revising_compares_and_keeps_edited_questions(client, app_db):
    assert login(client, COORDINATOR).status_code == 302
    policy = store_content.policy_by_name(app_db, OLOFSTROM)
    published = store_content.version_body(app_db, policy["questionnaire_version_id"])
    text = documents.seed("olofstrom")
    first = upload(client, text.encode(), "policy.txt", policy_id=OLOFSTROM)
    draft = draft_id(first)
    section, name = first_question(app_db, draft)
    kept = "Har verksamheten öppnat arbetsplatser för språkpraktik (egen formulering)?"
    assert change(client, draft, f"question:{section}/{name}", title=kept, scale="ja-delvis-nej",
                  evidence="on").status_code == 302
    stored = drafts.draft(app_db, draft)
    assert post_form(client, f"/verkstad/{draft}/publicera", {}, page_url=f"/verkstad/{draft}").status_code == 302
    now = store_content.policy_by_name(app_db, OLOFSTROM)
    assert now["questionnaire_version_id"] != policy["questionnaire_version_id"]
    earlier = list(app_db.query("select questionnaire_version_id from rounds where policy_id = ?", [policy["id"]]))
    assert earlier and all(r["questionnaire_version_id"] == policy["questionnaire_version_id"] for r in earlier)
    assert published["x-policy"]["title"]

    duties = [r for r in stored["ruleset"]["requirements"] if r["kind"] != "goal"]
    reworded_source, removed_source = duties[1]["source"], duties[2]["source"]
    lines = text.splitlines()
    at = {k: next(i for i, line in enumerate(lines) if source in line)
          for k, source in (("reworded", reworded_source), ("removed", removed_source))}
    lines[at["reworded"]] = lines[at["reworded"]].replace("verksamhetsplanen", "verksamhetsplanen och budgeten")
    lines[at["removed"]] = "- ♦ ta fram en årlig handlingsplan för mottagande av nyanlända,"
    revised = "\n".join(lines)
    page = client.get("/verkstad/")
    response = client.post("/verkstad/revidera", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(page.text), "policy": policy["id"], "adopted_date": "2027-02-01",
        "file": (io.BytesIO(revised.encode()), "reviderad.txt")})
    assert response.status_code == 302, response.text
    revision = drafts.draft(app_db, draft_id(response))
    statuses = {row["new"]["source"] if row["new"] else row["old"]["source"]: row["status"]
                for row in revision["comparison"]["requirements"]}
    assert statuses[removed_source] == "removed"
    assert any(s == "reworded" and "budgeten" in source for source, s in statuses.items())
    assert any(s == "added" and "handlingsplan" in source for source, s in statuses.items())
    titles = [schema["title"] for _s, _n, schema in q.questions(revision["questionnaire"])]
    assert kept in titles
    assert revision["questionnaire"]["x-policy"]["adopted_date"] == "2027-02-01"
    shown = client.get(f"/verkstad/{revision['id']}").text
    for label in ("Tillagt", "Borttaget", "Omformulerat", "Oförändrat"):
        assert label in shown
    assert post_form(client, f"/verkstad/{revision['id']}/publicera", {},
                     page_url=f"/verkstad/{revision['id']}").status_code == 302
    home = client.get("/samordna/").text
    assert "Aktuell</span>: nästa revision ska beslutas under mandatperioden som börjar 2030-10-15. Antagen" in home
    assert "2027-02-01" in home


def test_survey_load_of_the_downloaded_zip_gives_the_same_version(client, app_db, runner, tmp_path):
    draft = new_draft(client, app_db)
    assert post_form(client, f"/verkstad/{draft}/publicera", {}, page_url=f"/verkstad/{draft}").status_code == 302
    policy = store_content.policy_by_name(app_db, NEW_ID)
    download = client.get(f"/verkstad/{draft}/filer.zip")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        assert sorted(archive.namelist()) == [f"policies/{NEW_ID}.txt", f"questionnaires/{NEW_ID}.json",
                                              f"rules/{NEW_ID}.json"]
        archive.extractall(tmp_path / "content")
    loaded = runner.invoke(cli, ["--db", str(tmp_path / "other.db"), "--content", str(tmp_path / "content"), "load"])
    assert loaded.exit_code == 0, loaded.output
    from survey.store import db as store_db
    other = store_db.connect(tmp_path / "other.db")
    digests = [store_content.version_digest(other, store_content.policy_by_name(other, NEW_ID)[key])
               for key in ("questionnaire_version_id", "ruleset_version_id")]
    assert digests == [store_content.version_digest(app_db, policy[key])
                       for key in ("questionnaire_version_id", "ruleset_version_id")]
    same = runner.invoke(cli, ["--db", app_db_path(app_db), "--content", str(tmp_path / "content"), "load"])
    assert same.exit_code == 0 and "ny version" not in same.output, same.output
    unchanged = store_content.policy_by_name(app_db, NEW_ID)
    assert unchanged["questionnaire_version_id"] == policy["questionnaire_version_id"]


def app_db_path(db) -> str:
    return next(db.query("pragma database_list"))["file"]


def _findings(page: str) -> int:
    """How many lint findings the draft page reports."""
    found = re.search(r"Granskningen hittade (\d+) fel", page)
    return int(found.group(1)) if found else 0


def test_add_move_and_remove_items_keep_the_draft_consistent(client, app_db):
    draft = new_draft(client, app_db)
    before = drafts.draft(app_db, draft)
    goals = [g["id"] for g in before["questionnaire"]["x-policy"]["goals"]]
    added = change(client, draft, "policy", action="add-goal")
    assert added.status_code == 302 and "#i-goal-" in added.headers["Location"]
    after = drafts.draft(app_db, draft)
    new_goal = after["questionnaire"]["x-policy"]["goals"][-1]["id"]
    assert new_goal not in goals
    assert change(client, draft, f"goal:{new_goal}", action="up").status_code == 302
    assert [g["id"] for g in drafts.draft(app_db, draft)["questionnaire"]["x-policy"]["goals"]][-2] == new_goal
    section = next(iter(after["questionnaire"]["properties"]))
    assert change(client, draft, f"section:{section}", action="add-requirement").status_code == 302
    page = client.get(f"/verkstad/{draft}").text
    # consistent, but a new item must quote the adopted text: lint says so at each placeholder quote, nothing else
    assert _findings(page) == page.count("citatet finns inte i") > 0
    assert "Nytt krav (skriv kravet)" in page and "Nytt mål (skriv målet)" in page
    assert change(client, draft, f"goal:{goals[0]}", action="remove").status_code == 302
    final = drafts.draft(app_db, draft)
    assert goals[0] not in [g["id"] for g in final["questionnaire"]["x-policy"]["goals"]]
    assert not any(goals[0] in s["x-serves"] for _s, _n, s in q.questions(final["questionnaire"]))
    page = client.get(f"/verkstad/{draft}").text
    assert _findings(page) == page.count("citatet finns inte i") > 0  # only the new items' quotes
    assert [h["version"] for h in drafts.history(app_db, draft)] == [5, 4, 3, 2, 1]


def test_revising_refuses_a_bad_date_and_a_missing_file_with_the_typing_kept(client, app_db):
    assert login(client, COORDINATOR).status_code == 302
    policy = store_content.policy_by_name(app_db, OLOFSTROM)
    page = client.get("/verkstad/")
    refused = client.post("/verkstad/revidera", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(page.text), "policy": policy["id"], "adopted_date": "2027-13-45"})
    assert refused.status_code == 422
    assert "Ange datumet som ÅÅÅÅ-MM-DD" in refused.text and "Välj en fil med policyn." in refused.text
    assert 'value="2027-13-45"' in refused.text and 'href="#revised-file"' in refused.text


def test_the_workshop_pages_in_english(client, app_db):
    draft = new_draft(client, app_db)
    client.post("/sprak", data={"csrf_token": csrf_token(client.get("/verkstad/").text), "lang": "en",
                                "next": f"/verkstad/{draft}"})
    page = client.get(f"/verkstad/{draft}")
    assert page.status_code == 200 and "The policy text" in page.text and "Move up" in page.text
    assert "Preview for nämnd" in client.get(f"/verkstad/{draft}/forhandsvisning/nämnd").text


def test_draft_storage_checks_the_version_and_keeps_an_append_only_history(db):
    from survey.store import register

    organisation = register.organisation(db, "Testkommun")
    draft = drafts.create(db, organisation, "test-policy", text="Text\n", questionnaire={"a": 1}, ruleset={"b": 1},
                          review=[], user_id=None)
    saved = drafts.save(db, draft, {"a": 2}, {"b": 2}, base_version=1, user_id=None, action="save policy")
    assert saved["version"] == 2 and saved["questionnaire"] == {"a": 2}
    with pytest.raises(drafts.StaleDraft) as stale:
        drafts.save(db, draft, {"a": 3}, {"b": 3}, base_version=1, user_id=None, action="save policy")
    assert stale.value.current["questionnaire"] == {"a": 2}
    assert drafts.draft(db, draft)["version"] == 2
    with pytest.raises(Exception, match="append-only"):
        db.execute("update draft_history set action = 'x'")
    with pytest.raises(Exception, match="append-only"):
        db.execute("delete from draft_history")
    assert [h["version"] for h in drafts.history(db, draft)] == [2, 1]
