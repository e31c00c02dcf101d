"""The seed policies are modelled completely: traced back to the policy texts."""
import random
import re

import pytest

from survey import demo
from survey.content import questionnaire as q
from survey.scoring import rules
from tests.helpers import POLICIES

OLOFSTROM = "olofstrom-integrationspolicy"
FALKOPING = "falkoping-integrationspolicy"


def normal(text: str) -> str:
    text = re.sub(r"\s+", " ", text.lower())
    return re.sub(r"(,| samt att| samt|\.)$", "", text.strip()).strip()


def bullets(text: str, heading: str, stop: str) -> list[str]:
    """The bullet items below `heading` up to the line `stop`."""
    lines = text.splitlines()
    start = lines.index(heading)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == stop)
    return [normal(re.sub(r"^- [♦▶] ", "", line)) for line in lines[start:end] if line.startswith("- ")]


def policy_text(name: str) -> str:
    return (POLICIES / f"{name}.txt").read_text(encoding="utf-8")


def sentences(text: str, heading: str) -> list[str]:
    """The sentences of the paragraph right below a heading."""
    lines = [line for line in text.splitlines() if line.strip()]
    paragraph = lines[lines.index(heading) + 1]
    return [normal(s) for s in re.split(r"(?<=\.) ", paragraph)]


POLICY_TEXT = {
    OLOFSTROM: {
        "goals": ("Målen för ett framgångsrikt integrationsarbete är:", "Policy"),
        "requirements": [("Kommunens verksamheter ska", "Uppföljning och utvärdering")],
        "sentences": [
            "Kommunen har ansvar för att öppna sina arbetsplatser för språkpraktik, "
            "arbetsmarknadsåtgärder samt anställningar.",
            "För att integrationsarbetet ska bli konkret och kunna följas upp och utvärderas ska de kommunala "
            "verksamheterna utifrån de övergripande målen i denna policy sätta upp egna mål efter de "
            "förutsättningar som gäller i den egna verksamheten.",
            "Uppföljningen och utvärderingen sker årligen och redovisas i årsredovisningen.",
        ],
    },
    FALKOPING: {
        "goals": ("Falköpings kommun ska", "Ansvarsfördelning"),
        "requirements": [("Nämnderna ska", "Kommunstyrelsen ska"), ("Kommunstyrelsen ska", "Revidering")],
        "paragraphs": ["Medarbetare", "Ledare"],
    },
}


@pytest.mark.parametrize("name", [OLOFSTROM, FALKOPING])
def test_every_goal_of_the_text_is_a_goal(content, name):
    text = policy_text(name)
    heading, stop = POLICY_TEXT[name]["goals"]
    sources = [normal(g["source"]) for g in q.goals(content.questionnaires[name])]
    expected = bullets(text, heading, stop)
    assert len(expected) >= 6
    for bullet in expected:
        assert any(bullet in source for source in sources), bullet


@pytest.mark.parametrize("name", [OLOFSTROM, FALKOPING])
def test_every_responsibility_of_the_text_is_a_requirement(content, name):
    text = policy_text(name)
    spec = POLICY_TEXT[name]
    expected = [b for heading, stop in spec["requirements"] for b in bullets(text, heading, stop)]
    expected += [normal(s) for s in spec.get("sentences", [])]
    expected += [s for heading in spec.get("paragraphs", []) for s in sentences(text, heading)]
    sources = [normal(r["source"]) for r in content.rulesets[name]["requirements"] if r["kind"] == "responsibility"]
    for item in expected:
        assert any(item in source or source in item for source in sources), item


@pytest.mark.parametrize("name", [OLOFSTROM, FALKOPING])
def test_every_goal_and_requirement_has_a_question_and_a_rule(content, name):
    questionnaire, ruleset = content.questionnaires[name], content.rulesets[name]
    asked = {(s, n) for s, n, _ in q.questions(questionnaire)}
    served = {ref for _, _, schema in q.questions(questionnaire) for ref in schema["x-serves"]}
    for goal in q.goals(questionnaire):
        assert goal["id"] in served, goal["id"]
        assert [r for r in ruleset["requirements"] if goal["id"] in r["goals"]], goal["id"]
    for requirement in ruleset["requirements"]:
        assert requirement["id"] in served, requirement["id"]
        read = {tuple(c["path"].split("/")[2:4]) for c in requirement["criteria"] if c["path"].startswith("/answers/")}
        assert read and read <= asked, requirement["id"]


def test_falkoping_kommunstyrelsen_duties_are_not_applicable_to_a_namnd(content):
    questionnaire, ruleset = content.questionnaires[FALKOPING], content.rulesets[FALKOPING]
    ks_only = {r["id"] for r in ruleset["requirements"] if r["applies_to"] == ["kommunstyrelse"]}
    namnd_only = {r["id"] for r in ruleset["requirements"] if r["applies_to"] == ["nämnd"]}
    assert ks_only == {"KS1", "KS2", "KS3", "KS4", "KS5"} and namnd_only == {"N1", "N2", "N3"}
    compiled = rules.compile_ruleset(ruleset)
    for kind in ("nämnd", "kommunstyrelse"):
        answers = demo.answers_for(questionnaire, {"kind": kind}, random.Random(1), 0.9, 2026)
        levels = {r["requirement"]: r["level"] for r in rules.score(compiled, rules.context(answers, {"kind": kind}, 2026))}
        mine, theirs = (namnd_only, ks_only) if kind == "nämnd" else (ks_only, namnd_only)
        assert {levels[i] for i in theirs} == {"not_applicable"}
        assert "not_applicable" not in {levels[i] for i in mine}


@pytest.mark.parametrize("name", [OLOFSTROM, FALKOPING])
def test_questionnaire_takes_20_to_30_minutes(content, name):
    count = len(list(q.questions(content.questionnaires[name])))
    assert 20 <= count <= 45, count


@pytest.mark.parametrize("name", [OLOFSTROM, FALKOPING])
@pytest.mark.parametrize("kind", q.UNIT_KINDS)
def test_generated_demo_answers_are_valid_responses(content, name, kind):
    questionnaire = content.questionnaires[name]
    for seed in range(5):
        answers = demo.answers_for(questionnaire, {"kind": kind}, random.Random(seed), seed / 5, 2026)
        assert q.check_answers(questionnaire, {"kind": kind}, answers, complete=True) == []
