"""Common Swedish ways of giving a duty, written here from ordinary usage (not from any corpus
document): each read with its actor, and the near forms that give none."""
from __future__ import annotations

import pytest

from survey.content.derive import structure, wording
from survey.content.derive.classify import read_sentence


@pytest.mark.parametrize("sentence,kinds,tag", [
    ("Var och en av nämnderna ska redovisa sitt arbete.", ("nämnd",), None),
    ("Ansvaret för att planen genomförs ligger hos kommunstyrelsen.", ("kommunstyrelse",), None),
    ("Det åvilar nämnderna att informera allmänheten.", ("nämnd",), None),
    ("Ansvarig för samordningen är kommundirektören.", None, "kommundirektören"),
    ("Styrelsen i respektive bolag ska fastställa en egen plan.", ("bolag",), None),
    ("Förvaltningscheferna har det operativa ansvaret för arbetsmiljön.", None, "förvaltningscheferna"),
    ("Till kommunstyrelsens uppgifter hör att följa upp planen.", ("kommunstyrelse",), None),
    ("Planen ska tas fram av samhällsbyggnadsnämnden senast 2026.", None, "samhällsbyggnadsnämnden"),
    ("Den som är chef ska se till att arbetsmiljön är god.", None, "chef"),
])
def test_a_duty_and_its_actor(sentence, kinds, tag):
    reading = read_sentence(sentence)
    assert reading.kind == "duty" and reading.tag == tag
    assert kinds is None or reading.kinds == kinds


@pytest.mark.parametrize("sentence", [
    "Policyn ska följas upp av kommunstyrelsen.",  # follow-up of the document itself
    "Socialstyrelsens föreskrifter om basal hygien (SOSFS 2015:10) anger att personalen ska bära arbetskläder.",
    "Nämnden har inget ansvar för att bevaka detta.",
    "Den gäller för samtliga nämnder och förvaltningar och ska tillämpas även vid upphandling.",
])
def test_no_duty(sentence):
    reading = read_sentence(sentence)
    assert reading is None or reading.kind != "duty"


@pytest.mark.parametrize("sentence,kinds,tag,actor,asked", [
    ("Ansvaret för att planen genomförs ligger hos kommunstyrelsen.", ["kommunstyrelse"], None, "kommunstyrelsen",
     "Har kommunstyrelsen sett till att planen genomförs?"),
    ("Ansvaret för arkivet vilar på kommunstyrelsen.", ["kommunstyrelse"], None, "kommunstyrelsen",
     "Har kommunstyrelsen tagit ansvar för arkivet?"),
    ("Ansvarig för samordningen är kommundirektören.", [], "kommundirektören", "kommundirektören",
     "Har ni tagit ansvar för samordningen?"),
    ("Till kommunstyrelsens uppgifter hör att följa upp planen.", ["kommunstyrelse"], None, "",
     "Har kommunstyrelsen följt upp planen?"),
    ("Det åvilar nämnderna att informera allmänheten.", ["nämnd"], None, "", "Har nämnden informerat allmänheten?"),
])
def test_each_form_is_asked_as_a_plain_question(sentence, kinds, tag, actor, asked):
    assert wording.questions(sentence, kinds, False, tag, actor) == [(asked, True)]


@pytest.mark.parametrize("sentence,tag,asked", [
    ("Frågor som berör flera förvaltningar ska av förvaltningscheferna lösas i samråd.", "förvaltningscheferna",
     "Har ni löst frågor som berör flera förvaltningar i samråd?"),
    ("Avvikelser mot budget ska utan dröjsmål redovisas av förvaltningschefen till nämnden.", "förvaltningschefen",
     "Har ni utan dröjsmål redovisat avvikelser mot budget till nämnden?"),
])
def test_a_passive_with_its_agent_before_the_verb_or_after_an_adverbial(sentence, tag, asked):
    reading = read_sentence(sentence)
    assert (reading.kind, reading.tag) == ("duty", tag)
    assert wording.questions(sentence, [], False, tag, tag) == [(asked, True)]


def test_a_body_to_revise_the_document_states_its_revision_and_another_plans_update_is_none():
    from survey.content.derive.metadata import metadata
    from survey.content.derive.structure import blocks

    sentence = "Samhällsbyggnadsnämnden ska se över riktlinjerna under varje mandatperiod."
    assert read_sentence(sentence) is None
    text = f"Riktlinjer för namn\n\nNämnden ska pröva förslagen.\n\n{sentence}"
    assert metadata(blocks(text))["revision"]["rule"] == "mandate_period"
    text = "Policy för el\n\nNätchefen ska ta fram en plan som uppdateras varje år.\n\nPolicyn ses över vart fjärde år."
    assert metadata(blocks(text))["revision"]["years"] == 4


def test_a_decision_line_labelled_beslut_and_the_document_by_its_definite_name_replacing_another():
    from survey.content.derive.metadata import metadata
    from survey.content.derive.structure import blocks

    text = ("Riktlinje för sjukresor\n\nBeslut: Hälso- och sjukvårdsnämnden 2025-12-04, § 152 · Dnr HSN 2025/640\n\n"
            "Riktlinjen ersätter Regler för sjukresor, fastställda 2021-03-18.\n\n"
            "Beslut som fattas med stöd av delegation ska anmälas till nämnden.")
    found = metadata(blocks(text))
    assert (found["adopted_by"], found["adopted_date"], found["adopted_paragraph"], found["replaces"]) == (
        "Hälso- och sjukvårdsnämnden", "2025-12-04", "§ 152", "Regler för sjukresor, fastställda 2021-03-18")


def test_we_are_the_organisation_and_in_a_companys_own_policy_the_company():
    from survey.content.derive.analyse import analyse

    assert read_sentence("Vi ska åtgärda en anmäld fuktskada inom fem arbetsdagar.").kinds == (
        "kommunstyrelse", "nämnd", "förvaltning", "bolag")
    assert read_sentence("Vi ska vara en attraktiv arbetsgivare.").kind == "goal"
    text = ("Policy för inomhusmiljö\n\nHagmorahem AB äger 3 400 lägenheter.\n\n"
            "När vi renoverar ska vi välja material som är bedömda.")
    assert [d.tag for d in analyse(text).duties] == ["hagmorahem-ab"]


def test_whoever_holds_a_charge_is_a_role_and_is_asked_about_the_main_clause():
    sentence = "Den som ansvarar för flaggningen vid en anläggning ska se till att det finns två som kan hissa flaggan."
    reading = read_sentence(sentence)
    assert (reading.kind, reading.tag) == ("duty", "ansvarig-för-flaggningen")
    assert wording.questions(sentence, list(reading.kinds), False, reading.tag, reading.actor) == [
        ("Har ni sett till att det finns två som kan hissa flaggan?", True)]
    assert read_sentence("Varje bovärd är skyldig att rapportera tecken på fukt.").tag == "bovärd"


@pytest.mark.parametrize("line,heading", [
    ("4 § Det åligger förvaltningschefen att:", False),
    ("2.3 Nämnderna ska:", False),
    ("Förvaltningschefen har till uppgift att:", False),
    ("4 § Ikraftträdande", True),
    ("2.3 Nämndernas ansvar", True),
])
def test_a_list_preamble_is_no_heading_though_numbered(line, heading):
    assert structure.looks_like_heading(line) is heading
