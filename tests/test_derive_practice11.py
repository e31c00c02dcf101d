"""Small Swedish inputs for the forms the practice11 and practice12 halves (tests/corpus/practice11,
practice12) showed derive; written here from ordinary usage, not copied from those documents."""
from __future__ import annotations

from survey.content.derive.analyse import analyse
from survey.content.derive.read import read
from tests.helpers import drawn_pdf, duties, goals


def test_a_described_heading_inside_the_goals_keeps_them_goals():
    text = ("Strategi för e-hälsa\n\nMål\n\nNära vård\n\nFler patienter ska kunna boka tider digitalt.\n\n"
            "Patienten som medaktör\n\nPatienter ska kunna läsa sina provsvar.\n\nTrygg vård\n\n"
            "Alla e-tjänster ska vara säkra.")
    headings = {"Strategi för e-hälsa": 1, "Mål": 2, "Nära vård": 3, "Patienten som medaktör": 3, "Trygg vård": 3}
    assert goals(text, headings) == ["Fler patienter ska kunna boka tider digitalt.",
                                     "Patienter ska kunna läsa sina provsvar.", "Alla e-tjänster ska vara säkra."]


def test_a_table_headed_what_is_to_be_done_and_who_gives_each_task_its_actor():
    text = ("Rutin för lån av konst\n\nMoment\n\nVad som ska göras\n\nAnsvar\n\nUtlån\n\n"
            "Registrera varje utlånat verk i registret\n\nKultursekreteraren\n\nSkador\n\n"
            "Anmäla skador på ett lånat verk utan dröjsmål\n\nEnhetschefen")
    assert duties(text) == [("Registrera varje utlånat verk i registret", "kultursekreteraren"),
                            ("Anmäla skador på ett lånat verk utan dröjsmål", "enhetschefen")]


def test_service_units_by_their_definite_name_do_their_tasks():
    text = ("Rutin för post\n\nRegistraturen ska registrera inkomna handlingar samma dag. Växeln ska koppla samtal "
            "till rätt handläggare. Konstverk ska hängas upp av vaktmästeriet.")
    assert [tag for _quote, tag in duties(text)] == ["registraturen", "växeln", "vaktmästeriet"]


def test_a_rule_for_a_kind_of_document_is_no_goal():
    text = ("Riktlinje för styrdokument\n\nEn policy ska vara kortfattad. Ett program ska innehålla mätbara mål. "
            "Varje styrdokument ska ha en ansvarig tjänsteperson. En samlad plan ska tas fram av kommunstyrelsen "
            "och redovisas varje år.")
    assert goals(text) == []
    assert duties(text) == [("En samlad plan ska tas fram av kommunstyrelsen och redovisas varje år.", None)]


def test_a_pronoun_for_the_document_itself_is_no_goal():
    text = "Rutin för möten\n\nRutinen gäller för alla möten. Den ska användas även när lokal hyrs in."
    assert goals(text) == [] and duties(text) == []


def test_whoever_does_something_takes_on_a_responsibility():
    text = "Riktlinje för e-underskrift\n\nDen som undertecknar ansvarar för att ha behörighet."
    assert duties(text) == [("Den som undertecknar ansvarar för att ha behörighet.", "den-som-undertecknar")]


def test_a_thing_of_a_body_that_shall_fall_below_a_figure_is_a_goal():
    text = ("Koncerndirektiv\n\nFör perioden gäller följande mål:\n\n- bolagens sjukfrånvaro ska understiga 5 "
            "procent,\n\n- koncernens soliditet ska öka.")
    assert goals(text) == ["bolagens sjukfrånvaro ska understiga 5 procent", "koncernens soliditet ska öka."]
    assert duties(text) == []


def test_a_named_bodys_lead_in_among_the_goals_leaves_the_prose_its_goals():
    text = ("Miljöpolicy för Sundby Hamn AB\n\nSundby Hamn AB driver hamnen.\n\nVårt mål\n\n"
            "Hamnen ska vara en säker arbetsplats. Bullret ska hållas under 45 dBA nattetid.\n\nVi ska\n\n- ta emot fartygens avfall,\n\n"
            "- erbjuda landström senast 2027.")
    headings = {"Miljöpolicy för Sundby Hamn AB": 1, "Vårt mål": 2, "Vi ska": 2}
    assert goals(text, headings) == ["Hamnen ska vara en säker arbetsplats.", "Bullret ska hållas under 45 dBA nattetid."]
    assert duties(text, headings) == [("ta emot fartygens avfall", "sundby-hamn-ab"),
                                      ("erbjuda landström senast 2027.", "sundby-hamn-ab")]


def test_the_body_a_reglemente_is_for_is_known_also_with_its_place_after_it():
    text = ("Reglemente för den gemensamma tolknämnden i Norrlida län\n\nUppgifter\n\n"
            "Nämnden ska upphandla tolktjänster. Det åligger de samverkande kommunerna att utse en kontaktperson.")
    assert duties(text) == [("Nämnden ska upphandla tolktjänster.", "tolknämnden"),
                            ("Det åligger de samverkande kommunerna att utse en kontaktperson.",
                             "samverkande-kommunerna")]


def test_bolaget_after_a_table_of_roles_is_the_company_not_the_last_role():
    text = ("Hållbarhetspolicy för Åby Energi AB\n\nÅby Energi AB levererar fjärrvärme.\n\nÅtagande\n\nAnsvarig\n\n"
            "Följa bolagets säkerhetsregler och rapportera tillbud\n\nAlla medarbetare\n\n"
            "Bolaget ska även stödja kommunen i klimatarbetet.")
    assert ("Bolaget ska även stödja kommunen i klimatarbetet.", "åby-energi-ab") in duties(text)


def meta(text: str, headings: dict | None = None) -> dict:
    return analyse(text, headings).meta


def test_a_title_that_names_no_kind_of_document_is_the_first_heading():
    text = ("Ansvarsfördelning för krisberedskap mellan förbundet och kommunerna\n\nBeslutad av: Direktionen\n\n"
            "Bakgrund\n\nFörbundet och kommunerna samverkar sedan länge om krisberedskap och civilt försvar.")
    headings = {"Ansvarsfördelning för krisberedskap mellan förbundet och kommunerna": 1, "Bakgrund": 2}
    assert meta(text, headings)["title"] == "Ansvarsfördelning för krisberedskap mellan förbundet och kommunerna"


def test_a_front_table_with_a_version_column_gives_its_adoption():
    text = ("Miljöpolicy\n\nDokument\n\nFastställd av\n\nDatum\n\nVersion\n\nMiljöpolicy\n\nStyrelsen\n\n"
            "2024-02-21\n\n3.0\n\nOm bolaget\n\nÅby Energi AB levererar fjärrvärme till hushållen i Åby kommun, "
            "inklusive dotterbolaget Åby Elnät AB.")
    found = meta(text)
    assert (found["adopted_by"], found["adopted_date"], found["municipality"]) == \
        ("Styrelsen", "2024-02-21", "Åby Energi AB")


def test_a_validity_from_a_date_until_further_notice_is_no_revision():
    text = "Reglemente\n\nGiltighet: Från och med 2025-01-01, tills vidare\n\nNämnden ansvarar för sina uppgifter."
    assert meta(text)["revision"] is None


def test_revising_another_plan_is_not_revising_this_document():
    text = ("Ägardirektiv\n\nBolaget ska upprätta och årligen revidera en plan för krisberedskap. Kommunstyrelsen "
            "skall se över direktivet vart fjärde år. Instruktionen ska prövas årligen.")
    assert meta(text)["revision"]["years"] == 4


def test_an_instruction_tried_yearly_is_revised_yearly():
    text = "Instruktion för vd\n\nVd leder bolaget.\n\nInstruktionen ska prövas årligen vid det konstituerande mötet."
    assert meta(text)["revision"]["years"] == 1


def test_what_something_does_not_replace_is_not_what_the_document_replaces():
    text = "Vägledning\n\nVägledningen sker i ett möte; information per e-post ersätter inte ett samtal."
    assert meta(text)["replaces"] is None


def test_the_board_seeing_over_the_directive_is_its_revision_no_duty():
    text = "Ägardirektiv för Åby Hamn AB\n\nKommunstyrelsen skall se över direktivet vart fjärde år."
    assert duties(text) == [] and meta(text)["revision"]["years"] == 4


def test_a_company_named_across_a_wrapped_title_is_named_whole():
    text = ("Miljöpolicy för Sundby\n\nHamn AB\n\nInledning\n\nHamnen tar emot fartyg året runt och hanterar gods "
            "över kaj.")
    assert meta(text, {"Miljöpolicy för Sundby": 1, "Hamn AB": 1, "Inledning": 2})["municipality"] == "Sundby Hamn AB"


def test_a_title_line_that_runs_on_into_the_first_heading_ends_before_it():
    text = "Riktlinje för stöd till barn och unga Inledning\n\nBarn och unga i Åby kommun ska få stöd i rätt tid."
    assert meta(text)["title"] == "Riktlinje för stöd till barn och unga"


def test_a_party_column_names_the_actor_and_the_responsibility_column_the_task():
    text = ("Riktlinje för brandvatten\n\nPart\n\nAnsvar\n\nRäddningstjänstförbundet\n\n"
            "Föra register över brandposter och hålla det aktuellt\n\nVA-huvudmännen\n\n"
            "Kontrollera och underhålla brandposterna i ledningsnätet")
    assert duties(text) == [("Föra register över brandposter och hålla det aktuellt", "räddningstjänstförbundet"),
                            ("Kontrollera och underhålla brandposterna i ledningsnätet", "va-huvudmännen")]


def test_a_condition_put_first_by_its_verb_leaves_the_subject_after_the_modal():
    text = ("Delegationsordning\n\nÄr ärendet av principiell betydelse ska delegaten lämna det till nämnden. "
            "Finns det risk för smitta ska enhetschefen kontakta MAS.")
    assert [tag for _quote, tag in duties(text)] == ["delegaten", "enhetschefen"]


def test_a_passive_after_a_subordinate_clause_is_its_agents_duty():
    text = "Hastighetsplan\n\nInnan beslut fattas ska förslaget remitteras av trafikenheten till polisen."
    assert duties(text) == [("Innan beslut fattas ska förslaget remitteras av trafikenheten till polisen.",
                             "trafikenheten")]


def test_the_medically_responsible_nurse_by_her_abbreviation_is_a_role_and_march_is_not():
    text = ("Riktlinje för hygien\n\nUtbrott\n\nEtt utbrott ska dokumenteras av MAS. Det åligger MAR att utbilda "
            "personalen. I mars ska rapporten vara klar.")
    assert [tag for _quote, tag in duties(text)] == ["mas", "mar"]


def test_bodies_that_shall_have_their_own_routines_have_a_task():
    text = ("Rutin vid kokningsrekommendation\n\nSocialförvaltningen ska ha egna rutiner för att ordna kokt vatten. "
            "Medarbetarna ska ha inflytande över arbetet.")
    assert duties(text) == [("Socialförvaltningen ska ha egna rutiner för att ordna kokt vatten.", "socialförvaltningen")]


def test_what_a_document_replaces_stated_in_a_table_at_its_end():
    tail = "".join(f"\n\nAvsnitt {n}\n\nNämnden ansvarar för uppgift {n}." for n in range(15))
    text = f"Riktlinje för brandvatten{tail}\n\nDokumentinformation\n\nErsätter | Brandvattenpolicy 2015"
    assert meta(text)["replaces"] == "Brandvattenpolicy 2015"


def test_trying_each_year_whether_the_document_needs_changing_is_its_revision():
    text = ("Delegationsordning\n\nNämnden prövar varje år i samband med verksamhetsplanen om delegationsordningen "
            "behöver ändras.")
    assert meta(text)["revision"]["years"] == 1


def test_a_federation_that_presents_itself_in_the_opening_sentence_issues_the_document():
    text = ("Riktlinje för trygghetslarm\n\nÖstra Åbygdens omsorgsförbund bedriver hemtjänst på uppdrag av "
            "medlemskommunerna.\n\nAnsvar\n\nLarmcentralen ska besvara larm inom två minuter.")
    assert meta(text)["municipality"] == "Östra Åbygdens omsorgsförbund"


def test_a_role_for_a_unit_the_document_names_is_the_role_not_the_unit():
    text = ("Riktlinje för trygghetslarm\n\nAnsvar\n\nLarmpatrullen\n\nSka åka ut till den enskilde inom 30 "
            "minuter.\n\nUppföljning\n\nEnhetschefen för larmpatrullen ska varje månad sammanställa svarstiderna.")
    headings = {"Riktlinje för trygghetslarm": 1, "Ansvar": 2, "Larmpatrullen": 3, "Uppföljning": 2}
    assert duties(text, headings) == [("Ska åka ut till den enskilde inom 30 minuter.", "larmpatrullen"),
                                      ("Enhetschefen för larmpatrullen ska varje månad sammanställa svarstiderna.",
                                       "enhetschefen-för-larmpatrullen")]


def test_a_paragraph_after_an_action_table_is_prose_not_a_task_of_the_next_sentences_actor():
    text = ("Handlingsplan för läkemedel\n\nÅtgärd\n\nAnsvarig\n\nUtbilda personalen i läkemedelshantering\n\n"
            "Enhetschef\n\nGenomgångar görs i samverkan med vårdcentralen. Varje enhetschef ansvarar för att "
            "personalen får tid till utbildningen.\n\nSjuksköterskan skall dokumentera varje genomgång.")
    assert duties(text) == [("Utbilda personalen i läkemedelshantering", "enhetschef"),
                            ("Varje enhetschef ansvarar för att personalen får tid till utbildningen.", "enhetschef"),
                            ("Sjuksköterskan skall dokumentera varje genomgång.", "sjuksköterskan")]


def test_all_residents_are_people_and_each_residence_a_unit():
    text = "Handlingsplan\n\nMål\n\nAlla boende ska ha en aktuell läkemedelslista."
    assert goals(text) == ["Alla boende ska ha en aktuell läkemedelslista."] and duties(text) == []


def test_a_pdf_actor_cell_wrapped_after_a_preposition_goes_on_in_the_next_line():
    lines = [(("Funktion", 72), ("Ansvar", 250)),
             (("Verksamhetschef för", 72),),
             (("EMI", 72), ("Upprätta patientsäkerhetsberättelsen varje år", 250)),
             (("Rektor", 72), ("Se till att skolsköterskan har en lokal", 250)),
             (("Gäller för", 72), ("Åby Vatten AB", 250)),
             (("Giltig till", 72), ("2026-09-30", 250))]
    rows = read(drawn_pdf(lines), "riktlinje.pdf").tables[0]
    assert rows[1] == ("Verksamhetschef för EMI", "Upprätta patientsäkerhetsberättelsen varje år")
    assert rows[3:] == (("Gäller för", "Åby Vatten AB"), ("Giltig till", "2026-09-30"))


def test_a_task_cell_may_begin_with_a_places_genitive():
    text = ("Skyfallsplan\n\nÅtgärd\n\nAnsvarig\n\nHöja Strandvägens profil vid hamnen\n\nTekniska nämnden")
    assert duties(text) == [("Höja Strandvägens profil vid hamnen", "tekniska-nämnden")]


def test_what_a_law_with_a_hyphenated_name_requires_is_no_duty():
    text = "Riktlinjer för exploateringsavtal\n\nEn kommun ska enligt plan- och bygglagen anta riktlinjer för avtalen."
    assert duties(text) == [] and goals(text) == []


def test_a_head_of_an_administration_named_in_full_adopts():
    text = "Rutin vid kokningsrekommendation\n\nFastställd av förvaltningschefen för teknik- och servicekontoret 2023-03-01."
    assert meta(text)["adopted_by"] == "Förvaltningschefen för teknik- och servicekontoret"


def test_of_two_companies_the_one_named_most_often_issues_the_document():
    text = ("Policy för fjärrvärmenätet\n\nFastställd av styrelsen 2024-04-18\n\nBakgrund\n\nÅby Energi AB ägs av Åby "
            "kommun genom Åby Stadshus AB. Åby Energi AB levererar fjärrvärme. Åby Energi AB har 40 anställda.")
    assert meta(text)["municipality"] == "Åby Energi AB"


def test_a_unit_a_genitive_owner_names_in_the_indefinite_acts():
    text = ("Riktlinje för behörigheter\n\nRegionens IT-förvaltning har till uppgift att utföra beställda ändringar. "
            "Skolans administratör har till uppgift att sammanställa frånvaron.")
    assert [tag for _quote, tag in duties(text)] == ["it-förvaltning", "skolans-administratör"]


def test_a_role_with_a_relative_clause_after_an_article_or_all_acts():
    text = ("Delegationsordning\n\nEn delegat som är jävig ska lämna över ärendet. All personal som möter eleven ska "
            "registrera frånvaron. Förskolans och skolans personal ska ge barnen tid.")
    assert [tag for _quote, tag in duties(text)] == ["delegat", "personal", "förskolans-och-skolans-personal"]


def test_a_pronoun_pair_or_a_neuter_pronoun_stands_for_the_actor_before():
    text = ("Riktlinje för särskilt stöd\n\nMentorn följer barnets utveckling. Hon eller han ska ta upp oro med "
            "arbetslaget.\n\nElevhälsoteamet träffas varje vecka. Det ska dokumentera sina beslut.")
    assert [tag for _quote, tag in duties(text)] == ["mentorn", "elevhälsoteamet"]


def test_a_responsibility_held_as_principal_and_a_duty_after_but():
    text = ("Riktlinje\n\nNämnden har som huvudman det övergripande ansvaret för att undervisningen erbjuds. "
            "Bolagen beslutar själva om sina villkor men ska följa policyns principer.")
    assert [tag for _quote, tag in duties(text)] == [None, None]


def test_a_lead_in_inverted_by_a_clause_gives_its_steps_their_actor():
    text = ("Rutin vid avslut\n\nArbetsgång\n\nNär en uppsägning har kommit in ansvarar närmaste chef för följande "
            "steg:\n\n- bekräfta uppsägningen skriftligt,\n\n- boka ett avslutningssamtal.")
    assert duties(text) == [("bekräfta uppsägningen skriftligt", "närmaste-chef"),
                            ("boka ett avslutningssamtal.", "närmaste-chef")]


def test_a_card_holder_is_staff_and_study_guidance_no_body():
    text = ("Regler för betalkort\n\nDet åligger kortinnehavaren att spara kvittot. Studiehandledningen ska bidra "
            "till att fler elever når behörighet.")
    assert duties(text) == [("Det åligger kortinnehavaren att spara kvittot.", "kortinnehavaren")]


def test_under_a_lead_in_that_names_its_items_goals_a_staff_target_is_a_goal():
    text = ("Överenskommelse om munhälsa\n\nSyfte\n\nMålen för perioden är att\n\n- all omvårdnadspersonal ska ha "
            "fått utbildning i munvård,\n\n- nämnderna ska ha infört rutiner.")
    assert goals(text) == ["all omvårdnadspersonal ska ha fått utbildning i munvård"]
    assert duties(text) == [("nämnderna ska ha infört rutiner.", None)]


def test_an_adoption_line_in_a_front_table_is_no_table_of_contents():
    text = ("Ägardirektiv för Åby Bad AB\n\nErsätter | Ägardirektiv fastställda av kommunfullmäktige 2019-11-25, § 140"
            "\n\nInnehåll\n\n1 Inledning 2\n\n2 Ändamål 2\n\n3 Uppföljning 3\n\n1 Inledning\n\nBolaget ägs av kommunen.")
    assert meta(text)["replaces"] == "Ägardirektiv fastställda av kommunfullmäktige 2019-11-25, § 140"


def test_a_body_that_adopted_the_document_in_the_active_voice():
    text = ("Riktlinjer för internpriser\n\nKommunstyrelsen fastställde riktlinjerna den 14 maj 2024, § 78. De ersätter "
            "Principer för internpriser från 2017 och ska ses över vart tredje år. Lokalhyror följer den modell som "
            "kommunfullmäktige har beslutat om.")
    found = meta(text)
    assert (found["adopted_by"], found["adopted_date"], found["adopted_paragraph"], found["replaces"]) == \
        ("Kommunstyrelsen", "2024-05-14", "§ 78", "Principer för internpriser från 2017")


def test_a_teacher_by_a_compound_and_a_work_team_are_antecedents_and_an_item_may_say_whose_charge_it_is():
    text = ("Riktlinje för stöd\n\nFörskolläraren följer barnets utveckling. Hon eller han ska ta upp oro med "
            "arbetslaget.\n\nArbetslaget prövar först anpassningar. Det ska dokumentera dem.\n\nArbetsgång\n\n"
            "1. Mentor ska följa frånvaron varje vecka.\n\n2. Det är rektors ansvar att pröva om frånvaron är giltig.")
    assert [tag for _quote, tag in duties(text)] == ["förskolläraren", "arbetslaget", "mentor", "rektor"]


def test_whoever_a_clause_after_an_inverted_modal_names_does_the_task():
    text = "Resepolicy\n\nInnan en resa bokas ska den som kallar till mötet pröva om det kan hållas digitalt."
    assert duties(text) == [(text.split("\n\n")[1], "den-som-kallar-till")]
