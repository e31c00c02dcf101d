"""Small Swedish inputs for the forms the practice17 and practice18 halves (tests/corpus/practice17,
practice18) showed derive; written here from ordinary usage, not copied from those documents."""
from __future__ import annotations

from survey.content.derive.analyse import analyse
from survey.content.derive.read import read
from survey.content.derive.supines import is_verb
from tests.helpers import drawn_pdf, duties, goals


def test_what_a_routine_is_to_bring_about_are_its_goals():
    text = ("Rutin för synpunkter\n\nRutinen ska bidra till att:\n\n- varje synpunkt besvaras inom en vecka\n\n"
            "- samma fel inte upprepas\n\nSteg\n\nRegistratorn ska diarieföra synpunkten samma dag.")
    assert goals(text) == ["varje synpunkt besvaras inom en vecka", "samma fel inte upprepas"]
    assert duties(text) == [("Registratorn ska diarieföra synpunkten samma dag.", "registratorn")]


def test_a_body_that_shall_reach_the_following_goals_lists_goals():
    text = ("Ägardirektiv för Åby Vatten AB\n\nEkonomi\n\nBolaget ska under perioden nå följande finansiella mål:\n\n"
            "- Soliditeten ska vara minst 30 procent.\n\n- Avkastningen ska vara positiv.")
    assert goals(text) == ["Soliditeten ska vara minst 30 procent.", "Avkastningen ska vara positiv."]
    assert duties(text) == []


def test_the_goals_of_the_state_under_a_heading_of_their_own_are_background():
    text = ("Tillsynsplan\n\nNationella mål\n\nDe nationella målen för tillsynen finns i den nationella planen.\n\n"
            "Nämndens mål\n\nAndelen besökta verksamheter ska vara minst 90 procent.")
    headings = {"Tillsynsplan": 1, "Nationella mål": 2, "Nämndens mål": 2}
    assert goals(text, headings) == ["Andelen besökta verksamheter ska vara minst 90 procent."]


def test_what_a_law_says_by_chapter_and_abbreviation_is_no_goal():
    text = "Rutin för bygglov\n\nEnligt 9 kap. 27 § PBL ska beslut i ett ärende om lov meddelas inom tio veckor."
    assert goals(text) == [] and duties(text) == []


def test_a_demand_in_the_tender_documents_is_no_law():
    text = "Program för arkitektur\n\nByggnämnden ska se till att kvalitet ingår som krav i förfrågningsunderlagen."
    assert duties(text) == [("Byggnämnden ska se till att kvalitet ingår som krav i förfrågningsunderlagen.",
                             "byggnämnden")]


def test_a_task_with_its_actor_after_it_is_that_actors_duty():
    text = ("Handlingsplan för friluftsliv\n\nAktiviteter\n\n1. Ta fram en karta över vandringsleder. Ansvar: "
            "Fritidsenheten.\n\n2. Anlägga två nya rastplatser (ansvarig: Tekniska förvaltningen i samverkan med "
            "föreningarna)")
    assert duties(text) == [("Ta fram en karta över vandringsleder. Ansvar: Fritidsenheten.", "fritidsenheten"),
                            ("Anlägga två nya rastplatser (ansvarig: Tekniska förvaltningen i samverkan med "
                             "föreningarna)", "tekniska-förvaltningen")]


def test_the_issuer_by_its_name_commits_the_whole_organisation():
    text = ("Klimatplan för Region Åsby\n\nRegion Åsby åtar sig att:\n\n- ställa om sina fordon till biogas\n\n"
            "- leda länets klimatnätverk\n\nAntagen av regionfullmäktige i Region Åsby 2025-03-04.")
    analysis = analyse(text)
    assert analysis.meta["municipality"] == "Region Åsby"
    assert [(d.source, d.kinds, d.tag) for d in analysis.duties] == [
        ("ställa om sina fordon till biogas", ["kommunstyrelse", "nämnd", "förvaltning", "bolag"], None),
        ("leda länets klimatnätverk", ["kommunstyrelse", "nämnd", "förvaltning", "bolag"], None)]


def test_another_organisation_by_its_name_commits_nothing_here():
    text = "Trafikplan för Åsby kommun\n\nRegion Västby ska finansiera trafiken. Åsby kommun ska vara en god värd."
    assert duties(text) == []


def test_the_one_named_board_of_a_guideline_is_its_namnden():
    text = ("MILJÖNÄMNDEN\n\nRiktlinjer för avgifter\n\nAllmänt\n\nMiljönämnden ska ta ut avgift enligt taxan.\n\n"
            "Nedsättning\n\nHandläggaren ska pröva varje ansökan. Beslut om nedsättning ska fattas av nämnden.")
    assert [tag for _quote, tag in duties(text)] == ["miljönämnden", "handläggaren", "miljönämnden"]


def test_namnden_where_nämnder_are_spoken_of_in_general_is_each_namnd():
    text = ("Riktlinje för lokaler\n\nByggnämnden ska ge stöd.\n\nVarje nämnd ska inventera sina lokaler.\n\n"
            "Lokaler\n\nBeslut om uppsägning ska fattas av nämnden.")
    assert [tag for _quote, tag in duties(text)] == ["byggnämnden", None, None]


def test_the_agent_of_a_passive_acts_though_the_subject_is_a_body():
    text = "Rutin för fordringar\n\nMiljökontoret ska underrättas av ekonomienheten innan en fordran skrivs av."
    assert duties(text) == [("Miljökontoret ska underrättas av ekonomienheten innan en fordran skrivs av.",
                             "ekonomienheten")]


def test_a_condition_put_first_by_har_leaves_the_duty_its_subject():
    text = "Rutin för klagomål\n\nHar klaganden inte kontaktat hyresvärden ska handläggaren uppmana klaganden att göra det."
    assert [tag for _quote, tag in duties(text)] == ["handläggaren"]


def test_a_role_with_a_participle_before_it_is_a_role():
    text = "Krisplan\n\nJourhavande drifttekniker är skyldig att svara inom 15 minuter."
    assert [tag for _quote, tag in duties(text)] == ["jourhavande-drifttekniker"]


def test_a_named_company_that_shall_reduce_something_acts():
    text = "Miljöprogram\n\nAnsvar\n\nÅby Energi AB ska minska utsläppen från sina pannor med tio procent per år."
    assert [tag for _quote, tag in duties(text)] == ["åby-energi-ab"] and goals(text) == []


def test_a_responsibility_held_in_the_past_is_no_duty():
    text = "Länsplan\n\nRegionen har haft ansvaret för planen sedan 2019."
    assert duties(text) == []


def test_a_noun_with_a_relative_clause_after_a_table_is_no_task():
    text = ("Program\n\nÅtgärd\n\nAnsvar\n\nMäta halterna varje månad\n\nMiljöförvaltningen\n\n"
            "Åtgärder som kräver statens beslut redovisas i en bilaga.")
    assert duties(text) == [("Mäta halterna varje månad", "miljöförvaltningen")]


def test_what_we_want_to_reach_heads_goals():
    text = ("Strategi\n\nVad vi vill uppnå\n\nTill 2030 vill vi att\n\n- fler företag exporterar\n\n"
            "- länets forskning har ökat\n\nGenomförande\n\nRegionen ska leda arbetet.")
    headings = {"Strategi": 1, "Vad vi vill uppnå": 2, "Genomförande": 2}
    assert goals(text, headings) == ["fler företag exporterar", "länets forskning har ökat"]


def test_verbs_with_a_strong_supine_are_known():
    assert all(map(is_verb, ("föreslå", "vidta", "avslå")))


def test_a_word_broken_in_a_pdf_cell_is_joined_again():
    lines = [(("Mål", 72), ("Målvärde", 300)),
             (("Livsmedelsproduktione", 72), ("Ökar med 20 procent", 300)),
             (("n i länet ökar", 72),),
             (("Förbättra framkomligheten för bussar längs", 72), ("Byggnämnden", 300)),
             (("Storgatan", 72),)]
    rows = read(drawn_pdf(lines), "plan.pdf").tables[0]
    assert rows[1][0] == "Livsmedelsproduktionen i länet ökar"
    assert rows[2] == ("Förbättra framkomligheten för bussar längs Storgatan", "Byggnämnden")


def test_a_letterhead_names_the_municipality_and_an_abbreviation_before_it_is_no_part_of_it():
    assert analyse("VÄSTBY STAD | Program\n\nProgram för gator\n\nRegion Östby ska höras. Region Östby "
                   "bekostar.").meta["municipality"] == "Västby stad"
    assert analyse("SBF Åby kommun | Rutin\n\nRutin för lov\n\nText.").meta["municipality"] == "Åby kommun"


def test_a_footnote_mark_after_a_years_span_is_no_part_of_the_title():
    assert analyse("Kulturplan 2026–20291\n\nText.", {"Kulturplan 2026–20291": 1}).meta["title"] == "Kulturplan 2026–2029"


def test_a_named_boards_adjective_belongs_to_its_name():
    assert analyse("Plan\n\nBeslut: Regionala utvecklingsnämnden 2025-01-29, § 7").meta["adopted_by"] \
        == "Regionala utvecklingsnämnden"


def test_what_a_document_replaces_may_stand_on_a_footers_part():
    text = "Riktlinjer för avgifter\n\nText om avgifterna.\n\nAntagen MHN 2022-11-16 § 101 · Ersätter riktlinjer av 2019-05-22 § 48"
    assert analyse(text).meta["replaces"] == "riktlinjer av 2019-05-22 § 48"


def test_the_sentence_that_sets_the_revision_is_no_goal():
    text = "Samverkansavtal om trafik\n\nParterna är överens om trafiken.\n\nAvtalet skall omprövas senast 2029-06-30."
    analysis = analyse(text)
    assert analysis.meta["revision"]["date"] == "2029-06-30" and analysis.goals == []


def test_a_task_cell_may_begin_with_the_verb_to_be_responsible():
    text = "Avtal\n\nPart\n\nÅtagande\n\nTrafiknämnden\n\nAnsvara för biljettsystem och trafikinformation"
    assert duties(text) == [("Ansvara för biljettsystem och trafikinformation", "trafiknämnden")]


def test_an_administration_is_a_body():
    text = "Kontrollplan\n\nAdministrationen\n\nFörbundets administration har till uppgift att fakturera avgifterna."
    assert [tag for _quote, tag in duties(text)] == ["förbundets-administration"]


def test_old_and_terse_ways_of_saying_a_duty():
    text = ("Handläggningsordning\n\nDen utredande socialsekreteraren åligger att inhämta synpunkter. Före varje "
            "placering skall enhetschefen säkerställa att hemmet är utrett. Samtliga handläggare äro skyldiga att följa "
            "ordningen. Avdelningschefen för äldreomsorg har att svara för att besluten verkställs. Beslut om utredning "
            "skall fattas av förste socialsekreterare.")
    assert [tag for _quote, tag in duties(text)] == ["utredande-socialsekreteraren", "enhetschefen", "handläggare",
                                                      "avdelningschefen-för-äldreomsorg", "förste-socialsekreterare"]


def test_care_services_by_their_definite_name_are_bodies():
    text = "Samverkansrutin\n\nVuxenpsykiatrin ska:\n\n- utse en fast vårdkontakt,\n\n- kalla till SIP."
    assert [tag for _quote, tag in duties(text)] == ["vuxenpsykiatrin", "vuxenpsykiatrin"]


def test_a_definition_by_avser_is_no_goal():
    assert goals("Rutin\n\nPalliativ vård avser vård som ges under den sista tiden i livet.") == []


def test_adoption_stated_by_a_front_line_or_a_decision_on_this_document():
    assert analyse("Riktlinje\n\nRegionstyrelsen i Region Åby | 12 mars 2024 | § 55\n\nText.").meta["adopted_by"] \
        == "Regionstyrelsen"
    meta = analyse("Ansvarsfördelning\n\nOmsorgsnämnden beslutade om denna ansvarsfördelning den sjätte mars 2025, "
                   "§ 19.\n\nText.").meta
    assert (meta["adopted_by"], meta["adopted_date"], meta["adopted_paragraph"]) == ("Omsorgsnämnden", "2025-03-06", "§ 19")


def test_what_ceases_when_the_document_enters_into_force_is_replaced():
    text = "Instruktion\n\nDenna instruktion träder i kraft den 1 april 2011, då instruktion antagen 2004-11-09 upphör att gälla."
    assert analyse(text).meta["replaces"] == "instruktion antagen 2004-11-09"


def test_a_named_group_in_running_text_is_a_body():
    text = "Krisledningsplan\n\nDet åligger krisledningsgruppen att:\n\n- samordna insatserna\n\n- ta fram lägesbilder"
    assert [tag for _quote, tag in duties(text)] == ["krisledningsgruppen", "krisledningsgruppen"] and goals(text) == []


def test_the_agent_of_a_compound_passive_acts():
    text = "Attestreglemente\n\nKostnader för förvaltningschefens resor skall beslutsattesteras av kommundirektören."
    assert [tag for _quote, tag in duties(text)] == ["kommundirektören"]


def test_what_the_constitution_or_a_law_lays_down_is_no_duty():
    text = ("Riktlinje för bisysslor\n\nSamtidigt gäller enligt regeringsformen att alla som fullgör offentliga "
            "förvaltningsuppgifter ska iaktta saklighet.\n\nArbetsgivarens ansvar följer av arbetsmiljölagen.")
    assert duties(text) == [] and goals(text) == []


def test_a_regions_name_in_the_genitive_is_its_name():
    assert analyse("Riktlinje för sociala medier\n\nRegion Åsby använder sociala medier. Region Åsbys konton "
                   "granskas. Region Åsbys riktlinje gäller.").meta["municipality"] == "Region Åsby"


def test_a_wage_review_every_year_is_no_revision_of_the_document():
    text = "Lönepolicy\n\nKommunstyrelsen fastställer årligen direktiv för löneöversynen."
    assert analyse(text).meta["revision"] is None
