"""A table's rows, as DOCX and PDF give them: the task and actor columns however far apart, a
matrix's marks, a column of goals (small documents written here in the corpus markup)."""
from __future__ import annotations

import pytest

from survey.content.derive import derive_here
from survey.content.derive.read import read
from survey.content.derive.tables import table_duties, table_goals
from tests import corpus
from tests.helpers import drawn_pdf

SOURCE = """# Plan för kollektivtrafik
Antagen av regionfullmäktige 2026-03-02, § 12.

## Mål och indikatorer
|= Mål | Indikator | Målvärde 2031 |
| Kollektivtrafiken är fossilfri | Andel fordonskilometer med el | 100 % |
| Fler reser kollektivt | Marknadsandel | 22 % |

## Åtgärder
|= Nr | Åtgärd | Klart | Ansvarig |
| 1 | Ta fram en stomlinjeplan för de regionala busslinjerna | 2027 | Kollektivtrafiknämnden |
| 2 | Införa ett gemensamt biljettsystem med grannlänen | 2028 | Norrby Trafik AB |

## Ansvarsfördelning
|= Uppgift | Direktionen | Förbundsdirektören | Räddningschefen |
| Besluta om taxor för tillsyn och tillstånd | X | S | |
| Leda räddningsinsatser som kräver samordning | | | X |
"""


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_rows_of_a_table_give_its_goals_and_each_task_its_actor(fmt):
    derived = derive_here(*corpus.build(corpus.parse(SOURCE), fmt))
    duties = {(d.source, d.tag) for d in derived.analysis.duties}
    assert {("Ta fram en stomlinjeplan för de regionala busslinjerna", "kollektivtrafiknämnden"),
            ("Införa ett gemensamt biljettsystem med grannlänen", "norrby-trafik-ab"),
            ("Besluta om taxor för tillsyn och tillstånd", "direktionen"),
            ("Leda räddningsinsatser som kräver samordning", "räddningschefen")} <= duties
    assert not {d.source for d in derived.analysis.duties} & {"2027", "X", "S"}
    assert {"Kollektivtrafiken är fossilfri", "Fler reser kollektivt"} <= {g.source for g in derived.analysis.goals}


def test_a_matrix_gives_only_the_responsible_and_a_description_or_permission_is_no_task():
    matrix = (("Uppgift", "HSN", "Primärvården"), ("Utse en läkare med ansvar för antibiotika", "", "A"),
              ("Ta fram rekommendationer för vanliga infektioner", "S", "S"))
    roles = (("Roll", "Ansvar"), ("Skyddsombudet", "Skyddsombudet företräder medarbetarna i arbetsmiljöfrågor."),
             ("Chefen", "Kan på begäran delta i avstämningsmöten."))
    assert table_duties([matrix, roles]) == [("Utse en läkare med ansvar för antibiotika", "Primärvården")]
    assert table_goals([roles]) == ([], set())


def test_an_abbreviation_the_text_gives_names_a_matrix_column_and_a_goal_tables_other_cells_are_no_goals():
    source = """# Handlingsplan för antibiotika
A = ansvarar, S = samverkar. HSN = hälso- och sjukvårdsnämnden.

## Mål
|= Lokalt mål | Indikator | Målvärde |
| Färre bränder i bostäder | Antal bränder per 10 000 invånare | högst 6 |

## Åtgärder
|= Åtgärd | HSN | Primärvården |
| Informera allmänheten om när antibiotika inte hjälper | A | S |
"""
    derived = derive_here(*corpus.build(corpus.parse(source), "docx"))
    assert [(d.source, d.tag, d.actor) for d in derived.analysis.duties] == [
        ("Informera allmänheten om när antibiotika inte hjälper", "hälso-och-sjukvårdsnämnden",
         "hälso- och sjukvårdsnämnden")]
    assert [g.source for g in derived.analysis.goals] == ["Färre bränder i bostäder"]


def test_a_pdf_header_cell_that_wraps_to_a_line_of_its_own_is_a_column():
    """"Målvärde 2029" drawn under the header's first line, alone and further right: a column of its
    own, so the table reads on and its goal column gives the goals."""
    lines = [(("Mål", 72), ("Mått", 200), ("Utgångsläge", 320)), (("2025", 320),), (("Målvärde 2029", 430),),
             (("Färre bränder", 72),), (("i bostäder", 72),), (("Antal bränder", 200),), (("7,9", 320), ("högst 6", 430)),
             (("Snabb hjälp i", 72),), (("hela området", 72),), (("Andel nådda", 200),), (("91 %", 320), ("95 %", 430))]
    clean = read(drawn_pdf(lines), "plan.pdf")
    assert ("Färre bränder i bostäder", "Antal bränder", "7,9", "högst 6") in clean.tables[0]
    assert table_goals(clean.tables)[0] == ["Färre bränder i bostäder", "Snabb hjälp i hela området"]


def test_a_sentence_with_its_own_subject_after_a_table_is_no_task_of_the_next_blocks_actor():
    from survey.content.derive.analyse import analyse

    text = "\n\n".join(["Rutin vid värmebölja", "Att göra", "Ansvarig", "Mäta temperaturen inomhus tre gånger per dag",
                        "Omvårdnadspersonal", "Övrigt",
                        "Kommunen som arbetsgivare ska se till att arbetstiden kan läggas om.",
                        "Personalen bör själv dricka mer än vanligt."])
    found = {d.source: (d.kinds, d.tag) for d in analyse(text).duties}
    assert found["Kommunen som arbetsgivare ska se till att arbetstiden kan läggas om."] == (
        ["kommunstyrelse", "nämnd", "förvaltning", "bolag"], None)
