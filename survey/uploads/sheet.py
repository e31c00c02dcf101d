"""Reading a spreadsheet of units and managers: CSV (Swedish Excel or plain) or XLSX.

Only the reading: which rows there are and what could not be read. What the rows mean for
the register is `survey.store.orgimport`'s concern.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any, Iterable

COLUMNS = {
    "enhet": "unit", "namn": "unit", "enhetens namn": "unit", "enhetsnamn": "unit",
    "typ": "kind", "enhetstyp": "kind",
    "överordnad": "parent", "överordnad enhet": "parent", "förälder": "parent",
    "ansvarig": "manager", "chef": "manager", "namn på ansvarig": "manager", "ansvarigs namn": "manager",
    "e-post": "email", "epost": "email", "email": "email", "e-mail": "email", "e-postadress": "email",
    "ansvarigs e-post": "email", "taggar": "tags", "tagg": "tags",
    "unit": "unit", "kind": "kind", "parent": "parent", "manager": "manager", "tags": "tags",
}
REQUIRED = {"unit": "enhet", "kind": "typ"}
HEADINGS = "enhet, typ, överordnad, ansvarig, e-post"

# Bounds checked before and while parsing, so a small hostile file costs little.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024  # all parts of an XLSX together, as the zip declares them
MAX_RATIO = 100  # uncompressed / compressed size of any part; real workbooks stay far below
MAX_LINES = 20_000  # lines read, blank ones included
MAX_ROWS = 5_000  # filled rows: units and their managers
MAX_COLUMNS = 50
MAX_CELL_CHARS = 500


@dataclass
class Row:
    """One line of the file as read, every cell trimmed; `parent` and `tags` (comma separated)
    are None when the file has no such column (existing units then keep theirs)."""
    line: int
    unit: str
    kind: str
    parent: str | None
    manager: str
    email: str
    tags: str | None = None


@dataclass
class Problem:
    """Something wrong on a line of the file; a blocking problem stops the whole import."""
    line: int
    message: str
    blocking: bool = True


UNREADABLE_XLSX = "Filen kunde inte läsas som en Excel-arbetsbok (.xlsx)."
XML_DECLARATIONS = ("Filen innehåller XML-deklarationer (en DTD) som Excel aldrig skriver, och tas därför inte emot. "
                    "Öppna den i Excel och spara den igen, eller spara den som CSV.")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 control characters but tab, newline and return
DOCTYPES = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def read_table(data: bytes, filename: str) -> tuple[list[Row], list[Problem]]:
    """The rows of an uploaded file and the problems of reading it (unreadable file, missing
    column, empty rows). A blocking reading problem leaves no rows, so `apply` on the rows alone
    is safe; the problems of the rows themselves are found by `plan`. Never raises on what the
    file holds: whatever is wrong with it is a problem on a line."""
    name = filename.lower()
    if name.endswith(".xls"):
        return [], [Problem(1, "Spara filen som Excel-arbetsbok (.xlsx) eller CSV och ladda upp den igen.")]
    if len(data) > MAX_FILE_BYTES:
        return [], [Problem(1, f"Filen är för stor ({_size(len(data))}); den får vara högst {_size(MAX_FILE_BYTES)}.")]
    try:
        table = _xlsx_table(data) if data.startswith(b"PK") or name.endswith(".xlsx") else _csv_table(data)
    except Refused as refused:
        return [], [Problem(refused.line, refused.message)]
    return _rows(table)


class Refused(Exception):
    """The file cannot be read, or is beyond one of the bounds; reading stopped at `line`."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB".replace(".", ",") if count >= 1024 * 1024 else f"{count // 1024} kB"


def _check_zip(data: bytes) -> None:
    """Refuse a workbook whose parts would unpack to too much, from the sizes the zip declares
    (the zip reader never unpacks more than a part declares), or whose XML declares a DTD: a
    workbook never does, and entity declarations are how an XML bomb is built."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            total = sum(part.file_size for part in parts)
            if total > MAX_UNCOMPRESSED_BYTES or any(
                    part.file_size > MAX_RATIO * max(part.compress_size, 1024) for part in parts):
                raise Refused(f"Filen packas upp till för mycket data ({_size(total)}); en arbetsbok med enheter "
                              f"får vara högst {_size(MAX_UNCOMPRESSED_BYTES)} uppackad. Spara bara bladet med "
                              "enheterna, eller spara som CSV.")
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    body = archive.read(part)
                    if any(doctype in body for doctype in DOCTYPES):
                        raise Refused(XML_DECLARATIONS)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, ValueError, OSError, EOFError):
        raise Refused(UNREADABLE_XLSX) from None


def _bounded(lines: Iterable[Iterable[Any]]) -> list[list[str]]:
    """The cells of at most MAX_LINES lines and MAX_COLUMNS columns; Refused beyond that, or for a cell
    with control characters (invisible, and nothing a name or an address holds)."""
    table = []
    filled = 0
    for number, line in enumerate(lines, start=1):
        if number > MAX_LINES:
            raise Refused(f"Filen har fler än {MAX_LINES} rader (tomma rader räknas). Ta bort tomma rader "
                          "och dela upp filen.")
        cells = []
        for column, value in enumerate(line):
            if column >= MAX_COLUMNS:
                break
            text = _text(value)
            if len(text) > MAX_CELL_CHARS:
                raise Refused(f"En cell har mer än {MAX_CELL_CHARS} tecken.", number)
            if CONTROL.search(text):
                raise Refused("En cell innehåller styrtecken (osynliga tecken som NUL); ta bort dem och spara "
                              "filen igen.", number)
            cells.append(text)
        if any(cells):
            filled += 1
            if filled > MAX_ROWS + 1:
                raise Refused(f"Filen har fler än {MAX_ROWS} rader med enheter; dela upp den.")
        table.append(cells)
    return table


def _text(value: Any) -> str:
    """A cell as text with its spaces tidied: None is "", 12.0 from a spreadsheet is "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _xlsx_table(data: bytes) -> list[list[str]]:
    """The cells of the workbook's first sheet. Whatever openpyxl meets in a damaged or hostile
    workbook (broken XML, entity declarations refused by defusedxml, parts missing or of the wrong
    type) it raises as one of many exceptions; each means the file cannot be read."""
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if book.active is None:
                raise Refused(UNREADABLE_XLSX)
            return _bounded(book.active.iter_rows(max_col=MAX_COLUMNS, values_only=True))
        finally:
            book.close()
    except Refused:
        raise
    except Exception:  # a parser of untrusted input: any failure is an unreadable file
        raise Refused(UNREADABLE_XLSX) from None


def _csv_table(data: bytes) -> list[list[str]]:
    """The cells of a CSV file: UTF-8 with or without BOM, or the cp1252 Swedish Excel
    sometimes saves; `;` (Excel-sv) or `,` as counted in the header line."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _bounded(records)
    except csv.Error:
        raise Refused(f"En cell har mer än {MAX_CELL_CHARS} tecken, eller filen är inte en CSV-fil.") from None


def _rows(table: list[list[str]]) -> tuple[list[Row], list[Problem]]:
    """Rows under the header (the first non-empty row); blank rows after the last filled one are
    not part of the table."""
    filled = [index for index, cells in enumerate(table) if any(cells)]
    if not filled:
        return [], [Problem(1, "Filen är tom.")]
    top, last = filled[0], filled[-1]
    columns: dict[str, int] = {}
    for index, heading in enumerate(table[top]):
        name = COLUMNS.get(" ".join(heading.lower().split()).strip(" *:"))
        if name:
            columns.setdefault(name, index)
    missing = [label for name, label in REQUIRED.items() if name not in columns]
    if missing:
        return [], [Problem(top + 1, f"Kolumnen {label!r} saknas; första raden ska ha rubrikerna {HEADINGS}.")
                    for label in missing]

    def cell(cells: list[str], name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    rows, problems = [], []
    blank_from = None  # a run of blank lines is one problem, not one per line
    for index in range(top + 1, last + 1):
        cells = table[index]
        if not any(cells):
            blank_from = index + 1 if blank_from is None else blank_from
            continue
        if blank_from is not None:
            problems.append(Problem(blank_from, "Tom rad." if blank_from == index else
                                    f"Tomma rader {blank_from}–{index}.", blocking=False))
            blank_from = None
        rows.append(Row(index + 1, cell(cells, "unit"), cell(cells, "kind"),
                        cell(cells, "parent") if "parent" in columns else None,
                        cell(cells, "manager"), cell(cells, "email"),
                        cell(cells, "tags") if "tags" in columns else None))
    return rows, problems
