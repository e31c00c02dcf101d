"""Small Swedish inputs for the forms the practice9 and practice10 halves (tests/corpus/practice9,
practice10) and the open list of issue 18 showed derive; written here from ordinary usage, not copied
from those documents."""
from __future__ import annotations

from survey.content.derive.analyse import analyse


def duties(text: str, headings: dict | None = None) -> list[tuple[str, str | None]]:
    return [(d.source, d.tag) for d in analyse(text, headings).duties]


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
