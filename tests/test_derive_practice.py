"""Small Swedish inputs for the forms the practice half (tests/corpus/practice) showed derive: knowing
as a task, agent nouns as roles where a heading or cell names them, one company's "Bolaget",
others' goals and law by its short name, metadata in horizontal tables and of issuers that are no
municipality."""
from __future__ import annotations

import pytest

from survey.content.derive.actors import KINDS, actor
from survey.content.derive.analyse import analyse
from survey.content.derive.classify import read_sentence
from survey.content.derive.metadata import metadata
from survey.content.derive.structure import blocks

ALL = list(KINDS)


@pytest.mark.parametrize("sentence,kind,tag", [
    ("Varje medarbetare ska känna till riktlinjerna och följa dem.", "duty", "medarbetare"),
    ("Medarbetarna ska känna sig trygga på arbetet.", "goal", None),
    ("Kontaktcenter ska kunna besvara de vanligaste frågorna direkt.", "duty", "kontaktcenter"),
    ("Bolagets mål är att alla hyresgäster ska känna sig trygga.", "goal", None),
    ("Utöver detta är stadens mål att utsläppen ska minska.", "goal", None),
    ("Region Åby vill vara en attraktiv arbetsgivare.", "goal", None),
])
def test_knowing_is_a_task_a_body_that_shall_be_able_to_acts_and_more_goal_statements(sentence, kind, tag):
    reading = read_sentence(sentence)
    assert (reading.kind, reading.tag) == (kind, tag)


@pytest.mark.parametrize("sentence", [
    "Riktlinjen ska ge chefer ett gemensamt förhållningssätt.",  # the document of itself
    "Detta reglemente skall tillämpas från den 1 januari.",
    "Styrelsen ska varje år få en sammanställning av rapporterna.",  # what a board receives
    "Det ger staden stora möjligheter att påverka energianvändningen.",  # no commission
    "Föreningar som vill vara med ska anmäla sig i tid.",
])
def test_the_document_what_a_board_receives_and_a_chance_are_no_duty(sentence):
    reading = read_sentence(sentence)
    assert reading is None or reading.kind != "duty"


def test_whoever_under_an_actor_heading_is_one_of_them():
    reading = read_sentence("Den som inte själv kan svara ska hjälpa personen vidare.", "Alla medarbetare")
    assert (reading.kind, reading.tag) == ("duty", "medarbetare")


def test_a_document_about_one_company_means_it_by_bolaget_and_a_name_given_after_a_comma():
    text = "\n\n".join([
        "Riktlinje för uthyrning", "AB Åbyhem", "Bakgrund", "AB Åbyhem är helägt av Åby kommun.", "Ansvar",
        "Bolaget ska ha en kö för bostäder.", "Bolagets styrelse ska följa upp kön."])
    assert [d.tag for d in analyse(text).duties] == ["ab-åbyhem", "ab-åbyhem"]
    text = "\n\n".join([
        "Ägardirektiv", "Inledning", "Åby Energi AB, nedan kallat bolaget, ägs av Åby kommun. Även Åbyhem AB ägs av kommunen.",
        "Uppdrag", "Bolaget ska driva elnätet."])
    assert [d.tag for d in analyse(text).duties] == ["åby-energi-ab"]


def test_a_goal_table_keeps_its_values_out_and_its_lead_in_is_no_goal():
    text = "\n\n".join([
        "Energiplan", "Mål", "Planen har två mål för staden. Målen gäller nämnderna.",
        "Kommunfullmäktige fastställer följande mål:", "Mål", "Målvärde 2030",
        "Energianvändningen ska minska.", "5 GWh", "Alla nya byggnader ska vara nära-nollenergibyggnader.", "Samtliga"])
    assert [g.source for g in analyse(text).goals] == [
        "Energianvändningen ska minska.", "Alla nya byggnader ska vara nära-nollenergibyggnader."]


def test_an_agent_noun_names_a_role_in_a_heading_or_cell_but_not_in_running_text():
    from survey.content.derive.actors import heading_actor

    assert heading_actor("Den externa mottagaren")[1] == "externa-mottagaren"
    assert heading_actor("Invånare") is None and heading_actor("Kortare handläggningstider") is None
    assert read_sentence("Mottagaren ska förstå budskapet.").kind == "goal"
    assert actor("Styrelsen") == (ALL, "styrelsen")


@pytest.mark.parametrize("sentence,kind", [
    ("Enligt LEH skall nämndens beslut anmälas till kommunfullmäktige.", None),
    ("Regeringens mål är att hela Sverige ska ha snabbt bredband.", None),
    ("Den nationella strategin har som mål att Sverige ska vara ett hållbart resmål.", None),
    ("Alla som bor i, verkar i eller besöker Åby ska ha tillgång till bredband.", "goal"),
    ("Alla som arbetar i kommunen ska känna till policyn.", "duty"),
])
def test_law_by_its_short_name_others_goals_and_residents_are_not_the_staff(sentence, kind):
    reading = read_sentence(sentence)
    assert (reading.kind if reading else None) == kind


def test_a_task_cell_may_hold_a_clause_with_ska():
    from survey.content.derive.tasks import is_task

    assert is_task("Besluta om att kamerabevakning ska införas i nämndens lokaler")
    assert not is_task("Nämnden ska besluta om kamerabevakning")


def test_metadata_in_a_horizontal_table_an_issuer_of_its_own_and_a_validity_end():
    text = "\n\n".join([
        "Rutin för direktupphandling", "Åby kommun", "Dokumenttyp", "Fastställd av", "Datum", "Giltig till",
        "Rutin", "Kommundirektören", "2024-01-15", "2026-12-31", "Syfte",
        "Rutinen beskriver hur förvaltningarna köper in varor och tjänster direkt från leverantörer."])
    meta = metadata(blocks(text))
    assert (meta["adopted_by"], meta["adopted_date"], meta["revision"]["date"]) == (
        "Kommundirektören", "2024-01-15", "2026-12-31")
    federation = metadata(blocks("\n\n".join([
        "Instruktion för förbundsdirektören", "Räddningstjänsten Åby – kommunalförbund för Åby och Öby kommuner",
        "Fastställd av direktionen 2021-12-09, § 54"])))
    assert (federation["municipality"], federation["adopted_by"]) == ("Räddningstjänsten Åby", "Direktionen")
    company = metadata(blocks("Riktlinje för visselblåsning\n\nAB Åbyhem\n\nAB Åbyhem ägs av Åby kommun."))
    assert company["municipality"] == "AB Åbyhem"
    valid = metadata(blocks("Riktlinje för distansarbete\n\nGäller från 2023-10-01 till och med 2026-09-30."))
    assert valid["revision"]["date"] == "2026-09-30"


@pytest.mark.parametrize("sentence,replaces", [
    ("Dessa direktiv antogs av kommunfullmäktige 2024-03-20. De ersätter ägardirektiven från 2019.",
     "ägardirektiven från 2019"),
    ("Riktlinjerna gäller alla serveringsställen. De ersätter inte den prövning som görs i varje ärende.", None),
])
def test_what_a_document_replaces_said_of_it_as_de(sentence, replaces):
    assert metadata(blocks(f"Riktlinjer för servering\n\n{sentence}"))["replaces"] == replaces


def test_a_title_is_no_question_and_keeps_its_years_when_wrapped():
    from survey.content.derive.metadata import _title

    front = blocks("Riktlinjer för gott bemötande\n\nVarför riktlinjer för bemötande?")
    assert _title(front, None) == "Riktlinjer för gott bemötande"
    assert _title(blocks("Strategi för besöksnäringen i Åby\n\n2024–2030"), None) == \
        "Strategi för besöksnäringen i Åby 2024–2030"


def test_under_a_law_heading_nothing_is_a_duty_and_a_lead_in_gives_its_agent_noun_the_items():
    text = "\n\n".join([
        "Riktlinje för kamerabevakning", "Lagstiftning",
        "Enligt lagen ska en myndighet ha tillstånd. Den som bedriver kamerabevakning ska också upplysa om den.",
        "Rapportering", "Den externa mottagaren skall:", "- bekräfta mottagandet inom sju dagar",
        "- återkoppla till rapportören inom tre månader"])
    analysis = analyse(text)
    assert [(d.source, d.tag) for d in analysis.duties] == [
        ("bekräfta mottagandet inom sju dagar", "externa-mottagaren"),
        ("återkoppla till rapportören inom tre månader", "externa-mottagaren")]


def test_a_heading_that_names_a_document_names_no_actor():
    text = "\n\n".join(["Reglemente för krisledningsnämnden", "Åby kommun",
                        "Antaget av kommunfullmäktige 2023-03-20, § 27. Ersätter reglemente antaget 2019-02-18, § 14."])
    assert analyse(text).duties == []


def test_a_verb_whose_stem_ends_in_r_is_known_in_the_present_tense():
    from survey.content.derive.supines import is_verb

    assert is_verb("Begär") and is_verb("kör") and not is_verb("för") and not is_verb("där")


def _pdf(lines: list[tuple[str, int, list[tuple[int, str]]]]) -> bytes:
    """A one-page PDF: each line a font, a size and its pieces of text at their left edges."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    for n, (font, size, pieces) in enumerate(lines):
        page.setFont(font, size)
        for left, text in pieces:
            page.drawString(left, 770 - 18 * n, text)
    page.save()
    return out.getvalue()


def test_a_pdf_row_whose_first_cell_fills_its_column_is_still_two_cells():
    from survey.content.derive.read import read

    body = "Helvetica", 10
    data = _pdf([("Helvetica-Bold", 16, [(72, "Program för folkhälsa")]),
                 (*body, [(72, "Aktör"), (163, "Ansvar")]),
                 (*body, [(72, "Regionstyrelsen"), (163, "Leder och samordnar folkhälsoarbetet.")]),
                 # the first cell ends 12 points (1.2 font sizes) before the second column
                 (*body, [(72, "Folkhälsoenheten"), (163, "Ger stöd till förvaltningarna och tar fram underlag.")])])
    clean = read(data, "program.pdf")
    assert clean.text.split("\n\n")[-2:] == ["Folkhälsoenheten", "Ger stöd till förvaltningarna och tar fram underlag."]


def test_a_numbered_heading_set_apart_after_a_list_is_no_list_item():
    from survey.content.derive.read import read

    body = "Helvetica", 10
    data = _pdf([("Helvetica-Bold", 16, [(72, "Program för folkhälsa")]),
                 (*body, [(72, "Regionens mål för perioden är att")]),
                 (*body, [(72, "a) andelen fysiskt aktiva ökar,")]),
                 (*body, [(72, "b) andelen rökare halveras.")]),
                 ("Helvetica-Bold", 13, [(72, "3. Prioriterade områden")]),
                 (*body, [(72, "Regionen ska erbjuda hälsosamtal till alla som fyller 40 år.")])])
    clean = read(data, "program.pdf")
    assert "3. Prioriterade områden" in clean.headings


def test_a_role_the_document_names_in_a_lead_in_is_that_role_in_running_text_too():
    text = "\n\n".join([
        "Riktlinje för visselblåsning", "Rapporteringskanal", "Den externa mottagaren skall:",
        "- bekräfta mottagandet inom sju dagar",
        "Om rapporten gäller vd skall den externa mottagaren i stället lämna ärendet till ordföranden."])
    assert [d.tag for d in analyse(text).duties] == ["externa-mottagaren", "externa-mottagaren"]
    assert read_sentence("Om rapporten gäller vd skall den externa mottagaren lämna ärendet vidare.") is None


def test_a_company_named_in_the_title_and_the_text_is_one_company():
    text = "\n\n".join(["Uthyrningspolicy för AB Åbyhem", "Om bolaget", "AB Åbyhem ägs av Åby kommun.",
                        "Uthyrning", "Bolaget skall annonsera alla lediga lägenheter."])
    assert [d.tag for d in analyse(text).duties] == ["ab-åbyhem"]
    titled = "\n\n".join(["Ägardirektiv för Åby Energi AB", "Uppdrag", "Bolaget ska driva elnätet."])
    assert [d.tag for d in analyse(titled).duties] == ["åby-energi-ab"]


def test_a_policy_its_company_board_decided_is_the_companys():
    meta = metadata(blocks("\n\n".join([
        "Uthyrningspolicy för AB Åbyhem", "Beslutad av styrelsen 14 september 2023, § 9.",
        "AB Åbyhem ägs helt av Åby kommun och förvaltar 3 700 lägenheter i Åby kommun."])))
    assert (meta["municipality"], meta["adopted_by"]) == ("AB Åbyhem", "Styrelsen")


def test_a_task_and_its_actor_run_together_in_a_table_row_are_parted():
    text = "\n\n".join([
        "Plan för närvaro", "Insatser", "Steg", "Vad ska göras Vem", "1",
        "Kalla eleven till samtal när frånvaron ökar. Mentor", "2",
        "Utreda orsakerna och besluta om åtgärder. Rektor", "Rutin", "Steg", "Ansvarig Åtgärd", "1",
        "Beställaren Beskriver behovet och uppskattar värdet.", "Skyddsombud",
        "Skyddsombudet företräder medarbetarna i arbetsmiljöfrågor."])
    assert [(d.source, d.tag) for d in analyse(text).duties] == [
        ("Kalla eleven till samtal när frånvaron ökar.", "mentor"),
        ("Utreda orsakerna och besluta om åtgärder.", "rektor"),
        ("Beskriver behovet och uppskattar värdet.", "beställaren")]


def test_more_labels_a_value_that_states_a_rule_is_no_label_and_more_issuers_and_periods():
    text = "\n\n".join(["Riktlinje för dialog", "Dokumenttyp", "Riktlinje", "Beslutad av", "Kommunstyrelsen",
                        "Datum för beslut", "2024-09-10", "Giltighetstid", "Revideras varje mandatperiod", "Ersätter",
                        "Riktlinjer för dialog (KS 2016/88)", "1. Inledning",
                        "Åby kommun har under de senaste åren genomfört många dialoger med invånarna."])
    meta = metadata(blocks(text))
    assert (meta["adopted_date"], meta["replaces"], meta["revision"]["rule"]) == (
        "2024-09-10", "Riktlinjer för dialog (KS 2016/88)", "mandate_period")
    federation = metadata(blocks("Rutin för introduktion\n\nGymnasieförbundet Västra Åby\n\nSyfte"))
    assert federation["municipality"] == "Gymnasieförbundet Västra Åby"
    plan = metadata(blocks("Handlingsplan för heltid\n\nDenna plan ersätter tidigare plan för heltid 2021–2024. "
                           "Programmet gäller för perioden 2024–2027."))
    assert (plan["replaces"], plan["revision"]["date"]) == ("tidigare plan för heltid 2021–2024", "2027-12-31")


def test_a_reglemente_for_a_named_body_means_it_by_the_kind_word():
    text = "\n\n".join(["Reglemente för samhällsbyggnadsnämnden", "§ 1 Uppgifter", "Nämnden ansvarar för:",
                        "- bygglov och rivningslov,", "- tillsyn enligt plan- och bygglagen.",
                        "Nämnden ska se till att den interna kontrollen är tillräcklig."])
    assert {d.tag for d in analyse(text).duties} == {"samhällsbyggnadsnämnden"}


@pytest.mark.parametrize("sentence,tag", [
    ("Styrelsen fastställer policyn och ska varje år ta del av en redovisning av inflytandet.", "styrelsen"),
    ("Rektor eller den chef som har anställt medarbetaren är ansvarig för att introduktionen genomförs.",
     "rektor-eller-den-chef"),
    ("Kommunens verksamheter ska utforma sina tjänster så att de uppfyller lagen (2018:1937) om tillgänglighet.",
     None),
    ("När en ny tjänst införs ska verksamheten pröva hur den påverkar invånarna.", None),
    ("Medicinskt ansvarig sjuksköterska ska före sommaren ta fram riktlinjer för vätskeintag.",
     "medicinskt-ansvarig-sjuksköterska"),
    ("Förvaltarna ska hålla områdessamråd två gånger per år.", "förvaltarna"),
])
def test_a_coordinated_predicate_being_responsible_a_law_in_the_task_and_more_roles(sentence, tag):
    reading = read_sentence(sentence)
    assert (reading.kind, reading.tag) == ("duty", tag)


def test_du_som_medarbetare_a_company_by_its_short_name_and_what_a_genitive_owns():
    assert actor("Du som medarbetare") == (ALL, "medarbetare")
    text = "\n\n".join(["Policy för hyresgästinflytande", "AB Åbyhem", "Inflytande", "Åbyhem åtar sig att:",
                        "- bjuda in hyresgästerna till samråd,", "- lämna skriftlig information om underhåll."])
    assert [d.tag for d in analyse(text).duties] == ["ab-åbyhem", "ab-åbyhem"]
    from survey.content.derive.tasks import leading_name

    assert leading_name("Förvaltningens beredskapssamordnare") == "Förvaltningens beredskapssamordnare"


def test_a_target_picture_holds_goals_and_a_section_heading_over_a_table_is_no_column():
    text = "\n\n".join([
        "Handlingsplan för heltid", "Målbild", "Vid utgången av 2027 ser det ut så här:",
        "- Alla nya tjänster utlyses på heltid.", "- Minst 90 procent har en heltidsanställning.",
        "Åtgärder", "Ansvarig", "Åtgärd", "Klart senast", "HR-staben",
        "Utbilda chefer och schemaläggare i heltidsplanering", "2025-12-31",
        "Förvaltningscheferna ges i uppdrag att kartlägga vilka som önskar höja sin sysselsättningsgrad.",
        "Varje chef som rekryterar ska pröva om en tjänst kan utlysas på heltid."])
    analysis = analyse(text)
    assert [g.source for g in analysis.goals] == ["Alla nya tjänster utlyses på heltid.",
                                                  "Minst 90 procent har en heltidsanställning."]
    assert [d.tag for d in analysis.duties] == ["hr-staben", "förvaltningscheferna", "chef"]


def test_whoever_a_tables_actor_column_names_is_responsible_for_the_task_beside():
    text = "\n\n".join(["Rutin för introduktion", "Checklista", "Vem", "Vad", "När", "Löneadministrationen",
                        "Registrerar anställningen i personalsystemet", "Senast en vecka före", "Faddern",
                        "Visar arbetsplatsen och introducerar kollegor", "Första dagen"])
    assert [(d.source, d.tag) for d in analyse(text).duties] == [
        ("Registrerar anställningen i personalsystemet", "löneadministrationen"),
        ("Visar arbetsplatsen och introducerar kollegor", "faddern")]


def test_a_groups_section_is_titled_by_the_texts_own_words_for_it():
    from survey.content.derive.draft import build

    text = "\n\n".join(["Riktlinje för AI", "Ansvar", "Du som medarbetare skall:", "- genomgå grundutbildningen om AI",
                        "Förvaltningscheferna ges i uppdrag att kartlägga behovet av utbildning.",
                        "Varje chef som rekryterar ska pröva om tjänsten kan utlysas på heltid."])
    questionnaire, _rules = build(analyse(text), "riktlinje-ai")
    assert [s["title"] for s in questionnaire["properties"].values()] == [
        "Ansvar: Medarbetare", "Ansvar: Förvaltningscheferna", "Ansvar: Varje chef"]


def test_a_duty_of_two_named_bodies_is_each_ones_under_its_own_tag():
    text = "\n\n".join(["Program för patientsäkerhet", "Ansvar",
                        "Hälso- och sjukvårdsnämnden och tandvårdsnämnden har ansvar för att programmet genomförs.",
                        "Kultur- och fritidsnämnden ska ordna lovaktiviteter."])
    assert [d.tag for d in analyse(text).duties] == [
        "hälso-och-sjukvårdsnämnden", "tandvårdsnämnden", "kultur-och-fritidsnämnden"]


@pytest.mark.parametrize("heading", ["Delmål", "Effektmål", "Inriktningsmål", "Det här vill vi uppnå", "Önskat läge"])
def test_more_goal_headings(heading):
    text = "\n\n".join(["Plan för friluftsliv", heading, "Alla invånare har nära till natur.",
                        "Ansvar", "Nämnderna ska ordna leder."])
    assert [g.source for g in analyse(text).goals] == ["Alla invånare har nära till natur."]


def test_any_subject_that_strives_states_a_goal():
    assert read_sentence("Kommunen strävar efter att alla ska ha nära till natur.").kind == "goal"
