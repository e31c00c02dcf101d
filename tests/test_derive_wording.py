"""Questions a unit manager can answer (issue 18, items 5 and 6): a duty is asked of the units
it names, a compound duty one part at a time, a goal about what was done, every question
well-formed Swedish, nothing invented, and every draft of the development corpus lint-clean.
"""
from __future__ import annotations

import pytest

from survey.content import lint
from survey.content.derive import Derived, Failure, derive
from survey.content.derive.analyse import KINDS, Analysis, Duty, Goal
from survey.content.derive.draft import build
from survey.content.derive.wording import goal_question, questions
from tests import corpus
from tests.documents import write_derived

META = dict.fromkeys(("municipality", "title", "adopted_by", "adopted_date", "adopted_paragraph", "replaces",
                      "revision", "follow_up"))
FULL_META = {**META, "municipality": "Lidsjö kommun", "title": "Testpolicy"}


def _draft(analysis: Analysis) -> Derived:
    text = "\n".join([g.source for g in analysis.goals] + [d.source for d in analysis.duties]) + "\n"
    questionnaire, ruleset = build(analysis, "testpolicy")
    return Derived("testpolicy", text, analysis, questionnaire, ruleset)


def _questions(section: dict) -> list[str]:
    return [q["title"] for q in section["properties"].values() if "oneOf" in q]


def test_an_unknown_verb_gets_a_neutral_question_and_the_quote_is_not_pasted_in():
    asked = questions("blorfa en plan för arbetet", ["bolag"], clause=True)
    assert asked == [("Har bolaget under året gjort det som policyn kräver här (se citatet)?", False)]
    assert "blorfa" not in asked[0][0]


def test_a_compound_of_verbs_is_split_but_a_compound_of_nouns_is_not():
    assert questions("stötta föreningar och organisationer samt informera barn och unga om sina rättigheter",
                     ["nämnd"], clause=True) == [("Har nämnden stöttat föreningar och organisationer?", True),
                                                 ("Har nämnden informerat barn och unga om sina rättigheter?", True)]
    assert questions("Förvaltningarna ska erbjuda barn och unga en trygg miljö.", ["förvaltning"], clause=False) == [
        ("Har förvaltningen erbjudit barn och unga en trygg miljö?", True)]


def test_a_goal_is_asked_as_what_the_unit_did_not_as_an_opinion():
    asked = goal_question("Alla invånare ska ha goda möjligheter till ett aktivt liv.", "Ett aktivt liv")
    assert asked.startswith("Har ni under året genomfört åtgärder för målet")
    assert "bidragit" not in asked


def test_a_duty_is_asked_only_of_the_units_it_names_and_a_compound_under_one_requirement(tmp_path):
    analysis = Analysis(FULL_META, goals=[Goal("M1", "Alla invånare ska känna sig trygga.", "Mål")], duties=[
        Duty("Kommunstyrelsen ska leda arbetet samt följa upp planen.", "Ansvar", "kommunstyrelsen",
             ["kommunstyrelse"], None, False),
        Duty("Varje chef ska informera sina medarbetare om policyn.", "Ansvar", "varje chef", list(KINDS),
             "chefer", False)])
    result = _draft(analysis)
    sections = result.questionnaire["properties"]
    ks = sections["ansvar_kommunstyrelse"]
    assert ks["x-applies-to"] == ["kommunstyrelse"]
    assert _questions(ks) == ["Har kommunstyrelsen lett arbetet?", "Har kommunstyrelsen följt upp planen?"]
    assert sections["ansvar_chefer"]["x-applies-to-tags"] == ["chefer"]
    by_id = {r["id"]: r for r in result.ruleset["requirements"]}
    assert by_id["KS1"]["applies_to"] == ["kommunstyrelse"] and by_id["KS1"]["levels"] == {"met": "all",
                                                                                            "partly_met": 1}
    assert len([c for c in by_id["KS1"]["criteria"] if "(del " in c["label"]]) == 4  # two parts, one requirement
    goal = sections["mal"]["properties"]
    assert goal["m1_beskrivning"]["title"].startswith("Vad har ni gjort")
    write_derived(tmp_path, result)
    assert lint.lint(tmp_path) == []


def test_an_empty_analysis_invents_nothing_and_is_not_publishable(tmp_path):
    result = _draft(Analysis(dict(META)))
    assert result.questionnaire["x-policy"]["goals"] == []
    assert result.ruleset["requirements"] == []
    assert result.questionnaire["properties"] == {}
    write_derived(tmp_path, result)
    assert "/properties" in {problem.pointer for problem in lint.lint(tmp_path)}  # lint refuses it
    prose = "Kommunen växer och har många invånare som bor i olika delar av kommunen. " * 8
    refused = derive(f"Testpolicy\n\n{prose}\n".encode(), "policy.txt")
    assert isinstance(refused, Failure) and refused.message.code == "derive.nothing_found"


DEV = [(path, fmt) for path in corpus.sources("dev") for fmt in ("docx", "pdf", "messy")]


@pytest.mark.parametrize("path,fmt", DEV, ids=[f"{p.stem}-{fmt}" for p, fmt in DEV])
def test_every_development_draft_lints_clean_and_quotes_verbatim(path, fmt, tmp_path):
    result = derive(*corpus.build(corpus.load(path), fmt))
    assert isinstance(result, Derived)
    sources = [r["source"] for r in result.ruleset["requirements"]]
    sources += [g["source"] for g in result.questionnaire["x-policy"]["goals"]]
    assert [s for s in sources if s not in result.text] == []
    for section in result.questionnaire["properties"].values():
        for title in _questions(section):
            assert title.endswith("?") and title[0].isupper() and "  " not in title
    write_derived(tmp_path, result)
    assert lint.lint(tmp_path) == []


def test_a_group_is_asked_as_ni_and_a_later_subordinate_ska_is_not_taken_for_the_duty():
    assert questions("Varje chef ska följa upp arbetsmiljön.", list(KINDS), clause=False, tag="chef") == [
        ("Har ni följt upp arbetsmiljön?", True)]
    assert questions("Medarbetarna ska komma till arbetet utvilade.", list(KINDS), clause=False, tag="medarbetare") == [
        ("Har ni kommit till arbetet utvilade?", True)]
    assert questions("Nämnderna ska i sina planer ange vilka tjänster de ska införa under året.", ["nämnd"],
                     clause=False) == [("Har nämnden i sina planer angett vilka tjänster de ska införa under året?", True)]
    assert questions("Nämnderna ska inte lämna ut uppgifterna.", ["nämnd"], clause=False)[0][1] is False  # no "Har … inte"


def test_a_second_clause_is_its_own_question_or_the_neutral_wording_never_a_glued_one():
    assert questions("Kommunstyrelsen ansvarar för att samordna arbetet och för att chefer erbjuds utbildning.",
                     ["kommunstyrelse"], clause=False) == [
        ("Har kommunstyrelsen samordnat arbetet?", True), ("Har kommunstyrelsen sett till att chefer erbjuds utbildning?",
                                                           True)]
    assert questions("Varje chef ska planera arbetet och ska samtala om hälsa.", list(KINDS), clause=False,
                     tag="chef") == [("Har ni planerat arbetet?", True), ("Har ni samtalat om hälsa?", True)]
    assert questions("Nämnden ansvarar för stödet till evenemang och ska prioritera evenemang under vintern.",
                     ["nämnd"], clause=False) == [("Har nämnden tagit ansvar för stödet till evenemang?", True),
                                                  ("Har nämnden prioriterat evenemang under vintern?", True)]


def test_short_verbs_and_time_adverbs_before_the_verb_are_worded():
    assert questions("Bolagen ska varje år ta emot praktikanter.", ["bolag"], clause=False) == [
        ("Har bolaget varje år tagit emot praktikanter?", True)]
    assert questions("Förvaltningarna ska utse ett ombud.", ["förvaltning"], clause=False) == [
        ("Har förvaltningen utsett ett ombud?", True)]
    assert questions("Nämnderna ska se till att lokalerna är tillgängliga.", ["nämnd"], clause=False) == [
        ("Har nämnden sett till att lokalerna är tillgängliga?", True)]


def test_asked_of_ni_the_reflexive_possessive_becomes_yours():
    assert questions("Varje chef ska undersöka arbetsmiljön på sin arbetsplats och informera sina medarbetare.",
                     list(KINDS), clause=False, tag="chef") == [("Har ni undersökt arbetsmiljön på er arbetsplats?", True),
                                                               ("Har ni informerat era medarbetare?", True)]


@pytest.mark.parametrize("quote,clause,expected", [
    ("Leder och samordnar arbetet, gör en analys och håller den aktuell.", True,
     ["Har ni lett och samordnat arbetet?", "Har ni gjort en analys?", "Har ni hållit den aktuell?"]),
    ("Varje nämnd ansvarar för vården av sitt arkiv.", False, ["Har ni tagit ansvar för vården av ert arkiv?"]),
    ("fastställa en plan som visar hur handlingarna skall hanteras", True,
     ["Har ni fastställt en plan som visar hur handlingarna skall hanteras?"]),
    ("hjälpa chefen med arbetet, bland annat att ordna och förteckna handlingar", True,
     ["Har ni hjälpt chefen med arbetet, bland annat att ordna och förteckna handlingar?"]),
    ("följa instruktionerna och utan dröjsmål rapportera incidenter", True,
     ["Har ni följt instruktionerna och utan dröjsmål rapporterat incidenter?"]),
    ("utse medarbetare till gruppen och ge dem tid för övningar", True,
     ["Har ni utsett medarbetare till gruppen?", "Har ni gett dem tid för övningar?"]),
])
def test_present_tense_cells_answering_for_a_thing_and_verbs_inside_a_clause(quote, clause, expected):
    assert [text for text, _ in questions(quote, list(KINDS), clause, tag="chef")] == expected


@pytest.mark.parametrize("quote,kinds,tag,actor,expected", [
    ("Styrelsen har det yttersta ansvaret för att bolaget har en fungerande rapporteringskanal.", list(KINDS),
     "styrelsen", "Styrelsen", ["Har ni sett till att bolaget har en fungerande rapporteringskanal?"]),
    ("Om rapporten gäller vd skall den externa mottagaren i stället lämna ärendet till ordföranden.", list(KINDS),
     "externa-mottagaren", "den externa mottagaren", ["Har ni i stället lämnat ärendet till ordföranden?"]),
    ("Förvaltningen ska ha en skriftlig rutin för hur materialet lagras.", ["förvaltning"], None, "Förvaltningen",
     ["Har förvaltningen en skriftlig rutin för hur materialet lagras?"]),
])
def test_the_utmost_responsibility_a_subject_after_the_modal_and_having_in_the_present(quote, kinds, tag, actor,
                                                                                        expected):
    assert [text for text, _ in questions(quote, kinds, False, tag, actor)] == expected


@pytest.mark.parametrize("quote,clause,expected", [
    ("Varje medarbetare ska känna till riktlinjerna och följa dem.", False,
     ["Känner ni till riktlinjerna?", "Har ni följt dem?"]),
    ("tillsammans med medarbetaren göra en riskbedömning av arbetsmiljön", True,
     ["Har ni tillsammans med medarbetaren gjort en riskbedömning av arbetsmiljön?"]),
    ("Bolaget erbjuder sig att ta över nät från föreningar som vill överlåta sina nät.", False,
     None),
    ("Förbundsdirektören ska leda, samordna och utveckla förbundets verksamhet.", False,
     ["Har ni lett, samordnat och utvecklat förbundets verksamhet?"]),
    ("Kontaktcenter ska kunna besvara frågorna direkt och regelbundet mäta hur nöjda invånarna är.", False,
     ["Har ni kunnat besvara frågorna direkt och regelbundet mäta hur nöjda invånarna är?"]),
])
def test_knowing_in_the_present_an_adverbial_before_the_verb_commas_between_verbs_and_being_able(quote, clause,
                                                                                                 expected):
    worded = [text for text, by_rule in questions(quote, list(KINDS), clause, tag="chef") if by_rule]
    assert worded == (expected or [])


def test_asked_of_ni_a_relative_clause_keeps_its_own_reflexive():
    assert questions("erbjuda sig att ta över nät från föreningar som vill överlåta sina nät", list(KINDS), True,
                     tag="bolaget") == [("Har ni erbjudit er att ta över nät från föreningar som vill överlåta sina nät?",
                                         True)]


def test_a_passive_duty_with_its_agent_is_asked_in_the_active():
    assert questions("En samlad lokalplan ska tas fram av kommunstyrelsen varje år och redovisas i budgeten.",
                     ["kommunstyrelse"], False, None, "kommunstyrelsen") == [
        ("Har kommunstyrelsen tagit fram en samlad lokalplan varje år?", True)]
    assert questions("Händelserna ska utredas av chefläkarna med händelseanalys.", list(KINDS), False, "chefläkarna",
                     "chefläkarna") == [("Har ni utrett händelserna med händelseanalys?", True)]


@pytest.mark.parametrize("quote,expected", [
    ("Kommunstyrelsen svarar för att programmet hålls samman och för kommunens markpolitik.",
     ["Har kommunstyrelsen sett till att programmet hålls samman?",
      "Har kommunstyrelsen tagit ansvar för kommunens markpolitik?"]),
    ("Kommunstyrelsen har det övergripande ansvaret för säkerhetsskyddet och utser säkerhetsskyddschef.",
     ["Har kommunstyrelsen tagit ansvar för säkerhetsskyddet?", "Har kommunstyrelsen utsett säkerhetsskyddschef?"]),
    ("Kommunstyrelsen har det samordnande ansvaret för arbetet och ska ta fram en årlig handlingsplan.",
     ["Har kommunstyrelsen tagit ansvar för arbetet?", "Har kommunstyrelsen tagit fram en årlig handlingsplan?"]),
    ("Kommunstyrelsen har skyldighet att följa reglerna och att rapportera brister.",
     ["Har kommunstyrelsen följt reglerna?", "Har kommunstyrelsen rapporterat brister?"]),
    ("Kommunstyrelsen fastställer policyn och ska varje år ta del av en redovisning.",
     ["Har kommunstyrelsen varje år tagit del av en redovisning?"]),
])
def test_what_a_body_answers_for_its_obligations_and_a_description_before_a_duty(quote, expected):
    assert [text for text, _ in questions(quote, ["kommunstyrelse"], False)] == expected


def test_items_under_a_lead_in_of_what_a_body_answers_for():
    assert questions("bygglov och rivningslov", ["nämnd"], True, None, "Nämnden", "Nämnden ansvarar för:") == [
        ("Har nämnden tagit ansvar för bygglov och rivningslov?", True)]


@pytest.mark.parametrize("clause,expected", [
    ("Uppmärksamma mönster i frånvaron och kalla eleven till samtal",
     ["Har ni uppmärksammat mönster i frånvaron?", "Har ni kallat eleven till samtal?"]),
    ("Pröva sammanslagna tjänster mellan hemtjänst och särskilt boende",
     ["Har ni prövat sammanslagna tjänster mellan hemtjänst och särskilt boende?"]),
    ("redovisa arbetet två gånger per år", ["Har ni redovisat arbetet två gånger per år?"]),
])
def test_a_task_led_by_its_verb_in_capitals_keeps_it_first_and_a_number_is_no_verb(clause, expected):
    assert [text for text, _ in questions(clause, list(KINDS), True, tag="chef")] == expected


@pytest.mark.parametrize("clause,expected", [
    ("fyra gånger per år redovisa arbetet", ["Har ni fyra gånger per år redovisat arbetet?"]),
    ("följa hastighetsgränserna och får inte använda mobiltelefon", []),  # a prohibition joined: the general wording
    ("se till att chefer får utbildning från att de börjat i sin roll",
     ["Har ni sett till att chefer får utbildning från att de börjat i sin roll?"]),
])
def test_a_number_before_the_verb_a_joined_prohibition_and_a_reflexive_after_att(clause, expected):
    assert [text for text, by_rule in questions(clause, list(KINDS), True, tag="chef") if by_rule] == expected
