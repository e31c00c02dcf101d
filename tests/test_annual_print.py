"""The annual report on paper, opened as a reader's PDF tools open it: every character inside the
printable area of its A4 page (portrait or landscape), nothing cut or lost, wide tables on landscape
pages with their header rows repeated, and a tagged PDF/UA that a checker and our own structure
check accept (language, title, alternative text, reading order, table headings)."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from itertools import groupby

import pdfplumber
import pikepdf
import pypdf
import pytest
from pdfua import Severity, validate

from survey.reports import annual, annual_render
from tests import annual_data as data

MM = 72 / 25.4
MARGINS = {"portrait": 20 * MM, "landscape": 15 * MM}  # as annual_render's @page rules
SLACK = 0.5  # points: rounding in the PDF's coordinates
MARKS = "●◐○◌"


@dataclass
class Page:
    width: float
    height: float
    text: str
    outside: list[str]

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def read(pdf: bytes) -> list[Page]:
    """Each page's size, text and the characters that lie outside its printable area."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        for page in opened.pages:
            margin = MARGINS["landscape" if page.width > page.height else "portrait"]
            outside = [f"{c['text']!r} at ({c['x0']:.0f}, {c['top']:.0f})" for c in page.chars
                       if (c["x0"] < margin - SLACK or c["x1"] > page.width - margin + SLACK
                           or c["top"] < margin - SLACK or c["bottom"] > page.height - margin + SLACK)
                       and not (c["top"] > page.height - margin and c["text"].isdigit())]  # the page number
            pages.append(Page(page.width, page.height, page.extract_text() or "", outside))
    return pages


@pytest.fixture(scope="module", params=[10, 24], ids=["10-goals-30-units", "24-goals-30-units"])
def printed(request):
    """A policy with many goals and 30 units, every unit with an action of long texts: its document,
    PDF and pages. Ten goals fit a landscape page; 24 are printed as column groups."""
    document = annual.build(**data.large(goals=request.param, units=30))
    pdf = annual_render.render(document, "pdf")
    return document, pdf, read(pdf)


def test_every_character_lies_inside_the_printable_area(printed):
    _document, _pdf, pages = printed
    assert all(round(min(p.width, p.height)) == 595 and round(max(p.width, p.height)) == 842 for p in pages)  # A4
    outside = {number: page.outside[:5] for number, page in enumerate(pages, 1) if page.outside}
    assert not outside, f"characters outside the printable area: {outside}"


def squeezed(text: str) -> str:
    """Text without whitespace, soft hyphens and hyphens: a word broken over two lines reads whole."""
    return re.sub(r"[\s\u00ad\u2010-]", "", text)


def test_nothing_is_cut_or_lost(printed):
    document, pdf, _pages = printed
    text = squeezed(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))  # cell by cell
    for unit in data.UNIT_NAMES:
        assert squeezed(unit) in text, unit
    assert text.count(squeezed(data.LONG)) == 2 * 30  # every action's text and comment, whole
    assert text.count(squeezed(data.URL)) == 30
    matrix = next(b for s in document.sections for b in s.blocks if isinstance(b, annual.Table) and b.kind == "matrix")
    cells = sum(cell[0] in MARKS for row in matrix.rows for cell in row[1:])
    assert sum(text.count(mark) for mark in MARKS) == cells + len(MARKS)  # and the key once


def test_wide_tables_get_landscape_pages_and_repeat_their_header_rows(printed):
    document, _pdf, pages = printed
    matrix_pages = [p for p in pages if re.search(r"[●◐○] (Uppfyllt|Delvis|Ej uppfyllt)", p.text)]
    action_pages = [p for p in pages if "Förvaltningschefen" in p.text]
    assert len(matrix_pages) >= 2 and len(action_pages) >= 2
    assert all(p.landscape for p in matrix_pages + action_pages)
    assert all(re.search(r"^Enhet( M\d+)+$", p.text, re.M) for p in matrix_pages)
    assert all(re.search(r"^Enhet Krav Åtgärd Ansvarig Klart senast Status Kommentar$", p.text, re.M)
               for p in action_pages)
    assert not any(p.landscape for p in pages[:1])  # the summary on portrait
    goals = len(document.sections[1].blocks[0].labels)
    groups = -(-goals // annual_render.LANDSCAPE_COLUMNS)
    captions = re.findall(r"Enheter och mål 2026(?: \((\d)/(\d): M\d+ – M\d+\))?", " ".join(p.text for p in pages))
    assert len({c for c in captions}) == groups


# --- the PDF's structure ---------------------------------------------------------------------

def elements(pdf: bytes) -> tuple[dict, list[dict]]:
    """The catalogue's accessibility entries and the structure elements in reading order."""
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            attributes = node.get("/A")
            headers = attributes.get("/Headers") if isinstance(attributes, pikepdf.Dictionary) else None
            found.append({"tag": str(node.S), "alt": str(node.get("/Alt", "")), "id": str(node.get("/ID", "")),
                          "headers": [str(h) for h in headers] if headers is not None else [],
                          "scope": str(attributes.get("/Scope", "")) if attributes is not None else ""})
            if "/K" in node:
                walk(node.K)

    with pikepdf.open(io.BytesIO(pdf)) as opened:
        root = opened.Root
        catalogue = {"lang": str(root.get("/Lang", "")), "marked": bool(root.MarkInfo.Marked),
                     "display_title": bool(root.ViewerPreferences.DisplayDocTitle),
                     "title": str(opened.open_metadata().get("dc:title", ""))}
        walk(root.StructTreeRoot.K)
    return catalogue, found


def expected_order(document) -> list[str]:
    """Headings, the figure and the tables in the order the document gives them (runs of tables as one)."""
    order = ["/H1"]
    for section in document.sections:
        order.append("/H2")
        for block in section.blocks:
            if isinstance(block, annual.Chart):
                order += ["/Figure", "/Table"]
            elif isinstance(block, annual.Table):
                order.append("/Table")
    return [tag for tag, _run in groupby(order)]


def test_the_pdf_is_tagged_pdf_ua_with_language_title_alt_text_and_reading_order(printed, tmp_path):
    document, pdf, _pages = printed
    path = tmp_path / "arsredovisning.pdf"
    path.write_bytes(pdf)
    report = validate(str(path))
    assert report.worst_severity() in (None, Severity.INFO), [f.message for f in report.findings]

    catalogue, found = elements(pdf)
    assert catalogue == {"lang": "sv-SE", "marked": True, "display_title": True, "title": document.title}
    order = [tag for tag, _run in groupby(e["tag"] for e in found if e["tag"] in ("/H1", "/H2", "/Figure", "/Table"))]
    assert order == expected_order(document)
    figures = [e for e in found if e["tag"] == "/Figure"]
    chart = document.sections[1].blocks[0]
    assert [f["alt"] for f in figures] == [chart.alt]
    ids = {e["id"] for e in found if e["tag"] == "/TH"}
    assert all(e["scope"] in ("/Column", "/Row") for e in found if e["tag"] == "/TH")
    cells = [e for e in found if e["tag"] == "/TD"]
    assert cells and all(e["headers"] and set(e["headers"]) <= ids for e in cells)
