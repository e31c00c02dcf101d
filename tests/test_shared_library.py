"""The shared-question library (shared/questions.json): a malformed library is refused with its file
and JSON Pointer, a policy's x-shared key must be the library's and its copy take the library's answer
(lint problems with file and pointer), a copy in other words is pointed out (advice), and the library
reaches the database with `survey load` like other content."""
from __future__ import annotations

import json

from survey.cli import cli
from survey.content import lint
from survey.content.files import read
from survey.store import drafts
from tests.web import post_form
from tests.workshop import draft_form, new_draft, post_page

FALKOPING = "questionnaires/falkoping-integrationspolicy.json"
PLAN = ("mal", "plan_finns")
LIBRARY = "shared/questions.json"


def _plan_question(root, change) -> None:
    path = root / FALKOPING
    data = json.loads(path.read_text(encoding="utf-8"))
    section, name = PLAN
    change(data["properties"][section]["properties"][name])
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _library(root, change) -> None:
    path = root / LIBRARY
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def test_the_shipped_library_is_read_as_content(content):
    assert {"handlingsplan", "kanner-till-policyn", "rapporterat-verksamhetsberattelse"} <= set(content.library)


def test_a_malformed_library_is_refused_with_file_and_pointer(content_copy):
    _library(content_copy, lambda d: d["questions"]["handlingsplan"].pop("title"))
    _library(content_copy, lambda d: d["questions"].update({"Fel nyckel": {"title": "x", "type": "boolean"}}))
    content, problems = read(content_copy)
    assert content.library is None
    found = {(p.file, p.pointer) for p in problems}
    assert found == {(LIBRARY, "/questions/handlingsplan/title"), (LIBRARY, "/questions")}


def test_a_key_not_in_the_library_is_an_error(content_copy):
    _plan_question(content_copy, lambda q: q.update({"x-shared": "handlingsplanen"}))
    problems = [p for p in lint.lint(content_copy) if p.message.code == "lint.shared_unknown"]
    assert [(p.file, p.pointer) for p in problems] == [
        (FALKOPING, "/properties/mal/properties/plan_finns/x-shared")]
    assert LIBRARY in str(problems[0].message)


def test_a_copy_must_take_the_library_answer_and_other_words_are_pointed_out(content_copy):
    pointer = "/properties/mal/properties/plan_finns"  # shipped as a copy of "handlingsplan" in its own words
    assert lint.lint(content_copy) == []
    advised = {(p.file, p.pointer) for p in lint.advice(content_copy) if p.message.code == "lint.shared_library_wording"}
    assert (FALKOPING, pointer) in advised
    _library(content_copy, lambda d: d["questions"]["handlingsplan"].update(
        {"title": "Har nämnden upprättat en handlingsplan för integrationsarbetet?"}))
    advised = {(p.file, p.pointer) for p in lint.advice(content_copy) if p.message.code == "lint.shared_library_wording"}
    assert (FALKOPING, pointer) not in advised
    _plan_question(content_copy, lambda q: [q.pop(k, None) for k in ("oneOf", "enum")] and q.update({"type": "boolean"}))
    problems = [p for p in lint.lint(content_copy) if p.message.code == "lint.shared_library_differs"]
    assert [(p.file, p.pointer) for p in problems] == [(FALKOPING, pointer)]


def test_survey_load_stores_the_library(content_copy, runner, db, tmp_path):
    said = runner.invoke(cli, ["--db", str(tmp_path / "survey.db"), "--content", str(content_copy), "load"])
    assert said.exit_code == 0, said.output
    rows = list(db.query("select name from current_content where kind = 'library'"))
    assert rows == [{"name": "questions"}]


def test_the_workshop_links_a_question_to_a_library_question(client, app_db):
    draft = new_draft(client)
    form = draft_form(client, draft)
    field = next(name for name, _value in form.fields if name.startswith("question:") and name.endswith("|shared"))
    key = field.removesuffix("|shared")
    section, name = key.removeprefix("question:").split("/", 1)
    page = client.get(f"/verkstad/{draft}")
    assert 'value="ansvarig-utsedd"' in page.text  # the library's question is offered
    assert post_page(client, draft, form.set(field, "ansvarig-utsedd"), f"save:{key}").status_code == 302
    schema = drafts.draft(app_db, draft)["questionnaire"]["properties"][section]["properties"][name]
    assert (schema["x-shared"], schema["type"], schema["title"]) == (
        "ansvarig-utsedd", "boolean", "Finns en utsedd ansvarig för arbetet enligt policyn i verksamheten?")
    assert post_form(client, f"/verkstad/{draft}/angra", {}, page_url=f"/verkstad/{draft}").status_code == 302
    schema = drafts.draft(app_db, draft)["questionnaire"]["properties"][section]["properties"][name]
    assert "x-shared" not in schema  # undone like any other edit
