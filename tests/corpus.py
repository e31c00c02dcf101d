"""The derive corpus (tests/corpus/): policy sources in a small line markup, their answer keys,
and the formats built from them: DOCX, PDF, a messy PDF, a scanned PDF and plain text.
Nothing binary is committed; every document is built here (the PDFs in corpus_pdf.py).

The source format, one UTF-8 file per document, one line per block:

    % comment                 not part of the document
    @header text              running page header (the formats add page numbers to the footer)
    @footer text              running page footer
    # Title                   the title
    ## Heading                heading level 1 (### level 2, #### level 3)
    ! Label | Value           a front-page table row, label and value in two cells
    - item                    bullet list item
    1. item                   numbered list item (the formats number it; the digits are not kept)
    a) item                   lettered list item (the formats letter it)
    |= a | b |                table header row
    | a | b |                 table row
    [toc]                     table of contents built from the headings, with page numbers
    ~ 1 Inledning | 3         a table-of-contents line written by hand (entry | page)
    [pagebreak]               page break
    [^1] text                 footnote text
    ^1                        (inside any text) footnote mark
    other text                a paragraph (each line is one paragraph)
    (blank line)              ends a list or table

The answer key format is described in tests/corpus/README.md.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
HALVES = ("dev", "heldout")  # the split of issue 18, made once (tests/test_corpus.py checks it)
FRESH = "fresh"  # a third half written blind after all tuning (README): reported, never tuned on
UNSEEN = "unseen"  # a fourth half written blind once the fresh half was opened; opened for tuning in turn
BLIND = "blind"  # a fifth half written blind once the unseen half was opened; opened for tuning in turn
UNTOUCHED = "untouched"  # a sixth half written blind once the blind half was opened: reported only
PRACTICE = "practice"  # a seventh, written blind for development: first run recorded, then opened for tuning
SEALED = "sealed"  # an eighth, written blind beside it by another writer: reported only, never itemised
PRACTICE2 = "practice2"  # a ninth, written blind by a third new writer: first run recorded, then opened for tuning
PRACTICE3 = "practice3"  # a tenth, written blind by a fourth new writer: first run recorded, then opened for tuning
SEALED2 = "sealed2"  # an eleventh, written blind beside it by a fifth writer: reported only, never itemised
PRACTICE4 = "practice4"  # a twelfth, written blind by a sixth new writer: first run recorded, then opened for tuning
SEALED3 = "sealed3"  # a thirteenth, written blind by a seventh writer after all tuning: reported only, never itemised
PRACTICE5 = "practice5"  # four more, written blind by further writers: first runs recorded, then
PRACTICE6 = "practice6"  # opened for tuning
PRACTICE7 = "practice7"
PRACTICE8 = "practice8"
SEALED4 = "sealed4"  # written blind beside practice5 and practice6, run first after all tuning: reported only
PRACTICE9 = "practice9"  # two more, written blind by further writers: first runs recorded, then opened for tuning
PRACTICE10 = "practice10"
SEALED5 = "sealed5"  # written blind beside practice9 and practice10, run first after all tuning: reported only
SEALED6 = "sealed6"  # written blind after sealed5's first run, with no tuning between: reported only
PRACTICE11 = "practice11"  # two more, written blind by further writers: first runs recorded, then opened for tuning
PRACTICE12 = "practice12"
PRACTICE13 = "practice13"  # two more, written blind by further writers: first runs recorded, then opened for tuning
PRACTICE14 = "practice14"
PRACTICE15 = "practice15"  # two more, written blind by further writers: first runs recorded, then opened for tuning
PRACTICE16 = "practice16"
SEALED7 = "sealed7"  # written blind beside practice11 and practice12, run first after all tuning: reported only
SEALED8 = "sealed8"  # written blind beside practice13 and practice14, run first after all tuning: reported only
PRACTICE17 = "practice17"  # two more, written blind by further writers: first runs recorded, then opened for tuning
PRACTICE18 = "practice18"
PRACTICE19 = "practice19"  # two more, written blind by further writers: first runs recorded, then opened for tuning
PRACTICE20 = "practice20"
SEALED9 = "sealed9"  # written blind beside practice17 and practice18, run first after all tuning: reported only
SEALED10 = "sealed10"  # the same, by another writer: reported only
LATER = (FRESH, UNSEEN, BLIND, UNTOUCHED, PRACTICE, SEALED, PRACTICE2, PRACTICE3, SEALED2, PRACTICE4, SEALED3,
         PRACTICE5, PRACTICE6, PRACTICE7, PRACTICE8, SEALED4, PRACTICE9, PRACTICE10, SEALED5,
         SEALED6, PRACTICE11, PRACTICE12, PRACTICE13,
         PRACTICE14, PRACTICE15, PRACTICE16, SEALED7, SEALED8, PRACTICE17, PRACTICE18, PRACTICE19,
         PRACTICE20, SEALED9, SEALED10)  # the halves written after the split, in writing order
REPORTED = HALVES + LATER  # every half the benchmark reports
OPENED = (FRESH, UNSEEN, BLIND, PRACTICE, PRACTICE2, PRACTICE3, PRACTICE4, PRACTICE5, PRACTICE6, PRACTICE7, PRACTICE8,
          PRACTICE9, PRACTICE10, PRACTICE11, PRACTICE12, PRACTICE13, PRACTICE14, PRACTICE15,
          PRACTICE16, PRACTICE17, PRACTICE18, PRACTICE19, PRACTICE20)  # opened for development
MARK = re.compile(r"\^(\d+)")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
LIST_ITEM = (("bullet", re.compile(r"^- (.*)")), ("number", re.compile(r"^\d+\. (.*)")),
             ("letter", re.compile(r"^[a-z]\) (.*)")))


@dataclass
class Block:
    kind: str  # title heading paragraph list table front toc tocline pagebreak footnote
    text: str = ""
    level: int = 0
    style: str = ""  # a list's bullet / number / letter
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    header: bool = False  # a table's first row is a header row


@dataclass
class Document:
    name: str
    blocks: list[Block]
    header: str = ""
    footer: str = ""

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if b.kind == "title"), "")

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]


def parse(source: str, name: str = "policy") -> Document:
    """The blocks of a source text in the markup above."""
    doc = Document(name, [])
    current: Block | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            doc.blocks.append(current)
        current = None

    for line in (raw.rstrip() for raw in source.splitlines()):
        if line.startswith("%"):
            continue
        if not line.strip():
            close()
            continue
        if line.startswith("@header "):
            doc.header = line[8:].strip()
            continue
        if line.startswith("@footer "):
            doc.footer = line[8:].strip()
            continue
        heading = re.match(r"^(#{1,4}) (.*)", line)
        if heading:
            close()
            level = len(heading.group(1)) - 1
            doc.blocks.append(Block("title" if level == 0 else "heading", heading.group(2).strip(), level))
            continue
        if line in ("[toc]", "[pagebreak]"):
            close()
            doc.blocks.append(Block(line[1:-1]))
            continue
        footnote = re.match(r"^\[\^(\d+)\]\s*(.*)", line)
        if footnote:
            close()
            doc.blocks.append(Block("footnote", footnote.group(2), int(footnote.group(1))))
            continue
        if line.startswith("~ "):
            close()
            entry, _, page = line[2:].rpartition("|")
            doc.blocks.append(Block("tocline", entry.strip(), int(page)))
            continue
        if line.startswith("! "):
            if current is None or current.kind != "front":
                close()
                current = Block("front")
            current.rows.append([cell.strip() for cell in line[2:].split("|", 1)])
            continue
        if line.startswith("|"):
            if current is None or current.kind != "table":
                close()
                current = Block("table", header=line.startswith("|="))
            current.rows.append([cell.strip() for cell in line.lstrip("|=").strip().strip("|").split("|")])
            continue
        item = next(((style, m.group(1)) for style, pattern in LIST_ITEM if (m := pattern.match(line))), None)
        if item:
            style, text = item
            if current is None or current.kind != "list" or current.style != style:
                close()
                current = Block("list", style=style)
            current.items.append(text.strip())
            continue
        close()
        doc.blocks.append(Block("paragraph", line.strip()))
    close()
    return doc


def marks(text: str, style: str = "plain") -> str:
    """Footnote marks in a text: superscript digits (plain), or glued digits (messy)."""
    if style == "plain":
        return MARK.sub(lambda m: m.group(1).translate(SUPERSCRIPT), text)
    return MARK.sub(lambda m: m.group(1), text)


def unmarked(text: str) -> str:
    return MARK.sub("", text)


def item_label(style: str, n: int) -> str:
    return {"bullet": "•", "number": f"{n}.", "letter": f"{'abcdefghijklmnopqrstuvwxyz'[n - 1]})"}[style]


def toc_entries(doc: Document) -> list[tuple[int, str]]:
    """(level, text) of each heading after the [toc] mark."""
    blocks = doc.blocks
    start = next((i for i, b in enumerate(blocks) if b.kind == "toc"), len(blocks))
    return [(b.level, unmarked(b.text)) for b in blocks[start:] if b.kind == "heading"]


def plain_text(doc: Document, pages: dict[str, int] | None = None) -> str:
    """The text as a reader copies it out of the document: the text every key quote is in.
    `pages` gives the table of contents its page numbers (by heading), default the messy PDF's."""
    if pages is None and any(b.kind == "toc" for b in doc.blocks):
        import corpus_pdf

        pages = corpus_pdf.heading_pages(doc)
    out: list[str] = []
    for block in doc.blocks:
        if block.kind in ("title", "heading", "paragraph"):
            out.append(marks(block.text))
        elif block.kind == "list":
            out.append("\n".join(f"{item_label(block.style, n)} {marks(item)}"
                                 for n, item in enumerate(block.items, 1)))
        elif block.kind in ("table", "front"):
            out.append("\n".join("\t".join(marks(cell) for cell in row) for row in block.rows))
        elif block.kind == "toc":
            out.append("Innehåll\n" + "\n".join(f"{text}\t{(pages or {}).get(text, '')}"
                                                for _, text in toc_entries(doc)))
        elif block.kind == "tocline":
            out.append(f"{block.text}\t{block.level}")
        elif block.kind == "footnote":
            out.append(f"{str(block.level).translate(SUPERSCRIPT)} {block.text}")
    return "\n\n".join(out) + "\n"


# --- DOCX ---------------------------------------------------------------------------------

def docx_bytes(doc: Document) -> bytes:
    """A Word document: Title and Heading styles, List Bullet / List Number lists (each list
    numbered from 1 by its own numbering), real tables, a table of contents with dotted
    leaders, running header and a footer with a PAGE field."""
    import docx
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = doc.header
    footer = section.footer.paragraphs[0]
    footer.text = (doc.footer + "   Sida ") if doc.footer else "Sida "
    _page_field(footer)
    pages = None
    for block in doc.blocks:
        if block.kind in ("title", "heading"):
            _runs(document.add_heading("", level=block.level), block.text)
        elif block.kind == "paragraph":
            _runs(document.add_paragraph(), block.text)
        elif block.kind == "list":
            num_id = _new_numbering(document, block.style)
            for item in block.items:
                paragraph = document.add_paragraph(style="List Bullet" if block.style == "bullet" else "List Number")
                _runs(paragraph, item)
                if num_id is not None:
                    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                    num_pr.get_or_add_ilvl().val = 0
                    num_pr.get_or_add_numId().val = num_id
        elif block.kind in ("table", "front"):
            table = document.add_table(rows=0, cols=max(len(r) for r in block.rows), style="Table Grid")
            for n, row in enumerate(block.rows):
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    run = _runs(cell.paragraphs[0], text)
                    if (block.header and n == 0) or block.kind == "front" and cell is cells[0]:
                        for r in run:
                            r.bold = True
        elif block.kind in ("toc", "tocline"):
            if block.kind == "toc":
                import corpus_pdf

                pages = pages or corpus_pdf.heading_pages(doc)
                document.add_paragraph().add_run("Innehåll").bold = True
                entries = [(f"{text}", pages.get(text, "")) for _, text in toc_entries(doc)]
            else:
                entries = [(block.text, block.level)]
            for text, page in entries:
                paragraph = document.add_paragraph(f"{text}\t{page}")
                paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        elif block.kind == "pagebreak":
            document.add_page_break()
        elif block.kind == "footnote":
            paragraph = document.add_paragraph()
            mark = paragraph.add_run(str(block.level))
            mark.font.superscript = True
            paragraph.add_run(" " + block.text).font.size = docx.shared.Pt(8)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _runs(paragraph, text: str) -> list:
    """Add `text` to a paragraph, footnote marks as superscript runs."""
    runs = []
    for n, part in enumerate(MARK.split(text)):
        if not part:
            continue
        run = paragraph.add_run(part)
        run.font.superscript = n % 2 == 1
        runs.append(run)
    return runs


def _page_field(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field_ = OxmlElement("w:fldSimple")
    field_.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field_.append(run)
    paragraph._p.append(field_)


def _new_numbering(document, style: str) -> int | None:
    """A numbering of its own for a numbered or lettered list, so each list starts at 1 (a)."""
    if style == "bullet":
        return None
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(max(ids, default=0) + 1))
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for tag, value in (("w:start", "1"), ("w:numFmt", "decimal" if style == "number" else "lowerLetter"),
                       ("w:lvlText", "%1." if style == "number" else "%1)")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        level.append(element)
    indent = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), "720")
    ind.set(qn("w:hanging"), "360")
    indent.append(ind)
    level.append(indent)
    abstract.append(level)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return numbering.add_num(int(abstract.get(qn("w:abstractNumId")))).numId


# --- the corpus on disk -------------------------------------------------------------------

def sources(half: str) -> list[Path]:
    """The source files of one half (dev, heldout, fresh, unseen) or of special/."""
    return sorted((CORPUS / half).glob("*.txt"))


def load(path: Path) -> Document:
    return parse(path.read_text(encoding="utf-8"), path.stem)


def key(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".key.json").read_text(encoding="utf-8"))


def build(doc: Document, fmt: str) -> tuple[bytes, str]:
    """(bytes, file name) of one document in one format: docx, pdf, messy, scanned, txt."""
    import corpus_pdf

    if fmt == "docx":
        return docx_bytes(doc), f"{doc.name}.docx"
    if fmt == "txt":
        return plain_text(doc).encode("utf-8"), f"{doc.name}.txt"
    maker = {"pdf": corpus_pdf.pdf_bytes, "messy": corpus_pdf.messy_pdf_bytes,
             "scanned": corpus_pdf.scanned_pdf_bytes}[fmt]
    return maker(doc), f"{doc.name}.pdf"
