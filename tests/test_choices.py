"""Issue 9's choices: enum with labels, select for long lists, exclusive choices, email and shared
definitions, from real content files through the form, the gate, the import, scoring and lint."""
from __future__ import annotations

import html
import json
import re

import pytest

from survey.cli import cli
from survey.content import lint
from survey.content.files import digest
from survey.content.validation import field_errors
from survey.scoring import rules
from survey.store import content as store_content
from survey.store import responses
from survey.web import create_app
from tests import choices_policy as cp
from tests.web import csrf_token, login, version

UNIT = "Tekniska nämnden"  # the demo's last unit: not started this year


def problems(root) -> list[str]:
    return [str(p) for p in lint.lint(root)]


@pytest.fixture
def world(tmp_path):
    """The policy loaded into a demo database, the app on it, and the unit that has not started."""
    path = tmp_path / "choices.db"
    loaded = cp.loaded(tmp_path / "content", path, UNIT)
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "test", "TESTING": True,
                      "EVIDENCE_DIR": str(tmp_path / "evidence")})
    client = app.test_client()
    login(client, loaded["manager"])
    yield loaded | {"db_path": path, "client": client, "root": tmp_path / "content"}
    loaded["db"].close()


def _post(client, url: str, data: dict):
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(page.text), "x-version": version(page.text)} | data)


GOOD = {"q_huvudkanal": "press", "q_sju": "press", "q_plan": "delvis", "q_plan_inline": "delvis",
        "q_stod": ["mallar", "radgivning"], "q_kontakt": "kommunikation@testkommun.se"}


def test_each_new_kind_renders_its_control(world):
    page = world["client"].get(world["url"]).text
    select = re.search(r'<select name="q_huvudkanal" id="q_huvudkanal"[^>]*>(.*?)</select>', page, re.S)
    assert select, "eight choices are a select"
    assert '<option value="">Välj …</option>' in select.group(1)
    assert '<option value="webb">Webbplatsen</option>' in select.group(1)
    assert '<option value="affischer">affischer</option>' in select.group(1)  # no label: shown as written
    assert 'type="radio" name="q_sju"' in page and 'name="q_sju" id' not in select.group(1)  # seven: radios
    assert 'type="radio" name="q_plan" id="q_plan-0" value="ja"' in page  # the shared scale
    assert re.search(r'<input type="email" name="q_kontakt" id="q_kontakt" value=""[^>]* autocomplete="email"', page)
    fieldset = re.search(r'<fieldset id="q_stod"([^>]*)>', page).group(1)
    assert json.loads(html.unescape(re.search(r'data-exclusive="([^"]*)"', fieldset).group(1))) == ["ingen"]
    assert '<label for="q_stod-3">Inget stöd</label>' in page
    hint = '<p class="help" id="q_stod-alone">Välj antingen ”Inget stöd” eller ett eller flera av de andra alternativen.'
    assert hint in html.unescape(page) and 'aria-describedby="q_stod-alone"' in page


def test_a_posted_answer_is_saved_typed_and_shown_with_labels(world):
    saved = _post(world["client"], world["url"], GOOD)
    assert saved.status_code == 302, saved.text
    stored = responses.get_response(world["db"], world["round"]["id"], world["unit"]["id"])["answers"]["kanaler"]
    assert stored == {"huvudkanal": "press", "sju": "press", "plan": "delvis", "plan_inline": "delvis",
                      "stod": ["mallar", "radgivning"], "kontakt": "kommunikation@testkommun.se"}
    again = world["client"].get(world["url"]).text
    assert '<option value="press" selected>' in again
    base = f"/svar/{world['round']['id']}/{world['unit']['id']}"
    assert _post(world["client"], base + "/lamna-in", {}).status_code == 302
    overview = world["client"].get(base + "/").text
    assert "<dd>Mallar, Rådgivning</dd>" in overview and "<dd>Delvis</dd>" in overview
    assert "<dd>Pressmeddelanden</dd>" in overview and "<dd>press</dd>" in overview  # sju has no labels


def test_a_bad_email_and_an_exclusive_choice_with_others_are_refused_at_their_fields(world):
    posted = GOOD | {"q_kontakt": "kommunikation@testkommun", "q_stod": ["mallar", "ingen"]}
    refused = _post(world["client"], world["url"], posted)
    assert refused.status_code == 422
    page = refused.text
    email_error = re.search(r'id="q_kontakt-error">.*?</span>(.*?)</p>', page, re.S).group(1)
    assert email_error == "Ange en e-postadress, till exempel namn@kommun.se."
    stod_error = re.search(r'id="q_stod-error">.*?</span>(.*?)</p>', page, re.S).group(1)
    assert html.unescape(stod_error) == "”Inget stöd” kan inte väljas tillsammans med andra alternativ."
    assert 'value="kommunikation@testkommun"' in page  # what was typed stays
    assert 'value="mallar" checked' in page and 'value="ingen" checked' in page
    assert '<option value="press" selected>' in page
    assert responses.get_response(world["db"], world["round"]["id"], world["unit"]["id"]) is None


def test_an_exclusive_choice_alone_is_accepted(world):
    assert _post(world["client"], world["url"], GOOD | {"q_stod": ["ingen"]}).status_code == 302


def test_the_import_refuses_the_same(world, runner, tmp_path):
    answers = {"kanaler": {"huvudkanal": "tiktok", "stod": ["ingen", "mallar"], "kontakt": "info at kommun"}}
    file = tmp_path / "svar.json"
    file.write_text(json.dumps(answers), encoding="utf-8")
    result = runner.invoke(cli, ["--db", str(world["db_path"]), "import-response", str(file), "--policy", cp.NAME,
                                 "--year", "2026", "--unit", UNIT])
    assert result.exit_code != 0
    assert f"{file.name}: /kanaler/kontakt: Ange en e-postadress, till exempel namn@kommun.se." in result.output
    assert f"{file.name}: /kanaler/stod: ”Inget stöd” kan inte väljas tillsammans med andra alternativ." \
        in result.output
    assert "/kanaler/huvudkanal: Välj ett av alternativen: Webbplatsen, Intranätet," in result.output
    with pytest.raises(responses.InvalidAnswers):
        responses.save(world["db"], world["round"]["id"], world["unit"]["id"], answers, user_id=None, base_version=0)


def test_a_shared_definition_validates_and_scores_like_the_inline_question(world):
    view = world["content"].questionnaires[cp.NAME]
    section = view["properties"]["kanaler"]["properties"]
    assert {k: v for k, v in section["plan"].items() if k not in ("title", "x-serves")} == \
        {k: v for k, v in section["plan_inline"].items() if k not in ("title", "x-serves")}
    errors = field_errors(view, {"kanaler": {"plan": "kanske", "plan_inline": "kanske"}}, complete=False)
    by_field = {e.pointer: str(e.message) for e in errors}
    assert by_field["/kanaler/plan"] == by_field["/kanaler/plan_inline"] == "Välj ett av alternativen: Ja, Delvis, Nej."
    compiled = rules.compile_ruleset(world["content"].rulesets[cp.NAME])
    for answer, level in (("ja", "met"), ("delvis", "not_met")):
        context = rules.context({"kanaler": {"plan": answer, "plan_inline": answer}},
                                {"name": UNIT, "kind": "nämnd"}, 2026, None)
        levels = {r["requirement"]: r["level"] for r in rules.score(compiled, context)}
        assert levels["N1"] == levels["N3"] == level


def test_the_stored_version_is_the_file_as_written_and_resolves_on_loading(world):
    written = json.loads((world["root"] / cp.Q).read_text(encoding="utf-8"))
    file = world["content"].files["questionnaire", cp.NAME]
    assert file.digest == digest(written) and "$defs" not in file.data
    policy = store_content.policy_by_name(world["db"], cp.NAME)
    row = world["db"].execute("select digest, body from content_versions where id = ?",
                              [policy["questionnaire_version_id"]]).fetchone()
    assert row[0] == digest(written) and json.loads(row[1]) == written
    store_content.forget()
    loaded = store_content.version_body(world["db"], policy["questionnaire_version_id"])
    assert loaded == file.data and loaded["properties"]["kanaler"]["properties"]["plan"]["type"] == "string"


def test_the_demo_chooses_among_the_enum_values(world):
    answered = [r for r in world["db"].query("select answers from responses")]
    assert answered
    for row in answered:
        given = json.loads(row["answers"])["kanaler"]
        assert given["huvudkanal"] in cp.CHANNELS
        assert given.get("stod") in (["ingen"], None) or "ingen" not in given["stod"]


def test_an_unknown_definition_is_a_problem_with_file_and_pointer(tmp_path):
    q = cp.questionnaire()
    q["properties"]["kanaler"]["properties"]["plan"]["$ref"] = "#/$defs/skalan"
    found = problems(cp.write(tmp_path, q))
    assert found == [f"{cp.Q}: /properties/kanaler/properties/plan/$ref: definitionen '#/$defs/skalan' finns "
                     "inte i $defs; definierade är: skala"]


def test_a_cycle_of_definitions_is_a_problem_with_file_and_pointer(tmp_path):
    q = cp.questionnaire()
    q["$defs"] = {"skala": {"$ref": "#/$defs/svar"}, "svar": {"$ref": "#/$defs/skala", "type": "string"}}
    found = problems(cp.write(tmp_path, q))
    assert found == [f"{cp.Q}: /$defs/svar/$ref: hänvisningarna går i cirkel (#/$defs/skala → #/$defs/svar → "
                     "#/$defs/skala); en definition får inte hänvisa till sig själv"]


def test_only_local_definitions_may_be_referred_to(tmp_path):
    q = cp.questionnaire()
    q["properties"]["kanaler"]["properties"]["plan"]["$ref"] = "https://example.se/skala.json"
    found = problems(cp.write(tmp_path, q))
    assert len(found) == 1 and found[0].startswith(
        f"{cp.Q}: /properties/kanaler/properties/plan/$ref: 'https://example.se/skala.json': bara hänvisningar")


def test_a_definition_expanding_beyond_bounds_is_refused(tmp_path):
    q = cp.questionnaire()
    q["$defs"] = {f"d{i}": {"anyOf": [{"$ref": f"#/$defs/d{i + 1}"}] * 10} for i in range(8)} | {"d8": {}}
    found = problems(cp.write(tmp_path, q))
    assert found == [f"{cp.Q}: /: hänvisningarna ger ett för stort frågeformulär (mer än 200\xa0000 delar)"]


def test_lint_an_exclusive_value_must_be_a_choice(tmp_path):
    q = cp.questionnaire()
    q["properties"]["kanaler"]["properties"]["stod"]["x-exclusive"] = ["inget"]
    assert problems(cp.write(tmp_path, q)) == [
        f"{cp.Q}: /properties/kanaler/properties/stod/x-exclusive/0: 'inget' i x-exclusive är inget av frågans "
        "alternativ ('mallar', 'utbildning', 'radgivning', 'ingen'); rätta värdet"]


def test_lint_exclusive_belongs_to_a_multi_choice(tmp_path):
    q = cp.questionnaire()
    q["properties"]["kanaler"]["properties"]["huvudkanal"]["x-exclusive"] = ["webb"]
    found = problems(cp.write(tmp_path, q))
    assert found == [f"{cp.Q}: /properties/kanaler/properties/huvudkanal/x-exclusive: x-exclusive gäller bara en "
                     "fråga med flera val (type array med alternativ i items); ta bort x-exclusive"]


def test_lint_a_label_must_be_a_choice(tmp_path):
    q = cp.questionnaire()
    q["properties"]["kanaler"]["properties"]["stod"]["items"]["x-labels"]["radgivning/stod"] = "Råd"
    assert problems(cp.write(tmp_path, q)) == [
        f"{cp.Q}: /properties/kanaler/properties/stod/items/x-labels/radgivning~1stod: etiketten gäller "
        "'radgivning/stod', som inte finns i enum ('mallar', 'utbildning', 'radgivning', 'ingen'); "
        "rätta värdet eller lägg till det i enum"]


def test_lint_labels_need_an_enum(tmp_path):
    q = cp.questionnaire()
    q["properties"]["kanaler"]["properties"]["plan_inline"]["x-labels"] = {"ja": "Japp"}
    assert problems(cp.write(tmp_path, q)) == [
        f"{cp.Q}: /properties/kanaler/properties/plan_inline/x-labels: x-labels ger etiketter åt värdena i enum, "
        "men frågan har ingen enum; lägg till enum eller ta bort x-labels"]


def test_lint_an_enum_choice_takes_part_in_never_and_always_met(tmp_path):
    r = cp.ruleset()
    r["requirements"][0]["criteria"][0] = {"label": "x", "path": "/answers/kanaler/plan", "schema": {"const": "jo"}}
    r["requirements"][2]["criteria"][0]["schema"] = {"contains": {"const": "ingen"}, "minItems": 2}
    found = problems(cp.write(tmp_path, r=r))
    assert found[0] == f"{cp.R}: /requirements/0/criteria/0/schema: 'jo' är inget svarsalternativ på frågan"
    assert found[1].startswith(f"{cp.R}: /requirements/2/criteria/0/schema: kriteriet kan aldrig uppfyllas: "
                               "inget svar som frågan kanaler/stod tillåter")  # "ingen" stands alone
    assert len(found) == 2, found


def test_lint_a_criterion_on_an_enum_question_that_every_answer_meets(tmp_path):
    r = cp.ruleset()
    r["requirements"][0]["criteria"][0] = {"label": "x", "path": "/answers/kanaler/huvudkanal",
                                           "schema": {"enum": cp.CHANNELS}}
    r["requirements"][0]["criteria"].append({"label": "y", "path": "/answers/kanaler/plan", "schema": {"const": "ja"}})
    q = cp.questionnaire()
    q["properties"]["kanaler"]["properties"]["huvudkanal"]["x-serves"].append("N1")
    found = problems(cp.write(tmp_path, q, r))
    assert len(found) == 1 and found[0].startswith(
        f"{cp.R}: /requirements/0/criteria/0/schema: kriteriet är alltid uppfyllt"), found


def test_the_widget_can_be_chosen():
    from survey.web.forms import control
    long = {"type": "string", "enum": cp.CHANNELS}
    assert control(long) == "select" and control(long | {"x-widget": "radio"}) == "choice"
    assert control({"type": "string", "enum": ["a", "b"], "x-widget": "select"}) == "select"
    assert control({"type": "string", "enum": cp.CHANNELS[:7]}) == "choice"


@pytest.mark.parametrize("address, valid", [("namn@kommun.se", True), ("a.b+c@x.kommun.se", True),
                                             ("namn@kommun", False), ("namn kommun@x.se", False),
                                             ("namn@@kommun.se", False), ("namn@kommun..se", False),
                                             ("x" * 250 + "@k.se", False)])
def test_email_format(address, valid):
    schema = {"type": "string", "format": "email"}
    assert (field_errors(schema, address) == []) is valid


def test_definitions_nest_siblings_override_and_the_document_is_left_as_written():
    from survey.content import defs

    written = {"$defs": {"val": {"type": "string", "enum": ["a", "b"]},
                         "flera": {"type": "array", "items": {"$ref": "#/$defs/val"}, "maxItems": 2}},
               "properties": {"s": {"properties": {"q": {"$ref": "#/$defs/flera", "maxItems": 1, "title": "Q"}}}}}
    before = json.dumps(written, sort_keys=True)
    resolved, found = defs.resolve(written)
    assert found == []
    assert resolved == {"properties": {"s": {"properties": {"q": {
        "type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "maxItems": 1, "title": "Q"}}}}}
    assert json.dumps(written, sort_keys=True) == before
    unused = {"$defs": {"a": {"items": {"$ref": "#/$defs/saknas"}}}, "properties": {}}
    assert [(pointer, str(message)) for pointer, message in defs.resolve(unused)[1]] == [
        ("/$defs/a/items/$ref", "definitionen '#/$defs/saknas' finns inte i $defs; definierade är: a")]
