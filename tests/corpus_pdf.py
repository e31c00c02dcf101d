"""The corpus's PDFs (see corpus.py for the source format): a clean PDF laid out by reportlab's
platypus, a messy PDF drawn line by line as careless exports do, and a scanned PDF (the messy
pages as images, no text layer)."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from corpus import MARK, Document, item_label, marks, toc_entries, unmarked

FONT, BOLD = "Vera", "VeraBd"  # Bitstream Vera, shipped with reportlab: embedded, so "•" extracts as "•"
WIDTH = 84  # characters on a messy line (10 pt over about 450 pt)
LINES_PER_PAGE = 44
TOP, LEFT, LEADING = 770, 72, 14
CELLS_WIDTH = 330  # points from a table's second column to the right margin


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


# --- clean PDF ----------------------------------------------------------------------------

def pdf_bytes(doc: Document) -> bytes:
    """Headings in larger bold fonts, bullets and numbers, tables with a grid, a table of
    contents with dotted leaders and real page numbers, running header, page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
    from reportlab.platypus.tableofcontents import TableOfContents

    _register_fonts()
    styles = getSampleStyleSheet()
    for name in ("Normal", "Title", "Heading1", "Heading2", "Heading3"):
        styles[name].fontName = FONT if name == "Normal" else BOLD
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=8)
    item_style = ParagraphStyle("item", parent=styles["Normal"], leftIndent=22, bulletIndent=8, bulletFontName=FONT)
    story = []
    for block in doc.blocks:
        text = _markup(block.text)
        if block.kind == "title":
            story.append(Paragraph(text, styles["Title"]))
        elif block.kind == "heading":
            heading = Paragraph(text, styles[f"Heading{block.level}"])
            heading.toc_entry = (block.level - 1, unmarked(block.text))
            story.append(heading)
        elif block.kind == "paragraph":
            story.append(Paragraph(text, styles["Normal"]))
        elif block.kind == "list":
            story.extend(Paragraph(_markup(item), item_style, bulletText=item_label(block.style, n))
                         for n, item in enumerate(block.items, 1))
        elif block.kind in ("table", "front"):
            columns = max(len(r) for r in block.rows)
            widths = [130, 320] if columns == 2 else None
            data = [[Paragraph(_markup(cell), styles["Normal"]) for cell in row] for row in block.rows]
            table = Table(data, colWidths=widths)
            style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
            if block.kind == "table":
                style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.grey))
            if block.header:
                style.append(("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey))
            table.setStyle(TableStyle(style))
            story.append(table)
        elif block.kind == "toc":
            story.append(Paragraph("Innehåll", styles["Heading2"]))
            toc = TableOfContents()
            toc.dotsMinLevel = 0
            for level in toc.levelStyles:
                level.fontName = FONT
            story.append(toc)
        elif block.kind == "tocline":
            story.append(Paragraph(f"{escape(block.text)} {'.' * 60} {block.level}", styles["Normal"]))
        elif block.kind == "pagebreak":
            story.append(PageBreak())
        elif block.kind == "footnote":
            story.append(Paragraph(f"<super>{block.level}</super> {escape(block.text)}", small))

    class Template(SimpleDocTemplate):
        def afterFlowable(self, flowable):
            if hasattr(flowable, "toc_entry"):
                level, text = flowable.toc_entry
                self.notify("TOCEntry", (level, text, self.page))

    def furniture(canvas, template):
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawString(72, A4[1] - 40, doc.header)
        canvas.drawString(72, 30, doc.footer)
        canvas.drawRightString(A4[0] - 72, 30, f"Sida {template.page}")
        canvas.restoreState()

    out = io.BytesIO()
    template = Template(out, pagesize=A4, title=unmarked(doc.title))
    if any(b.kind == "toc" for b in doc.blocks):
        template.multiBuild(story, onFirstPage=furniture, onLaterPages=furniture)
    else:
        template.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()


def _markup(text: str) -> str:
    return MARK.sub(r"<super>\1</super>", escape(text))


# --- messy PDF ----------------------------------------------------------------------------

@dataclass
class Line:
    text: str
    font: str = FONT
    size: float = 10
    indent: int = 0
    item: int = -1  # the list item the line belongs to, to find items over a page break
    cells: tuple[tuple[int, str], ...] = ()  # (x, text) of a table row's further cells on the same line
    heading: str = ""  # the heading this line is, for the table of contents
    sup: str = ""  # a footnote mark drawn raised after the text


def _wrap(text: str, width: int) -> list[str]:
    """Wrap at `width` characters; a long word that does not fit is split with a hyphen, as
    careless exports do ("utveck-" / "ling")."""
    lines, current = [], ""
    for word in text.split():
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            cut = _hyphen_point(word, width - len(current) - 2)
            if cut:
                lines.append(f"{current} {word[:cut]}-")
                current = word[cut:]
            else:
                lines.append(current)
                current = word
    if current:
        lines.append(current)
    return lines or [""]


def _hyphen_point(word: str, room: int) -> int:
    """Where to split a long lower-case word to fit `room` characters: before a consonant that
    starts a syllable ("verksam-heten"), leaving at least three letters on each side; 0 if none."""
    letters = re.match(r"[a-zåäöéü]+", word)
    if not letters or len(letters.group()) < 10:
        return 0
    vowels = "aeiouyåäöé"
    for cut in range(min(room, len(letters.group()) - 3), 2, -1):
        if word[cut] not in vowels and word[cut + 1] in vowels and word[cut - 1] not in "-":
            return cut
    return 0


def _lines(doc: Document, pages: dict[str, int]) -> list[Line | None]:
    """The document as drawn lines; None is a page break."""
    out: list[Line | None] = []
    item = 0
    entries = toc_entries(doc)
    for block in doc.blocks:
        if block.kind == "title":
            mark = MARK.search(block.text)
            out.append(Line(unmarked(block.text), BOLD, 16, sup=mark.group(1) if mark else ""))
            out.append(Line(""))
        elif block.kind == "heading":
            out.append(Line(""))
            out.append(Line(marks(block.text, "messy"), BOLD, 13 - block.level, heading=unmarked(block.text)))
        elif block.kind == "paragraph":
            out.extend(Line(text) for text in _wrap(marks(block.text, "messy"), WIDTH))
            out.append(Line(""))
        elif block.kind == "list":
            for n, text in enumerate(block.items, 1):
                item += 1
                wrapped = _wrap(marks(text, "messy"), WIDTH - 6)
                if block.style == "bullet":
                    out.append(Line("•", indent=12, item=item))
                    out.extend(Line(t, indent=24, item=item) for t in wrapped)
                else:
                    out.append(Line(f"{item_label(block.style, n)} {wrapped[0]}", indent=12, item=item))
                    out.extend(Line(t, indent=24, item=item) for t in wrapped[1:])
            out.append(Line(""))
        elif block.kind in ("table", "front"):
            columns = max(len(row) for row in block.rows)
            step = CELLS_WIDTH / max(1, columns - 1)  # points per further cell, none overprinting the next
            room = WIDTH - 30 if columns <= 2 else int(step / 6) - 2
            for n, row in enumerate(block.rows):
                bold = block.kind == "front" or (block.header and n == 0)
                left = _wrap(row[0], 24)
                others = [(170 + round(k * step), _wrap(cell, room)) for k, cell in enumerate(row[1:])]
                for i in range(max([len(left)] + [len(wrapped) for _, wrapped in others])):
                    out.append(Line(left[i] if i < len(left) else "", BOLD if bold else FONT,
                                    cells=tuple((x, wrapped[i]) for x, wrapped in others if i < len(wrapped))))
            out.append(Line(""))
        elif block.kind == "toc":
            out.append(Line("Innehållsförteckning", BOLD, 12))
            for level, text in entries:
                number = str(pages.get(text, 0))
                dots = "." * max(3, WIDTH + 10 - len(text) - len(number) - 4 * level)
                out.append(Line(f"{text} {dots} {number}", indent=12 * level))
            out.append(Line(""))
        elif block.kind == "tocline":
            out.append(Line(f"{block.text} {'.' * max(3, WIDTH + 10 - len(block.text))} {block.level}"))
        elif block.kind == "pagebreak":
            out.append(None)
        elif block.kind == "footnote":
            out.extend(Line(text, size=8) for text in _wrap(f"{block.level} {block.text}", WIDTH + 12))
    return out


def _paginate(lines: list[Line | None]) -> list[list[Line]]:
    pages: list[list[Line]] = [[]]
    for line in lines:
        if line is None:
            if pages[-1]:
                pages.append([])
        elif len(pages[-1]) >= LINES_PER_PAGE:
            pages.append([line])
        elif line.text or line.cells or pages[-1]:
            pages[-1].append(line)
    return [page for page in pages if page]


def _straddles(pages: list[list[Line]]) -> bool:
    """Whether an item's text runs from the foot of one page to the top of the next."""
    return any(a[-1].item >= 0 and a[-1].item == b[0].item and a[-1].text != "•"
               for a, b in zip(pages, pages[1:]))


def layout(doc: Document) -> list[list[Line]]:
    """The messy PDF's pages. The table of contents gets the pages its headings land on, and
    in a document of more than one page where no list item runs over a page break, blank lines
    push the first item of more than one line over one."""
    lines = _lines(doc, heading_pages_of(_paginate(_lines(doc, {}))))
    pages = _paginate(lines)
    long_items = [a.item for a, b in zip(lines, lines[1:])
                  if a and b and a.item >= 0 and a.item == b.item and a.text != "•"]
    if long_items and len(pages) > 1 and not _straddles(pages):
        first = next(i for i, line in enumerate(lines) if line and line.item == long_items[0])
        for pad in range(1, LINES_PER_PAGE):
            padded = lines[:first] + [Line(" ") for _ in range(pad)] + lines[first:]
            if _straddles(_paginate(padded)):
                return _paginate(padded)
    return pages


def heading_pages_of(pages: list[list[Line]]) -> dict[str, int]:
    return {line.heading: n for n, page in enumerate(pages, 1) for line in page if line.heading}


def heading_pages(doc: Document) -> dict[str, int]:
    """Each heading's page in the messy layout (for tables of contents in DOCX and text)."""
    return heading_pages_of(_paginate(_lines(doc, {})))


def messy_pdf_bytes(doc: Document) -> bytes:
    """Text drawn line by line: hyphenated line breaks, the running header and a footer with
    "Sida n av N" on every page, bullet glyphs on a line of their own, a list item over a page
    break, table cells side by side, footnote marks glued to their word, a table of contents
    with dotted leaders and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas as pdfcanvas

    _register_fonts()
    pages = layout(doc)
    out = io.BytesIO()
    canvas = pdfcanvas.Canvas(out, pagesize=A4)
    for number, page in enumerate(pages, 1):
        canvas.setFont(FONT, 8)
        canvas.drawString(LEFT, A4[1] - 36, doc.header or unmarked(doc.title))
        canvas.drawRightString(A4[0] - LEFT, A4[1] - 36, f"{number} ({len(pages)})")
        canvas.drawString(LEFT, 36, doc.footer)
        canvas.drawRightString(A4[0] - LEFT, 36, f"Sida {number} av {len(pages)}")
        y = TOP
        for line in page:
            canvas.setFont(line.font, line.size)
            canvas.drawString(LEFT + line.indent, y, line.text)
            if line.sup:
                canvas.setFont(line.font, line.size * 0.6)
                canvas.drawString(LEFT + line.indent + canvas.stringWidth(line.text, line.font, line.size),
                                  y + line.size * 0.4, line.sup)
            for x, text in line.cells:
                canvas.setFont(FONT, line.size)
                canvas.drawString(LEFT + x, y, text)
            y -= LEADING if line.size <= 10 else LEADING + 6
        canvas.showPage()
    canvas.save()
    return out.getvalue()


# --- scanned PDF --------------------------------------------------------------------------

def scanned_pdf_bytes(doc: Document) -> bytes:
    """The messy pages as grey-scale images (as from a scanner): no text can be extracted."""
    from pathlib import Path

    import reportlab
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdfcanvas

    fonts = Path(reportlab.__file__).parent / "fonts"
    scale = 100 / 72  # 100 dpi
    out = io.BytesIO()
    canvas = pdfcanvas.Canvas(out, pagesize=A4)
    for number, page in enumerate(layout(doc), 1):
        image = Image.new("L", (int(A4[0] * scale), int(A4[1] * scale)), 250)
        draw = ImageDraw.Draw(image)
        y = TOP
        for line in page:
            name = "VeraBd.ttf" if "Bold" in line.font else "Vera.ttf"
            font = ImageFont.truetype(str(fonts / name), int(line.size * scale))
            top = (A4[1] - y - line.size) * scale
            draw.text(((LEFT + line.indent) * scale, top), line.text + line.sup, fill=20, font=font)
            for x, text in line.cells:
                draw.text(((LEFT + x) * scale, top), text, fill=20, font=font)
            y -= LEADING if line.size <= 10 else LEADING + 6
        font = ImageFont.truetype(str(fonts / "Vera.ttf"), int(8 * scale))
        draw.text((LEFT * scale, (A4[1] - 44) * scale), f"Sida {number}", fill=20, font=font)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        canvas.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, width=A4[0], height=A4[1])
        canvas.showPage()
    canvas.save()
    return out.getvalue()
