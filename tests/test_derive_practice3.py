"""Small Swedish inputs for the forms the practice3 half (tests/corpus/practice3) showed derive."""
from __future__ import annotations

import pytest

from survey.content.derive.actors import KINDS
from survey.content.derive import wording
from survey.content.derive.analyse import analyse
from survey.content.derive.classify import read_sentence
from survey.content.derive.metadata import metadata
from survey.content.derive.read import read
from survey.content.derive.structure import blocks
from tests.helpers import drawn_pdf

ALL = list(KINDS)


@pytest.mark.parametrize("sentence,kind", [
    ("Rutiner för registerkontroll ska tas fram av säkerhetsskyddschefen.", "duty"),  # other documents
    ("Denna plan ska gälla till och med 2028.", None),  # the document of itself
    ("Handlingsplanen ska ses över varje år.", None),
])
def test_a_plural_document_word_without_a_determiner_is_other_documents(sentence, kind):
    reading = read_sentence(sentence)
    assert (reading.kind if reading else None) == kind


def test_a_numbered_paragraph_is_read_without_its_number():
    text = ("Riktlinjer för bistånd\n\n3 Handläggning\n\n3.1 Handläggaren ska fatta beslut inom tio arbetsdagar.\n\n"
            "4 § Nämnden ska varje år följa upp väntetiderna.")
    found = [(d.source, d.tag) for d in analyse(text).duties]
    assert found == [("Handläggaren ska fatta beslut inom tio arbetsdagar.", "handläggaren"),
                     ("Nämnden ska varje år följa upp väntetiderna.", None)]


def test_a_pdf_table_ends_where_a_line_runs_across_its_next_column():
    """The last row of a front-page table, then numbered paragraphs in the same font: each paragraph
    runs across the value column, so none of them is read into the label's cell."""
    lines = [(("Beslutad av", 72), ("Socialnämnden", 240)), (("Dokumentansvarig", 72), ("Avdelningschef", 240)),
             (("1.1 Handläggaren ska fatta beslut inom tio arbetsdagar från det att ansökan är fullständig.", 72),),
             (("1.2 Enhetschefen ansvarar för att nya handläggare får en introduktion.", 72),)]
    clean = read(drawn_pdf(lines, step=16), "riktlinje.pdf")
    assert "Dokumentansvarig" in clean.text.split("\n\n")
    assert [d.tag for d in analyse(clean.text, clean.headings).duties] == ["handläggaren", "enhetschefen"]


def test_a_task_column_under_a_name_the_lists_do_not_know_and_agent_nouns_in_the_actor_column():
    text = "\n\n".join(["Attestreglemente", "Ansvarsfördelning", "Moment", "Ansvarig", "Tidpunkt",
                        "Utse beslutsattestanter inom sitt ansvarsområde", "Nämnderna", "Inför varje år",
                        "Prövar att utgiften ryms i budget", "Beslutsattestanten", "Innan utbetalning"])
    found = [(d.source, d.kinds, d.tag) for d in analyse(text).duties]
    assert found == [("Utse beslutsattestanter inom sitt ansvarsområde", ["nämnd"], None),
                     ("Prövar att utgiften ryms i budget", ALL, "beslutsattestanten")]


def test_a_pdf_rows_other_cells_may_stand_level_with_its_last_line():
    """A wrapped task cell whose row's other cells are aligned to the bottom (as a table's default in
    many tools): the actor and time belong to that task, not to the next."""
    lines = [(("Moment", 72), ("Ansvarig", 240), ("Tidpunkt", 380)),
             (("Utfärda", 72),), (("anvisningar till reglementet", 72),), (("Regionstyrelsen", 240), ("Vid behov", 380)),
             (("Utse attestanter", 72),), (("inom sitt område", 72),), (("Nämnderna", 240), ("Varje år", 380))]
    clean = read(drawn_pdf(lines), "reglemente.pdf")
    assert clean.text.split("\n\n")[3:9] == ["Utfärda anvisningar till reglementet", "Regionstyrelsen", "Vid behov",
                                              "Utse attestanter inom sitt område", "Nämnderna", "Varje år"]


def test_what_an_actors_work_shall_lead_to_is_a_goal():
    assert read_sentence("Bolagets informationssäkerhetsarbete ska leda till att systemen är tillgängliga.").kind \
        == "goal"
    assert read_sentence("Nämnderna ska bidra till att målen nås.").kind == "duty"


def test_a_company_decided_by_its_board_and_the_replaced_documents_adoption():
    text = "\n\n".join(["Riktlinje för IT", "Fastställd av", "Styrelsen för Mälsta Återvinning AB", "Datum",
                        "2024-09-18", "Bolaget ska ha en kontinuitetsplan."])
    assert metadata(blocks(text))["municipality"] == "Mälsta Återvinning AB"
    assert [d.tag for d in analyse(text).duties] == ["mälsta-återvinning-ab"]
    text = "\n\n".join(["Attestreglemente för Region Fjärdland",
                        "Gäller från 1 april 2025. Ersätter reglemente fastställt av regionfullmäktige 2017-09-27, § 88.",
                        "Regionstyrelsen ska utfärda anvisningar.",
                        "Denna instruktion har fastställts av regionfullmäktige den 26 februari 2025, § 12."])
    found = metadata(blocks(text))
    assert (found["adopted_by"], found["adopted_date"], found["adopted_paragraph"]) == (
        "Regionfullmäktige", "2025-02-26", "§ 12")


def test_a_federation_that_says_what_it_is_and_a_decision_in_the_genitive():
    text = "\n\n".join(["Myrbackadalens gymnasieförbund", "Elevhälsoplan",
                        "Förbundet driver gymnasieskola för Myrbacka kommun och Ödsjö kommun. Myrbacka kommun har "
                        "flest elever och Myrbacka kommun betalar mest.", "Rektor ska leda elevhälsan."])
    assert metadata(blocks(text))["municipality"] == "Myrbackadalens gymnasieförbund"
    text = "\n\n".join(["Elevhälsoplan", "Det här är en plan för elevhälsan i våra skolor i Ödsjö kommun och annat.",
                        "Myrbackadalens gymnasieförbund är ett kommunalförbund som bildats av två kommuner.",
                        "Rektor ska leda elevhälsan."])
    assert metadata(blocks(text))["municipality"] == "Myrbackadalens gymnasieförbund"
    text = "\n\n".join(["Riktlinjer för konst", "Kommunfullmäktiges beslut 2023-10-30, § 118. Gäller från 2024-01-01.",
                        "Nämnden ska göra saker."])
    found = metadata(blocks(text))
    assert (found["adopted_by"], found["adopted_date"], found["adopted_paragraph"]) == (
        "Kommunfullmäktige", "2023-10-30", "§ 118")


@pytest.mark.parametrize("sentence,tag", [
    ("Budget- och skuldrådgivaren uppdras att erbjuda varje hushåll ett samtal.", "budget-och-skuldrådgivaren"),
    ("Individ- och familjeomsorgen ska erbjuda barn ett fritidskort.", "individ-och-familjeomsorgen"),
    ("Dammbo Vatten AB och samhällsbyggnadsnämnden ska tillsammans ta fram en åtgärdsplan.", "dammbo-vatten-ab"),
    ("Dammbo Vatten AB ansvarar som huvudman för att anläggningarna underhålls.", "dammbo-vatten-ab"),
    ("Alla medarbetare som deltar i intervjuer ska ha genomgått kommunens utbildning.", "medarbetare"),
    ("Skolbibliotekarien ska planera undervisningen i källkritik.", "skolbibliotekarien"),
])
def test_shared_compounds_two_bodies_an_office_held_and_the_perfect_are_duties(sentence, tag):
    reading = read_sentence(sentence)
    assert (reading.kind, reading.tag) == ("duty", tag)


def test_task_cells_of_three_words_a_deponent_verb_and_a_cell_that_states_the_responsibility():
    text = "\n\n".join(["Elevhälsoplan", "Ansvarig", "Uppgift", "Tidpunkt", "Rektor", "Besluta om åtgärdsprogram",
                        "Efter utredning", "Elevhälsoteamet", "Träffas för att analysera närvaron på klassnivå",
                        "Varannan vecka"])
    found = analyse(text).duties
    assert [(d.source, d.tag) for d in found] == [("Besluta om åtgärdsprogram", "rektor"), (
        "Träffas för att analysera närvaron på klassnivå", "elevhälsoteamet")]
    assert wording.clause_questions(found[1].source, "ni") == ["Har ni träffats för att analysera närvaron på klassnivå?"]
    text = "\n\n".join(["Skolbiblioteksplan", "Uppgift", "Ansvar", "Ansvarar för inköp av medier till skolbiblioteken",
                        "Kulturförvaltningen", "Utse beslutsattestanter inom sitt område", "Nämnderna",
                        "Inför varje verksamhetsår"])
    assert [(d.source, d.tag) for d in analyse(text).duties] == [
        ("Ansvarar för inköp av medier till skolbiblioteken", "kulturförvaltningen"),
        ("Utse beslutsattestanter inom sitt område", None)]


def test_a_pdf_tables_rows_go_on_after_a_page_break_past_the_running_header():
    pages = [[(("Region Åby", 72),), (("Uppgift", 72), ("Ansvarig", 240), ("När", 380)),
              (("Utse attestanter", 72),), (("inom sitt område", 72),), (("Nämnderna", 240), ("Varje år", 380)),
              (("Genomföra stickprov av", 72),), (("attesterade transaktioner", 72),),
              (("Ekonomistaben", 240), ("Kvartalsvis", 380))],
             [(("Region Åby", 72),), (("Se till att systemstödet för", 72),), (("attest är spårbart", 72),),
              (("Regiondirektören", 240), ("Löpande", 380))]]
    clean = read(drawn_pdf(*pages), "reglemente.pdf")
    assert [(d.source, d.tag) for d in analyse(clean.text, clean.headings).duties][-1] == (
        "Se till att systemstödet för attest är spårbart", "regiondirektören")
    assert len(clean.tables) == 1 and clean.tables[0][0] == ("Uppgift", "Ansvarig", "När")
    assert clean.tables[0][-1] == ("Se till att systemstödet för attest är spårbart", "Regiondirektören", "Löpande")
