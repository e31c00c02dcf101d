"""`survey lint`: clean on the shipped content, and catching each kind of bad content."""
import json

import pytest

from survey.cli import cli
from survey.content import lint
from tests.helpers import ROOT, edit_json

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
    texts = {name: (content_copy / "policies" / f"{name}.txt").read_text(encoding="utf-8")}
    assert on_disk and lint.lint_data(files, texts) == on_disk


# --- What cannot work: each mistake → its message (issue 9) ---

def criterion(r, rule, at, **changes):
    """Edit criterion `at` of requirement `rule` (or its applies_if when at is None)."""
    spec = r["requirements"][rule]
    (spec.setdefault("applies_if", {"label": "Villkor"}) if at is None else spec["criteria"][at]).update(changes)


def test_a_value_at_depth_that_is_no_choice(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 13, 0, schema={"contains": {"const": "planeringen"}}))
    found = problems(content_copy)
    assert f"{R}: /requirements/13/criteria/0/schema: 'planeringen' är inget svarsalternativ på frågan" in found
    assert not any("/requirements/13/criteria/0/schema: kriteriet kan aldrig" in p for p in found), "one message"


def test_applies_if_yes_as_text_on_a_yes_no_question(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 13, None, schema={"const": "ja"}))
    assert f"{R}: /requirements/13/applies_if/schema: 'ja' kan aldrig vara svaret: frågan besvaras med ja eller " \
        "nej, som skrivs true eller false; skriv true eller false i stället" in problems(content_copy)


def test_a_number_criterion_on_a_choice_question_is_never_met(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 0, 0, schema={"type": "number", "minimum": 50}))
    assert f"{R}: /requirements/0/criteria/0/schema: kriteriet kan aldrig uppfyllas: inget svar som frågan " \
        "medarbetare/kannedom_policyn tillåter uppfyller schemat (möjliga svar är t.ex. 'ja', 'delvis', 'nej'); " \
        "ändra schemat" in problems(content_copy)


def test_a_minimum_above_the_questions_maximum_is_never_met(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 0, 1, schema={"type": "number", "minimum": 500}))
    found = problems(content_copy)
    assert any(p.startswith(f"{R}: /requirements/0/criteria/1/schema: kriteriet kan aldrig uppfyllas: inget svar "
                            "som frågan medarbetare/utbildning_andel tillåter") for p in found), found


def test_a_value_outside_the_questions_range(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 0, 1, schema={"const": 140}))
    assert f"{R}: /requirements/0/criteria/1/schema: 140 ligger utanför frågans gränser 0–100; ändra värdet " \
        "eller frågans minimum och maximum" in problems(content_copy)


def test_a_criterion_every_answer_meets(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 0, 0, schema={"type": "string"}))
    assert f"{R}: /requirements/0/criteria/0/schema: kriteriet är alltid uppfyllt: varje svar som frågan " \
        "medarbetare/kannedom_policyn tillåter uppfyller schemat (t.ex. 'ja', 'delvis', 'nej'); skärp schemat " \
        "eller ta bort kriteriet" in problems(content_copy)


def test_a_criterion_on_an_optional_answer_may_hold_whenever_answered(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 15, 1, path="/answers/motesplatser/atgarder_beskrivning",
                                                    schema={"type": "string"}))
    edit_json(content_copy / Q, lambda q: q["properties"]["motesplatser"]["properties"]["atgarder_beskrivning"]
              ["x-serves"].append("B6"))
    assert not any("alltid uppfyllt" in p for p in problems(content_copy))


def test_applies_if_always_and_never_met(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 13, None, schema={"type": "boolean"}))
    assert any(p.startswith(f"{R}: /requirements/13/applies_if/schema: villkoret är alltid uppfyllt") and
               p.endswith("skärp schemat eller ta bort applies_if") for p in problems(content_copy))
    edit_json(content_copy / R, lambda r: criterion(r, 13, None, schema={"not": {"type": "boolean"}}))
    assert any(p.startswith(f"{R}: /requirements/13/applies_if/schema: villkoret kan aldrig uppfyllas, så kravet "
                            "blir alltid ej tillämpligt") for p in problems(content_copy))


def test_a_follow_up_that_is_also_required(content_copy):
    edit_json(content_copy / Q, lambda q: q["properties"]["mal"]["required"].append("plan_lank"))
    assert f"{Q}: /properties/mal/required/4: frågan 'plan_lank' är en följdfråga (allOf/0) och får inte stå i " \
        "avsnittets required, för då kan ingen vars svar inte uppfyller villkoret skicka in; ta bort den ur " \
        "required" in problems(content_copy)


def test_a_condition_on_a_value_the_question_cannot_take(content_copy):
    edit_json(content_copy / Q, lambda q: q["properties"]["mal"]["allOf"][0]["if"]["properties"].update(
        plan_finns={"enum": ["kanske"]}))
    assert f"{Q}: /properties/mal/allOf/0/if/properties/plan_finns: 'kanske' är inget svarsalternativ på frågan" \
        in problems(content_copy)


def test_a_condition_no_answer_meets(content_copy):
    def condition(q):
        q["properties"]["rekrytering"]["allOf"].append({"if": {"properties": {"praktikplatser": {"minimum": 1000}},
                                                               "required": ["praktikplatser"]},
                                                        "then": {"required": ["rekrytering_rutin"]}})
    edit_json(content_copy / Q, condition)
    assert any(p.startswith(f"{Q}: /properties/rekrytering/allOf/1/if/properties/praktikplatser: villkoret kan "
                            "aldrig uppfyllas, så följdfrågan ställs aldrig") for p in problems(content_copy))


def test_a_path_into_the_context_that_does_not_exist(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 0, 0, path="/unit/role", schema={"const": "chef"}))
    assert f"{R}: /requirements/0/criteria/0/path: /unit/role finns inte i bedömningsunderlaget; tillåtna är " \
        "/answers/<avsnitt>/<fråga>, /previous/answers/<avsnitt>/<fråga>, /unit/kind, /unit/name, /unit/tags, " \
        "/round/year, /actions/round, /actions/previous och /actions/unplanned" in problems(content_copy)


def test_a_unit_kind_criterion_no_kind_meets(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 2, None, path="/unit/kind", schema={"const": "bolag"}))
    assert any(p.startswith(f"{R}: /requirements/2/applies_if/schema: villkoret kan aldrig uppfyllas")
               for p in problems(content_copy))


def test_a_pattern_that_could_take_more_than_linear_time(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 3, 2, schema={"type": "string", "pattern": "^(a+)+$"}))
    assert f"{R}: /requirements/3/criteria/2/schema: mönstret '^(a+)+$' har en upprepning inuti en upprepning " \
        "(eller ett val med | inuti en), som kan ta mycket lång tid; skriv om det utan nästlade upprepningar" \
        in problems(content_copy)


def test_a_quote_that_is_not_in_the_policy_text(content_copy):
    edit_json(content_copy / R, lambda r: r["requirements"][0].update(
        source="Kommunens anställda ska alltid agera i enlighet med uppställda mål."))
    found = [p for p in problems(content_copy) if p.startswith(f"{R}: /requirements/0/source:")]
    assert found == [f"{R}: /requirements/0/source: citatet finns inte i policies/falkoping-integrationspolicy.txt; "
                     "skriv meningen exakt som i policyn. Närmast i texten: ”Kommunens anställda skall i kontakterna "
                     "med invånarna, med företrädare för det lokala förenings- och näringslivet liksom internt i "
                     "organisationen alltid agera i enlighet med uppställda mål.”"]


def test_a_policy_without_its_text(content_copy):
    (content_copy / "policies" / "falkoping-integrationspolicy.txt").unlink()
    assert problems(content_copy) == [
        f"{Q}: /x-policy: policyns text saknas: lägg den som ren text i policies/falkoping-integrationspolicy.txt, "
        "så att citaten kan jämföras med den"]


def test_quotes_ignore_layout_quote_marks_hyphenation_and_first_letter():
    from survey.content.lint.quotes import quoted
    text = "Inledning.\n”Nämnderna skall\u00ad verka för integra-\ntion” i alla   verksamheter.\nKommunen ska:\n" \
           "▶ verka för mångfald,\n▶ motverka diskriminering."
    assert quoted(text, '"nämnderna skall verka för integration" i alla verksamheter.')
    assert quoted(text, "Kommunen ska verka för mångfald.")
    assert not quoted(text, "Nämnderna ska verka för integration.")


def test_an_invalid_criterion_schema_is_explained_in_swedish(content_copy):
    edit_json(content_copy / R, lambda r: criterion(r, 0, 0, schema={"minimum": "femtio"}))
    assert f"{R}: /requirements/0/criteria/0/schema: schemat är inget giltigt JSON Schema vid minimum: Ska vara " \
        "ett tal." in problems(content_copy)


# --- Messages that help: the validator's findings in Swedish, once, naming the field ---

def kort_sikt(q):
    return q["properties"]["mal"]["properties"]["kort_sikt"]


def test_a_text_question_without_choices_format_or_length(content_copy):
    edit_json(content_copy / Q, lambda q: kort_sikt(q).pop("oneOf"))
    assert problems(content_copy) == [
        f"{Q}: /properties/mal/properties/kort_sikt: Ange ett av fälten oneOf, enum, format, maxLength."]


def test_an_enum_without_type_is_one_message_not_eleven(content_copy):
    edit_json(content_copy / Q, lambda q: (kort_sikt(q).pop("type"), kort_sikt(q).pop("oneOf"),
                                           kort_sikt(q).update(enum=["ja", "nej"])))
    found = problems(content_copy)
    at = f"{Q}: /properties/mal/properties/kort_sikt"
    assert found == [f"{at}/type: Uppgiften måste fyllas i."]


def test_an_unknown_field_names_what_is_allowed(content_copy):
    edit_json(content_copy / Q, lambda q: kort_sikt(q).update(choices=["ja"]))
    found = problems(content_copy)
    assert len(found) == 1 and found[0].startswith(f"{Q}: /properties/mal/properties/kort_sikt/choices: Okänt fält "
                                                   "'choices'; tillåtna här: title, description, x-serves")
    assert "oneOf" in found[0]


def test_a_pattern_error_once_naming_the_value(content_copy):
    edit_json(content_copy / Q, lambda q: q["properties"]["mal"]["properties"].update({"Kort sikt": kort_sikt(q)}))
    assert problems(content_copy) == [
        f"{Q}: /properties/mal/properties: Namnet 'Kort sikt' har fel form: ska matcha ^[a-z][a-z0-9_]*$."]


def test_no_validator_english_in_any_message(content_copy):
    edit_json(content_copy / Q, lambda q: (kort_sikt(q).pop("oneOf"), kort_sikt(q).update(type="array"),
                                           q["x-policy"]["goals"][0].update(id="m 1")))
    found = problems(content_copy)
    assert found and not any(word in p for p in found for word in ("is a required property", "is not", "should"))


def test_problem_messages_are_messages_in_english_too(content_copy):
    from survey.i18n import render
    edit_json(content_copy / R, lambda r: criterion(r, 0, 0, path="/unit/role"))
    problem = next(p for p in lint.lint(content_copy) if p.pointer == "/requirements/0/criteria/0/path")
    assert render(problem.message, "en").startswith("/unit/role is not in the scoring context")
