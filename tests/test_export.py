"""Exports: the fast CSV writer equals pandas byte for byte; each format safe for its reader, and exact."""
import csv
import io
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest

from survey.reports import build as reports
from survey.reports import export
from survey.store import register
from tests.helpers import DEFINITIONS, row
from tests.web import FALKOPING, coordinator

TRICKY = ["Nämnd A", "a;b", "a,b", 'sa "hej"', "två\nrader", "cr\rhär", "=1+1", "'=1+1", "+46", "-", "@x",
          "\tflik", " mellanslag ", "", "ÅÄÖ åäö €", '"', "=", "'="]


def tricky_frame(n: int = 10_000, seed: int = 7) -> pd.DataFrame:
    """A long table with separators, quotes, line breaks, formulas, empty cells and awkward floats."""
    rng = np.random.default_rng(seed)
    levels = list(reports.LEVEL_LABELS)
    floats = np.array([66.7, 100.0, 0.0, -0.0, 1.0, 2.5, 1e-05, 1e20, 33.333333333333336, np.nan])
    rows = []
    for i in range(n):
        pick = lambda: TRICKY[rng.integers(len(TRICKY))]  # noqa: E731
        level = levels[rng.integers(len(levels))]
        rows.append({"organisation": pick(), "policy": "p", "year": int(2020 + rng.integers(7)), "unit": pick(),
                     "unit_kind": ["nämnd", "bolag"][i % 2], "requirement": f"N{rng.integers(12)}",
                     "requirement_title": pick(), "goal": "M1,M2", "kind": ["responsibility", "goal"][i % 2],
                     "level": level, "points": floats[rng.integers(len(floats))],
                     "max_points": floats[rng.integers(len(floats))], "applicable": level != "not_applicable",
                     "comment": pick()})
    return reports.long_table(rows)


@pytest.mark.parametrize("fmt", ["csv-excel", "csv"])
def test_fast_writer_equals_pandas_byte_for_byte(fmt):
    frame = export.long_frame(tricky_frame(), {"p": "Policy; med \"citat\""})
    assert all(export._encoded(frame.iloc[:, i], ";", ",") is not None for i in range(frame.shape[1]))  # no fallback
    fast = export.csv_fast(frame, fmt)
    assert fast == export.csv_pandas(frame, fmt)
    assert fast.startswith("\ufeff".encode()) == (fmt == "csv-excel")
    assert b";66,7;" in fast if fmt == "csv-excel" else b",66.7," in fast


def test_fast_writer_equals_pandas_for_every_column_type():
    frame = pd.DataFrame({
        "text": ["=a", None, "", "x;y", "z"], "mixed": ["=a", 1.5, None, True, 3],
        "str": pd.array(["-1", None, "b", "", "\n"], dtype="str"), "number": [66.7, np.nan, 100.0, -0.0, 1e20],
        "count": [1, 2, 3, 4, 5], "flag": [True, False, True, True, False],
        "category": pd.Categorical(["=", "'=", None, "=", "a"]), "=header": ["a"] * 5})
    for fmt in export.DIALECTS:
        assert export.csv_fast(frame, fmt) == export.csv_pandas(frame, fmt), fmt
    when = frame.assign(day=pd.to_datetime(["2026-01-01"] * 5))  # a type left to pandas
    assert export.csv_fast(when, "csv-excel") == export.csv_pandas(when, "csv-excel")


def look_alikes() -> pd.DataFrame:
    return reports.long_table([row(name, "nämnd", 2026, "N1", "met", 2.0) | {"comment": name}
                               for name in ("=", "'=", "+", "Nämnd")])


def test_look_alike_names_are_distinct_rows_in_every_format():
    frame = export.long_frame(look_alikes())
    report = export.flat(reports.build("units", DEFINITIONS["units"], look_alikes(), {"year": 2026}))
    for table in (frame, report):
        for fmt in ("csv", "csv-excel"):
            text = export.to_bytes(table, fmt).decode("utf-8-sig")
            units = [r[0 if table is report else 3] for r in csv.reader(io.StringIO(text, newline=""),
                                                                        delimiter=export.DIALECTS[fmt]["sep"])][1:]
            assert sorted(units) == sorted(["'=", "''=", "'+", "Nämnd"]), fmt
        sheet = openpyxl.load_workbook(io.BytesIO(export.to_bytes(table, "xlsx"))).active
        names = [r[0 if table is report else 3] for r in sheet.iter_rows(min_row=2, values_only=True)]
        assert sorted(names) == sorted(["=", "'=", "+", "Nämnd"])
        records = json.loads(export.to_bytes(table, "json"))
        assert sorted(r["Enhet"] for r in records) == sorted(["=", "'=", "+", "Nämnd"])


def test_json_is_exact_and_xlsx_cells_are_text_not_formulas():
    frame = export.long_frame(look_alikes())
    records = json.loads(export.to_bytes(frame, "json"))
    assert {r["Förklaring"] for r in records} == {"=", "'=", "+", "Nämnd"}
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_bytes(frame, "xlsx"))).active
    cells = [c for r in sheet.iter_rows(min_row=2) for c in r if c.value in ("=", "+")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_xlsx_has_widths_a_frozen_header_and_a_filter():
    frame = export.long_frame(look_alikes(), {"p": "Integrationspolicy"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_bytes(frame, "xlsx", sheet="Resultat: 2026/27"))).active
    assert sheet.title == "Resultat  2026 27"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(frame.shape[1])}{len(frame) + 1}"
    headers = [c.value for c in sheet[1]]
    explanation = openpyxl.utils.get_column_letter(headers.index("Förklaring") + 1)
    assert sheet.column_dimensions["A"].width == len("Testkommun") + 2
    assert sheet.column_dimensions[explanation].width == len("Förklaring") + 2
    assert sheet["A1"].font.b


def test_xlsx_refuses_more_rows_than_a_sheet_holds():
    frame = pd.DataFrame({"a": np.zeros(export.XLSX_MAX_ROWS + 1), "b": 1})
    with pytest.raises(export.ExportError, match=r"högst 1\s048\s575"):
        export.to_bytes(frame, "xlsx")


def test_long_table_has_swedish_labels_and_the_policy_title():
    frame = reports.long_table([row("Nämnd A", "nämnd", 2026, "N1", "met", 2.0),
                                row("Nämnd A", "nämnd", 2026, "M1", "not_met", 0.0) | {"kind": "goal"}])
    table = export.long_frame(frame, {"p": "Integrationspolicy för Testkommun"})
    assert list(table.columns[:3]) == ["Kommun", "Policy", "Policyns titel"]
    assert list(table["Policyns titel"].astype(str)) == ["Integrationspolicy för Testkommun"] * 2
    assert list(table["Typ"].astype(str)) == ["Ansvar", "Mål"]
    assert list(table["Nivå"].astype(str)) == ["Uppfyllt", "Ej uppfyllt"]


def test_web_downloads_have_distinct_names_and_one_charset(client):
    coordinator(client)
    names = set()
    for fmt in ("csv", "csv-excel"):
        response = client.get(f"/rapporter/tabell.{fmt}?policy={FALKOPING}")
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        names.add(response.headers["Content-Disposition"])
        header = next(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";" if "excel" in fmt
                                 else ","))
        assert header[2] == "Policyns titel"
    assert len(names) == 2


def test_web_exports_of_look_alike_unit_names(client, app_db):
    for old, new in (("Socialnämnden", "="), ("Barn- och utbildningsnämnden", "'=")):
        unit = app_db.execute("select id, organisation_id, kind, parent_id from units where name = ? and "
                              "organisation_id = (select organisation_id from policies where name = ?)",
                              [old, FALKOPING]).fetchone()
        register.update_unit(app_db, unit[1], unit[0], name=new, kind=unit[2], parent_id=unit[3])
    coordinator(client)
    for url in (f"/rapporter/tabell.{{fmt}}?policy={FALKOPING}",
                f"/rapporter/enheter-krav/export.{{fmt}}?policy={FALKOPING}&year=2025"):
        for fmt in export.FORMATS:
            response = client.get(url.format(fmt=fmt))
            assert response.status_code == 200, (url, fmt)
        records = json.loads(client.get(url.format(fmt="json")).data)
        assert {"=", "'="} <= {r["Enhet"] for r in records}, url
