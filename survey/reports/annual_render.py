"""The annual-report document drawn as HTML, DOCX and PDF: the same sections, sentences, tables and chart.

HTML is deterministic and escaped (byte-stable, tested against a fixture); every table sits in
its own focusable scrolling region, so the page reflows at 320 px. The PDF is the print version
of that HTML rendered by WeasyPrint as PDF/UA-1 (tagged, with the document's language and title),
fetching nothing from outside: A4 portrait, with a landscape page for a section whose table needs
one (`layout`), a matrix too wide even for that split into column groups that repeat the row
headings, header rows repeated on every page, and nothing ever cut. The DOCX follows the same
layout with real headings, captions, repeating header rows, the chart as a picture with its
alternative text, A4 and the document's language.
"""
from __future__ import annotations

import base64
import io
from dataclasses import replace
from html import escape

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from survey.reports import annual_chart
from survey.reports.annual_model import Chart, Document, Section, Table

FORMATS = ("html", "docx", "pdf")
MEDIA_TYPES = {"html": "text/html",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "pdf": "application/pdf"}
LOCALES = {"sv": "sv-SE", "en": "en-GB"}
SEPARATORS = {"sv-SE": (",", ";"), "en-GB": (".", ",")}  # Word's decimal symbol and list separator
PORTRAIT_COLUMNS, LANDSCAPE_COLUMNS = 5, 10  # a matrix's data columns that fit beside its row headings
# Relative column widths on paper, by kind of table (the first column heads each row).
WIDTHS = {"counts": (36, 12, 10, 12, 14, 16), "actions": (14, 7, 26, 12, 10, 10, 21), "list": (60, 40)}
STYLE = """\
@page { size: A4; margin: 2cm; @bottom-right { content: counter(page); font-size: 9pt; } }
@page landscape { size: A4 landscape; margin: 1.5cm; }
html { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 100%; line-height: 1.45; color: #111; }
body { margin: 0 auto; max-width: 50rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 1rem 0 0.3rem; }
h2 { font-size: 1.25rem; margin: 1.8rem 0 0.5rem; break-after: avoid; }
.lead p { font-size: 1.05rem; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption, caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
.table-scroll { overflow-x: auto; margin: 0.6rem 0; }
.table-scroll:focus { outline: 3px solid #1f4e79; outline-offset: 2px; }
table { border-collapse: collapse; }
th, td { border: 1px solid #666; padding: 0.25em 0.45em; text-align: left; vertical-align: top; hyphens: auto; }
thead th { background: #eee; }
caption { break-after: avoid; }
td.num, th.num { text-align: right; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
@media print {
  html { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  main > * { page: portrait; }
  main > .landscape { page: landscape; }
  table { width: 100%; table-layout: fixed; }
  th, td { overflow-wrap: anywhere; }
  thead th { font-size: 9pt; }
  .matrix th, .matrix td, .actions th, .actions td { font-size: 8.5pt; }
  .table-scroll { overflow: visible; }
  figure { break-inside: avoid; }
  figure img { max-height: 23cm; width: auto; }
}
"""


def layout(table: Table) -> tuple[str, list[Table]]:
    """A table on paper: its page orientation and the tables it is printed as.

    A matrix with more data columns than fit beside its row headings on a portrait page is
    printed landscape; with more than fit there too, as column groups of at most
    LANDSCAPE_COLUMNS, each repeating the row headings and saying which part it is.
    """
    if table.kind == "actions":
        return "landscape", [table]
    columns = len(table.head) - 1
    if table.kind != "matrix" or columns <= PORTRAIT_COLUMNS:
        return "portrait", [table]
    if columns <= LANDSCAPE_COLUMNS:
        return "landscape", [table]
    parts = -(-columns // LANDSCAPE_COLUMNS)
    size = -(-columns // parts)
    groups = []
    for part, start in enumerate(range(1, columns + 1, size), 1):
        stop = min(start + size, columns + 1)
        caption = f"{table.caption} ({part}/{parts}: {table.head[start]} – {table.head[stop - 1]})"
        groups.append(replace(table, caption=caption, head=[table.head[0], *table.head[start:stop]],
                              rows=[[row[0], *row[start:stop]] for row in table.rows]))
    return "landscape", groups


def _orientation(section: Section) -> str:
    """Landscape when any of the section's tables needs it, so a heading never parts from its table."""
    tables = [b.table if isinstance(b, Chart) else b for b in section.blocks if isinstance(b, (Table, Chart))]
    return "landscape" if any(layout(t)[0] == "landscape" for t in tables) else "portrait"


# --- HTML ----------------------------------------------------------------------------------

def _widths(table: Table) -> tuple[float, ...] | None:
    """Relative column widths on paper: by kind, a matrix's row headings and then equal columns."""
    columns = len(table.head) - 1
    if table.kind == "matrix":
        first = 30 if columns <= PORTRAIT_COLUMNS else 22
        return (first, *[(100 - first) / columns] * columns)
    widths = WIDTHS.get(table.kind)
    return widths if widths and len(widths) == len(table.head) else None


def _colgroup(table: Table) -> str:
    widths = _widths(table)
    return "<colgroup>" + "".join(f'<col style="width: {w:g}%">' for w in widths) + "</colgroup>" if widths else ""


def _html_table(table: Table, number: int) -> list[str]:
    def cls(i: int) -> str:
        return ' class="num"' if i in table.numbers else ""

    caption = f"t{number}"
    lines = [f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{caption}">',
             f'<table class="{escape(table.kind)}">', f'<caption id="{caption}">{escape(table.caption)}</caption>',
             _colgroup(table),
             "<thead><tr>" + "".join(f'<th scope="col"{cls(i)}>{escape(h)}</th>' for i, h in enumerate(table.head))
             + "</tr></thead>", "<tbody>"]
    for first, *rest in table.rows:
        lines.append(f'<tr><th scope="row">{escape(first)}</th>' +
                     "".join(f"<td{cls(i)}>{escape(cell)}</td>" for i, cell in enumerate(rest, 1)) + "</tr>")
    lines += ["</tbody>", "</table>", "</div>"]
    return [line for line in lines if line]


def _html_chart(chart: Chart) -> list[str]:
    drawing = annual_chart.svg(chart)
    source = "data:image/svg+xml;base64," + base64.b64encode(drawing.encode("utf-8")).decode("ascii")
    width, height = drawing.split('width="', 1)[1].split('"')[0], drawing.split('height="', 1)[1].split('"')[0]
    return ["<figure>", f"<figcaption>{escape(chart.title)}</figcaption>",
            f'<img src="{source}" alt="{escape(chart.alt)}" width="{width}" height="{height}">', "</figure>"]


def html(document: Document, *, for_print: bool = False) -> str:
    """A complete, self-contained HTML page; the same document always gives the same bytes.

    `for_print` lays it out for paper (see `layout`): what `pdf` renders.
    """
    lines = ["<!DOCTYPE html>", f'<html lang="{escape(LOCALES[document.lang])}">', "<head>",
             '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{escape(document.title)}</title>", f"<style>\n{STYLE}</style>", "</head>", "<body>", "<main>",
             "<header>", f"<h1>{escape(document.title)}</h1>", f"<p>{escape(document.subtitle)}</p>", "</header>"]
    tables = 0
    for index, section in enumerate(document.sections):
        classes = (["lead"] if index == 0 else []) + ([_orientation(section)] if for_print else [])
        lines += [f'<section class="{" ".join(classes)}">' if classes else "<section>",
                  f"<h2>{escape(section.heading)}</h2>"]
        for block in section.blocks:
            if isinstance(block, str):
                lines.append(f"<p>{escape(block)}</p>")
                continue
            if isinstance(block, Chart):
                lines += _html_chart(block)
                block = block.table
            for table in layout(block)[1] if for_print else [block]:
                tables += 1
                lines += _html_table(table, tables)
        lines.append("</section>")
    lines += ["</main>", "</body>", "</html>", ""]
    return "\n".join(lines)


# --- PDF -----------------------------------------------------------------------------------

def pdf(document: Document) -> bytes:
    """The print HTML as a tagged PDF/UA-1; nothing is fetched (the chart is inline)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html(document, for_print=True), url_fetcher=URLFetcher(allowed_protocols=["data"]),
                media_type="print").write_pdf(pdf_variant="pdf/ua-1", finisher=_scope_header_cells)


def _scope_header_cells(_document, pdf) -> None:
    """Give every table header cell its scope (/Column in the head row, /Row down the side), so that a
    reader finds a cell's headings by Scope as well as by the Headers and IDs that WeasyPrint writes."""
    def parent(element):
        return pdf.objects[int(element["P"].split()[0])]

    for element in pdf.objects:
        if isinstance(element, dict) and element.get("S") == "/TH" and "A" in element:
            element["A"]["Scope"] = "/Column" if parent(parent(element)).get("S") == "/THead" else "/Row"


def png(drawing: str, scale: float = 2.0) -> bytes:
    """An SVG drawing as a PNG picture (for Word), drawn by WeasyPrint and rasterised by PDFium."""
    import pypdfium2
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    width, height = drawing.split('width="', 1)[1].split('"')[0], drawing.split('height="', 1)[1].split('"')[0]
    page = (f'<html><head><style>@page {{ size: {width}px {height}px; margin: 0; }} body {{ margin: 0; }}'
            f'svg {{ display: block; }}</style></head><body>{drawing}</body></html>')
    rendered = HTML(string=page, url_fetcher=URLFetcher(allowed_protocols=[])).write_pdf()
    pages = pypdfium2.PdfDocument(rendered)
    try:
        image = pages[0].render(scale=scale * 96 / 72).to_pil()
    finally:
        pages.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


# --- DOCX ----------------------------------------------------------------------------------

def _row_property(row, name: str) -> None:
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _describe(grid, caption: str) -> None:
    """The table's caption as its title for assistive technology (w:tblCaption)."""
    properties = grid._tbl.tblPr
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), caption[:255])
    properties.append(element)


def _docx_table(word, table: Table, text_width: int) -> None:
    word.add_paragraph(table.caption, style="Caption").paragraph_format.keep_with_next = True
    grid = word.add_table(rows=1, cols=len(table.head))
    grid.style = "Table Grid"
    _describe(grid, table.caption)
    widths = _widths(table) or (100 / len(table.head),) * len(table.head)
    small = table.kind in ("matrix", "actions")
    for row_index, values in enumerate([table.head, *table.rows]):
        row = grid.rows[0] if row_index == 0 else grid.add_row()
        _row_property(row, "w:cantSplit")
        for column, (cell, value) in enumerate(zip(row.cells, values)):
            cell.width = int(text_width * widths[column] / 100)
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(value)
            run.bold = row_index == 0 or column == 0
            if small:
                run.font.size = Pt(8.5)
            if column in table.numbers:
                paragraph.alignment = 2  # right
    _row_property(grid.rows[0], "w:tblHeader")


def _docx_chart(word, chart: Chart, text_width: int) -> None:
    word.add_paragraph(chart.title, style="Caption").paragraph_format.keep_with_next = True
    drawing = annual_chart.svg(chart)
    word.add_picture(io.BytesIO(png(drawing)), width=text_width)
    properties = word.paragraphs[-1].runs[-1]._r.xpath(".//wp:docPr")[0]
    properties.set("descr", chart.alt)
    properties.set("title", chart.title)


def _page(section, orientation: str) -> int:
    """Set a Word section to A4 in `orientation`; its text width."""
    short, long_ = Mm(210), Mm(297)
    landscape = orientation == "landscape"
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
    margin = Cm(1.5) if landscape else Cm(2)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin
    return section.page_width - 2 * margin


def _language(word, locale: str) -> None:
    """The document's language: core properties, default run properties, theme fonts and number separators."""
    word.core_properties.language = locale
    defaults = word.styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), locale)
    settings = word.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is None:
        theme = OxmlElement("w:themeFontLang")
        settings.append(theme)
    theme.set(qn("w:val"), locale)
    for name, value in zip(("w:decimalSymbol", "w:listSeparator"), SEPARATORS[locale]):
        found = settings.find(qn(name))
        if found is not None:
            found.set(qn("w:val"), value)


def docx(document: Document) -> bytes:
    """A Word document with real headings, captions, repeating header rows and the chart, on A4, in its language."""
    word = WordDocument()
    word.core_properties.title = document.title
    _language(word, LOCALES[document.lang])
    current = "portrait"
    text_width = _page(word.sections[0], current)
    word.add_heading(document.title, level=1)
    word.add_paragraph(document.subtitle)
    for section in document.sections:
        wanted = _orientation(section)
        if wanted != current:
            current = wanted
            text_width = _page(word.add_section(WD_SECTION.NEW_PAGE), current)
        word.add_heading(section.heading, level=2)
        for block in section.blocks:
            if isinstance(block, str):
                word.add_paragraph(block)
                continue
            if isinstance(block, Chart):
                _docx_chart(word, block, text_width)
                block = block.table
            for table in layout(block)[1]:
                _docx_table(word, table, text_width)
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
