"""Reading a spreadsheet of units and managers: CSV (Swedish Excel or plain) or XLSX.

Only the reading: which rows there are and what could not be read. What the rows mean for
the register is `survey.orgimport`'s concern.
"""
from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook

COLUMNS = {
    "enhet": "unit", "namn": "unit", "enhetens namn": "unit", "enhetsnamn": "unit",
    "typ": "kind", "enhetstyp": "kind",
    "överordnad": "parent", "överordnad enhet": "parent", "förälder": "parent",
    "ansvarig": "manager", "chef": "manager", "namn på ansvarig": "manager", "ansvarigs namn": "manager",
    "e-post": "email", "epost": "email", "email": "email", "e-mail": "email", "e-postadress": "email",
    "ansvarigs e-post": "email",
}
REQUIRED = {"unit": "enhet", "kind": "typ"}
HEADINGS = "enhet, typ, överordnad, ansvarig, e-post"


@dataclass
class Row:
    """One line of the file as read, every cell trimmed; `parent` is None when the file has
    no parent column (existing units then keep theirs)."""
    line: int
    unit: str
    kind: str
    parent: str | None
    manager: str
    email: str


@dataclass
class Problem:
    """Something wrong on a line of the file; a blocking problem stops the whole import."""
    line: int
    message: str
    blocking: bool = True


def read_table(data: bytes, filename: str) -> tuple[list[Row], list[Problem]]:
    """The rows of an uploaded file and the problems of reading it (unreadable file, missing
    column, empty rows). A blocking reading problem leaves no rows, so `apply` on the rows alone
    is safe; the problems of the rows themselves are found by `plan`."""
    name = filename.lower()
    if name.endswith(".xls"):
        return [], [Problem(1, "Spara filen som Excel-arbetsbok (.xlsx) eller CSV och ladda upp den igen.")]
    if data.startswith(b"PK") or name.endswith(".xlsx"):
        try:
            table = _xlsx_table(data)
        except (zipfile.BadZipFile, KeyError, ValueError):
            return [], [Problem(1, "Filen kunde inte läsas som en Excel-arbetsbok (.xlsx).")]
    else:
        table = _csv_table(data)
    return _rows(table)


def _text(value: Any) -> str:
    """A cell as text with its spaces tidied: None is "", 12.0 from a spreadsheet is "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _xlsx_table(data: bytes) -> list[list[str]]:
    """The cells of the workbook's first sheet."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [[_text(value) for value in row] for row in book.active.iter_rows(values_only=True)]
    finally:
        book.close()


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
    return [[_text(cell) for cell in record] for record in records]


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
    for index in range(top + 1, last + 1):
        cells = table[index]
        if not any(cells):
            problems.append(Problem(index + 1, "Tom rad.", blocking=False))
            continue
        rows.append(Row(index + 1, cell(cells, "unit"), cell(cells, "kind"),
                        cell(cells, "parent") if "parent" in columns else None,
                        cell(cells, "manager"), cell(cells, "email")))
    return rows, problems
