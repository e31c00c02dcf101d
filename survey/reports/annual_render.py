"""The annual-report document drawn as HTML, DOCX and PDF: the same sections, sentences and tables.

HTML is deterministic and escaped (byte-stable, tested against a fixture). The PDF is that
HTML rendered by WeasyPrint as PDF/UA-1 (tagged, with the document's language and title),
fetching nothing from outside. The DOCX carries headings, captions, header rows that repeat
on each page, and the document's language, so screen readers can follow it. WeasyPrint and
python-docx are imported by the functions that draw with them.
"""
from __future__ import annotations

import io
from html import escape

from survey.reports.annual import Document, Table

FORMATS = ("html", "docx", "pdf")
MEDIA_TYPES = {"html": "text/html",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "pdf": "application/pdf"}
LOCALES = {"sv": "sv-SE", "en": "en-GB"}
STYLE = """\
@page { size: A4; margin: 2cm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.4; color: #111; }
h1 { font-size: 16pt; margin: 0 0 0.2em; }
h2 { font-size: 13pt; margin: 1.4em 0 0.4em; }
table { border-collapse: collapse; margin: 0.6em 0; width: 100%; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 1px solid #666; padding: 0.25em 0.4em; text-align: left; vertical-align: top; }
thead th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
"""


def _html_table(table: Table) -> list[str]:
    lines = ["<table>", f"<caption>{escape(table.caption)}</caption>",
             "<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in table.head) + "</tr></thead>",
             "<tbody>"]
    for row in table.rows:
        first, *rest = row
        lines.append(f'<tr><th scope="row">{escape(first)}</th>' +
                     "".join(f"<td>{escape(cell)}</td>" for cell in rest) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def html(document: Document) -> str:
    """A complete, self-contained HTML page; the same document always gives the same bytes."""
    lines = ["<!DOCTYPE html>", f'<html lang="{escape(LOCALES[document.lang])}">', "<head>",
             '<meta charset="utf-8">', f"<title>{escape(document.title)}</title>",
             f"<style>\n{STYLE}</style>", "</head>", "<body>", "<main>",
             f"<h1>{escape(document.title)}</h1>", f"<p>{escape(document.subtitle)}</p>"]
    for section in document.sections:
        lines += ["<section>", f"<h2>{escape(section.heading)}</h2>"]
        for block in section.blocks:
            lines += _html_table(block) if isinstance(block, Table) else [f"<p>{escape(block)}</p>"]
        lines.append("</section>")
    lines += ["</main>", "</body>", "</html>", ""]
    return "\n".join(lines)


def pdf(document: Document) -> bytes:
    """The HTML as a tagged PDF/UA-1; no resource is fetched (the page has none)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html(document), url_fetcher=URLFetcher(allowed_protocols=[])).write_pdf(
        pdf_variant="pdf/ua-1")


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _docx_table(word, table: Table) -> None:
    word.add_paragraph(table.caption, style="Caption")
    grid = word.add_table(rows=1, cols=len(table.head))
    grid.style = "Table Grid"
    for cell, heading in zip(grid.rows[0].cells, table.head):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    _repeat_header(grid.rows[0])
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value


def docx(document: Document) -> bytes:
    """A Word document with real headings, captions and table header rows, in the document's language."""
    from docx import Document as WordDocument
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    word = WordDocument()
    word.core_properties.title = document.title
    word.core_properties.language = LOCALES[document.lang]
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LOCALES[document.lang])
    word.styles["Normal"].element.get_or_add_rPr().append(language)
    word.add_heading(document.title, level=1)
    word.add_paragraph(document.subtitle)
    for section in document.sections:
        word.add_heading(section.heading, level=2)
        for block in section.blocks:
            if isinstance(block, Table):
                _docx_table(word, block)
            else:
                word.add_paragraph(block)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def render(document: Document, fmt: str) -> bytes:
    """The document in one of FORMATS."""
    if fmt == "html":
        return html(document).encode("utf-8")
    if fmt == "docx":
        return docx(document)
    if fmt == "pdf":
        return pdf(document)
    raise ValueError(f"Okänt format {fmt!r}; välj ett av {', '.join(FORMATS)}.")
