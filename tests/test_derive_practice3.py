"""Small Swedish inputs for the forms the practice3 half (tests/corpus/practice3) showed derive."""
from __future__ import annotations

import pytest

from survey.content.derive.analyse import analyse
from survey.content.derive.classify import read_sentence


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
    import io

    from reportlab.pdfgen import canvas

    from survey.content.derive.read import read

    rows = [("Beslutad av", "Socialnämnden"), ("Dokumentansvarig", "Avdelningschef"),
            ("1.1 Handläggaren ska fatta beslut inom tio arbetsdagar från det att ansökan är fullständig.", None),
            ("1.2 Enhetschefen ansvarar för att nya handläggare får en introduktion.", None)]
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("Helvetica", 10)
    for n, (left, right) in enumerate(rows):
        page.drawString(72, 770 - 16 * n, left)
        if right:
            page.drawString(240, 770 - 16 * n, right)
    page.save()
    clean = read(out.getvalue(), "riktlinje.pdf")
    assert "Dokumentansvarig" in clean.text.split("\n\n")
    assert [d.tag for d in analyse(clean.text, clean.headings).duties] == ["handläggaren", "enhetschefen"]
