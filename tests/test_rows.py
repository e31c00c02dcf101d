"""Structured lists: a question whose answer is rows of fields (name, date, target group, count, link)."""
from __future__ import annotations

import copy
import json
import random
import re

import pytest

from survey import demo
from survey.content import lint
from survey.scoring import rules
from survey.store import db as store_db
from survey.store import register, responses, rounds
from tests.rows_policy import (
    CRITERIA,
    NAME,
    ROWS,
    questionnaire,
    ruleset,
    write_content,
)
from tests.web import csrf_token, login, one_unit_site, post_form, version


@pytest.fixture
def site(tmp_path):
    """The real app over a database loaded with the rows policy: a nämnd, its manager and an open round."""
    return one_unit_site(tmp_path / "rows.db", lint.load(write_content(tmp_path / "content")), NAME,
                         EVIDENCE_DIR=str(tmp_path / "evidence"))


def stored(site) -> dict | None:
    db = store_db.connect(site["path"])
    try:
        response = responses.get_response(db, site["round"], site["unit"])
    finally:
        db.close()
    return response["answers"] if response else None


def post(site, data: dict):
    url = site["url"] + "/avsnitt/arbete"
    return post_form(site["client"], url, data)


def row(i: int, **fields) -> dict:
    return {f"q_aktiviteter-{i}-{key}": value for key, value in fields.items()}


def test_a_rows_question_renders_one_empty_row_with_labelled_fields(site):
    page = site["client"].get(site["url"] + "/avsnitt/arbete")
    assert page.status_code == 200
    assert page.text.count('class="rows-row"') == 1
    assert "<legend>Aktivitet 1</legend>" in page.text
    for key in ("namn", "datum", "antal", "andel", "lank"):
        assert f'<label for="q_aktiviteter-0-{key}">' in page.text
    assert 'type="date" name="q_aktiviteter-0-datum"' in page.text
    assert 'type="radio" name="q_aktiviteter-0-malgrupp"' in page.text
    assert 'value="add:aktiviteter"' in page.text
    assert "remove:aktiviteter" not in page.text  # nothing to remove in an empty row


def test_posting_two_rows_saves_them_typed_and_shows_a_row_to_type_into(site):
    data = row(0, namn="Öppet hus", datum="2026-03-01", malgrupp="unga", antal="40", andel="87,5",
               lank="www.exempelby.se/oppet-hus", utvarderad="nej") | row(1, namn="Språkcafé", datum="2026-04-12") \
        | row(2, namn=" ", datum="")
    assert post(site, data | {"x-action": "save"}).status_code == 302
    assert stored(site) == {"arbete": {"aktiviteter": [
        {"namn": "Öppet hus", "datum": "2026-03-01", "malgrupp": "unga", "antal": 40, "andel": 87.5,
         "lank": "https://www.exempelby.se/oppet-hus", "utvarderad": False},
        {"namn": "Språkcafé", "datum": "2026-04-12"}]}}
    page = site["client"].get(site["url"] + "/avsnitt/arbete")
    assert page.text.count('class="rows-row"') == 3
    assert 'value="87,5"' in page.text and 'value="Språkcafé"' in page.text
    assert 'id="q_aktiviteter-0-malgrupp-0" value="unga" checked' in page.text
    assert 'id="q_aktiviteter-0-utvarderad-1" value="nej" checked' in page.text


def test_add_and_remove_a_row_without_javascript(site):
    added = post(site, row(0, namn="Öppet hus", datum="2026-03-01") | {"x-action": "add:aktiviteter"})
    assert added.status_code == 302 and "lagg_till=aktiviteter" in added.headers["Location"]
    page = site["client"].get(added.headers["Location"])
    assert page.text.count('class="rows-row"') == 2 and "<legend>Aktivitet 2</legend>" in page.text
    post(site, row(0, namn="Öppet hus", datum="2026-03-01") | row(1, namn="Språkcafé", datum="2026-04-12")
         | row(2, namn="Läxhjälp", datum="2026-05-20"))
    assert len(stored(site)["arbete"]["aktiviteter"]) == 3
    page = site["client"].get(site["url"] + "/avsnitt/arbete")
    assert 'value="remove:aktiviteter:1"' in page.text
    removed = post(site, row(0, namn="Öppet hus", datum="2026-03-01") | row(1, namn="Språkcafé", datum="2026-04-12")
                   | row(2, namn="Läxhjälp", datum="2026-05-20") | {"x-action": "remove:aktiviteter:1"})
    assert removed.status_code == 302
    assert [r["namn"] for r in stored(site)["arbete"]["aktiviteter"]] == ["Öppet hus", "Läxhjälp"]


def test_a_bad_date_in_row_two_comes_back_at_its_field_with_everything_typed(site):
    data = row(0, namn="Öppet hus", datum="2026-03-01", antal="40") \
        | row(1, namn="Språkcafé", datum="12 april", antal="tolv", lank="www.exempelby.se")
    page = post(site, data)
    assert page.status_code == 422
    assert stored(site) is None
    text = page.text
    for value in ("Öppet hus", "2026-03-01", "40", "Språkcafé", "12 april", "tolv", "www.exempelby.se"):
        assert f'value="{value}"' in text
    assert re.search(r'<p class="error" id="q_aktiviteter-1-antal-error">.*Ange ett heltal', text)
    assert 'aria-invalid="true" aria-describedby="q_aktiviteter-1-antal-error"' in text
    assert '<a href="#q_aktiviteter-1-antal">Vilka aktiviteter har ni genomfört under året?</a>: ' \
           'Rad 2: Antal deltagare: Ange ett heltal, till exempel 12.' in text
    # With the number right, the gate finds the date, and says so at the same place.
    page = post(site, data | row(1, antal="12"))
    assert page.status_code == 422
    assert re.search(r'<p class="error" id="q_aktiviteter-1-datum-error">.*Ange ett datum som ÅÅÅÅ-MM-DD.', page.text)
    assert "Rad 2: Datum: Ange ett datum som ÅÅÅÅ-MM-DD." in page.text
    assert 'value="12 april"' in page.text and 'value="Öppet hus"' in page.text


def test_the_gate_and_the_import_refuse_a_bad_row_with_its_pointer(site, runner, tmp_path):
    from survey.cli import cli

    answers = {"arbete": {"aktiviteter": [{"namn": "Öppet hus", "datum": "2026-03-01"},
                                          {"namn": "Språkcafé", "datum": "12 april", "okänt": 1}]}}
    db = store_db.connect(site["path"])
    with pytest.raises(responses.InvalidAnswers) as refused:
        responses.save(db, site["round"], site["unit"], answers, user_id=None, base_version=0)
    db.close()
    found = {p.pointer: str(p.message) for p in refused.value.problems}
    assert found["/arbete/aktiviteter/1/datum"] == "Rad 2: Datum: Ange ett datum som ÅÅÅÅ-MM-DD."
    assert "/arbete/aktiviteter/1/okänt" in found
    file = tmp_path / "svar.json"
    file.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["--db", str(site["path"]), "import-response", str(file), "--policy", NAME,
                                 "--year", "2026", "--unit", "Kulturnämnden"])
    assert result.exit_code != 0
    assert "/arbete/aktiviteter/1/datum: Rad 2: Datum: Ange ett datum som ÅÅÅÅ-MM-DD." in result.output


@pytest.mark.parametrize("rows, levels", [
    ([{"namn": "a", "datum": "2026-01-02", "malgrupp": "unga"}, {"namn": "b", "datum": "2026-02-03"}], ["met", "met"]),
    ([{"namn": "a", "datum": "2026-01-02", "malgrupp": "vuxna"}, {"namn": "b", "datum": "2026-02-03"}], ["met", "not_met"]),
    ([{"namn": "a", "datum": "2026-01-02", "malgrupp": "unga"}], ["not_met", "met"]),
])
def test_criteria_count_and_test_rows(rows, levels):
    compiled = rules.compile_ruleset(ruleset())
    context = rules.context({"arbete": {"aktiviteter": rows}}, {"name": "Kulturnämnden", "kind": "nämnd"}, 2026, None)
    (result,) = rules.score(compiled, context)
    unmet = {u["label"] for u in result["unmet"]}
    assert [c["label"] not in unmet for c in CRITERIA] == [level == "met" for level in levels]
    assert result["level"] == ("met" if levels == ["met", "met"] else "partly_met")


def test_lint_refuses_a_row_criterion_that_can_never_be_met(tmp_path):
    never = [{"label": "För barn", "path": "/answers/arbete/aktiviteter",
              "schema": {"contains": {"properties": {"malgrupp": {"const": "barn"}}, "required": ["malgrupp"]}}},
             {"label": "Många", "path": "/answers/arbete/aktiviteter", "schema": {"minItems": 6}}]
    problems = [str(p) for p in lint.lint(write_content(tmp_path, r=ruleset(never)))]
    assert any("/requirements/0/criteria/0/schema" in p and "'barn' är inget svarsalternativ" in p for p in problems)
    assert any("/requirements/0/criteria/1/schema" in p and "kan aldrig uppfyllas" in p for p in problems)


def test_lint_refuses_a_row_criterion_that_is_always_met(tmp_path):
    always = [{"label": "Har namn", "path": "/answers/arbete/aktiviteter",
               "schema": {"items": {"required": ["namn"]}}}]
    problems = [str(p) for p in lint.lint(write_content(tmp_path, r=ruleset(always)))]
    assert any("/requirements/0/criteria/0/schema" in p and "är alltid uppfyllt" in p for p in problems)


def test_shipped_row_criteria_are_clean(tmp_path):
    assert lint.lint(write_content(tmp_path)) == []


@pytest.mark.parametrize("change, where", [
    (lambda f: f["namn"].pop("maxLength"), "/items/properties/namn"),
    (lambda f: f["antal"].pop("maximum"), "/items/properties/antal"),
    (lambda f: f["datum"].pop("title"), "/items/properties/datum"),
    (lambda f: f.__setitem__("lista", {"type": "array", "title": "Lista", "items": {"type": "string"}}),
     "/items/properties/lista"),
])
def test_the_meta_schema_asks_every_field_for_its_title_and_bounds(tmp_path, change, where):
    rows = copy.deepcopy(ROWS)
    change(rows["items"]["properties"])
    problems = [p for p in lint.lint(write_content(tmp_path, q=questionnaire(rows)))]
    assert any(p.pointer.startswith("/properties/arbete/properties/aktiviteter" + where) for p in problems), problems


def test_the_meta_schema_asks_a_rows_question_for_max_items(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows.pop("maxItems")
    problems = lint.lint(write_content(tmp_path, q=questionnaire(rows)))
    assert any(p.pointer == "/properties/arbete/properties/aktiviteter/maxItems" for p in problems), problems


def test_the_review_answers_results_and_coordinator_pages_show_rows_as_a_table(site):
    post(site, row(0, namn="Öppet hus", datum="2026-03-01", malgrupp="unga", antal="40", utvarderad="ja")
         | row(1, namn="Språkcafé", datum="2026-04-12"))
    review = site["client"].get(site["url"] + "/lamna-in")
    assert review.status_code == 200
    table = review.text[review.text.index('class="rows-table"'):]
    assert '<th scope="col">Målgrupp</th>' in table and "<td>Unga</td>" in table and "<td>Språkcafé</td>" in table
    assert "<td>Ja</td>" in table and "<td>–</td>" in table  # a yes/no field, and a field left empty
    assert 'role="region" aria-label="Vilka aktiviteter har ni genomfört under året?" tabindex="0"' in review.text
    submitted = post_form(site["client"], site["url"] + "/lamna-in", {})
    assert submitted.status_code == 302, submitted.text
    for page in (site["client"].get(site["url"] + "/"), site["client"].get(site["url"] + "/resultat")):
        assert 'class="rows-table"' in page.text and "<td>Öppet hus</td>" in page.text
    db = store_db.connect(site["path"])
    register.add_person(db, site["policy"]["organisation_id"], email="samordnare@example.se", name="Samordnare",
                        role="coordinator", password="hemligt-lösen")
    db.close()
    coordinator = site["client"].application.test_client()
    login(coordinator, "samordnare@example.se", "hemligt-lösen")
    page = coordinator.get(site["url"] + "/")
    assert page.status_code == 200 and 'class="rows-table"' in page.text and "<td>Språkcafé</td>" in page.text


def test_rows_are_carried_over_to_next_year(site):
    db = store_db.connect(site["path"])
    answers = {"arbete": {"aktiviteter": [{"namn": "Öppet hus", "datum": "2025-03-01", "antal": 40}]}}
    last_year = rounds.open_round(db, site["policy"]["id"], 2025)
    responses.save(db, last_year, site["unit"], answers, user_id=None, base_version=0, submit=True)
    db.close()
    client = site["client"]
    assert post_form(client, site["url"] + "/borja-fran-forra-aret", {}, page_url=site["url"] + "/").status_code == 302
    assert stored(site) == answers
    page = client.get(site["url"] + "/avsnitt/arbete")
    assert 'value="Öppet hus"' in page.text and "Svaret kommer från förra året." in page.text
    # Saved unchanged and confirmed, it stays the same answer.
    data = {"csrf_token": csrf_token(page.text), "x-version": version(page.text), "x-bekrafta": "aktiviteter"}
    assert client.post(site["url"] + "/avsnitt/arbete", data=data | row(0, namn="Öppet hus", datum="2025-03-01",
                                                                          antal="40")).status_code == 302
    db = store_db.connect(site["path"])
    saved = responses.get_response(db, site["round"], site["unit"])
    db.close()
    assert saved["answers"] == answers and saved["carried"] == [] and saved["confirmed"] == ["/arbete/aktiviteter"]


def test_the_demo_fills_plausible_rows():
    rng = random.Random(3)
    for _ in range(20):
        value = demo.value_for(ROWS, rng, 0.6, 2026)
        assert 1 <= len(value) <= 3
        for given in value:
            assert given["namn"] in ("Öppet hus", "Språkcafé") and given["datum"].startswith(("2025", "2026"))
            assert given.get("malgrupp", "unga") in ("unga", "vuxna", "alla")
    import jsonschema
    assert jsonschema.Draft202012Validator(ROWS).is_valid(value)


def test_lint_refuses_a_row_requiring_a_field_it_lacks_and_a_bad_field_example(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows["items"]["required"].append("plats")
    rows["items"]["properties"]["datum"]["examples"] = ["i våras"]
    problems = {p.pointer: str(p.message) for p in lint.lint(write_content(tmp_path, q=questionnaire(rows)))}
    at = "/properties/arbete/properties/aktiviteter/items"
    assert problems[f"{at}/required/2"] == ("fältet 'plats' finns inte i raden; lägg till det i items/properties "
                                           "eller ta bort det ur required")
    assert problems[f"{at}/properties/datum/examples/0"] == "exemplet är inget giltigt svar på frågan"


def test_the_workshop_preview_shows_the_rows_fields(site):
    from flask import render_template

    from survey.content import questionnaire as q
    from survey.web import forms, sectionview

    with site["client"].application.test_request_context("/"):
        view = q.for_unit(questionnaire(), {"kind": "nämnd"})
        (name, schema), = q.sections(view)
        (question,) = sectionview.questions(questionnaire(), view, name, forms.section_form(schema, {}), answers={},
                                            names={})
        html = render_template("respond/questions.html", questions=[question])
    assert len(question["rows"]) == 1
    assert '<label for="q_aktiviteter-0-namn">Aktivitet</label>' in html and "<legend>Aktivitet 1</legend>" in html


def test_submitting_a_row_without_a_required_field_links_to_that_field(site):
    post(site, row(0, namn="Öppet hus", datum="2026-03-01") | row(1, namn="Språkcafé"))  # a draft may lack it
    assert len(stored(site)["arbete"]["aktiviteter"]) == 2
    refused = post_form(site["client"], site["url"] + "/lamna-in", {})
    assert refused.status_code == 422
    assert re.search(r'href="[^"]*/avsnitt/arbete#q_aktiviteter-1-datum">Vilka aktiviteter har ni genomfört under '
                     r'året\?</a>: Rad 2: Datum: Uppgiften måste fyllas i.', refused.text)
