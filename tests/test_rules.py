"""The rules engine, on small hand-made rule sets: every level path."""
import pytest

from survey.scoring import rules

RULESET = {
    "policy": "p",
    "requirements": [
        {"id": "N1", "kind": "responsibility", "title": "Mål", "source": "Fastställa mål.",
         "applies_to": ["nämnd"], "goals": ["M1", "M2"], "advice": "Fastställ målen.",
         "criteria": [
             {"label": "Mål på kort sikt", "path": "/answers/mal/kort", "schema": {"const": "ja"}},
             {"label": "Mål på lång sikt", "path": "/answers/mal/lang", "schema": {"const": "ja"}}],
         "levels": {"met": "all", "partly_met": 1}},
        {"id": "R1", "kind": "goal", "title": "Rekrytering", "source": "Likabehandling.",
         "applies_to": ["nämnd", "bolag"], "goals": ["M2"], "weight": 2, "advice": "Arbeta aktivt.",
         "applies_if": {"label": "Har rekryterat", "path": "/answers/rek/rekryterat", "schema": {"const": True}},
         "criteria": [
             {"label": "Merit", "path": "/answers/rek/merit", "schema": {"enum": ["ja", "delvis"]}},
             {"label": "Minst tre", "path": "/answers/rek/antal", "schema": {"minimum": 3}}],
         "levels": {"met": 2}},
        {"id": "U1", "kind": "responsibility", "title": "Årligen", "source": "Årlig uppföljning.",
         "applies_to": ["nämnd"], "goals": ["M1"], "advice": "Följ upp varje år.",
         "criteria": [
             {"label": "Uppföljt i år", "path": "/answers/upp/gjord", "schema": {"const": "ja"}},
             {"label": "Uppföljt förra året", "path": "/previous/answers/upp/gjord",
              "schema": {"const": "ja"}, "missing": "ignore"}],
         "levels": {"met": "all", "partly_met": 1}},
    ],
}
COMPILED = rules.compile_ruleset(RULESET)


def result(requirement, answers, kind="nämnd", previous=None):
    context = rules.context(answers, {"name": "Enhet", "kind": kind}, 2026, previous)
    found = {r["requirement"]: r for r in rules.score(COMPILED, context)}
    return found[requirement]


def test_all_criteria_met_is_met_with_full_points():
    r = result("N1", {"mal": {"kort": "ja", "lang": "ja"}})
    assert (r["level"], r["points"], r["max_points"], r["unmet"], r["advice"]) == ("met", 2, 2, [], None)


def test_some_criteria_met_is_partly_met_and_explains_the_answer_given():
    r = result("N1", {"mal": {"kort": "ja", "lang": "nej"}})
    assert (r["level"], r["points"], r["max_points"]) == ("partly_met", 1, 2)
    assert r["unmet"] == [{"label": "Mål på lång sikt", "path": "/answers/mal/lang", "answer": "nej"}]
    assert r["advice"] == "Fastställ målen."
    assert str(rules.explain(r)) == ("Delvis uppfyllt: 1 av 2 kriterier uppfyllda. "
                                "Inte uppfyllt: Mål på lång sikt (svar: nej).")


def test_no_criteria_met_is_not_met():
    r = result("N1", {"mal": {"kort": "nej", "lang": "delvis"}})
    assert (r["level"], r["points"]) == ("not_met", 0)
    assert [u["answer"] for u in r["unmet"]] == ["nej", "delvis"]


def test_without_partly_threshold_anything_short_of_met_is_not_met():
    r = result("R1", {"rek": {"rekryterat": True, "merit": "ja", "antal": 1}})
    assert (r["level"], r["points"], r["max_points"]) == ("not_met", 0, 4)


def test_weight_multiplies_points():
    r = result("R1", {"rek": {"rekryterat": True, "merit": "delvis", "antal": 3}})
    assert (r["level"], r["points"], r["max_points"]) == ("met", 4, 4)


def test_other_unit_kinds_are_not_applicable():
    r = result("N1", {"mal": {"kort": "ja", "lang": "ja"}}, kind="kommunstyrelse")
    assert (r["level"], r["points"], r["max_points"]) == ("not_applicable", None, None)
    assert "kommunstyrelse" in str(rules.explain(r))


def test_failed_applicability_condition_is_not_applicable():
    r = result("R1", {"rek": {"rekryterat": False}}, kind="bolag")
    assert r["level"] == "not_applicable"
    assert str(rules.explain(r)) == "Ej tillämpligt. Kravet gäller inte: Har rekryterat (svar: nej)."


def test_unanswered_applicability_condition_is_not_assessed():
    assert result("R1", {}, kind="bolag")["level"] == "not_assessed"


def test_no_answers_at_all_is_not_assessed():
    r = result("N1", {})
    assert (r["level"], r["points"], r["max_points"]) == ("not_assessed", None, None)


def test_a_missing_answer_counts_as_unmet_with_no_answer_shown():
    r = result("N1", {"mal": {"kort": "ja"}})
    assert r["level"] == "partly_met"
    assert r["unmet"] == [{"label": "Mål på lång sikt", "path": "/answers/mal/lang", "answer": None}]
    assert "(svar: inget svar)" in str(rules.explain(r))


def test_null_is_an_unanswered_question():
    assert result("N1", {"mal": {"kort": None, "lang": None}})["level"] == "not_assessed"


def test_previous_year_met_and_this_year_met():
    r = result("U1", {"upp": {"gjord": "ja"}}, previous={"upp": {"gjord": "ja"}})
    assert (r["level"], r["criteria"]) == ("met", 2)


def test_previous_year_not_reported_makes_it_partly_met():
    r = result("U1", {"upp": {"gjord": "ja"}}, previous={"upp": {"gjord": "nej"}})
    assert r["level"] == "partly_met"
    assert r["unmet"][0]["path"] == "/previous/answers/upp/gjord"


def test_no_previous_response_leaves_the_previous_year_criterion_out():
    r = result("U1", {"upp": {"gjord": "ja"}}, previous=None)
    assert (r["level"], r["criteria"], r["met_criteria"]) == ("met", 1, 1)


def test_summary_counts_applicable_requirements_beside_the_percentage():
    context = rules.context({"mal": {"kort": "ja", "lang": "nej"}, "upp": {"gjord": "ja"},
                             "rek": {"rekryterat": False}}, {"kind": "nämnd"}, 2026)
    results = rules.score(COMPILED, context)
    summary = rules.summarize(results)
    assert summary == {
        "points": 3, "max_points": 4, "compliance": 75.0, "applicable": 2, "assessed": 2,
        "counts": {"met": 1, "partly_met": 1, "not_met": 0, "not_applicable": 1, "not_assessed": 0}}
    by_goal = rules.by_goal(results, RULESET)
    assert by_goal["M1"]["compliance"] == 75.0
    assert (by_goal["M2"]["compliance"], by_goal["M2"]["applicable"]) == (50.0, 1)


def test_summary_of_nothing_assessed_has_no_percentage():
    assert rules.summarize([])["compliance"] is None


@pytest.mark.parametrize("value, text", [
    (True, "ja"), (False, "nej"), (None, "inget svar"), ([], "inget valt"), (["a", "b"], "a, b"), (3, "3")])
def test_answers_are_formatted_for_people(value, text):
    assert rules.format_answer(value) == text
