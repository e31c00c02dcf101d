"""Follow-ups with `else` and on a question of another section (issue 9, D): content, gate, pages, lint, demo.

The tests write their own small policy into a temporary content folder: a plan section whose
yes/no question asks for a link (`then`) or a reason (`else`), and a follow-up section whose
date is asked when the plan exists and whose obstacles are asked when it does not (both in
the questionnaire's top-level `allOf`).
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from survey import demo
from survey.cli import cli
from survey.content import lint
from survey.content import questionnaire as q
from survey.store import db as store_db
from survey.store import responses
from survey.web import presentation
from tests.followups_policy import FOLLOW, NAME, Q, _question, questionnaire, write
from tests.web import one_unit_site, post_form


@pytest.fixture
def root(tmp_path):
    return write(tmp_path / "content")


@pytest.fixture
def site(root, tmp_path):
    return make_site(root, tmp_path / "follow.db")


def make_site(root: Path, path: Path) -> dict:
    """A database with the policy loaded, a nämnd with its manager and an open round, and the app on it."""
    return one_unit_site(path, lint.load(root), NAME)


def stored(site) -> dict:
    db = store_db.connect(site["path"])
    try:
        return (responses.get_response(db, site["round"], site["unit"]) or {}).get("answers", {})
    finally:
        db.close()


def wrap(html: str, name: str) -> str:
    """The markup of one question on a section page ('' when the page does not show it)."""
    found = re.search(rf'<div class="question[^"]*" id="wrap-q_{name}".*?<details class="why">', html, re.S)
    return found.group(0) if found else ""


# --- the content -----------------------------------------------------------------------

def test_the_policy_is_lint_clean(root):
    assert [str(p) for p in lint.lint(root)] == []


def test_else_asks_when_the_if_fails_also_unanswered_and_the_answers_keep_only_what_is_asked():
    body = questionnaire()
    assert q.is_asked(body, "plan", "varfor_inte", {})  # JSON Schema: an unanswered `if` fails
    assert not q.is_asked(body, "plan", "lank", {})
    assert q.is_asked(body, "plan", "varfor_inte", {"plan": {"finns": False}})
    assert not q.is_asked(body, "plan", "varfor_inte", {"plan": {"finns": True}})
    assert q.is_asked(body, "uppfoljning", "datum", {"plan": {"finns": True}})
    assert not q.is_asked(body, "uppfoljning", "datum", {"uppfoljning": {}})
    assert q.is_asked(body, "uppfoljning", "hinder", {})
    answers = {"plan": {"finns": True, "lank": "https://www.example.se/plan", "varfor_inte": "Tid"},
               "uppfoljning": {"genomford": "ja", "datum": "2026-03-01", "hinder": "Pengar"}}
    assert q.without_unasked(body, answers) == {
        "plan": {"finns": True, "lank": "https://www.example.se/plan"},
        "uppfoljning": {"genomford": "ja", "datum": "2026-03-01"}}
    answers["plan"]["finns"] = False
    assert q.without_unasked(body, answers) == {
        "plan": {"finns": False, "varfor_inte": "Tid"}, "uppfoljning": {"genomford": "ja", "hinder": "Pengar"}}


def test_a_follow_up_of_a_dropped_follow_up_is_judged_as_the_gate_sees_the_answers():
    """A chain across sections: the plan's link asks for its review date; no plan, no link, no date."""
    body = questionnaire()
    body["properties"]["uppfoljning"]["properties"]["granskad"] = _question(
        "När granskades den länkade planen?", FOLLOW, type="string", format="date")
    body["allOf"].append({"if": {"properties": {"plan": {"properties": {"lank": {"minimum": 0}},
                                                         "required": ["lank"]}}, "required": ["plan"]},
                          "then": {"properties": {"uppfoljning": {"required": ["granskad"]}}}})
    answers = {"plan": {"finns": False, "lank": "https://www.example.se/plan"},
               "uppfoljning": {"genomford": "ja", "hinder": "Pengar", "granskad": "2026-01-10"}}
    kept = q.without_unasked(body, answers)
    assert kept == {"plan": {"finns": False}, "uppfoljning": {"genomford": "ja", "hinder": "Pengar"}}
    assert q.check_answers(body, {"kind": "nämnd"}, kept, complete=False) == []
    # the import judges the answers as given: the link is not asked; the date is, since a link is given
    assert [p.pointer for p in q.check_answers(body, {"kind": "nämnd"}, answers, complete=False)] == ["/plan/lank"]


# --- the gate: import and saving ---------------------------------------------------------

def _import(runner, site, tmp_path, answers: dict, submit: bool = True):
    file = tmp_path / "svar.json"
    file.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    args = ["--db", str(site["path"]), "import-response", str(file), "--policy", NAME, "--year", "2026",
            "--unit", "Kulturnämnden"] + (["--submit"] if submit else [])
    return runner.invoke(cli, args)


def test_the_import_refuses_a_missing_cross_section_follow_up_at_its_pointer(site, runner, tmp_path):
    answers = {"plan": {"finns": True, "lank": "https://www.example.se/plan"}, "uppfoljning": {"genomford": "ja"}}
    result = _import(runner, site, tmp_path, answers)
    assert result.exit_code != 0
    assert "svar.json: /uppfoljning/datum: Uppgiften måste fyllas i." in result.output
    assert "1 fel; inget har sparats." in result.output
    assert stored(site) == {}


def test_the_import_refuses_a_missing_else_follow_up_beside_other_missing_answers(site, runner, tmp_path):
    result = _import(runner, site, tmp_path, {"plan": {"finns": False}, "uppfoljning": {}})
    assert "/plan/varfor_inte: Uppgiften måste fyllas i." in result.output
    assert "/uppfoljning/genomford: Uppgiften måste fyllas i." in result.output
    assert "/uppfoljning/hinder: Uppgiften måste fyllas i." in result.output


def test_the_import_refuses_answered_unasked_follow_ups_in_drafts_too(site, runner, tmp_path):
    answers = {"plan": {"finns": False, "varfor_inte": "Ingen tid", "lank": "https://www.example.se/plan"},
               "uppfoljning": {"genomford": "nej", "hinder": "Tid", "datum": "2026-03-01"}}
    result = _import(runner, site, tmp_path, answers, submit=False)
    lines = [line.partition("svar.json: ")[2] for line in result.output.splitlines() if "svar.json: /" in line]
    assert lines == ["/plan/lank: Frågan ställs inte med de svar som getts; ta bort svaret.",
                     "/uppfoljning/datum: Frågan ställs inte med de svar som getts; ta bort svaret."]
    del answers["plan"]["lank"], answers["uppfoljning"]["datum"]
    assert _import(runner, site, tmp_path, answers).exit_code == 0
    assert stored(site) == answers


# --- the section pages --------------------------------------------------------------------

def test_an_else_follow_up_is_shown_and_required_when_the_answer_is_nej_and_not_when_ja(site):
    client, url = site["client"], site["url"]
    page = client.get(url + "/avsnitt/plan").text
    reason = wrap(page, "varfor_inte")
    assert "Besvaras om svaret på ”Finns en tillgänglighetsplan?” inte är Ja." in reason
    rules = json.loads(re.search(r'data-show-if="([^"]*)"', reason).group(1).replace("&#34;", '"'))
    assert rules == [{"field": "q_finns", "control": "boolean", "const": True, "negate": True, "needs": True}]
    assert "frivillig" not in reason
    assert post_form(client, url + "/avsnitt/plan", {"q_finns": "nej", "x-action": "save"}).status_code == 302
    step = client.get(url + "/lamna-in").text
    assert f'href="{url}/avsnitt/plan#q_varfor_inte"' in step
    refused = post_form(client, url + "/lamna-in", {})
    assert refused.status_code == 422 and "Varför finns ingen plan?" in refused.text
    # Ja: the reason is no longer asked; posting it anyway drops it
    saved = post_form(client, url + "/avsnitt/plan", {"q_finns": "ja", "q_lank": "https://www.example.se/plan",
                                                      "q_varfor_inte": "Ingen tid", "x-action": "save"})
    assert saved.status_code == 302
    assert stored(site)["plan"] == {"finns": True, "lank": "https://www.example.se/plan"}
    step = client.get(url + "/lamna-in").text
    assert "#q_varfor_inte" not in step


def test_a_cross_section_follow_up_appears_only_when_the_other_sections_stored_answer_holds(site):
    client, url = site["client"], site["url"]
    page = client.get(url + "/avsnitt/uppfoljning").text
    assert wrap(page, "datum") == ""  # the plan is not answered: the date is not asked
    obstacles = wrap(page, "hinder")
    assert "Besvaras eftersom du inte svarat Ja på ”Finns en tillgänglighetsplan?” i avsnittet ”Plan”." in obstacles
    assert "data-show-if" not in obstacles and "frivillig" not in obstacles
    post_form(client, url + "/avsnitt/plan", {"q_finns": "ja", "q_lank": "https://www.example.se/plan",
                                              "x-action": "save"})
    page = client.get(url + "/avsnitt/uppfoljning").text
    date = wrap(page, "datum")
    assert "Besvaras eftersom du svarat Ja på ”Finns en tillgänglighetsplan?” i avsnittet ”Plan”." in date
    assert 'type="date"' in date and "data-show-if" not in date
    assert wrap(page, "hinder") == ""


def test_saving_drops_follow_ups_whose_condition_no_longer_holds_on_either_page(site):
    client, url = site["client"], site["url"]
    post_form(client, url + "/avsnitt/plan", {"q_finns": "ja", "q_lank": "https://www.example.se/plan",
                                              "x-action": "save"})
    post_form(client, url + "/avsnitt/uppfoljning", {"q_genomford": "ja", "q_datum": "2026-03-01",
                                                     "q_hinder": "Tid", "x-action": "save"})
    assert stored(site)["uppfoljning"] == {"genomford": "ja", "datum": "2026-03-01"}  # obstacles not asked
    post_form(client, url + "/avsnitt/plan", {"q_finns": "nej", "q_varfor_inte": "Ingen tid", "x-action": "save"})
    assert stored(site) == {"plan": {"finns": False, "varfor_inte": "Ingen tid"}, "uppfoljning": {"genomford": "ja"}}
    overview = client.get(url + "/").text
    assert "Obligatoriska frågor: 2 av 3 klara" in overview  # finns + reason, genomford; obstacles missing


def test_a_validation_message_for_a_missing_follow_up_stands_at_its_field(site):
    client, url = site["client"], site["url"]
    post_form(client, url + "/avsnitt/plan", {"q_finns": "ja", "q_lank": "https://www.example.se/plan",
                                              "x-action": "save"})
    post_form(client, url + "/avsnitt/uppfoljning", {"q_genomford": "ja", "x-action": "save"})
    db = store_db.connect(site["path"])
    try:
        current = responses.get_response(db, site["round"], site["unit"])
        with pytest.raises(responses.InvalidAnswers) as refused:
            responses.save(db, site["round"], site["unit"], current["answers"], user_id=None,
                           base_version=current["version"], submit=True)
    finally:
        db.close()
    assert [(p.pointer, str(p.message)) for p in refused.value.problems] == [
        ("/uppfoljning/datum", "Uppgiften måste fyllas i.")]


# --- progress agrees with the gate --------------------------------------------------------

@pytest.mark.parametrize("answers", [
    {"plan": {}, "uppfoljning": {}},
    {"plan": {"finns": False}, "uppfoljning": {}},
    {"plan": {"finns": False, "varfor_inte": "Tid"}, "uppfoljning": {"genomford": "nej"}},
    {"plan": {"finns": False, "varfor_inte": "Tid"}, "uppfoljning": {"genomford": "nej", "hinder": "Pengar"}},
    {"plan": {"finns": True}, "uppfoljning": {"genomford": "ja", "datum": "2026-03-01"}},
    {"plan": {"finns": True, "lank": "https://www.example.se/plan"}, "uppfoljning": {"genomford": "ja"}},
    {"plan": {"finns": True, "lank": "https://www.example.se/plan"},
     "uppfoljning": {"genomford": "ja", "datum": "2026-03-01"}},
])
def test_progress_counts_what_the_gate_requires(answers):
    body = questionnaire()
    view = q.for_unit(body, {"kind": "nämnd"})
    shown = presentation.progress(view, answers)
    missing = {f"/{s['name']}/{m['question']}" for s in shown["sections"] for m in s["missing"] if m["required"]}
    refused = {p.pointer for p in q.check_answers(body, {"kind": "nämnd"}, answers, complete=True)}
    assert missing == refused
    assert shown["complete"] == (refused == set())


# --- lint -----------------------------------------------------------------------------------

def lint_of(tmp_path, change) -> list[str]:
    body = questionnaire()
    change(body)
    return [str(p) for p in lint.lint(write(tmp_path / "broken", body))]


def test_lint_refuses_a_condition_on_an_unknown_question(tmp_path):
    def section(body):
        body["properties"]["plan"]["allOf"][0]["else"]["required"] = ["finns_inte"]

    def top(body):
        body["allOf"][0]["if"]["properties"]["plan"]["properties"] = {"saknas": {"const": True}}
        body["allOf"][0]["if"]["properties"]["plan"]["required"] = ["saknas"]

    def top_section(body):
        body["allOf"][0]["else"]["properties"] = {"finns_ej": {"required": ["hinder"]}}

    assert f"{Q}: /properties/plan/allOf/0: frågan 'finns_inte' finns inte i avsnittet" in lint_of(tmp_path, section)
    assert f"{Q}: /allOf/0/if/properties/plan/properties/saknas: frågan 'saknas' finns inte i avsnittet plan" \
        in lint_of(tmp_path, top)
    assert f"{Q}: /allOf/0/else/properties/finns_ej: avsnittet 'finns_ej' finns inte; ange ett av plan, " \
           "uppfoljning" in lint_of(tmp_path, top_section)


def test_lint_refuses_a_condition_on_a_value_the_question_cannot_take(tmp_path):
    def section(body):
        body["properties"]["plan"]["allOf"][0]["if"]["properties"]["finns"] = {"const": "ja"}

    def top(body):
        body["allOf"][0]["if"]["properties"]["plan"]["properties"]["finns"] = {"const": "ja"}

    expected = "%s: %s: 'ja' kan aldrig vara svaret: frågan besvaras med ja eller nej, som skrivs true eller false; " \
               "skriv true eller false i stället"
    assert expected % (Q, "/properties/plan/allOf/0/if/properties/finns") in lint_of(tmp_path, section)
    assert expected % (Q, "/allOf/0/if/properties/plan/properties/finns") in lint_of(tmp_path, top)


def test_lint_refuses_a_follow_up_that_is_also_required(tmp_path):
    def section(body):
        body["properties"]["plan"]["required"].append("varfor_inte")

    def top(body):
        body["properties"]["uppfoljning"]["required"].append("hinder")

    assert any(p.startswith(f"{Q}: /properties/plan/required/1: frågan 'varfor_inte' är en följdfråga (allOf/0)")
               for p in lint_of(tmp_path, section))
    assert any(p.startswith(f"{Q}: /properties/uppfoljning/required/1: frågan 'hinder' är en följdfråga (allOf/0 på "
                            "frågeformulärets översta nivå)") for p in lint_of(tmp_path, top))


def test_lint_refuses_a_question_that_is_its_own_follow_up_directly_or_in_a_ring(tmp_path):
    def self_(body):
        body["properties"]["plan"]["allOf"][0]["else"]["required"] = ["finns"]
        body["properties"]["plan"]["required"] = []

    def ring(body):  # finns asks lank (section); lank, in the top level, asks finns back
        body["properties"]["plan"]["required"] = []
        body["allOf"].append({"if": {"properties": {"uppfoljning": {"properties": {"datum": {"minimum": 0}},
                                                                    "required": ["datum"]}},
                                     "required": ["uppfoljning"]},
                              "then": {"properties": {"plan": {"required": ["finns"]}}}})

    assert f"{Q}: /properties/plan/allOf/0: frågan plan/finns är en följdfråga till sig själv; ett villkor ska " \
           "gälla en annan fråga" in lint_of(tmp_path, self_)
    rings = [p for p in lint_of(tmp_path, ring) if "bildar en ring" in p]
    assert len(rings) == 1 and "plan/finns" in rings[0] and "uppfoljning/datum" in rings[0]


def test_lint_refuses_a_top_level_condition_within_one_section_and_an_if_requiring_another_question(tmp_path):
    def same(body):
        body["allOf"][0]["then"]["properties"] = {"plan": {"required": ["lank"]}}

    def other(body):
        body["properties"]["plan"]["allOf"][0]["if"]["required"] = ["lank"]

    assert any(p.startswith(f"{Q}: /allOf/0/then/properties/plan/required/0: villkoret gäller en fråga i samma "
                            "avsnitt (plan)") for p in lint_of(tmp_path, same))
    assert f"{Q}: /properties/plan/allOf/0/if/required/0: villkoret prövar 'finns' men kräver 'lank'; ett villkor " \
           "gäller en fråga: skriv required: ['finns'] eller []" in lint_of(tmp_path, other)


def test_the_meta_schema_refuses_a_top_level_condition_of_another_shape(tmp_path):
    def shape(body):
        body["allOf"][0]["then"] = {"required": ["datum"]}

    assert any(p.startswith(f"{Q}: /allOf/0/then") for p in lint_of(tmp_path, shape))


# --- the demo -------------------------------------------------------------------------------

def test_the_demo_answers_follow_ups_consistently():
    body = questionnaire()
    seen = set()
    for seed in range(30):
        answers = demo.answers_for(body, {"kind": "nämnd"}, random.Random(seed), seed / 30, 2026)
        assert q.check_answers(body, {"kind": "nämnd"}, answers, complete=True) == []
        seen.add((answers["plan"]["finns"], "varfor_inte" in answers["plan"], "datum" in answers["uppfoljning"]))
    assert seen == {(True, False, True), (False, True, False)}


def test_carrying_over_leaves_out_the_follow_ups_of_an_answer_the_format_now_refuses(tmp_path):
    """Last year up to 500 activities could be given, this year at most 100: 250 is left out, and so is the
    follow-up it asked for."""
    body = questionnaire()
    questions = body["properties"]["uppfoljning"]["properties"]
    questions["aktiviteter"] = _question("Hur många aktiviteter genomfördes?", FOLLOW, type="integer",
                                         minimum=0, maximum=100)
    questions["aktiviteter_vilka"] = _question("Vilka aktiviteter?", FOLLOW, type="string", maxLength=500)
    body["properties"]["uppfoljning"]["allOf"] = [{
        "if": {"properties": {"aktiviteter": {"minimum": 1}}, "required": ["aktiviteter"]},
        "then": {"required": ["aktiviteter_vilka"]}}]
    site = make_site(write(tmp_path / "content", body), tmp_path / "carry.db")
    db = store_db.connect(site["path"])
    try:
        last_year = {"plan": {"finns": True, "lank": "https://www.example.se/plan"},
                     "uppfoljning": {"genomford": "ja", "datum": "2026-01-20", "aktiviteter": 250,
                                     "aktiviteter_vilka": "Utbildningar"}}
        saved, refused = responses.carry_over(db, site["round"], site["unit"], last_year, user_id=None)
    finally:
        db.close()
    assert [p.pointer for p in refused] == ["/uppfoljning/aktiviteter"]
    assert saved["answers"] == {"plan": {"finns": True, "lank": "https://www.example.se/plan"},
                                "uppfoljning": {"genomford": "ja", "datum": "2026-01-20"}}


def test_lint_refuses_a_top_level_condition_on_a_section_some_who_see_the_follow_ups_never_see(tmp_path):
    def narrower(body):
        body["properties"]["plan"]["x-applies-to"] = ["nämnd"]
        body["properties"]["uppfoljning"]["x-applies-to"] = ["nämnd", "bolag"]
        body["properties"]["uppfoljning"]["x-applies-to-units"] = ["Kommundirektörens stab"]

    def same(body):
        for name in ("plan", "uppfoljning"):
            body["properties"][name]["x-applies-to"] = ["nämnd", "bolag"]

    assert f"{Q}: /allOf/0/if/properties/plan: avsnittet plan, som villkoret läser, visas inte för alla som ser " \
           "följdfrågorna i uppfoljning (typen bolag, enheten Kommundirektörens stab), så för dem gäller villkoret " \
           "aldrig; låt avsnittet plan gälla dem också eller flytta villkoret" in lint_of(tmp_path, narrower)
    assert not any("som villkoret läser" in p for p in lint_of(tmp_path, same))
