"""`survey lint`: clean on the shipped content, and catching each kind of bad content."""
import json

import pytest

from survey.cli import cli
from survey.content import lint
from tests.conftest import ROOT, edit_json

Q = "questionnaires/falkoping-integrationspolicy.json"
R = "rules/falkoping-integrationspolicy.json"


def problems(root):
    return [str(p) for p in lint.lint(root)]


def test_shipped_content_is_clean(runner):
    assert problems(ROOT) == []
    result = runner.invoke(cli, ["--content", str(ROOT), "lint"])
    assert result.exit_code == 0, result.output
    assert "felfritt" in result.output


def test_broken_json_names_file_line_and_column(content_copy):
    (content_copy / R).write_text('{"policy": "falkoping-integrationspolicy",\n  "requirements": [}\n')
    found = problems(content_copy)
    assert found[0] == f"{R}: rad 2, kolumn 20: ogiltig JSON: Expecting value"
    assert not any("saknar" in p for p in found), "a broken file is not also reported missing"


def test_meta_schema_violation_names_the_pointer(content_copy):
    edit_json(content_copy / R, lambda r: r["requirements"][2].pop("advice"))
    edit_json(content_copy / Q, lambda q: q["properties"]["mal"]["properties"]["kort_sikt"].update(type="text"))
    found = problems(content_copy)
    assert f"{R}: /requirements/2/advice: Uppgiften måste fyllas i." in found
    assert any(p.startswith(f"{Q}: /properties/mal/properties/kort_sikt/type: Välj ett av de tillåtna") for p in found)


def test_rule_naming_a_question_that_does_not_exist(content_copy):
    edit_json(content_copy / R, lambda r: r["requirements"][2]["criteria"][0].update(path="/answers/mal/finns_inte"))
    assert f"{R}: /requirements/2/criteria/0/path: frågan mal/finns_inte finns inte i {Q}" in problems(content_copy)


def test_duplicate_requirement_ids(content_copy):
    edit_json(content_copy / R, lambda r: r["requirements"][3].update(id="N1"))
    assert f"{R}: /requirements/2/id: kravet N1 finns 2 gånger" in problems(content_copy)


def test_requirement_id_that_is_a_goal_id(content_copy):
    edit_json(content_copy / R, lambda r: r["requirements"][2].update(id="M1"))
    assert f"{R}: /requirements/2/id: M1 är redan ett mål i {Q}" in problems(content_copy)


def test_rule_set_without_questionnaire(content_copy):
    (content_copy / Q).unlink()
    assert problems(content_copy) == [f"{R}: /: saknar {Q}"]


def test_questionnaire_without_rule_set(content_copy):
    (content_copy / R).unlink()
    assert problems(content_copy) == [f"{Q}: /: saknar {R}"]


def test_goal_without_question_or_rule(content_copy):
    def add_goal(q):
        q["x-policy"]["goals"].append({"id": "M9", "title": "Nytt mål", "source": "Ett nytt mål."})
    edit_json(content_copy / Q, add_goal)
    found = problems(content_copy)
    assert f"{Q}: /x-policy/goals/6: ingen fråga anger målet M9 i x-serves" in found
    assert f"{Q}: /x-policy/goals/6: inget krav i {R} bedömer målet M9" in found


def test_requirement_without_question(content_copy):
    def add_requirement(r):
        r["requirements"].append(r["requirements"][2] | {"id": "N9", "levels": {"met": "all"}, "criteria": [
            {"label": "Året", "path": "/round/year", "schema": {"minimum": 2020}}]})
    edit_json(content_copy / R, add_requirement)
    assert problems(content_copy) == [f"{R}: /requirements/16: ingen fråga anger kravet N9 i x-serves"]


def test_question_used_by_a_rule_must_say_it_serves_it(content_copy):
    edit_json(content_copy / Q, lambda q: q["properties"]["mal"]["properties"]["kort_sikt"].update({"x-serves": ["M1"]}))
    assert f"{R}: /requirements/2/criteria/0/path: frågan mal/kort_sikt anger inte N1 i x-serves" in problems(content_copy)


def test_unknown_reference_in_x_serves(content_copy):
    edit_json(content_copy / Q, lambda q: q["properties"]["mal"]["properties"]["kort_sikt"]["x-serves"].append("Q7"))
    assert any(p.startswith(f"{Q}: /properties/mal/properties/kort_sikt/x-serves/") and
               p.endswith("Q7 är varken ett mål eller ett krav") for p in problems(content_copy))


def test_criterion_value_that_is_no_choice(content_copy):
    edit_json(content_copy / R, lambda r: r["requirements"][2]["criteria"][0].update(schema={"const": "Ja"}))
    assert f"{R}: /requirements/2/criteria/0/schema: 'Ja' är inget svarsalternativ på frågan" in problems(content_copy)


def test_criterion_on_a_section_the_unit_kind_never_sees(content_copy):
    edit_json(content_copy / R, lambda r: r["requirements"][2].update(applies_to=["nämnd", "bolag"]))
    assert f"{R}: /requirements/2/criteria/0/path: avsnittet mal visas inte för bolag" in problems(content_copy)


def test_levels_that_cannot_be_reached(content_copy):
    edit_json(content_copy / R, lambda r: r["requirements"][2].update(levels={"met": 3, "partly_met": 3}))
    found = problems(content_copy)
    assert f"{R}: /requirements/2/levels/met: kräver 3 av bara 2 kriterier" in found
    assert f"{R}: /requirements/2/levels/partly_met: ska vara mindre än nivån för uppfyllt" in found


def test_condition_naming_a_question_not_in_the_section(content_copy):
    edit_json(content_copy / Q, lambda q: q["properties"]["mal"]["allOf"][0]["then"]["required"].append("saknas"))
    assert f"{Q}: /properties/mal/allOf/0: frågan 'saknas' finns inte i avsnittet" in problems(content_copy)


def test_example_that_is_no_valid_answer(content_copy):
    edit_json(content_copy / Q, lambda q: q["properties"]["mal"]["properties"]["plan_lank"].update(examples=[42]))
    assert f"{Q}: /properties/mal/properties/plan_lank/examples/0: exemplet är inget giltigt svar på frågan" \
        in problems(content_copy)


def test_duplicate_json_key(content_copy):
    text = (content_copy / R).read_text(encoding="utf-8")
    (content_copy / R).write_text(text.replace('"policy":', '"policy": "x", "policy":', 1), encoding="utf-8")
    assert f"{R}: /: nyckeln 'policy' förekommer flera gånger" in problems(content_copy)


def test_bad_report_definition(content_copy):
    (content_copy / "reports" / "trasig.json").write_text('{"title": "T", "index": ["kommun"], "value": "points"}')
    found = problems(content_copy)
    assert "reports/trasig.json: /aggregation: Uppgiften måste fyllas i." in found
    assert any(p.startswith("reports/trasig.json: /index/0: Välj ett av de tillåtna värdena") for p in found)


def test_cli_prints_file_pointer_message_and_fails(runner, content_copy):
    edit_json(content_copy / R, lambda r: r["requirements"][2]["criteria"][0].update(path="/answers/mal/finns_inte"))
    result = runner.invoke(cli, ["--content", str(content_copy), "lint"])
    assert result.exit_code == 1
    assert f"{R}: /requirements/2/criteria/0/path: frågan mal/finns_inte finns inte" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["load", "policy-check"])
def test_commands_refuse_bad_content_with_the_problems(runner, content_copy, tmp_path, command):
    edit_json(content_copy / R, lambda r: r["requirements"][2].update(levels={"met": 3}))
    result = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "--content", str(content_copy), command])
    assert result.exit_code == 1
    assert f"{R}: /requirements/2/levels/met: kräver 3 av bara 2 kriterier" in result.output
    assert "Fel: innehållet har 1 fel" in result.output


def test_report_value_and_aggregation_must_fit(content_copy):
    (content_copy / "reports" / "fel.json").write_text(
        '{"title": "T", "index": ["unit"], "value": "compliance", "aggregation": "sum"}', encoding="utf-8")
    assert any(p.startswith("reports/fel.json: /aggregation:") for p in problems(content_copy))


def test_lint_data_finds_in_memory_what_lint_finds_on_disk(content_copy):
    """The workshop lints a draft held in memory: the same problems as the same files on disk."""
    name = "olofstrom-integrationspolicy"
    edit_json(content_copy / "rules" / f"{name}.json",
              lambda data: data["requirements"][0].update(levels={"met": 99, "partly_met": 1}))
    files = {(kind, name): json.loads((content_copy / folder / f"{name}.json").read_text(encoding="utf-8"))
             for kind, folder in (("questionnaire", "questionnaires"), ("ruleset", "rules"))}
    on_disk = [p for p in lint.lint(content_copy) if name in p.file]
    assert on_disk and lint.lint_data(files) == on_disk
