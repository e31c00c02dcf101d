"""Reports and exports on a small fixture whose numbers are computed by hand."""
import csv
import io

import openpyxl
import pytest

from survey.reports import build as reports
from survey.reports import export
from tests.helpers import DEFINITIONS, row

ROWS = [
    row("Socialnämnden", "nämnd", 2025, "N1", "partly_met", 1.0, "M1,M2"),
    row("Socialnämnden", "nämnd", 2025, "KS1", "not_applicable", None),
    row("Socialnämnden", "nämnd", 2026, "N1", "met", 2.0, "M1,M2"),
    row("Socialnämnden", "nämnd", 2026, "KS1", "not_applicable", None),
    row("Kommunstyrelsen", "kommunstyrelse", 2025, "N1", "not_applicable", None, "M1,M2"),
    row("Kommunstyrelsen", "kommunstyrelse", 2025, "KS1", "not_met", 0.0),
    row("Kommunstyrelsen", "kommunstyrelse", 2026, "N1", "not_applicable", None, "M1,M2"),
    row("Kommunstyrelsen", "kommunstyrelse", 2026, "KS1", "partly_met", 1.0),
    row("Byggnämnden", "nämnd", 2026, "N1", "not_met", 0.0, "M1,M2"),
    row("Byggnämnden", "nämnd", 2026, "KS1", "not_applicable", None),
]


@pytest.fixture
def frame():
    return reports.long_table(ROWS)


def build(frame, name, **filters):
    return reports.build(name, DEFINITIONS[name], frame, filters)


def test_units_by_requirements_with_compliance_and_applicable_counts(frame):
    report = build(frame, "units", year=2026)
    table = report.table
    assert list(table.index.get_level_values("unit")) == ["Kommunstyrelsen", "Byggnämnden", "Socialnämnden"]
    assert table.loc[("Socialnämnden", "nämnd"), "N1"] == "met"
    assert table.loc[("Kommunstyrelsen", "kommunstyrelse"), "N1"] == "not_applicable"
    assert table.loc[("Socialnämnden", "nämnd"), reports.COMPLIANCE] == 100.0
    assert table.loc[("Byggnämnden", "nämnd"), reports.COMPLIANCE] == 0.0
    assert table.loc[("Kommunstyrelsen", "kommunstyrelse"), reports.COMPLIANCE] == 50.0
    assert list(table[reports.APPLICABLE]) == [1, 1, 1]
    assert report.warnings == []
    assert report.requirement_titles == {"N1": "Rubrik N1", "KS1": "Rubrik KS1"}  # the key below the table


def test_unequal_applicable_counts_are_warned_about(frame):
    rows = ROWS + [row("Socialnämnden", "nämnd", 2026, "N2", "met", 2.0)]
    report = build(reports.long_table(rows), "units", year=2026)
    assert report.warnings and "olika många tillämpliga krav (1–2)" in str(report.warnings[0])


def test_goals_by_units_count_each_requirement_under_every_goal_it_serves(frame):
    table = build(frame, "goals", year=2026).table
    assert list(table.index) == ["M1", "M2"]
    assert table.loc["M2", "Socialnämnden"] == 100.0 and table.loc["M2", "Byggnämnden"] == 0.0
    assert table.loc["M1", "Kommunstyrelsen"] == 50.0  # KS1 only: 1 of 2 points


def test_requirement_summary_is_ready_to_quote(frame):
    table = build(frame, "summary", year=2026, unit_kind="nämnd").table
    assert list(table.index.get_level_values("requirement")) == ["N1"]  # KS1 applies to no nämnd
    assert table.loc[("N1", "Rubrik N1"), "met"] == 1 and table.loc[("N1", "Rubrik N1"), "not_met"] == 1
    assert str(table.loc[("N1", "Rubrik N1"), reports.SUMMARY]) == "1 av 2 nämnder uppfyller kravet"
    everyone = build(frame, "summary", year=2026).table
    assert str(everyone.loc[("KS1", "Rubrik KS1"), reports.SUMMARY]) == "0 av 1 enhet uppfyller kravet"


def test_trend_over_years_with_the_whole_organisation_and_change(frame):
    table = build(frame, "trend").table
    assert table.loc["Socialnämnden", 2025] == 50.0 and table.loc["Socialnämnden", 2026] == 100.0
    assert table.loc["Socialnämnden", reports.CHANGE] == 50.0
    assert table.loc[reports.ALL_UNITS, 2025] == 25.0   # 1 of 4 points
    assert table.loc[reports.ALL_UNITS, 2026] == 50.0   # 3 of 6 points
    assert table.loc["Byggnämnden", 2025] != table.loc["Byggnämnden", 2025]  # no answer in 2025: NaN


def test_unit_profile_beside_the_organisation(frame):
    table = build(frame, "profile", unit="Kommunstyrelsen").table
    assert list(table.index) == [2025, 2026]
    assert list(table[reports.COMPLIANCE]) == [0.0, 50.0]
    assert list(table[reports.COMPLIANCE_ALL]) == [25.0, 50.0]
    assert list(map(str, build(frame, "profile").warnings)) == ["Välj en enhet för att visa dess profil."]


def test_empty_selection_says_so(frame):
    assert list(map(str, build(frame, "units", year=1999).warnings)) == [
        "Inga inlämnade och bedömda svar matchar urvalet."]


PAYLOADS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")', "vanlig text"]


def test_formula_payloads_are_neutralised_in_every_text_cell():
    frame = reports.long_table([row(p, "nämnd", 2026, "N1", "met", 2.0) | {"comment": p} for p in PAYLOADS])
    for fmt, sep in (("csv", ","), ("csv-excel", ";")):
        text = export.to_bytes(export.long_frame(frame), fmt).decode("utf-8-sig")
        cells = [cell for line in csv.reader(io.StringIO(text, newline=""), delimiter=sep) for cell in line]
        for payload in PAYLOADS[:-1]:
            assert f"'{payload}" in cells and payload not in cells, (fmt, payload)
        assert "vanlig text" in cells
        assert not [c for c in cells if c.startswith(export.FORMULA_STARTS)], fmt
    workbook = openpyxl.load_workbook(io.BytesIO(export.to_bytes(export.long_frame(frame), "xlsx")))
    cells = [c.value for r in workbook.active.iter_rows(min_row=2) for c in r]
    assert "=1+1" in cells and "'=1+1" not in cells  # typed as text: exact, and never evaluated
    assert all(c.data_type != "f" for r in workbook.active.iter_rows() for c in r)


def small():
    return reports.long_table([row("Nämnd A", "nämnd", 2026, "N1", "partly_met", 1.0),
                               row("=Fel", "nämnd", 2026, "N1", "met", 2.0)])


def test_excel_dialect_byte_for_byte():
    data = export.to_bytes(export.flat(build(small(), "units", year=2026)), "csv-excel")
    assert data == ("\ufeffEnhet;Enhetstyp;N1;Måluppfyllelse %;Tillämpliga krav\r\n"
                    "'=Fel;nämnd;Uppfyllt;100,0;1\r\n"
                    "Nämnd A;nämnd;Delvis uppfyllt;50,0;1\r\n").encode("utf-8")


def test_standard_dialect_byte_for_byte():
    data = export.to_bytes(export.flat(build(small(), "units", year=2026)), "csv")
    assert data == ("Enhet,Enhetstyp,N1,Måluppfyllelse %,Tillämpliga krav\r\n"
                    "'=Fel,nämnd,Uppfyllt,100.0,1\r\n"
                    "Nämnd A,nämnd,Delvis uppfyllt,50.0,1\r\n").encode("utf-8")


def test_long_table_export_has_one_row_per_unit_year_requirement(frame):
    text = export.to_bytes(export.long_frame(frame), "csv-excel").decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == ("Kommun;Policy;År;Enhet;Enhetstyp;Krav;Kravets rubrik;Mål;Typ;Nivå;Poäng;Maxpoäng;"
                        "Tillämpligt;Förklaring")
    assert lines[1] == "Testkommun;p;2025;Socialnämnden;nämnd;N1;Rubrik N1;M1,M2;Ansvar;Delvis uppfyllt;1,0;2,0;ja;–"
    assert len([line for line in lines if line]) == len(ROWS) + 1


def test_xlsx_is_readable_with_the_right_types(frame):
    data = export.to_bytes(export.flat(build(frame, "trend")), "xlsx", sheet="Utveckling")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Utveckling"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Enhet", "2025", "2026", "Förändring")
    social = next(r for r in rows if r[0] == "Socialnämnden")
    assert social[1:] == (50, 100, 50) and all(isinstance(v, (int, float)) for v in social[1:])


def test_json_export(frame):
    data = export.to_bytes(export.flat(build(frame, "trend")), "json")
    text = data.decode("utf-8")
    assert '"Enhet": "Socialnämnden"' in text and '"2026": 100.0' in text


def test_applicable_counts_and_point_sums(frame):
    applicable = reports.build("a", {"title": "T", "kind": "pivot", "index": ["unit"], "columns": ["year"], "value": "applicable",
                                     "aggregation": "sum"}, frame).table
    assert applicable.loc["Socialnämnden", 2026] == 1 and applicable.loc["Kommunstyrelsen", 2025] == 1
    points = reports.build("p", {"title": "T", "kind": "pivot", "index": ["unit"], "value": "points", "aggregation": "sum"},
                           frame, {"year": 2026}).table
    assert points.loc["Socialnämnden", "points"] == 2.0 and points.loc["Byggnämnden", "points"] == 0.0
