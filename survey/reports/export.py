"""Exports of reports and of the long table: CSV for Swedish Excel, standard CSV, XLSX, JSON.

Every text cell is made safe to open in a spreadsheet: a value starting with `=`,
`+`, `-`, `@`, a tab or a carriage return would be read as a formula, so it gets a
leading apostrophe (OWASP's advice), which Excel shows as plain text.
"""
from __future__ import annotations

import io
import json
from typing import Any

import pandas as pd

from survey.i18n import Msg, render
from survey.reports.build import ALL_UNITS, Report, heading, level_label
from survey.scoring.rules import NO, YES

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DIALECTS = {
    "csv-excel": {"sep": ";", "decimal": ",", "encoding": "utf-8-sig", "lineterminator": "\r\n"},
    "csv": {"sep": ",", "decimal": ".", "encoding": "utf-8", "lineterminator": "\r\n"},  # RFC 4180
}
FORMATS = ("csv", "csv-excel", "xlsx", "json")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "csv-excel": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "json": "application/json"}
SUFFIXES = {"csv": "csv", "csv-excel": "csv", "xlsx": "xlsx", "json": "json"}


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell and header neutralised (categories: once per distinct value)."""
    frame = frame.copy()
    for column in frame.columns:
        series = frame[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            frame[column] = series.cat.rename_categories([neutralise(c) for c in series.cat.categories])
        elif series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            frame[column] = series.map(neutralise, na_action="ignore")
    frame.columns = [neutralise(str(c)) for c in frame.columns]
    return frame


def row_key(name: Any, value: Any) -> Any:
    """A row's key as shown: the whole organisation's row and levels in words, other keys (content) as they are."""
    if value == ALL_UNITS or name == "level":
        return heading(value)
    return value


def flat(report: Report, locale: str = "sv") -> pd.DataFrame:
    """A report's table as plain rows and columns with headings, level names and sentences in words."""
    table = report.table
    if table.empty:
        return pd.DataFrame()

    def words(value: Any) -> Any:
        if isinstance(value, str) and report.value == "level":
            value = level_label(value)
        return render(value, locale) if isinstance(value, (str, Msg)) else value

    table = table.apply(lambda column: column if pd.api.types.is_numeric_dtype(column) else column.map(words))
    table.columns = [render(heading(c), locale) if not isinstance(c, tuple) else " ".join(map(str, c))
                     for c in table.columns]
    names = list(table.index.names)
    table = table.reset_index()
    for name, column in zip(names, table.columns):
        table[column] = table[column].map(lambda key, name=name: render(row_key(name, key), locale))
    table.columns = [render(heading(c), locale) for c in table.columns]
    return table


def long_frame(frame: pd.DataFrame, locale: str = "sv") -> pd.DataFrame:
    """The long table with headings and level names in words, as exported."""
    out = frame.copy()
    out["level"] = out["level"].cat.rename_categories(
        [render(level_label(c), locale) for c in out["level"].cat.categories])
    out["applicable"] = out["applicable"].map({True: render(YES(), locale), False: render(NO(), locale)})
    out.columns = [render(heading(c), locale) for c in out.columns]
    return out


def to_bytes(frame: pd.DataFrame, fmt: str, *, sheet: str = "Rapport") -> bytes:
    """The frame in one of FORMATS, every text cell neutralised."""
    frame = safe(frame)
    if fmt in DIALECTS:
        options = DIALECTS[fmt]
        buffer = io.BytesIO()  # written in chunks: no second copy of the whole file as text
        frame.to_csv(buffer, index=False, sep=options["sep"], decimal=options["decimal"],
                     lineterminator=options["lineterminator"], encoding=options["encoding"])
        return buffer.getvalue()
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            frame.to_excel(writer, index=False, sheet_name=sheet[:31])
        return buffer.getvalue()
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
    raise ValueError(f"Okänt format {fmt!r}; välj ett av {', '.join(FORMATS)}.")
