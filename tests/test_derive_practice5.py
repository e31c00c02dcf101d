"""Small Swedish inputs for the forms the practice5 and practice6 halves (tests/corpus/practice5,
practice6) showed derive; written here from ordinary usage, not copied from those documents."""
from __future__ import annotations

from survey.content.derive.analyse import analyse


def duties(text: str) -> list[tuple[str, str | None]]:
    return [(d.source, d.tag) for d in analyse(text).duties]


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
