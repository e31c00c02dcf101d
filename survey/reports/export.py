"""Exports of reports and of the long table: CSV for Swedish Excel, standard CSV, XLSX, JSON.

Each format is made safe the way its reader needs, and no further:
- CSV dialects: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
  would be read by a spreadsheet as a formula, so it gets a leading apostrophe (OWASP);
  see `neutralise` for text that already starts with one.
- XLSX: every text cell is typed as text, so Excel never evaluates it and it needs no
  apostrophe.
- JSON: exact, nothing added.

The CSV dialects are written by Polars, chunk by chunk, from each column's distinct cells,
formatted, neutralised and quoted once each (an Enum, so rows carry codes, not strings):
byte for byte what pandas' `to_csv` writes (`csv_pandas`, kept as the reference and for
column types the fast path does not handle), several times faster. Polars and openpyxl are
imported by the functions that write with them, so that reading this module costs neither.
"""
from __future__ import annotations

import io
import json
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from survey.i18n import Msg, Text, render
from survey.reports.build import ALL_UNITS, Report, heading, level_label
from survey.scoring.rules import NO, YES

if TYPE_CHECKING:
    import polars as pl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DIALECTS = {
    "csv-excel": {"sep": ";", "decimal": ",", "encoding": "utf-8-sig", "lineterminator": "\r\n"},
    "csv": {"sep": ",", "decimal": ".", "encoding": "utf-8", "lineterminator": "\r\n"},  # RFC 4180
}
FORMATS = ("csv", "csv-excel", "xlsx", "json")
MEDIA_TYPES = {"csv": "text/csv", "csv-excel": "text/csv",  # the web adds "; charset=utf-8" once
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "json": "application/json"}
SUFFIXES = {"csv": "csv", "csv-excel": "excel.csv", "xlsx": "xlsx", "json": "json"}
KIND_LABELS = {"responsibility": Text("requirement_kind.responsibility", "Ansvar"),
               "goal": Text("requirement_kind.goal", "Mål")}
XLSX_MAX_ROWS = 1_048_575  # one sheet's rows, less the header
CHUNK_ROWS = 1_000_000
SHEET_NAME_UNSAFE = re.compile(r"[\\/?*\[\]:]")


TOO_MANY_ROWS = Text("export.too_many_rows", "Tabellen har %(rows)s rader men ett Excel-blad rymmer högst "
                     "%(limit)s. Välj CSV eller ett snävare urval.")


class ExportError(ValueError):
    """An export that cannot be made; `msg` says why."""

    def __init__(self, msg: Msg):
        self.msg = msg
        super().__init__(str(msg))


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet will not run as a formula.

    Text that already starts with apostrophes before a formula character gets one more, so
    `=` and `'=` stay different (`'=` and `''=`): dropping one leading apostrophe restores both.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe_column(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype):  # neutralise is one-to-one: categories stay unique
        return series.cat.rename_categories([neutralise(c) for c in series.cat.categories])
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        return series.map(neutralise, na_action="ignore")
    return series


def safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell and header neutralised for a spreadsheet reading CSV."""
    out = pd.DataFrame({i: _safe_column(frame.iloc[:, i]) for i in range(frame.shape[1])}, index=frame.index)
    out.columns = [neutralise(str(c)) for c in frame.columns]
    return out


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


def long_frame(frame: pd.DataFrame, titles: dict[str, str] | None = None, locale: str = "sv") -> pd.DataFrame:
    """The long table as exported: headings, levels and kinds in words, and the policy's title when given."""
    out = frame.copy()
    out["level"] = out["level"].map(lambda level: render(level_label(level), locale))
    out["kind"] = out["kind"].map(lambda kind: render(KIND_LABELS[kind](), locale) if kind in KIND_LABELS else kind)
    out["applicable"] = pd.Categorical.from_codes(out["applicable"].astype("int8"),
                                                  [render(NO(), locale), render(YES(), locale)])
    if titles is not None:
        out.insert(out.columns.get_loc("policy") + 1, "policy_title",
                   out["policy"].astype(str).map(lambda name: titles.get(name, name)).astype("category"))
    out.columns = [render(heading(c), locale) for c in out.columns]
    return out


def csv_pandas(frame: pd.DataFrame, fmt: str, header: bool = True) -> bytes:
    """The CSV dialect as pandas writes it: the reference the fast path must equal byte for byte.

    Without the header, the rows alone (no byte-order mark either): the rest of a file written in parts."""
    options = DIALECTS[fmt]
    buffer = io.BytesIO()
    safe(frame).to_csv(buffer, index=False, sep=options["sep"], decimal=options["decimal"], header=header,
                       lineterminator=options["lineterminator"], encoding=options["encoding"] if header else "utf-8")
    return buffer.getvalue()


def _text(value: Any, sep: str) -> str | None:
    """A cell exactly as Python's csv module writes it for pandas: neutralised, quoted where it must be.

    Empty cells are None, which Polars writes bare.
    """
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return _quoted(str(neutralise(value)), sep)


def _quoted(text: str, sep: str) -> str | None:
    if any(c in text for c in (sep, '"', "\r", "\n")):
        return '"' + text.replace('"', '""') + '"'
    return text or None


def _distinct(texts: list[str | None], codes: np.ndarray) -> tuple[pl.Series, np.ndarray]:
    """Distinct texts as an Enum (its own categories: rows gather codes, not strings) and each row's code."""
    import polars as pl

    enum = pl.Enum(list(dict.fromkeys(t for t in texts if t is not None)))
    return pl.Series(texts, dtype=pl.String).cast(enum), codes.astype(np.uint32)


def _encoded(series: pd.Series, sep: str, decimal: str) -> tuple[pl.Series, np.ndarray | None] | None:
    """A column as (distinct cell texts, codes), or (integers, None); None for a type left to pandas."""
    import polars as pl

    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        texts = [_text(c, sep) for c in dtype.categories] + [None]
        return _distinct(texts, np.where(codes < 0, len(texts) - 1, codes))
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        return pl.Series(series.to_numpy()), None
    if isinstance(dtype, np.dtype) and dtype.kind == "b":
        return _distinct(["False", "True"], series.to_numpy())
    if isinstance(dtype, np.dtype) and dtype == np.float64:  # pandas: str(value), its first point made `decimal`
        codes, bits = pd.factorize(series.to_numpy().view(np.int64))  # on the bits: keeps -0.0 apart
        texts = [None if v != v else _quoted(str(v).replace(".", decimal, 1), sep)
                 for v in bits.view(np.float64).tolist()]
        return _distinct(texts, codes)
    if dtype == object or pd.api.types.is_string_dtype(dtype):
        values = series.to_numpy(dtype=object)
        if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
            codes, uniques = pd.factorize(values, use_na_sentinel=True)
            texts = [_text(v, sep) for v in uniques] + [None]
            return _distinct(texts, np.where(codes < 0, len(texts) - 1, codes))
        return pl.Series([_text(v, sep) for v in values], dtype=pl.String), None
    return None


def csv_fast(frame: pd.DataFrame, fmt: str, header: bool = True) -> bytes:
    """The CSV dialect written by Polars; equal to `csv_pandas`, which it falls back to for other column types."""
    import polars as pl

    options = DIALECTS[fmt]
    if frame.shape[1] < 2 or frame.empty:  # a lone empty cell is quoted by pandas; rare and small
        return csv_pandas(frame, fmt, header)
    columns = [_encoded(frame.iloc[:, i], options["sep"], options["decimal"]) for i in range(frame.shape[1])]
    if any(column is None for column in columns):
        return csv_pandas(frame, fmt, header)
    buffer = io.BytesIO()
    if header:
        pd.DataFrame(columns=[neutralise(str(c)) for c in frame.columns]).to_csv(
            buffer, index=False, sep=options["sep"], lineterminator=options["lineterminator"],
            encoding=options["encoding"])
    for start in range(0, len(frame), CHUNK_ROWS):  # bounded memory: one chunk of text at a time
        stop = min(start + CHUNK_ROWS, len(frame))
        chunk = pl.DataFrame({f"c{i}": values[start:stop] if codes is None else values.gather(codes[start:stop])
                              for i, (values, codes) in enumerate(columns)})
        chunk.write_csv(buffer, include_header=False, separator=options["sep"],  # cells come quoted
                        line_terminator=options["lineterminator"], quote_style="never", null_value="")
    return buffer.getvalue()


def _sheet_name(sheet: str) -> str:
    return SHEET_NAME_UNSAFE.sub(" ", sheet).strip()[:31] or "Rapport"


def _width(header: str, series: pd.Series) -> float:
    """Room for the header and the longest cell, within reason."""
    values = series.cat.categories if isinstance(series.dtype, pd.CategoricalDtype) else series.dropna()
    longest = int(pd.Series(values, dtype=object).astype(str).str.len().max()) if len(values) else 0
    return float(min(max(len(header), longest, 6) + 2, 60))


def _xlsx_cell(sheet, value: Any, font: Font | None = None) -> WriteOnlyCell:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        value = None
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters have no place in XLSX
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it starts with "=": never a formula
    if font is not None:
        cell.font = font
    return cell


def xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    """One sheet: a frozen bold header row with a filter, columns wide enough, text cells typed as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if len(frame) > XLSX_MAX_ROWS:
        raise ExportError(TOO_MANY_ROWS(rows=len(frame), limit=XLSX_MAX_ROWS))
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_sheet_name(sheet))
    headers = [str(c) for c in frame.columns]
    for i, header in enumerate(headers, start=1):
        worksheet.column_dimensions[get_column_letter(i)].width = _width(header, frame.iloc[:, i - 1])
    if headers:
        worksheet.freeze_panes = "A2"
        worksheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(frame) + 1}"
    bold = Font(bold=True)
    worksheet.append([_xlsx_cell(worksheet, h, bold) for h in headers])
    for row in frame.itertuples(index=False, name=None):
        worksheet.append([_xlsx_cell(worksheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_bytes(frame: pd.DataFrame, fmt: str, *, sheet: str = "Rapport", header: bool = True) -> bytes:
    """The frame in one of FORMATS, safe for the program that reads that format (a CSV without its header
    is the rest of a file written in parts)."""
    if fmt in DIALECTS:
        return csv_fast(frame, fmt, header)
    if fmt == "xlsx":
        return xlsx(frame, sheet)
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
    raise ValueError(f"Okänt format {fmt!r}; välj ett av {', '.join(FORMATS)}.")
