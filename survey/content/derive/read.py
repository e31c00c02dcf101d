"""Read an adopted policy document (DOCX, PDF, text, Markdown, HTML) into clean text.

Clean text is the form `policies/<id>.txt` keeps and every quote is checked against: one
block a line with a blank line between blocks (a heading, a paragraph or a list item
"- …"), hyphenated line breaks joined, page numbers removed, and a running header or footer
written once, at the end (it may be where the issuer or the adoption is named). Errors are
data: a `Failure` holding a message (code and parameters), never an exception.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

from survey.i18n import Msg, Text

from .limits import (MAX_BLOCKS, MAX_BYTES, MAX_CHARACTERS, MAX_UNPACKED, TOO_LARGE, TOO_MUCH_TEXT,
                     UNPACKED_TOO_LARGE, Unreadable, megabytes, within)
from .pdf import pdf_pages
from .structure import looks_like_heading

TEXT_KINDS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".txt": "text",
              ".text": "text", "": "text"}
BULLETS = "•●▪■◆♦▶►▸➢➤✓✔○◦·*+–—-"
BULLET = re.compile(rf"^[{re.escape(BULLETS)}]\s*")
NUMBERED = re.compile(r"^(\d{1,2}|[a-zA-Z])[.)]\s+(?=\S)")

UNSUPPORTED = Text("derive.unsupported", "Filtypen stöds inte. Använd DOCX, PDF, TXT, MD eller HTML.")
BROKEN = Text("derive.broken", "Dokumentet kunde inte läsas. Är filen hel och av rätt typ?")
NO_TEXT = Text("derive.no_text", "Dokumentet innehåller ingen text. En skannad PDF behöver först tolkas med OCR.")
ENCODING = Text("derive.encoding", "Texten är varken UTF-8 eller Windows-1252.")
PAGE_NUMBER = re.compile(r"^(sida|s\.|page)?\s*\d{1,4}(\s*(av|/|of)\s*\d{1,4})?$", re.IGNORECASE)
PAGE_MARK = re.compile(r"(\b(sida|page)\s*\d{1,4}(\s*(av|/|of)\s*\d{1,4})?|\s\d{1,4}\s*\(\d{1,4}\))$", re.IGNORECASE)
TERMINAL = (".", "!", "?", ":")
HEADING_STYLES = ("heading", "rubrik", "title", "titel", "subtitle", "underrubrik")
SECTION_NUMBER = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?\s+(§\s*)?[A-ZÅÄÖ]|\d{1,3}\s*§|§\s*\d)")  # "2.1 Mål", "4 §"
# an entry "Inledning ..... 3", not an adoption's "… 2019-11-25, § 140"
CONTENTS_LINE = re.compile(r"^(?!.*(§\s*\d+|\d{4}-\d\d-\d\d.*)$)\S.{1,70}?(?:\s*(?:\.\s?){2,}\s*|\s+)\d{1,3}$")
CONTENTS_HEADING = re.compile(r"^(innehåll|innehållsförteckning|innehållsförteckning:|innehåll:)$", re.IGNORECASE)
JOINERS = {"och", "eller", "samt", "som", "till", "resp.", "respektive"}


@dataclass(frozen=True)
class Failure:
    """Why a document could not be read."""

    message: Msg


def kind_of(data: bytes, filename: str) -> str | None:
    """The document kind by its content: a PDF or a DOCX whatever its name says; text by its name
    (Markdown, HTML or plain); None for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if b"\0" in data[:4096]:
        return None
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    return TEXT_KINDS.get(suffix)


@dataclass(frozen=True)
class Clean:
    """A document's clean text, and its headings where the document marks them itself (a Word document's
    heading styles, a PDF's fonts; None where they can only be told by their shape), each with its level
    (1 the highest; None where only its shape tells it is a heading, as a table's cell)."""

    text: str
    headings: dict[str, int | None] | None = None
    tables: tuple[tuple[tuple[str, ...], ...], ...] = ()  # each table's rows of cell texts, "" for an empty cell


def read(data: bytes, filename: str) -> Clean | Failure:
    """Clean text of a document, or why it could not be read."""
    if len(data) > MAX_BYTES:
        return Failure(TOO_LARGE(size=megabytes(len(data)), limit=megabytes(MAX_BYTES)))
    kind = kind_of(data, filename)
    if kind is None:
        return Failure(UNSUPPORTED())
    reader = {"html": _html_blocks, "text": _text_blocks, "markdown": _markdown_blocks}.get(kind)
    marked = {"docx": _docx_blocks, "pdf": _pdf_blocks}.get(kind)  # these also know their headings
    try:
        blocks, headings, tables = marked(data) if marked else (reader(data), None, ())
    except Unreadable as error:
        return Failure(error.args[0])
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - any parser error on untrusted input is the document's fault
        return Failure(BROKEN())
    text = "\n\n".join(blocks)
    if not text.strip():
        return Failure(NO_TEXT())
    if len(text) > MAX_CHARACTERS or len(blocks) > MAX_BLOCKS:
        return Failure(TOO_MUCH_TEXT(limit=MAX_CHARACTERS, blocks=MAX_BLOCKS))
    return Clean(text, headings, tables)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        within(len(text) // 2)  # markup and spacing may take half of a text file
        return text
    raise Unreadable(ENCODING())


def _text_blocks(data: bytes) -> list[str]:
    """Plain text: pages split at form feeds, then lines joined into blocks."""
    pages = [page.splitlines() for page in _decode(data).replace("\r\n", "\n").split("\f")]
    return blocks_from_lines(pages)


def _markdown_blocks(data: bytes) -> list[str]:
    lines = []
    for line in _decode(data).replace("\r\n", "\n").split("\n"):
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
        line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
        lines.append(line)
    return blocks_from_lines([lines])


def _docx_blocks(data: bytes) -> tuple[list[str], dict[str, int | None] | None, tuple]:
    """DOCX body paragraphs and table cells in order, then the first section's header and footer; the
    headings, when the document marks them with heading styles (twice or more): those paragraphs, and the
    table cells a heading's shape has (a table's header and its actor cells); and each table's rows."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
            raise Unreadable(UNPACKED_TOO_LARGE(limit=megabytes(MAX_UNPACKED)))
    document = docx.Document(io.BytesIO(data))
    style_names = {s.style_id: (s.name or "").lower() for s in document.styles}  # one lookup, not one a paragraph
    lines: list[str] = []
    size = [0]  # characters read so far
    styled: dict[str, int] = {}  # paragraphs with a heading style, and their level (the title's is 1)
    cells: list[str] = []  # table cells shaped as headings
    tables: list[tuple[tuple[str, ...], ...]] = []

    def paragraph(p: Paragraph, in_table: bool = False) -> None:
        text = p.text.strip()
        if in_table and not text.strip(BULLETS + " "):
            text = ""  # a cell of only "–" is empty, no bullet waiting for the next cell's text
        size[0] += len(text)
        within(size[0])
        style = style_names.get(p._p.style or "", "")
        listed = p._p.pPr is not None and p._p.pPr.numPr is not None
        if text and (listed or style.startswith(("list", "liststycke"))) and not BULLET.match(text):
            text = "- " + text
        elif text and style.startswith(HEADING_STYLES):
            number = re.search(r"\d+", style)
            styled[" ".join(text.split())] = int(number.group()) + 1 if number else 1
        elif text and in_table and looks_like_heading(text):
            cells.append(" ".join(text.split()))
        lines.append(text)

    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            paragraph(Paragraph(child, document))
        elif child.tag.endswith("}tbl"):
            rows = []
            for row in Table(child, document).rows:
                rows.append(tuple(" ".join(cell.text.split()) for cell in row.cells))
                for cell in row.cells:
                    for p in cell.paragraphs:
                        paragraph(p, in_table=True)
                    lines.append("")
            tables.append(tuple(rows))
    body = blocks_from_lines([lines], wrapped=False)
    running = [_running_words(p.text) for section in document.sections[:1] for part in (section.header, section.footer)
               for p in part.paragraphs]  # last, once: they may name the issuer or the adoption
    running = [text for text in dict.fromkeys(running) if re.search(r"[^\W\d]{2}", text) and text not in body]
    headings = {**dict.fromkeys(cells + running), **styled}
    return body + running, headings if len(styled) >= 2 else None, tuple(tables)


def _pdf_blocks(data: bytes) -> tuple[list[str], dict[str, int | None], tuple]:
    """A text-based PDF: its lines joined back into blocks, never across a line set apart by its font.
    The headings: blocks so set apart, and those a heading's shape has (a table's actor cells); and the
    rows of the tables its columns show."""
    pages, apart, tables = pdf_pages(data)
    body, apart = _joined(pages, True, apart)
    return body, {b: apart.get(b) for b in body if b in apart or looks_like_heading(b)}, tables


class _HTML(HTMLParser):
    BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "section", "article",
             "ul", "ol", "table", "header", "footer", "title", "dd", "dt", "blockquote"}
    SKIP = {"script", "style", "head", "nav", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.lines += ["", "- " if tag == "li" else ""]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.lines += ["", ""]

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.lines[-1] += re.sub(r"\s+", " ", data)


def _html_blocks(data: bytes) -> list[str]:
    parser = _HTML()
    parser.feed(_decode(data))
    parser.close()
    return blocks_from_lines([[line.strip() for line in parser.lines]], wrapped=False)


def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines that repeat at the top or bottom of most pages (two pages are enough): headers and footers."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [line.strip() for line in page if line.strip()]
        edge = {re.sub(r"\d+", "#", line) for line in lines[:2] + lines[-2:] if re.search(r"\w\w", line)}
        counts.update(edge)
    return {line for line, n in counts.items() if n >= max(2, len(pages) // 2)}


def _running_words(line: str) -> str:
    """A running header or footer without its page number ("Fjällby kommun – Riktlinjer Sida 2" → its words)."""
    without = PAGE_MARK.sub("", PAGE_NUMBER.sub("", line.strip()))
    return re.sub(r"\b(sida|page)\b\s*(\d+(\s*(av|of|/)\s*\d+)?)?", "", without, flags=re.IGNORECASE).strip(" |–—-·")


def _is_furniture(line: str, furniture: set[str]) -> bool:
    return bool(PAGE_NUMBER.match(line) or PAGE_MARK.search(line)) or re.sub(r"\d+", "#", line) in furniture


def blocks_from_lines(pages: list[list[str]], wrapped: bool = True) -> list[str]:
    """Join the lines of pages into blocks; drop page furniture; normalise bullets and numbers.

    `wrapped` says the lines are visual lines (PDF, text) that a paragraph may span; a blank
    line always ends a block.
    """
    return _joined(pages, wrapped, {})[0]


def _joined(pages: list[list[str]], wrapped: bool, headings: dict[str, int]) -> tuple[list[str], dict[str, int]]:
    """The blocks of `blocks_from_lines`, where a line of `headings` (set apart by its font) also ends a
    block before and after it; and the blocks made of such lines, with their first line's level."""
    furniture = _furniture(pages)
    pages = [_without_contents(page) for page in pages]
    lines: list[str] = []
    running: dict[str, str] = {}  # a running header or footer's words, once: they may name the issuer or adoption
    for number, page in enumerate(pages):
        page = [line.replace("\u00ad", "").replace("\u00a0", " ").strip() for line in page]
        filled = [i for i, line in enumerate(page) if line]
        edges = set(filled[:2] + filled[-2:])
        repeated = set() if number == 0 else furniture  # the first page's header is the document's own
        kept = []
        for i, line in enumerate(page):
            if i in edges and _is_furniture(line, repeated):
                words = _running_words(line)
                if re.search(r"[^\W\d]{2}", words):
                    running.setdefault(re.sub(r"\d+", "#", words), words)
            else:
                kept.append(line)
        lines += "\n".join(kept).strip("\n").split("\n")  # a page break alone does not end a paragraph
    widths = sorted(len(line) for line in lines if line)
    full = widths[int(len(widths) * 0.9)] if widths else 0
    blocks: list[str] = []
    open_block, last_width, last_heading = False, 0, False
    apart: dict[int, int] = {}  # blocks of lines set apart, and their level
    for raw in lines:
        if not raw:
            open_block = open_block and blocks[-1] == "- "  # a lone bullet waits for its text
            continue
        line, item = _item(raw)
        if item and line is None:  # a bullet glyph alone: its text follows on the next line
            blocks.append("- ")
            open_block = True
            continue
        heading = raw in headings
        if open_block and blocks and not item and heading == last_heading \
                and _continues(blocks[-1], last_width, line, full, wrapped):
            blocks[-1] = _join(blocks[-1], line)
        else:
            blocks.append(("- " + line) if item else line)
            open_block = True
            if heading:
                apart[len(blocks) - 1] = headings[raw]
        last_width, last_heading = len(raw), heading
    kept = [i for i, b in enumerate(blocks) if b.strip() not in ("", "-")]
    body = _numbered_runs([" ".join(blocks[i].split()) for i in kept], {n for n, i in enumerate(kept) if i in apart})
    set_apart = {text: apart[i] for i, text in zip(kept, body) if i in apart}
    return body + [words for words in running.values() if words not in body], set_apart


def _without_contents(lines: list[str]) -> list[str]:
    """A page without its table of contents: a run of three or more lines that end in a page
    number ("Inledning ..... 3", "4.1 Kommunstyrelsen 2"), and the "Innehåll" line before it."""
    entry = [bool(CONTENTS_LINE.match(line.strip())) and not line.strip().endswith(TERMINAL) for line in lines]
    drop = set()
    start = None
    for i, is_entry in enumerate(entry + [False]):
        if is_entry or (start is not None and i < len(lines) and not lines[i].strip()):
            start = i if start is None else start
            continue
        if start is not None:
            run = [j for j in range(start, i) if entry[j]]
            if len(run) >= 3:
                drop.update(range(start, i))
                before = start - 1
                while before >= 0 and not lines[before].strip():
                    before -= 1
                if before >= 0 and CONTENTS_HEADING.match(lines[before].strip()):
                    drop.add(before)
            start = None
    return [line for i, line in enumerate(lines) if i not in drop]


def _item(line: str) -> tuple[str | None, bool]:
    """(text, is a list item): bullets of any glyph become items; a lone glyph has no text."""
    stripped = line
    found = False
    while True:
        match = BULLET.match(stripped)
        if not match or (stripped[:1] in "-–—" and len(stripped) > 1 and stripped[1].isalnum()):
            break
        stripped, found = stripped[match.end():], True
    if found:
        return (stripped or None), True
    return line, False


def _continues(previous: str, width: int, line: str, full: int, wrapped: bool) -> bool:
    """Does `line` continue the block before it (a wrapped line), rather than start a new one?"""
    if previous == "- ":
        return True
    if not wrapped:
        return False
    if NUMBERED.match(line) or SECTION_NUMBER.match(line):
        return False
    if (line[:1].islower() or line[:1].isdigit()) and not previous.endswith(TERMINAL):
        return True
    return not previous.endswith(TERMINAL) and width >= 0.8 * full


def _join(previous: str, line: str) -> str:
    """Join a wrapped line to its block; a hyphen at the line break joins the word halves."""
    if previous == "- ":
        return previous + line
    if re.search(r"\w-$", previous) and line[:1].islower():
        if line.split()[0] in JOINERS:
            return previous + " " + line
        return previous[:-1] + line
    return previous + " " + line


def _numbered_runs(blocks: list[str], headings: set[int] = frozenset()) -> list[str]:
    """Numbered lines ("1.", "2)", "a)") in a run of two or more are list items; not a heading set
    apart by its font ("3. Prioriterade områden" after a lettered list)."""
    numbered = [bool(NUMBERED.match(b)) and i not in headings for i, b in enumerate(blocks)]
    out = []
    for i, block in enumerate(blocks):
        in_run = numbered[i] and ((i > 0 and numbered[i - 1]) or (i + 1 < len(blocks) and numbered[i + 1]))
        out.append("- " + NUMBERED.sub("", block, count=1) if in_run else block)
    return out
