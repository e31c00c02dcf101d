"""Malformed and hostile input from files: spreadsheets that are broken, bombs or of the wrong kind,
and invisible control characters in answers. Each is a clear message where it was given, never a
500 or a traceback, and nothing is stored."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from survey.cli import cli
from survey.uploads import sheet
from tests.helpers import ROOT
from tests.web import BOLAG, BOLAG_CHEF, COORDINATOR, FALKOPING, csrf_token, ids, login, post_form

UNREADABLE = sheet.UNREADABLE_XLSX
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1 if n > 2 else "") + ";") * 10}">' for n in range(2, 10))
          + "]>").encode()


def workbook() -> bytes:
    book = Workbook()
    book.active.append(["Enhet", "Typ"])
    book.active.append(["Socialnämnden", "nämnd"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = workbook()
SHEET = "xl/worksheets/sheet1.xml"


def changed(member: str, change) -> bytes:
    """The good workbook with one part changed."""
    source = zipfile.ZipFile(io.BytesIO(GOOD))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            target.writestr(info.filename, change(body) if info.filename == member else body)
    return out.getvalue()


CASES = {
    "truncated": (GOOD[: len(GOOD) // 2], UNREADABLE),
    "broken XML in the sheet": (changed(SHEET, lambda body: body[: len(body) // 2]), UNREADABLE),
    "entity expansion in the sheet": (changed(SHEET, lambda body: LAUGHS + body.replace(b"Socialn", b"&lol9;")),
                                      sheet.XML_DECLARATIONS),
    "entity expansion in the workbook": (changed("xl/workbook.xml", lambda body: LAUGHS + body),
                                         sheet.XML_DECLARATIONS),
    "no sheet in the workbook": (changed("xl/workbook.xml", lambda body: b"<x/>"), UNREADABLE),
    "broken styles": (changed("xl/styles.xml", lambda body: b"<styleSheet>"), UNREADABLE),
    "binary content types": (changed("[Content_Types].xml", lambda body: b"\x00\x01"), UNREADABLE),
    "a NUL in a cell": (changed(SHEET, lambda body: body.replace(b"Socialn", b"Social&#0;n")), UNREADABLE),
}


@pytest.mark.parametrize("case", CASES)
def test_a_malformed_workbook_is_one_clear_problem(case):
    data, message = CASES[case]
    assert sheet.read_table(data, "enheter.xlsx") == ([], [sheet.Problem(1, message)])


def test_control_characters_in_a_cell_are_refused_at_their_line():
    rows, problems = sheet.read_table("Enhet;Typ\nSocial\x00nämnden;nämnd\n".encode(), "enheter.csv")
    assert rows == [] and [(p.line, "styrtecken" in p.message) for p in problems] == [(2, True)]


def test_the_web_upload_says_what_is_wrong_at_the_file_field(client):
    login(client, COORDINATOR)
    for name, (data, message) in CASES.items():
        page = client.get("/samordna/import")
        answer = client.post("/samordna/import", content_type="multipart/form-data", data={
            "csrf_token": csrf_token(page.text), "file": (io.BytesIO(data), "enheter.xlsx")})
        assert answer.status_code == 422, name
        field = answer.text[answer.text.index('name="file"') - 2000:]
        assert message.split(" (")[0] in field, name
        assert 'aria-invalid="true"' in answer.text or "error" in field, name


def test_the_command_line_fails_cleanly(runner, app, tmp_path):
    for name, (data, message) in CASES.items():
        path = tmp_path / "enheter.xlsx"
        path.write_bytes(data)
        result = runner.invoke(cli, ["--db", app.config["DATABASE"], "import-units", str(path), "-O", "Falköpings kommun"])
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), name
        assert message in result.output and "Traceback" not in result.output, name


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_spreadsheet_makes_the_reader_raise(data):
    """Truncated, bit-flipped and spliced workbooks and CSV files, and arbitrary bytes: always rows and
    problems, never an exception."""
    kind = data.draw(st.sampled_from(["cut", "flip", "part", "csv", "bytes"]))
    if kind == "cut":
        blob = GOOD[: data.draw(st.integers(0, len(GOOD)))]
    elif kind == "flip":
        position = data.draw(st.integers(0, len(GOOD) - 1))
        blob = GOOD[:position] + bytes([GOOD[position] ^ data.draw(st.integers(1, 255))]) + GOOD[position + 1:]
    elif kind == "part":
        member = data.draw(st.sampled_from(zipfile.ZipFile(io.BytesIO(GOOD)).namelist()))
        replacement = data.draw(st.binary(max_size=200) | st.sampled_from([b"<a>", b"", LAUGHS, b"<x/>" * 50]))
        blob = changed(member, lambda body: replacement if data.draw(st.booleans()) else body[: len(body) // 3])
    elif kind == "csv":
        blob = data.draw(st.text(max_size=300)).encode(data.draw(st.sampled_from(["utf-8", "utf-16"])), "replace")
    else:
        blob = data.draw(st.binary(max_size=500))
    name = data.draw(st.sampled_from(["enheter.xlsx", "enheter.csv", "enheter"]))
    rows, problems = sheet.read_table(blob, name)
    assert all(isinstance(problem.message, str) and problem.message for problem in problems)
    assert rows or problems


# --- control characters in answers --------------------------------------------------------

def test_a_control_character_in_an_answer_is_refused_at_the_field_and_the_text_kept(client, app_db):
    round_id, unit_id = ids(app_db, BOLAG)
    login(client, BOLAG_CHEF)
    url = f"/svar/{round_id}/{unit_id}/avsnitt/motesplatser"
    before = app_db.execute("select count(*) from response_history").fetchone()[0]
    answer = post_form(client, url, {"q_atgarder_beskrivning": "Språkcafé\x00 varje vecka\ttvå\r\nrader",
                                     "x-action": "save"})
    assert answer.status_code == 422
    assert "osynligt styrtecken" in answer.text and "Språkcafé" in answer.text
    assert app_db.execute("select count(*) from response_history").fetchone()[0] == before
    fine = post_form(client, url, {"q_atgarder_beskrivning": "Språkcafé varje vecka\ttvå\r\nrader", "x-action": "save"})
    assert fine.status_code == 302


def test_a_control_character_in_an_imported_answer_is_refused_with_its_pointer(runner, app, tmp_path):
    path = tmp_path / "svar.json"
    path.write_text(json.dumps({"motesplatser": {"atgarder_beskrivning": "Möten\u001b[31m"}}), encoding="utf-8")
    result = runner.invoke(cli, ["--db", app.config["DATABASE"], "--content", str(ROOT), "import-response", str(path),
                                 "--policy", FALKOPING, "--year", "2026", "--unit", BOLAG])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "/motesplatser/atgarder_beskrivning: Texten innehåller ett osynligt styrtecken" in result.output
