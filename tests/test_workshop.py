"""The policy workshop through the real app, without JavaScript: a coordinator onboards a policy
of another municipality (upload, fix, add the duty derivation missed with its quote picked from
the text, metadata, file evidence, preview, publish, open the round) and a manager answers it;
no edit is lost, removals ask first, placeholders block publishing and say where, the preview is
the respondent's form, access, limits, revising, the zip for `survey load`, English.
"""
from __future__ import annotations

import io
import random
import re
import zipfile

import documents
import pytest

from survey import demo
from survey.cli import cli
from survey.content import questionnaire as q
from survey.content.restructure import short
from survey.store import content as store_content
from survey.store import drafts, responses
from tests.web import csrf_token, form_fields, login, post_form
from tests.workshop import (
    COORDINATOR,
    MANAGER,
    MISSED,
    NEW_ID,
    OLOFSTROM,
    OTHER_COORDINATOR,
    PageForm,
    draft_form,
    draft_id,
    new_draft,
    policy_docx,
    post_page,
    upload,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _requirement(app_db, draft: int, words: str) -> dict:
    return next(r for r in drafts.draft(app_db, draft)["ruleset"]["requirements"] if words in r["source"])


def test_a_coordinator_onboards_a_policy_without_javascript_and_a_manager_answers_it(client, app_db):
    posts = 0
    draft = new_draft(client, policy_docx(), policy_id="")
    posts += 2
    stored = drafts.draft(app_db, draft)
    assert stored["name"] == "olofstrom-mangfaldspolicy"  # readable, the coordinator's organisation, no "ort-orts"
    page = client.get(f"/verkstad/{draft}").text
    assert "Dokumentet nämner Orts kommun" in page  # filed under Olofström: said, not silent
    assert MISSED not in [r["source"] for r in stored["ruleset"]["requirements"]]

    form = PageForm(page)
    form.set("goal:M1|title", "Likvärdigt bemötande")
    form.set("policy|adopted_by", "Kommunfullmäktige").set("policy|adopted_date", "2024-05-13")
    form.set("policy|adopted_paragraph", "41").set("policy|replaces", "Jämställdhetsplanen från 2016")
    n1 = _requirement(app_db, draft, "handlingsplan")
    section, question = next((s, n) for s, n, schema in q.questions(stored["questionnaire"])
                             if schema["x-serves"] == [n1["id"]] and "oneOf" in schema)
    form.tick(f"question:{section}/{question}|evidence", ["on"])
    saved = post_page(client, draft, form, "save:policy")
    posts += 1
    assert saved.status_code == 302, saved.text
    stored = drafts.draft(app_db, draft)
    policy = stored["questionnaire"]["x-policy"]
    assert (policy["adopted_by"], policy["adopted_date"], policy["adopted_paragraph"]) == (
        "Kommunfullmäktige", "2024-05-13", "§ 41")
    assert policy["goals"][0]["title"] == "Likvärdigt bemötande"  # another item's typing, saved with the page
    assert stored["questionnaire"]["properties"][section]["properties"][question]["x-evidence"] is True
    assert not [n for n in policy["x-review"] if n["about"] in ("adopted_by", "adopted_date", "adopted_paragraph")]

    # the duty derivation missed: a new requirement starts by choosing its sentence
    to_picker = post_page(client, draft, draft_form(client, draft), "new:requirement")
    posts += 1
    assert to_picker.status_code == 302 and "/citat?" in to_picker.headers["Location"]
    picker = client.get(to_picker.headers["Location"] + "&sok=redovisar")
    assert picker.status_code == 200 and "1 av" in picker.text and MISSED in picker.text
    chosen = PageForm(picker.text.replace("<form method=\"post\"", "<form id=\"pick\" method=\"post\""), "pick")
    chosen.set("section", "new:bolag").tick("sentence", [MISSED])
    added = post_page(client, draft, chosen, None, url=f"/verkstad/{draft}/citat")
    posts += 1
    assert added.status_code == 302, added.text
    new_rule = _requirement(app_db, draft, "redovisar varje år")
    assert new_rule["source"] == MISSED and new_rule["applies_to"] == ["bolag"]

    # a sentence of the purpose read as a duty for everyone: removing its section asks first
    stored = drafts.draft(app_db, draft)
    spurious = _requirement(app_db, draft, "känna till policyn")
    home = next(s for s, _n, schema in q.questions(stored["questionnaire"]) if spurious["id"] in schema["x-serves"])
    asked = post_page(client, draft, draft_form(client, draft), f"remove:section:{home}")
    posts += 1
    assert asked.status_code == 302 and "/ta-bort?" in asked.headers["Location"]
    confirm = client.get(asked.headers["Location"])
    assert spurious["title"] in confirm.text
    removed = post_form(client, f"/verkstad/{draft}/ta-bort", {"item": f"section:{home}"},
                        page_url=asked.headers["Location"])
    posts += 1
    assert removed.status_code == 302 and spurious["id"] not in [
        r["id"] for r in drafts.draft(app_db, draft)["ruleset"]["requirements"]]

    for som in ("kind:nämnd", "kind:bolag"):
        preview = client.get(f"/verkstad/{draft}/forhandsvisning?som={som}")
        assert preview.status_code == 200
    assert 'name="e-file-' in client.get(f"/verkstad/{draft}/forhandsvisning?som=kind:nämnd").text
    assert 'name="e-file-' not in client.get(f"/verkstad/{draft}/forhandsvisning?som=kind:bolag").text

    published = post_page(client, draft, draft_form(client, draft), "publish", url=f"/verkstad/{draft}/publicera")
    posts += 1
    assert published.status_code == 302, published.text
    next_step = client.get(published.headers["Location"])
    assert "Det här är policyns första version." in next_step.text and "Öppna omgången" in next_step.text
    policy_row = store_content.policy_by_name(app_db, "olofstrom-mangfaldspolicy")
    round_page = client.get(re.search(r'href="(/samordna/\?policy=\d+)#ny"', next_step.text).group(1))
    chosen_kinds = [re.search(r'value="([^"]+)"', tag).group(1) for tag in re.findall(r"<input[^>]*>", round_page.text)
                    if 'name="unit_kinds"' in tag and "checked" in tag]
    assert sorted(chosen_kinds) == sorted(q.policy_kinds(store_content.version_body(
        app_db, policy_row["questionnaire_version_id"])))
    opened = post_form(client, "/samordna/omgang/ny", {"policy": policy_row["id"], "year": 2027,
                                                        "unit_kinds": chosen_kinds}, page_url="/samordna/")
    posts += 1
    assert opened.status_code == 302, opened.text
    round_id = int(opened.headers["Location"].rstrip("/").split("/")[-1])
    print(f"coordinator's posts without JavaScript: {posts}")

    client.post("/logga-ut", data={"csrf_token": csrf_token(client.get("/verkstad/").text)})
    assert login(client, MANAGER).status_code == 302
    unit_id = next(app_db.query("select id from units where name = 'Socialnämnden' and organisation_id = ?",
                                [policy_row["organisation_id"]]))["id"]
    url = f"/svar/{round_id}/{unit_id}"
    served = store_content.version_body(app_db, policy_row["questionnaire_version_id"])
    view = q.for_unit(served, {"kind": "nämnd"})
    answers = demo.answers_for(served, {"kind": "nämnd"}, random.Random(3), 1.0, 2027)
    for name, schema in q.sections(view):
        page = client.get(f"{url}/avsnitt/{name}")
        fields = form_fields(schema, answers[name]) | {"x-action": "save", "csrf_token": csrf_token(page.text),
                                                       "x-version": re.search(r'name="x-version" value="(\d+)"',
                                                                              page.text).group(1)}
        if name == section:
            fields[f"e-file-{question}"] = (io.BytesIO(PDF), "handlingsplan.pdf")
        posted = client.post(f"{url}/avsnitt/{name}", data=fields, content_type="multipart/form-data")
        assert posted.status_code == 302, posted.text
    submitted = post_form(client, url + "/lamna-in", {}, page_url=url + "/lamna-in")
    assert submitted.status_code == 302 and submitted.headers["Location"].endswith("/resultat"), submitted.text
    results = client.get(url + "/resultat").text
    assert "handlingsplan.pdf" in results
    response = responses.get_response(app_db, round_id, unit_id)
    assert response["status"] == "submitted" and responses.stored_results(app_db, response["id"])


def test_a_save_never_discards_another_items_typing_and_merges_what_others_saved(client, app_db):
    draft = new_draft(client)
    mine, theirs = draft_form(client, draft), draft_form(client, draft)
    goals = [g["id"] for g in drafts.draft(app_db, draft)["questionnaire"]["x-policy"]["goals"]]
    theirs.set(f"goal:{goals[1]}|title", "Deras titel")
    assert post_page(client, draft, theirs, f"save:goal:{goals[1]}").status_code == 302
    mine.set(f"goal:{goals[0]}|title", "Min titel").set("policy|title", "Min policy")
    assert post_page(client, draft, mine, f"save:goal:{goals[0]}").status_code == 302  # stale, but other items
    titles = [g["title"] for g in drafts.draft(app_db, draft)["questionnaire"]["x-policy"]["goals"]]
    assert titles[:2] == ["Min titel", "Deras titel"]
    assert drafts.draft(app_db, draft)["questionnaire"]["x-policy"]["title"] == "Min policy"

    late = PageForm(client.get(f"/verkstad/{draft}").text)
    late.fields = [f if f[0] != "x-version" else ["x-version", "2"] for f in late.fields]
    late.set(f"goal:{goals[1]}|title", "Krockar").set(f"goal:{goals[2]}|title", "Också skrivet")
    clash = post_page(client, draft, late, f"save:goal:{goals[1]}")
    assert clash.status_code == 409 and "Någon annan har ändrat samma punkt" in clash.text
    assert 'value="Krockar"' in clash.text and 'value="Också skrivet"' in clash.text  # nothing typed is lost

    refused = draft_form(client, draft).set(f"goal:{goals[0]}|title", "").set(f"goal:{goals[2]}|title", "Kvar")
    answer = post_page(client, draft, refused, f"save:goal:{goals[0]}")
    assert answer.status_code == 422 and "Fyll i fältet." in answer.text and 'value="Kvar"' in answer.text
    assert f'id="i-goal-{goals[0].lower()}" open' in answer.text


def test_removing_a_goal_asks_first_says_what_goes_with_it_and_can_be_undone(client, app_db):
    draft = new_draft(client)
    before = drafts.draft(app_db, draft)
    goal = before["questionnaire"]["x-policy"]["goals"][0]
    asked = post_page(client, draft, draft_form(client, draft), f"remove:goal:{goal['id']}")
    assert asked.status_code == 302 and "/ta-bort?" in asked.headers["Location"]
    assert goal in drafts.draft(app_db, draft)["questionnaire"]["x-policy"]["goals"]
    confirm = client.get(asked.headers["Location"]).text
    judged = [r["title"] for r in before["ruleset"]["requirements"] if r["goals"] == [goal["id"]]]
    assert judged and all(title in confirm for title in judged)
    assert post_form(client, f"/verkstad/{draft}/ta-bort", {"item": f"goal:{goal['id']}"},
                     page_url=asked.headers["Location"]).status_code == 302
    gone = drafts.draft(app_db, draft)
    assert goal["id"] not in [g["id"] for g in gone["questionnaire"]["x-policy"]["goals"]]
    history = client.get(f"/verkstad/{draft}").text
    assert f"Målet ”{goal['title']}” togs bort." in history
    assert post_form(client, f"/verkstad/{draft}/angra", {}, page_url=f"/verkstad/{draft}").status_code == 302
    back = drafts.draft(app_db, draft)
    assert (back["questionnaire"], back["ruleset"]) == (before["questionnaire"], before["ruleset"])
    page = client.get(f"/verkstad/{draft}").text
    assert "Gör om det ångrade" in page and "Den senaste ändringen ångrades." in page
    assert post_form(client, f"/verkstad/{draft}/gor-om", {}, page_url=f"/verkstad/{draft}").status_code == 302
    assert goal["id"] not in [g["id"] for g in drafts.draft(app_db, draft)["questionnaire"]["x-policy"]["goals"]]
    page = client.get(f"/verkstad/{draft}").text
    assert "Den ångrade ändringen gjordes igen." in page and "Gör om det ångrade" not in page


def test_a_draft_with_a_placeholder_cannot_be_published_and_says_where(client, app_db):
    draft = new_draft(client)
    goal = drafts.draft(app_db, draft)["questionnaire"]["x-policy"]["goals"][1]["id"]
    form = draft_form(client, draft).set(f"goal:{goal}|title", "Nytt mål (skriv målet)")
    refused = post_page(client, draft, form, "publish", url=f"/verkstad/{draft}/publicera")
    assert refused.status_code == 422 and "kan inte publiceras än" in refused.text
    assert f'href="/verkstad/{draft}?open=goal:{goal}#i-goal-{goal.lower()}"' in refused.text.replace("%3A", ":")
    assert "Texten är en platshållare" in refused.text
    assert not any(p["name"] == NEW_ID for p in store_content.policies(app_db))


def test_the_preview_is_the_form_a_manager_gets(client, app_db):
    draft = new_draft(client)
    stored = drafts.draft(app_db, draft)
    section, question = next((s, n) for s, n, schema in q.questions(stored["questionnaire"]) if "oneOf" in schema)
    form = draft_form(client, draft).tick(f"question:{section}/{question}|evidence", ["on"])
    assert post_page(client, draft, form, "publish", url=f"/verkstad/{draft}/publicera").status_code == 302
    policy = store_content.policy_by_name(app_db, NEW_ID)
    unit = next(app_db.query("select id, kind from units where name = 'Socialnämnden' and organisation_id = ?",
                             [policy["organisation_id"]]))
    opened = post_form(client, "/samordna/omgang/ny", {"policy": policy["id"], "year": 2027, "unit_kinds": ["nämnd"]},
                       page_url="/samordna/")
    round_id = int(opened.headers["Location"].rstrip("/").split("/")[-1])
    preview = client.get(f"/verkstad/{draft}/forhandsvisning?som=unit:{unit['id']}").text
    client.post("/logga-ut", data={"csrf_token": csrf_token(preview)})
    assert login(client, MANAGER).status_code == 302
    shown = re.findall(r'<div class="questions">.*?\n</div>', preview, re.S)
    served = q.for_unit(stored["questionnaire"], {"kind": unit["kind"], "name": "Socialnämnden"})
    assert len(shown) == len(q.sections(served)) > 1
    for (name, _schema), html in zip(q.sections(served), shown):
        real = client.get(f"/svar/{round_id}/{unit['id']}/avsnitt/{name}").text
        assert re.search(r'<div class="questions">.*?\n</div>', real, re.S).group(0) == html
    assert 'name="e-file-' + question in preview and "Frågan hör till" in preview


def test_another_organisation_gets_404_everywhere(client, app_db):
    draft = new_draft(client)
    page = client.get(f"/verkstad/{draft}").text
    client.post("/logga-ut", data={"csrf_token": csrf_token(page)})
    for email in (OTHER_COORDINATOR, MANAGER):
        assert login(client, email).status_code == 302
        token = csrf_token(client.get("/", follow_redirects=True).text)
        for url in (f"/verkstad/{draft}", f"/verkstad/{draft}/forhandsvisning", f"/verkstad/{draft}/filer.zip",
                    f"/verkstad/{draft}/citat?ny=goal", f"/verkstad/{draft}/ta-bort?item=goal:M1",
                    f"/verkstad/{draft}/publicerad"):
            assert client.get(url).status_code == 404, (email, url)
        for url in ("andra", "publicera", "citat", "markering", "ta-bort", "angra", "gor-om"):
            posted = client.post(f"/verkstad/{draft}/{url}", data={"csrf_token": token, "x-version": "1"})
            assert posted.status_code == 404, (email, url)
        client.post("/logga-ut", data={"csrf_token": token})
    assert login(client, MANAGER).status_code == 302
    assert client.get("/verkstad/").status_code == 404


def test_upload_limits_type_and_size(client, app_db):
    assert login(client, COORDINATOR).status_code == 302
    wrong = upload(client, b"%PDF-1.4 not a word file", "policy.docx")  # read as what it is: a broken PDF
    assert wrong.status_code == 422 and "kunde inte läsas" in wrong.text
    binary = upload(client, b"\x00\x01binary", "policy.txt")
    assert binary.status_code == 422 and "Filtypen stöds inte" in binary.text
    unknown = upload(client, b"hej", "policy.exe")
    assert unknown.status_code == 422 and "Filtypen stöds inte" in unknown.text
    bad_id = upload(client, b"Policy\n", "policy.txt", policy_id="Ort Policy!")
    assert bad_id.status_code == 422 and "små bokstäver" in bad_id.text
    huge = upload(client, b"a" * (21 * 1024 * 1024), "policy.txt")
    assert huge.status_code == 413 and "Filen är för stor" in huge.text


def test_revising_compares_and_keeps_edited_questions(client, app_db):
    assert login(client, COORDINATOR).status_code == 302
    policy = store_content.policy_by_name(app_db, OLOFSTROM)
    text = documents.seed("olofstrom")
    draft = draft_id(upload(client, text.encode(), "policy.txt", policy_id=OLOFSTROM))
    stored = drafts.draft(app_db, draft)
    section, name = next((s, n) for s, n, schema in q.questions(stored["questionnaire"]) if "oneOf" in schema)
    kept = "Har verksamheten öppnat arbetsplatser för språkpraktik (egen formulering)?"
    form = draft_form(client, draft).set(f"question:{section}/{name}|title", kept)
    published = post_page(client, draft, form, "publish", url=f"/verkstad/{draft}/publicera")
    assert published.status_code == 302, published.text
    now = store_content.policy_by_name(app_db, OLOFSTROM)
    assert now["questionnaire_version_id"] != policy["questionnaire_version_id"]
    earlier = list(app_db.query("select questionnaire_version_id from rounds where policy_id = ?", [policy["id"]]))
    assert earlier and all(r["questionnaire_version_id"] == policy["questionnaire_version_id"] for r in earlier)

    duties = [r for r in drafts.draft(app_db, draft)["ruleset"]["requirements"] if r["kind"] != "goal"]
    reworded_source, removed_source = duties[1]["source"], duties[2]["source"]
    lines = text.splitlines()
    at = {k: next(i for i, line in enumerate(lines) if source in line)
          for k, source in (("reworded", reworded_source), ("removed", removed_source))}
    lines[at["reworded"]] = lines[at["reworded"]].replace("verksamhetsplanen", "verksamhetsplanen och budgeten")
    lines[at["removed"]] = "- ♦ ta fram en årlig handlingsplan för mottagande av nyanlända,"
    page = client.get("/verkstad/")
    response = client.post("/verkstad/revidera", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(page.text), "policy": policy["id"], "adopted_date": "2027-02-01",
        "file": (io.BytesIO("\n".join(lines).encode()), "reviderad.txt")})
    assert response.status_code == 302, response.text
    revision = drafts.draft(app_db, draft_id(response))
    statuses = {row["new"]["source"] if row["new"] else row["old"]["source"]: row["status"]
                for row in revision["comparison"]["requirements"]}
    assert statuses[removed_source] == "removed"
    assert any(s == "reworded" and "budgeten" in source for source, s in statuses.items())
    assert kept in [schema["title"] for _s, _n, schema in q.questions(revision["questionnaire"])]
    assert revision["questionnaire"]["x-policy"]["adopted_date"] == "2027-02-01"
    shown = client.get(f"/verkstad/{revision['id']}").text
    for label in ("Tillagt", "Borttaget", "Omformulerat", "Oförändrat"):
        assert label in shown
    again = post_page(client, revision["id"], draft_form(client, revision["id"]), "publish",
                      url=f"/verkstad/{revision['id']}/publicera")
    assert again.status_code == 302, again.text
    summary = client.get(again.headers["Location"]).text
    assert "Ändringar sedan förra versionen" in summary and "ändrades." in summary
    home = client.get("/samordna/").text
    assert "2027-02-01" in home


def test_survey_load_of_the_downloaded_zip_gives_the_same_version(client, app_db, runner, tmp_path):
    draft = new_draft(client)
    assert post_page(client, draft, draft_form(client, draft), "publish",
                     url=f"/verkstad/{draft}/publicera").status_code == 302
    policy = store_content.policy_by_name(app_db, NEW_ID)
    download = client.get(f"/verkstad/{draft}/filer.zip")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        archive.extractall(tmp_path / "content")
    loaded = runner.invoke(cli, ["--db", str(tmp_path / "other.db"), "--content", str(tmp_path / "content"), "load"])
    assert loaded.exit_code == 0, loaded.output
    from survey.store import db as store_db
    other = store_db.connect(tmp_path / "other.db")
    digests = [store_content.version_digest(other, store_content.policy_by_name(other, NEW_ID)[key])
               for key in ("questionnaire_version_id", "ruleset_version_id")]
    assert digests == [store_content.version_digest(app_db, policy[key])
                       for key in ("questionnaire_version_id", "ruleset_version_id")]


def test_the_workshop_pages_in_english(client, app_db):
    draft = new_draft(client)
    client.post("/sprak", data={"csrf_token": csrf_token(client.get("/verkstad/").text), "lang": "en",
                                "next": f"/verkstad/{draft}"})
    post_page(client, draft, draft_form(client, draft).set("goal:M1|title", "Ny titel"), "save:goal:M1")
    page = client.get(f"/verkstad/{draft}")
    assert page.status_code == 200 and "The policy text" in page.text and "Move up" in page.text
    assert "The goal “Ny titel” was changed." in page.text
    assert "Preview" in client.get(f"/verkstad/{draft}/forhandsvisning?som=kind:nämnd").text
    picker = client.get(f"/verkstad/{draft}/citat?ny=goal").text
    assert "Search the policy text" in picker


def test_draft_storage_checks_the_version_keeps_an_append_only_history_and_undoes(db):
    from survey.store import register

    organisation = register.organisation(db, "Testkommun")
    draft = drafts.create(db, organisation, "test-policy", text="Text\n", questionnaire={"a": 1}, ruleset={"b": 1},
                          review=[], user_id=None)
    saved = drafts.save(db, draft, {"a": 2}, {"b": 2}, base_version=1, user_id=None, action="[]")
    drafts.save(db, draft, {"a": 3}, {"b": 3}, base_version=2, user_id=None, action="[]")
    with pytest.raises(drafts.StaleDraft) as stale:
        drafts.save(db, draft, {"a": 9}, {"b": 9}, base_version=1, user_id=None, action="[]")
    assert stale.value.current["questionnaire"] == {"a": 3} and saved["version"] == 2
    assert drafts.undo(db, draft, base_version=3, user_id=None)["questionnaire"] == {"a": 2}
    assert drafts.undo(db, draft, base_version=4, user_id=None)["questionnaire"] == {"a": 1}
    with pytest.raises(drafts.NothingToUndo):
        drafts.undo(db, draft, base_version=5, user_id=None)
    assert drafts.can_redo(db, draft, 5)
    assert drafts.redo(db, draft, base_version=5, user_id=None)["questionnaire"] == {"a": 2}
    assert drafts.redo(db, draft, base_version=6, user_id=None)["questionnaire"] == {"a": 3}
    with pytest.raises(drafts.NothingToRedo):  # back where the undoing started
        drafts.redo(db, draft, base_version=7, user_id=None)
    assert drafts.undo(db, draft, base_version=7, user_id=None)["questionnaire"] == {"a": 2}
    drafts.save(db, draft, {"a": 4}, {"b": 4}, base_version=8, user_id=None, action="[]")
    assert not drafts.can_redo(db, draft, 9)  # a new edit ends what can be redone
    with pytest.raises(drafts.NothingToRedo):
        drafts.redo(db, draft, base_version=9, user_id=None)
    assert drafts.undo(db, draft, base_version=9, user_id=None)["questionnaire"] == {"a": 2}
    with pytest.raises(Exception, match="append-only"):
        db.execute("update draft_history set action = 'x'")
    assert [h["version"] for h in drafts.history(db, draft)] == list(range(10, 0, -1))


SWEDISH = re.compile(r"(?<![\wåäöÅÄÖ])(och|är|inte|för|med|eller|till|av|Spara|Sparat|Avsnitt|Krav|krav|Mål|Fråga|"
                     r"Frågan|Ta bort|Lägg till|Publicera|Förhandsvisa|Citat|Välj|Ångra)(?![\wåäöÅÄÖ])")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return [s for v in value for s in _strings(v)] if isinstance(value, list) else []


def test_every_workshop_page_in_english_has_no_swedish_outside_content(client, app_db):
    import html

    draft = new_draft(client, policy_docx(), policy_id="")
    client.post("/sprak", data={"csrf_token": csrf_token(client.get("/verkstad/").text), "lang": "en",
                                "next": "/verkstad/"})
    stored = drafts.draft(app_db, draft)
    library = store_content.current_library(app_db)  # shared questions offered for linking, keys and words
    content = _strings([stored["questionnaire"], stored["ruleset"], library]) + list(library) + stored["text"].splitlines() + [
        r["name"] for r in app_db.query("select name from organisations union select name from units "
                                        "union select title from policies")]
    content += [short(s, 60).removesuffix(" …") for s in content]
    content = sorted({s.strip() for s in content for s in [s, *re.split(r"[\n.;:]\s*", s)] if len(s.strip()) >= 3},
                     key=len, reverse=True)
    goal = stored["questionnaire"]["x-policy"]["goals"][0]["id"]
    urls = ["/verkstad/", f"/verkstad/{draft}", f"/verkstad/{draft}?open=policy", f"/verkstad/{draft}/citat?ny=goal",
            f"/verkstad/{draft}/citat?ny=requirement", f"/verkstad/{draft}/citat?for=goal:{goal}&falt=source",
            f"/verkstad/{draft}/ta-bort?item=goal:{goal}", f"/verkstad/{draft}/forhandsvisning?som=kind:bolag"]
    leaks = {}
    for url in urls:
        page = client.get(url)
        assert page.status_code == 200 and '<html lang="en">' in page.text, url
        text = re.sub(r'<(script|style|code)\b.*?</\1>|<[^>]*lang="sv"[^>]*>.*?</p>', " ", page.text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        for piece in content:
            text = text.replace(piece, " ")
        if found := sorted(set(SWEDISH.findall(text))):
            leaks[url] = found
    assert not leaks, leaks
