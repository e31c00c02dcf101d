"""Derive's reading stage on small inputs written here (not the corpus): tables of contents, page
marks and running headers set aside, Word heading styles, and what a PDF's layout says (headings by
their font, tables cell by cell)."""
from __future__ import annotations

from survey.content.derive.analyse import analyse
from survey.content.derive.metadata import metadata
from survey.content.derive.read import blocks_from_lines
from survey.content.derive.structure import blocks


def test_a_table_of_contents_and_page_marks_are_set_aside():
    pages = [["Ekby kommun", "Policy för service Sida 1", "Innehåll", "1 Inledning 2", "2 Mål 2", "3 Ansvar 3", "",
              "Policy för service", "", "Nämnderna ska svara inom en dag."],
             ["Ekby kommun", "Policy för service Sida 2", "3 Ansvar", "", "Bolagen ska svara inom två dagar."]]
    text = "\n".join(blocks_from_lines(pages))
    assert "Inledning 2" not in text and "Innehåll" not in text and "Sida" not in text
    assert text.count("Ekby kommun") == 1  # the first page's header is the document's own
    assert "3 Ansvar" in text


def test_a_running_header_or_footer_is_kept_once_at_the_end():
    pages = [["Fjällby kommun – Riktlinjer för krisstöd Sida 1", "Riktlinjer för krisstöd", "",
              "Nämnderna ska utse en kontaktperson."],
             ["Fjällby kommun – Riktlinjer för krisstöd Sida 2", "Bolagen ska utse en kontaktperson.", "",
              "Antagen av kommunfullmäktige 2020-02-03 Sida 2"]]
    found = blocks_from_lines(pages)
    assert found[-2:] == ["Fjällby kommun – Riktlinjer för krisstöd", "Antagen av kommunfullmäktige 2020-02-03"]
    assert found.count(found[-2]) == 1
    assert metadata(blocks("\n\n".join(found)))["municipality"] == "Fjällby kommun"
    assert "1 § Tillämpning" in blocks_from_lines([["Riktlinjer för krisstöd vid allvarliga", "händelser",
                                                     "1 § Tillämpning", "Dessa riktlinjer gäller alla."]])


def test_a_word_documents_heading_styles_tell_its_headings():
    import io

    import docx

    from survey.content.derive import derive
    from survey.content.derive.read import read

    document = docx.Document()
    document.add_heading("Policy för trygghet", level=0)
    document.add_heading("Mål", level=1)
    document.add_paragraph("Trygghet för alla invånare")  # short and without a full stop, yet body text
    document.add_heading("Ansvar", level=1)
    document.add_paragraph("Nämnderna ska ta fram en plan för trygghet varje år.")
    buffer = io.BytesIO()
    document.save(buffer)
    clean = read(buffer.getvalue(), "trygghet.docx")
    assert clean.headings.keys() == {"Policy för trygghet", "Mål", "Ansvar"}
    analysis = derive(buffer.getvalue(), "trygghet.docx").analysis
    assert [g.source for g in analysis.goals] == ["Trygghet för alla invånare"]
    assert read(b"Mal\n\nTrygghet for alla", "a.txt").headings is None  # plain text: headings by their shape


def test_a_pdf_heading_set_in_a_larger_bold_font_stands_apart_whatever_its_words():
    """A short heading after a full line, or one that ends in "?", is still a heading in a PDF: its
    font says so (pdfium gives each letter's size and weight)."""
    import io

    from reportlab.pdfgen import canvas

    from survey.content.derive.read import read

    out = io.BytesIO()
    page = canvas.Canvas(out)
    lines = [("Helvetica-Bold", 16, "Plan för parker"),
             ("Helvetica", 10, "Antagen av kommunfullmäktige den 6 mars 2024, § 38, och gäller från den 1 april"),
             ("Helvetica-Bold", 12, "Vision"),
             ("Helvetica", 10, "Parkerna i Åby är gröna och trygga."),
             ("Helvetica-Bold", 12, "Varför en plan?"),
             ("Helvetica", 10, "Staden sköter 40 parker.")]
    for n, (font, size, text) in enumerate(lines):
        page.setFont(font, size)
        page.drawString(72, 770 - 20 * n, text)
    page.save()
    clean = read(out.getvalue(), "plan.pdf")
    assert clean.text.split("\n\n")[:4] == [lines[0][2], lines[1][2], "Vision", lines[3][2]]
    assert {"Vision", "Varför en plan?"} <= clean.headings.keys()
    assert [g.source for g in analyse(clean.text, clean.headings).goals] == ["Parkerna i Åby är gröna och trygga."]


def test_a_pdf_table_drawn_line_by_line_is_read_cell_by_cell():
    """Columns with wide gaps between them are cells; a cell's wrapped lines join that cell, not the
    line beside them, and a word the column broke is whole again."""
    import io

    from reportlab.pdfgen import canvas

    from survey.content.derive.read import read

    rows = [("Plan för träd", None), ("Ansvarig", "Uppgift"),
            ("Parkförvaltningen", "Planterar minst 200 nya"), (None, "gatuträd varje år."),
            ("Säkerhetsskyddschefe", "Leder och samordnar arbetet"), ("n", "med säkerhetsskyddet."),
            ("Byggnadsnämnden", "Tar fram riktlinjer för trädskydd."),
            ("Uppföljning", None), ("Planen följs upp varje år av kommunstyrelsen, som rapporterar till fullmäktige.", None)]
    out = io.BytesIO()
    page = canvas.Canvas(out)
    for n, (left, right) in enumerate(rows):
        page.setFont("Helvetica-Bold" if n in (0, 7) else "Helvetica", 14 if n in (0, 7) else 10)
        if left:
            page.drawString(72, 770 - 16 * n, left)
        if right:
            page.drawString(240, 770 - 16 * n, right)
    page.save()
    clean = read(out.getvalue(), "plan.pdf")
    assert clean.text.split("\n\n")[1:8] == [
        "Ansvarig", "Uppgift", "Parkförvaltningen", "Planterar minst 200 nya gatuträd varje år.",
        "Säkerhetsskyddschefen", "Leder och samordnar arbetet med säkerhetsskyddet.", "Byggnadsnämnden"]
    assert [(d.source, d.tag) for d in analyse(clean.text, clean.headings).duties] == [
        ("Planterar minst 200 nya gatuträd varje år.", "parkförvaltningen"),
        ("Leder och samordnar arbetet med säkerhetsskyddet.", "säkerhetsskyddschefen"),
        ("Tar fram riktlinjer för trädskydd.", "byggnadsnämnden")]
