"""Small Swedish inputs for the forms the practice5 and practice6 halves (tests/corpus/practice5,
practice6) showed derive; written here from ordinary usage, not copied from those documents."""
from __future__ import annotations

import pytest

from survey.content.derive.analyse import analyse
from survey.content.derive.classify import read_sentence
from survey.content.derive.read import read
from survey.content.derive.tasks import is_task, step_duty
from tests.helpers import drawn_pdf, duties


def test_a_pronoun_is_the_actor_the_sentence_before_began_with():
    text = ("Riktlinje för bokslut\n\nEkonomichefen samordnar bokslutsarbetet. Hen ska varje år lämna en tidplan "
            "till förvaltningarna.\n\nStyrelsen ska pröva ärendet. Den ska också underrätta ägaren om beslutet.\n\n"
            "Förvaltningarna ska rapportera avvikelser. Det åligger dem också att dokumentera åtgärderna.")
    assert duties(text) == [
        ("Hen ska varje år lämna en tidplan till förvaltningarna.", "ekonomichefen"),
        ("Styrelsen ska pröva ärendet.", "styrelsen"),
        ("Den ska också underrätta ägaren om beslutet.", "styrelsen"),
        ("Förvaltningarna ska rapportera avvikelser.", None),
        ("Det åligger dem också att dokumentera åtgärderna.", None)]


def test_a_pronoun_for_a_thing_is_no_actor():
    """ "Den" after a sentence about a body may stand for the thing it makes: what a thing does
    (contains, describes, is revised) is no duty of the body."""
    text = ("Plan för tillgänglighet\n\nNämnden ska ta fram en handlingsplan. Den ska innehålla tidsatta åtgärder. "
            "Den ska revideras varje år.")
    assert duties(text) == [("Nämnden ska ta fram en handlingsplan.", None)]


def test_a_law_named_in_the_task_is_its_reference_but_before_the_verb_the_laws_duty():
    assert read_sentence("Förbundet ska fullgöra medlemmarnas uppgifter enligt lagen om skydd mot olyckor.").kind \
        == "duty"
    assert read_sentence("Vid fara ska räddningschefen enligt lagen vidta åtgärder.") is None


def test_a_kommunalforbunds_own_document_names_it_and_forbundet_is_it():
    text = ("Förbundsordning för Vattenförbundet Norrå\n\n§ 1 Namn\n\nFörbundet har sitt säte i Åby.\n\n"
            "§ 2 Uppgifter\n\nFörbundet ska ansvara för dricksvattenförsörjningen i medlemskommunerna.\n\n"
            "Förbundets driftchef ska rapportera störningar till direktionen.")
    analysis = analyse(text)
    assert analysis.meta["title"] == "Förbundsordning för Vattenförbundet Norrå"
    assert analysis.meta["municipality"] == "Vattenförbundet Norrå"
    assert [d.tag for d in analysis.duties] == ["vattenförbundet-norrå", "förbundets-driftchef"]


def test_a_companys_short_name_and_the_company_its_title_is_for():
    text = ("Ägardirektiv för Åby Fibernät AB\n\nÅby Fibernät AB (nedan Fibernätet) ägs av Åby Kommunhus AB.\n\n"
            "Fibernätet ska bygga ut nätet i hela kommunen.\n\nBolaget ska redovisa anslutningsgraden varje år.\n\n"
            "Bolagets VD ska informera ägaren om större avtal.")
    assert [d.tag for d in analyse(text).duties] == ["åby-fibernät-ab", "åby-fibernät-ab", "bolagets-vd"]


@pytest.mark.parametrize("sentence,tag", [
    ("Senast den 15 mars ska direktionen fastställa årsredovisningen.", "direktionen"),
    ("Om avtalet sägs upp ansvarar fastighetsavdelningen för att lokalerna töms.", "fastighetsavdelningen"),
    ("Kulturnämnden ansvarar tillsammans med skolorna för att alla elever får möta konst.", "kulturnämnden"),
    ("Tekniska nämnden är huvudman för parkerna och har ansvaret för deras skötsel.", "tekniska-nämnden"),
    ("Varje medlemskommun ska utse en kontaktperson.", "medlemskommun"),
])
def test_a_duty_whose_actor_stands_after_the_verb_or_beside_another_clause(sentence, tag):
    reading = read_sentence(sentence)
    assert reading.kind == "duty" and reading.tag == tag


@pytest.mark.parametrize("sentence,kinds,tag", [
    ("Kommunstyrelsen och nämnderna ska gemensamt verka för fler praktikplatser.", ("kommunstyrelse", "nämnd"), None),
    ("Miljönämnden har huvudansvaret för tillsynen.", None, "miljönämnden"),
    ("Det åligger skolans rektor att informera vårdnadshavarna.", None, "skolans-rektor"),
    ("Inventeringen ska utföras av stadsantikvarien före varje rivning.", None, "stadsantikvarien"),
    ("En skötselplan ska tas fram av tekniska förvaltningen.", None, "tekniska-förvaltningen"),
])
def test_a_board_beside_others_a_compound_charge_a_genitive_role_and_a_named_body_in_lower_case(sentence, kinds, tag):
    reading = read_sentence(sentence)
    assert reading.kind == "duty" and reading.tag == tag
    assert kinds is None or reading.kinds == kinds


def test_the_municipality_on_a_line_of_its_own_outweighs_one_named_more_often():
    text = ("Strategi för folkhälsa\n\nÅkers kommun\n\nRegion Norrmark ansvarar för vården. Region Norrmark och "
            "kommunen samverkar. Region Norrmark erbjuder stöd.\n\nKommunstyrelsen ska leda arbetet.")
    assert analyse(text).meta["municipality"] == "Åkers kommun"


def test_a_word_broken_at_a_cells_line_end_is_joined_in_its_cell():
    """pdfium marks a hyphen at a line break and joins the next line it draws to it, though that line's
    first cell stands in another column: the break ends the line, and the cell's halves are joined."""
    lines = [(("Åtgärd", 72), ("Klart", 250), ("Ansvarig", 380)),
             (("Se över reglerna för bidrag", 72), ("2025", 250), ("Kultur- och fritidsnämn-", 380)),
             (("så att små föreningar kan söka", 72), ("den", 380)),
             (("Utse en kontaktperson i varje", 72), ("2024", 250), ("Kommunstyrelsen", 380)),
             (("förvaltning", 72),)]
    clean = read(drawn_pdf(lines), "plan.pdf")
    assert clean.tables[0][1] == ("Se över reglerna för bidrag så att små föreningar kan söka", "2025",
                                  "Kultur- och fritidsnämnden")


def test_a_tables_header_cell_is_no_heading_over_the_prose_after_it():
    text = "\n\n".join(["Plan för parker", "Mål och indikatorer", "Fullmäktige har beslutat om två mål.",
                        "Mål", "Indikator", "Fler träd i staden", "Antal träd", "Parkerna är trygga", "Andel trygga",
                        "År 2023 fanns 4 000 träd i parkerna.", "Ansvar", "Parknämnden ska plantera träd."])
    tables = ((("Mål", "Indikator"), ("Fler träd i staden", "Antal träd"), ("Parkerna är trygga", "Andel trygga")),)
    headings = {"Plan för parker": 1, "Mål och indikatorer": 2, "Mål": None, "Indikator": None, "Ansvar": 2}
    analysis = analyse(text, headings, tables)
    assert [g.source for g in analysis.goals] == ["Fler träd i staden", "Parkerna är trygga"]
    assert analysis.goal_headings == ["Mål och indikatorer"]


@pytest.mark.parametrize("cell", ["Pröva IOP inom äldreomsorgen", "Anlägga 300 nya cykelplatser i centrum"])
def test_a_task_cell_may_name_an_abbreviation_or_a_number_after_its_verb(cell):
    assert is_task(cell)


@pytest.mark.parametrize("sentence,kind,tag", [
    ("Räddningstjänsten har även till uppgift att utbilda personalen.", "duty", "räddningstjänsten"),
    ("Målet är en soliditet på minst 30 procent.", "goal", None),
    ("Den som tar emot en anmälan ska registrera den samma dag.", "duty", "den-som-tar-emot"),
    ("Fysioterapeuterna ska bedöma risken för fall.", "duty", "fysioterapeuterna"),
])
def test_more_ways_of_giving_a_duty_or_a_goal(sentence, kind, tag):
    reading = read_sentence(sentence)
    assert (reading.kind, reading.tag) == (kind, tag)


def test_whoever_an_activity_names_is_no_actor_of_what_is_done_to_them():
    assert read_sentence("Den som har behov av tolk ska erbjudas tolk.") is None or \
        read_sentence("Den som har behov av tolk ska erbjudas tolk.").kind != "duty"


def test_a_company_named_with_its_number_before_nedan_kallat():
    text = ("Ägardirektiv för Åby Vatten AB\n\nÅby Vatten AB (org.nr 556000-1234), nedan kallat bolaget, ägs av "
            "Åby kommun.\n\nBolaget ska leverera dricksvatten av god kvalitet.")
    assert [d.tag for d in analyse(text).duties] == ["åby-vatten-ab"]


def test_a_named_nämnd_in_two_words_adopted_the_document():
    text = "Riktlinje för snöröjning\n\nBeslutad av | Tekniska nämnden\n\nNämnden ska fastställa en plan."
    assert analyse(text).meta["adopted_by"] == "Tekniska nämnden"


def test_a_pronoun_at_a_paragraphs_start_stands_for_the_actor_the_paragraph_before_ended_with():
    text = "Policy mot klotter\n\nFastighetsavdelningen sanerar klotter.\n\nDen ska också föra statistik över klotter."
    assert duties(text) == [("Den ska också föra statistik över klotter.", "fastighetsavdelningen")]


def test_a_letterhead_before_the_title_does_not_hide_the_company_the_title_is_for():
    text = ("ÅBY KOMMUN\n\nÄgardirektiv för Åby Fibernät AB\n\nÅby Fibernät AB ägs av Åby Kommunhus AB.\n\n"
            "Bolaget ska bygga ut nätet i hela kommunen.")
    headings = {"ÅBY KOMMUN": None, "Ägardirektiv för Åby Fibernät AB": 1}
    assert [d.tag for d in analyse(text, headings).duties] == ["åby-fibernät-ab"]


@pytest.mark.parametrize("sentence,kind", [
    ("Nämnderna ska se till att ombudet hörs om behandlingar som innebär en hög risk.", "duty"),
    ("Gatunämnden har hand om kommunens torg och parker.", "duty"),
    ("Enligt Arbetsmiljöverkets föreskrifter ska arbetsgivaren undersöka riskerna.", None),
    ("Enligt artikel 12 ska barnets åsikter beaktas.", None),
])
def test_a_relative_clause_defines_nothing_and_rules_cited_first_are_law(sentence, kind):
    reading = read_sentence(sentence)
    assert (reading.kind if reading else None) == kind


def test_the_one_body_of_its_sort_the_document_names_is_meant_by_its_last_part():
    text = ("Riktlinje för namn på gator\n\nNamnberedningen bereder förslag till namn.\n\n"
            "Beredningen ska samråda med hembygdsföreningen.")
    assert duties(text) == [("Beredningen ska samråda med hembygdsföreningen.", "namnberedningen")]


@pytest.mark.parametrize("sentence,tag", [
    ("Utredande läkare ska informera patienten om vad diagnosen innebär.", "utredande-läkare"),
    ("Ungdomsmottagningen ska erbjuda samtal inom en vecka.", "ungdomsmottagningen"),
    ("Den legitimerade personalen ska dokumentera bedömningen.", "legitimerade-personalen"),
    ("Personalen ska vara uppmärksam på tecken på undernäring.", "personalen"),
    ("Om en medarbetare tvekar är det ditt ansvar som chef att anmälan görs.", "chef"),
    ("Det är varje rektors ansvar inom grundskolan att planen följs.", "rektor"),
])
def test_health_and_care_roles_and_charges_in_the_second_person(sentence, tag):
    reading = read_sentence(sentence)
    assert reading.kind == "duty" and reading.tag == tag


def test_a_definition_is_said_by_its_term_first_and_du_is_whom_the_section_addresses():
    assert read_sentence("Delegering innebär att en legitimerad person överlåter en uppgift.") is None
    text = "Riktlinje för skyddsåtgärder\n\nDu som chef\n\nDu ska se till att nya medarbetare får introduktion."
    assert duties(text) == [("Du ska se till att nya medarbetare får introduktion.", "chef")]


def test_an_agent_noun_under_a_numbered_heading_is_a_role_in_the_text_below():
    text = ("Riktlinje för hjälpmedel\n\n3.1 Förskrivaren\n\nFörskrivaren ska dokumentera förskrivningen i "
            "journalen.")
    assert duties(text, {"Riktlinje för hjälpmedel": 1, "3.1 Förskrivaren": 2}) == [
        ("Förskrivaren ska dokumentera förskrivningen i journalen.", "förskrivaren")]


def test_a_routines_steps_in_the_present_tense_are_duties_of_the_roles_they_name():
    text = ("Rutin vid utskrivning\n\nArbetsgång\n\nSjuksköterskan läser meddelandet och bedömer behovet.\n\n"
            "Biståndshandläggaren kontaktar patienten inom ett dygn.\n\nEnhetschefen ser också till att personal "
            "finns.\n\nHandläggaren har rätt att ta del av journalen.\n\nKanslichefen följer upp rutinen årligen.")
    assert duties(text) == [("Sjuksköterskan läser meddelandet och bedömer behovet.", "sjuksköterskan"),
                            ("Biståndshandläggaren kontaktar patienten inom ett dygn.", "biståndshandläggaren"),
                            ("Enhetschefen ser också till att personal finns.", "enhetschefen")]


def test_outside_a_routine_the_present_tense_describes():
    text = "Policy för kultur\n\nBakgrund\n\nKulturchefen samordnar kulturskolan och biblioteken."
    assert duties(text) == []


@pytest.mark.parametrize("text,adopted_by,municipality", [
    ("Rutin för trycksår\n\nFastställd av | Medicinskt ansvarig sjuksköterska\n\nÅby kommun\n\nSjuksköterskan ska "
     "bedöma risken.", "Medicinskt ansvarig sjuksköterska", "Åby kommun"),
    ("Rutin vid oro för hyresgäst\n\nAB Åbyhem ägs av Åby kommun.\n\nKundvärden ska kontakta hyresgästen.\n\n"
     "AB Åbyhem · Fastställd av vd 2024-08-20", "Verkställande direktören", "AB Åbyhem"),
    ("Riktlinje för hjälpmedel\n\nAntagen av förbundsdirektionen 2024-10-03.\n\nFörskrivaren ska dokumentera.\n\n"
     "Kommunalförbundet Hjälpmedel Åby", "Förbundsdirektionen", "Kommunalförbundet Hjälpmedel Åby"),
])
def test_an_official_adopted_it_and_the_issuer_on_a_line_of_its_own(text, adopted_by, municipality):
    meta = analyse(text).meta
    assert (meta["adopted_by"], meta["municipality"]) == (adopted_by, municipality)


def test_a_date_and_paragraph_in_one_cell_and_a_role_in_charge_of_a_field():
    meta = analyse("Riktlinje för avvikelser\n\nFastställd av | Omsorgsnämnden\n\nDatum och paragraf | 2024-12-11, § 156"
                   "\n\nNämnden ska följa upp avvikelserna.").meta
    assert (meta["adopted_date"], meta["adopted_paragraph"]) == ("2024-12-11", "§ 156")
    assert read_sentence("Medicinskt ansvarig för rehabilitering ska följa upp kompetensen.").tag == \
        "medicinskt-ansvarig-för-rehabilitering"


@pytest.mark.parametrize("sentence,tag", [
    ("Sjuksköterskan i kommunens hemsjukvård läser meddelandet.", "sjuksköterskan"),
    ("Arbetsterapeuten eller fysioterapeuten säkerställer att hjälpmedel finns.", "arbetsterapeuten-eller-fysioterapeuten"),
])
def test_a_steps_role_may_be_placed_or_one_of_two(sentence, tag):
    assert step_duty(sentence).tag == tag


@pytest.mark.parametrize("sentence,kind,tag", [
    ("Dessutom uppdras Åby Energi AB att utreda laddplatser.", "duty", "åby-energi-ab"),
    ("Åby kommun som arbetsgivare ska erbjuda stöd till utsatta medarbetare.", "duty", None),
    ("Region Åby ansvarar för hälso- och sjukvården.", None, None),
    ("Kommunstyrelsen ska enligt 7 kap. 2 § kommunallagen fastställa en instruktion.", None, None),
    ("Kommunstyrelsen ska pröva instruktionen varje mandatperiod.", None, None),
])
def test_a_commission_after_an_adverbial_the_named_employer_and_what_is_law_or_revision(sentence, kind, tag):
    reading = read_sentence(sentence)
    assert (reading.kind if reading else None, reading.tag if reading else None) == (kind, tag)


def test_a_list_item_completing_its_lead_in_is_the_lead_ins_though_it_names_another_body():
    text = ("Instruktion för kommundirektören\n\nDet åligger kommundirektören att:\n\n- se till att ärenden som ska "
            "behandlas av kommunstyrelsen är beredda\n\n- leda förvaltningen")
    assert {tag for _, tag in duties(text)} == {"kommundirektören"}


def test_we_are_a_company_only_in_its_own_document():
    text = ("Policy för evenemang\n\nÅby kommun samarbetar med Åby Turism AB.\n\n"
            "Vi ska ha en gemensam ingång för arrangörer.")
    assert [d.kinds for d in analyse(text).duties] == [["kommunstyrelse", "nämnd", "förvaltning", "bolag"]]


@pytest.mark.parametrize("sentence,tag", [
    ("Om oron kvarstår kontaktar kundvärden socialtjänsten.", "kundvärden"),
    ("Vid akut fara ringer medarbetaren alltid 112 först.", "medarbetaren"),
    ("Sjuksköterskan, arbetsterapeuten eller fysioterapeuten bedömer behovet.", "sjuksköterskan-arbetsterapeuten-eller-fy"),
])
def test_a_step_with_its_role_after_the_verb_or_among_several(sentence, tag):
    assert step_duty(sentence).tag == tag


def test_a_pdf_list_with_a_hanging_indent_is_no_table_and_ends_where_the_text_goes_back_left():
    lines = [(("Mål till 2028", 72),),
             (("•", 88), ("Restavfallet ska minska med 25 procent.", 101)),
             (("•", 88), ("Minst 70 procent av matavfallet ska samlas in", 101)),
             (("separat", 101),),
             (("•", 88), ("upprätthålla en hög driftsäkerhet", 101)),
             (("Bolaget har även till uppgift att förse kommunen med data.", 79),)]
    clean = read(drawn_pdf(lines), "policy.pdf")
    assert clean.tables == ()
    assert "- Restavfallet ska minska med 25 procent." in clean.text.split("\n\n")
    assert "- upprätthålla en hög driftsäkerhet" in clean.text.split("\n\n")


def test_a_thing_about_a_body_is_no_body():
    assert read_sentence("Tvister mellan förbundet och medlemmarna ska i första hand lösas genom förhandling.") \
        .kind != "duty"
