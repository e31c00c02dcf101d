"""Small Swedish inputs for the forms the practice9 and practice10 halves (tests/corpus/practice9,
practice10) and the open list of issue 18 showed derive; written here from ordinary usage, not copied
from those documents."""
from __future__ import annotations

from survey.content.derive.analyse import analyse
from survey.content.derive.read import read
from tests.helpers import drawn_pdf, duties


def test_a_heading_over_subjectless_duties_names_a_unit_by_its_name_alone():
    text = ("Riktlinje för synpunkter\n\nAnsvar\n\nKundtjänst\n\nAnsvarar för att registrera synpunkterna. "
            "Ska svara inom fem dagar.\n\nVårdhygien\n\nHar till uppgift att ta fram rutiner för basal hygien.\n\n"
            "Bakgrund\n\nSynpunkter ger kunskap om verksamheten.")
    headings = {"Riktlinje för synpunkter": 1, "Ansvar": 2, "Kundtjänst": 3, "Vårdhygien": 3, "Bakgrund": 2}
    assert duties(text, headings) == [
        ("Ansvarar för att registrera synpunkterna.", "kundtjänst"),
        ("Ska svara inom fem dagar.", "kundtjänst"),
        ("Har till uppgift att ta fram rutiner för basal hygien.", "vårdhygien")]


def test_a_heading_over_an_ordinary_paragraph_names_no_one():
    text = "Riktlinje för synpunkter\n\nKundtjänst\n\nKundtjänst nås på telefon alla vardagar."
    assert duties(text, {"Riktlinje för synpunkter": 1, "Kundtjänst": 2}) == []


def test_a_unit_by_its_name_alone_takes_on_a_responsibility_in_running_text():
    text = ("Rutin för hygien\n\nVårdhygien ansvarar för att ta fram rutiner. Socialjouren har till uppgift att ta "
            "emot anmälningar kvällstid.")
    assert duties(text) == [("Vårdhygien ansvarar för att ta fram rutiner.", "vårdhygien"),
                            ("Socialjouren har till uppgift att ta emot anmälningar kvällstid.", "socialjouren")]


def test_the_public_a_group_the_council_and_the_state_take_on_no_units_duty():
    text = ("Plan för vuxenutbildning\n\nEleven ansvarar för sina studier. Kommunerna ansvarar också för "
            "vuxenutbildningen. Kommunfullmäktige har det övergripande ansvaret för utbildningen. Polisen ansvarar "
            "för ordningen. Kostnaden svarar för hälften av budgeten.")
    assert duties(text) == []


def test_a_responsibility_handed_over_is_background():
    text = "Plan för färdtjänst\n\nNämnden har överlåtit ansvaret för färdtjänsten till regionen."
    assert duties(text) == []


def test_the_body_a_reglemente_is_for_is_its_nämnden_also_by_two_words():
    text = "Reglemente för tekniska nämnden\n\nNämnden ska utse ett dataskyddsombud."
    assert duties(text) == [("Nämnden ska utse ett dataskyddsombud.", "tekniska-nämnden")]


def test_a_compound_kind_in_the_plural_is_each_of_that_sort_of_body():
    text = ("Reglemente\n\nStadsdelsnämnderna ska samordna sina verksamheter. Samtliga stadsdelsförvaltningar ska "
            "rapportera avvikelser. Facknämnderna ska lämna underlag.")
    assert duties(text) == [("Stadsdelsnämnderna ska samordna sina verksamheter.", "stadsdelsnämnden"),
                            ("Samtliga stadsdelsförvaltningar ska rapportera avvikelser.", "stadsdelsförvaltningen"),
                            ("Facknämnderna ska lämna underlag.", None)]


def test_a_responsibility_for_a_list_without_a_colon_and_a_task_given_besides():
    text = ("Reglemente för kulturnämnden\n\nKulturnämnden ansvarar inom kommunen för\n\n- folkbiblioteken\n\n"
            "- den kommunala musikskolan\n\nKulturnämnden har därutöver till uppgift att\n\n"
            "- följa upp föreningslivets villkor\n\n- samordna kommunens kulturstöd")
    assert duties(text) == [("folkbiblioteken", "kulturnämnden"), ("den kommunala musikskolan", "kulturnämnden"),
                            ("följa upp föreningslivets villkor", "kulturnämnden"),
                            ("samordna kommunens kulturstöd", "kulturnämnden")]


def test_an_abbreviation_a_title_gives_a_role_is_that_role():
    text = ("Instruktion för kommunens krisledare (KiL)\n\nUppdrag\n\nKiL ska vara nåbar dygnet runt. Det åligger KiL "
            "att föra logg.\n\nInformationen ska vara tillgänglig för alla.")
    assert duties(text) == [("KiL ska vara nåbar dygnet runt.", "krisledare"),
                            ("Det åligger KiL att föra logg.", "krisledare")]


def test_what_a_subject_defines_by_a_clause_is_no_follow_up_and_a_passive_agent_after_one_acts():
    analysis = analyse("Plan för öppna data\n\nAndelen datamängder som uppdateras automatiskt ska öka varje år. En "
                       "plan för att minska segregationen ska tas fram av socialnämnden. Beslutet ska dokumenteras "
                       "av ansvarig handläggare.")
    assert [g.source for g in analysis.goals] == ["Andelen datamängder som uppdateras automatiskt ska öka varje år."]
    assert [(d.source[:20], d.tag) for d in analysis.duties] == [("En plan för att mins", "socialnämnden"),
                                                                 ("Beslutet ska dokumen", "handläggare")]


def test_a_decision_whether_something_shall_happen_is_a_duty_only_as_a_routines_step():
    said = "Kommundirektören beslutar om staben ska aktiveras."
    assert duties(f"Instruktion för beredskap\n\nLedning\n\n{said}") == []
    assert duties(f"Rutin för beredskap\n\nArbetsgång\n\n{said}") == [(said, "kommundirektören")]


def test_a_companys_commitments_under_its_heading_are_the_companys():
    text = ("Trafiksäkerhetspolicy för Åbyns Buss AB\n\nBolagets åtaganden\n\n- genomföra utbildning för alla "
            "förare\n\n- utreda samtliga olyckor")
    headings = {"Trafiksäkerhetspolicy för Åbyns Buss AB": 1, "Bolagets åtaganden": 2}
    assert [tag for _source, tag in duties(text, headings)] == ["åbyns-buss-ab", "åbyns-buss-ab"]


def test_a_unit_a_table_names_as_responsible_is_that_unit_in_running_text():
    tables = [[["Vem", "Uppgift"], ["Kundservice", "Registrerar alla klagomål samma dag."]]]
    headings = {"Rutin för klagomål": 1, "Ansvar": 2, "Handläggning": 2}
    text = ("Rutin för klagomål\n\nAnsvar\n\nVem\n\nUppgift\n\nKundservice\n\nRegistrerar alla klagomål samma dag.\n\n"
            "Handläggning\n\nKundservice ska försöka lösa klagomålet vid första kontakten.")
    found = [(d.source, d.tag) for d in analyse(text, headings, tables).duties]
    assert ("Kundservice ska försöka lösa klagomålet vid första kontakten.", "kundservice") in found


def test_roles_of_drivers_delegates_and_members_and_whichever_unit_a_clause_names():
    text = ("Riktlinje\n\nFöraren ska rapportera tillbud. Det är varje förares ansvar att kontrollera bussen. Delegaten "
            "ska fatta beslut inom budgeten. Den ledamot som deltar på distans ska befinna sig i en lokal utan "
            "obehöriga. Den avdelning som utreder klagomålet ansvarar för att kunden får svar.")
    assert [tag for _source, tag in duties(text)] == ["föraren", "förare", "delegaten", "ledamot", "avdelning"]


def test_what_a_law_requires_of_the_company_is_no_duty_here():
    assert duties("Rutin\n\nBolaget omfattas av krav i ellagen på hur kunderna ska informeras.") == []


def test_a_lead_in_that_names_its_items_goals_and_a_target_in_figures_are_goals_anywhere():
    text = ("Ägardirektiv för Åby Arena AB\n\nMål\n\nÅby ska vara en levande kommun.\n\nInriktning\n\nÄgarens mål för "
            "bolagets verksamhet är följande:\n\n- Antalet besökare ska öka varje år.\n\n- Alla nya hallar ska vara "
            "tillgängliga.\n\nEkonomi\n\nSoliditeten ska på sikt uppgå till minst 20 procent. Bolagets resultat ska "
            "uppgå till minst 2 procent av omsättningen.")
    headings = {"Ägardirektiv för Åby Arena AB": 1, "Mål": 2, "Inriktning": 2, "Ekonomi": 2}
    analysis = analyse(text, headings)
    assert [g.source for g in analysis.goals] == [
        "Åby ska vara en levande kommun.", "Antalet besökare ska öka varje år.", "Alla nya hallar ska vara tillgängliga.",
        "Soliditeten ska på sikt uppgå till minst 20 procent.",
        "Bolagets resultat ska uppgå till minst 2 procent av omsättningen."]
    assert analysis.duties == []


def test_a_footer_naming_the_document_and_the_company_names_the_company():
    text = ("Ägardirektiv Åby Arena AB\n\nÄgardirektiv för Åby Arena AB\n\nBolaget ska redovisa sin verksamhet. "
            "Bolagets VD ska rapportera avvikelser.")
    assert duties(text) == [("Bolaget ska redovisa sin verksamhet.", "åby-arena-ab"),
                            ("Bolagets VD ska rapportera avvikelser.", "bolagets-vd")]


def test_law_by_chapter_and_an_outside_agreement_are_no_duty_here():
    text = ("Riktlinje\n\nEnligt överenskommelsen mellan staten och SKR ska varje kommun ha en krisfunktion. "
            "Bestämmelser om sluträkning finns i 14 kap. föräldrabalken.")
    assert duties(text) == [] and analyse(text).goals == []


def test_law_after_a_table_whose_actors_follow_its_tasks_is_no_task_of_the_next_actor():
    text = ("Riktlinje för lön\n\nVad\n\nVem\n\nAttestera lönelistan varje månad\n\nPersonalchefen\n\nSlutlön\n\n"
            "Enligt semesterlagen ska semesterersättning betalas ut inom en månad.\n\nMedlemskommunerna ska tillämpa "
            "gemensamma rutiner.")
    found = duties(text, {"Riktlinje för lön": 1, "Vad": None, "Vem": None, "Slutlön": 2})
    assert not any(source.startswith("Enligt semesterlagen") for source, _tag in found)


def test_an_inverted_subject_ends_before_a_preposition():
    text = "Plan för dricksvatten\n\nVid risk för vattenbrist ska Åby Vatten AB i samråd med kommunens krisledning informera."
    assert duties(text) == [(text.split("\n\n")[1], "åby-vatten-ab")]


def test_a_cells_line_that_breaks_after_a_preposition_or_before_a_quote_goes_on_in_the_next_line():
    """A cell whose other cells stand level with its last line: its first line ends open ("… i") or its
    next begins with a quote, however the next begins (a name, "”Mitt Åby”")."""
    lines = [(("Åtgärd", 72), ("Klart", 300), ("Ansvarig", 400)),
             (("Sätta upp papperskorgar vid alla hållplatser i", 72),),
             (("Centrum", 72), ("2025", 300), ("Gatunämnden", 400)),
             (("Genomföra kampanjen", 72),),
             (("”Mitt Åby” i sociala kanaler", 72), ("2026", 300), ("Kommunstyrelsen", 400)),
             (("Antagen av", 72), ("Fullmäktige", 300), ("", 400)),
             (("Beslutsdatum", 72), ("2025-01-01", 300), ("", 400))]
    rows = read(drawn_pdf(lines), "plan.pdf").tables[0]
    assert rows[1:3] == (("Sätta upp papperskorgar vid alla hållplatser i Centrum", "2025", "Gatunämnden"),
                         ("Genomföra kampanjen ”Mitt Åby” i sociala kanaler", "2026", "Kommunstyrelsen"))
    assert rows[3][0] == "Antagen av" and rows[4][0] == "Beslutsdatum"


def test_a_paragraphs_number_before_a_list_is_no_part_of_its_actor():
    text = "Reglemente för kulturnämnden\n\n6 § Kulturnämnden har till uppgift att\n\n- samordna kulturstödet"
    assert duties(text) == [("samordna kulturstödet", "kulturnämnden")]


def test_a_sentence_with_a_subject_of_its_own_after_a_table_is_no_task_of_the_next_actor():
    text = ("Plan för vatten\n\nÅtgärd\n\nAnsvarig\n\nByta ledningar\n\nÅby Vatten AB\n\nVid risk för brist ska "
            "Åby Vatten AB i samråd med krisledningen besluta om bevattningsförbud.\n\nFörvaltningarna och bolagen "
            "ska rapportera sin förbrukning.")
    found = dict(duties(text, {"Plan för vatten": 1, "Åtgärd": None, "Ansvarig": None}))
    assert found["Vid risk för brist ska Åby Vatten AB i samråd med krisledningen besluta om bevattningsförbud."] \
        == "åby-vatten-ab"


def test_adoption_by_a_committee_in_the_plural_participle_and_a_day_in_words():
    meta = analyse("Riktlinje för inhyrd personal\n\nFastställd av: Kommunstyrelsens personalutskott\n\nText.").meta
    assert meta["adopted_by"] == "Kommunstyrelsens personalutskott"
    meta = analyse("Riktlinjer för granskning\n\nFastställda av direktionen för Förbundet Ås den 12 september 2024, "
                   "§ 31.").meta
    assert (meta["adopted_by"], meta["adopted_date"], meta["adopted_paragraph"]) == ("Direktionen", "2024-09-12", "§ 31")
    meta = analyse("Riktlinje för affischering\n\nText.\n\nRiktlinjen fastställdes av byggnadsnämnden den tolfte mars "
                   "2025.").meta
    assert (meta["adopted_by"], meta["adopted_date"]) == ("Byggnadsnämnden", "2025-03-12")


def test_a_decision_told_as_background_is_no_adoption():
    meta = analyse("Plan för heltid\n\nKommunfullmäktige beslutade i budgeten att staden ska ha en plan.").meta
    assert meta["adopted_by"] is None


def test_what_it_replaces_after_the_adoption_and_a_validity_to_a_date():
    meta = analyse("Reglemente för kulturnämnden\n\nGäller till\n\n2029-12-31\n\nKulturnämnden ska leda arbetet.\n\n"
                   "Reglementet antogs av kommunfullmäktige 2023-02-27, § 14. Det ersätter reglemente antaget "
                   "2019-01-28, § 9.", {"Reglemente för kulturnämnden": 1, "Gäller till": None}).meta
    assert meta["replaces"] == "reglemente antaget 2019-01-28, § 9"
    assert meta["revision"]["rule"] == "date" and meta["revision"]["date"] == "2029-12-31"


def test_a_title_wrapped_over_two_lines_of_a_pdf_is_joined_but_not_with_the_first_section():
    def title(lines: list[str]) -> str:
        text = "\n\n".join(lines + ["Bolaget ska redovisa sin verksamhet."])
        return analyse(text, {line: 1 for line in lines}).meta["title"]
    assert title(["Ägardirektiv för Åby", "Fastigheter AB", "Ändamål"]) == "Ägardirektiv för Åby Fastigheter AB"
    assert title(["Instruktion för tjänsteman i beredskap", "(TiB)", "Bakgrund"]) == \
        "Instruktion för tjänsteman i beredskap (TiB)"
    assert title(["Riktlinje för lön mellan", "Åby lönecenter och kommunerna", "Syfte"]) == \
        "Riktlinje för lön mellan Åby lönecenter och kommunerna"
    assert title(["Ägardirektiv för Åby Fastigheter AB", "Inledning"]) == "Ägardirektiv för Åby Fastigheter AB"
    assert title(["Integrationspolicy för Åby", "Kommunens roll"]) == "Integrationspolicy för Åby"


def test_a_kommunalförbund_named_on_its_own_line_with_a_name_in_lower_case_issued_it():
    text = ("Riktlinje för lönehantering\n\nOrganisation\n\nKommunalförbundet Åby lönecenter\n\nLönecentret sköter "
            "lönerna för Ås kommun och Bys kommun och ska betala ut dem i tid.")
    assert analyse(text).meta["municipality"] == "Kommunalförbundet Åby lönecenter"


def test_a_unit_by_its_name_alone_that_shall_do_a_task_but_no_thing_or_group():
    text = ("Rutin för kundärenden\n\nKundservice ska försöka lösa klagomålet. Elnät ska varje månad kontrollera "
            "ersättningarna. Kundtjänst skall kunna besvara samtal. Tekniken ska underlätta arbetet. Lönen ska "
            "stimulera till goda insatser. Nyanlända ska ha en plan. Informationen ska nå alla. Arbetet ska bedrivas "
            "systematiskt.")
    assert [tag for _source, tag in duties(text)] == ["kundservice", "elnät", "kundtjänst"]


def test_a_table_cell_names_a_role_by_its_adjective_and_noun():
    text = ("Rutin vid fall\n\nSteg\n\nVad ska göras\n\nVem\n\n1\n\nVidta omedelbara åtgärder för patientens "
            "säkerhet.\n\nAnsvarig sjuksköterska")
    assert duties(text, {"Rutin vid fall": 1, "Steg": None, "Vad ska göras": None, "Vem": None}) == [
        ("Vidta omedelbara åtgärder för patientens säkerhet.", "sjuksköterska")]


def test_two_bodies_one_known_by_the_documents_word_each_get_the_duty():
    text = "Ägardirektiv för Åby Vatten AB\n\nSamhällsbyggnadsnämnden och bolaget ska gemensamt ta fram en dagvattenplan."
    assert [tag for _source, tag in duties(text)] == ["samhällsbyggnadsnämnden", "åby-vatten-ab"]


def test_a_revision_or_validity_by_a_year_alone_is_by_the_end_of_that_year():
    for sentence, date in (("Policyn revideras senast 2029.", "2029-12-31"),
                           ("Planen gäller till och med 2027.", "2027-12-31")):
        revision = analyse(f"Plan för simkunnighet\n\nNämnden ska erbjuda simskola.\n\n{sentence}").meta["revision"]
        assert (revision["rule"], revision["date"], revision["source"]) == ("date", date, sentence)
