"""The lines of a text-based PDF (pdfium), with what the layout says about them.

Two things the words alone do not tell: which lines are set apart by their font (larger or bolder
than most lines: headings, whatever their words), and which lines are rows of a table (text in
columns with wide gaps between). A table drawn line by line interleaves its columns ("Plantera
minst 200 nya   Stadsmiljöförvaltningen" then "gatuträd"); its cells are put back together, each
cell a block of its own, as a Word table's are.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .limits import MAX_PAGES, TOO_MANY_PAGES, Unreadable, within

GAP = 1.0  # a gap between words wider than this many times the font size separates two columns
ALIGNED = 4.0  # points within which two cells start in the same column


@dataclass
class _Line:
    text: str
    style: tuple[float, int] = (0.0, 0)  # the smaller size and weight of its first and last letters
    cells: list[tuple[float, float, str]] = field(default_factory=list)  # (left, right, text) of each column


def pdf_pages(data: bytes) -> tuple[list[list[str]], dict[str, int], tuple]:
    """The lines of each page, a table's cells each set off by blank lines; the lines set apart by
    their font, each with its level (1 for the largest size); and each table's rows of cell texts (rows
    that go on over a page break join the table they go on)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        if len(document) > MAX_PAGES:
            raise Unreadable(TOO_MANY_PAGES(pages=len(document), limit=MAX_PAGES))
        pages, styles, read, carried, tables = [], {}, 0, None, []
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            read += len(text)
            within(read)
            lines, carried = _with_tables(_lines(textpage, text), carried, tables)
            styles.update((line.text.strip(), line.style) for line in lines)
            pages.append(re.sub(r"[\ufffe\x02]\n?", "-\n", "\n".join(line.text for line in lines)).split("\n"))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages, _set_apart(styles), tuple(tables)


def _lines(textpage, text: str) -> list[_Line]:
    """A page's lines, each with its style and, where wide gaps split it, its cells."""
    import pypdfium2.raw as pdfium_raw

    def style(at: int) -> tuple[float, int]:
        return round(pdfium_raw.FPDFText_GetFontSize(textpage.raw, at), 1), pdfium_raw.FPDFText_GetFontWeight(
            textpage.raw, at)

    lines, start = [], 0
    breaks = [(m.start() + (m.group()[0] in "\ufffe\x02"), m.end())  # a hyphen at a line break stays on its line
              for m in re.finditer(r"[\ufffe\x02](?:\r\n|\r|\n)?|\r\n|\r|\n", text)]
    for end, after in breaks + [(len(text), len(text))]:
        line = text[start:end]
        letters = [start + i for i, ch in enumerate(line) if not ch.isspace()]
        if letters:
            (size_a, weight_a), (size_b, weight_b) = style(letters[0]), style(letters[-1])
            found = _Line(line, (min(size_a, size_b), min(weight_a, weight_b)))
            found.cells = _cells(textpage, text, letters, found.style[0])
            lines.append(found)
        else:
            lines.append(_Line(line))
        start = after
    return lines


def _cells(textpage, text: str, letters: list[int], size: float) -> list[tuple[float, float, str]]:
    """A line's words split where the gap between two letters is wider than GAP font sizes (only the
    letters around a space are measured): (left, right, text) of each part, one where there is no gap."""
    cells, first = [], letters[0]
    for before, after in zip(letters, letters[1:]):
        if after - before > 1 and textpage.get_charbox(after)[0] - textpage.get_charbox(before)[2] > GAP * max(size, 1):
            cells.append((textpage.get_charbox(first)[0], textpage.get_charbox(before)[2], _hyphens(text[first:before + 1])))
            first = after
    cells.append((textpage.get_charbox(first)[0], textpage.get_charbox(letters[-1])[2],
                  _hyphens(text[first:letters[-1] + 1])))
    return cells


def _hyphens(words: str) -> str:
    """A cell's words where pdfium marks a hyphen at a line break within them: a word broken there is
    joined ("serve|ringsställen"), a compound's hyphen before "och" kept ("kultur- och")."""
    words = re.sub(r"[\ufffe\x02](?=(och|eller|samt)\b)", "- ", words)
    return re.sub(r"[\ufffe\x02](?=[a-zåäö])", "", words).replace("\ufffe", "-").replace("\x02", "-")


def _with_tables(lines: list[_Line], carried: list[float] | None = None,
                 tables: list | None = None) -> tuple[list[_Line], list[float] | None]:
    """The lines of a page with each table (two or more rows with words in the same two or more
    columns) turned into its cells, one line each, set off by blank lines; and the columns of a table
    that runs to the page's end. `carried`: such columns from the page before, where the table's
    rows go on at the top of this page (past its running header), however few. Each table's rows of cell
    texts are added to `tables`."""
    out: list[_Line] = []
    index, last = 0, None
    body = [n for n, line in enumerate(lines) if line.text.strip()]
    while index < len(lines):
        columns = [x for x, _, _ in lines[index].cells]
        count, rows = _table(lines, index, columns) if len(columns) >= 2 else (0, [])
        least = 2
        if carried and index in body[:3] and _full_rows(rows) < 2:
            count, rows = _table(lines, index, carried)
            columns, least = carried, 1
        if _full_rows(rows) >= least and _marks_a_list(rows):  # a list: its lines as they are, ended where
            end = index + count  # the text goes back to the left (an item drawn with its mark in one run too)
            while end < len(lines) and lines[end].cells and (_is_mark(lines[end].text.split()[0])
                                                              or abs(lines[end].cells[0][0] - columns[1]) <= ALIGNED):
                end += 1
            out += lines[index:end] + [_Line("")]
            index = end
            continue
        if len(columns) == 2 and _is_mark(lines[index].cells[0][2]) and index + 1 < len(lines) \
                and lines[index + 1].cells and lines[index + 1].cells[0][0] < columns[1] - ALIGNED:
            out += [lines[index], _Line("")]  # a list's one item, the text after it back at the left
            index += 1
            continue
        if _full_rows(rows) < least:
            out.append(lines[index])
            index += 1
            continue
        for row in rows:
            for text, style in row:
                if text:
                    out += [_Line(""), _Line(text, style)]
        out.append(_Line(""))
        if tables is not None:
            found = tuple(tuple(text for text, _ in row) for row in rows)
            if least == 1 and tables:  # the rows of the page before's last table, going on
                tables[-1] += found
            else:
                tables.append(found)
        index += count
        last = columns if not [n for n in body if n >= index][3:] else None  # at most a footer after it
    return out, last


def _marks_a_list(rows: list[list[list]]) -> bool:
    """A first column of bullets or item numbers only ("•", "2.", "b)"): a list drawn with a hanging indent,
    no table."""
    marks = [row[0][0].strip() for row in rows if row[0][0].strip()]
    return bool(marks) and all(_is_mark(mark) for mark in marks)


def _is_mark(text: str) -> bool:
    """A list item's bullet or number alone ("•", "2.", "b)")."""
    return re.fullmatch(r"[•▪●◦○■□–*-]|\d{1,2}[.)]|[a-z][.)]", text.strip()) is not None


def _full_rows(rows: list[list[list]]) -> int:
    """How many rows have words in two or more cells."""
    return sum(len([cell for cell in row if cell[0]]) >= 2 for row in rows)


def _table(lines: list[_Line], start: int, columns: list[float]) -> tuple[int, list[list[list]]]:
    """The lines from `start` that are a table in `columns`, and its rows of [text, style] cells. A line's
    words fill their columns' cells where these are empty, continue them where the words begin in lower
    case (or stand alone in a later column), and otherwise start a row; a line in another font size, or
    across the next column, ends the table."""
    rows: list[list[list]] = []
    count, columns = 0, list(columns)
    for line in lines[start:]:
        at = [_column(x, columns) for x, _, _ in line.cells]
        beyond = [x for (x, _, _), n in zip(line.cells, at) if n is None and x > columns[-1] + ALIGNED]
        if count <= 2 and beyond and len(beyond) == len(line.cells):  # a header cell that wrapped to a line of
            columns += beyond  # its own ("Målvärde 2029" under "Mål | Mått | Utgångsläge"): a column further right
            for row in rows:
                row += [["", line.style] for _ in beyond]
            at = [_column(x, columns) for x, _, _ in line.cells]
        if not line.text.strip() or None in at or line.style[0] != lines[start].style[0]:
            break
        if len(line.cells) == 1 and at[0] + 1 < len(columns) and line.cells[0][1] >= columns[at[0] + 1]:
            break  # a line across the next column is running text under the table, whatever its first word
        # a cell already filled that this line does not continue: a new row (a row's other cells may
        # stand level with its first line or its last, as a cell is aligned to the top or the bottom)
        alone = bool(rows) and sum(bool(cell[0]) for cell in rows[-1]) == 1  # the row's one cell so far
        clash = not rows or any(rows[-1][c][0] and not _continues(w, rows[-1][c][0], alone)
                                for c, (_, _, w) in zip(at, line.cells))
        if clash and len(line.cells) == 1 and rows:
            if at[0] > 0:
                clash = False  # words alone in a later column continue its cell, whatever their case
            elif len(columns) < 2:
                break
        if clash:
            rows.append([["", line.style] for _ in columns])
        for column, (_, _, words) in zip(at, line.cells):
            cell = rows[-1][column]
            cell[0] = _joined_cell(cell[0], words)
        count += 1
    return count, rows


SHORT_WORDS = {"i", "å", "ö", "av", "en", "ett", "på", "om", "så", "och", "att", "för", "med", "den", "det", "de",
               "som", "år", "är", "har", "vid", "ur", "nu", "ny", "nya", "nytt", "ska", "kan", "får", "bör", "var",
               "vem", "när", "hur", "vad", "dag", "man", "ut", "upp", "in", "ner", "fram", "mot", "till", "från"}


# words a cell's line does not end with unless its text goes on ("… vid samtliga busshållplatser i" "Centrum")
OPEN_ENDS = {"i", "av", "en", "ett", "på", "om", "och", "att", "för", "med", "den", "det", "som", "vid", "mot", "till",
             "från", "samt", "eller", "inom", "hos", "under", "genom", "längs", "mellan", "kring", "enligt", "efter",
             "utan", "över", "bland", "inför", "per"}
UNITS = {"kr", "st", "km", "nr", "ca", "mm", "cm", "kg", "ex", "dvs", "tim", "min"}  # short, but no fragment


def _continues(words: str, cell: str, alone: bool = False) -> bool:
    """Do a line's words continue a cell's text (wrapped in its column)? Not a label's value ("Antagen av" |
    "Fullmäktige", "Gäller för" | "Åby AB"), but a cell alone on its row that ends open ("Verksamhetschef för"
    over "EMI")."""
    last = cell.split()[-1] if cell.split() else ""
    return words[:1].islower() or words[:1].isdigit() or words[:1] in ("”", "“", '"', "«", "(") or cell.endswith("-") \
        or last in OPEN_ENDS and (len(cell.split()) >= 4 or alone and len(cell.split()) >= 2)


def _joined_cell(cell: str, words: str) -> str:
    """A cell's text and its next line: a hyphen at the break joins the halves, and so does a word
    broken where the column ended ("Säkerhetsskyddschefe" "n", "Livsmedelsproduktione" "n i länet ökar": a
    fragment that is no word)."""
    if not cell:
        return words
    first, last = words.split()[0], cell.split()[-1]
    if cell.endswith("-") or (len(words) <= 3 and words.isalpha() and words.islower() and words not in SHORT_WORDS
                              and len(last) >= 8):
        return cell.rstrip("-") + words if not cell.endswith("-") or words[:1].islower() else cell + words
    if len(first) <= 2 and first.isalpha() and first.islower() and first not in SHORT_WORDS | UNITS \
            and len(last) >= 8 and last.isalpha():
        return cell + words
    return f"{cell} {words}"


def _column(x: float, columns: list[float]) -> int | None:
    return next((n for n, left in enumerate(columns) if abs(x - left) <= ALIGNED), None)


def _set_apart(styles: dict[str, tuple[float, int]]) -> dict[str, int]:
    """Lines set larger, or bolder, than most lines: headings, whatever their words; each with its
    level (1 for the largest size)."""
    counts = Counter(style for line, style in styles.items() if line)
    if not counts:
        return {}
    size, weight = counts.most_common(1)[0][0]
    apart = {line: s for line, (s, w) in styles.items()
             if line and len(line) <= 120 and (s >= size * 1.15 or w >= 600 > weight)}
    sizes = sorted(set(apart.values()), reverse=True)
    return {line: sizes.index(s) + 1 for line, s in apart.items()}
