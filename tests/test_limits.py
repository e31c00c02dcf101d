"""Limits where input enters: spreadsheets, content files, ids in URLs, oversized requests."""
import io
import json
import zipfile

import openpyxl
import pytest

from survey.cli import cli
from survey.content import files as content
from survey.content import lint
from survey.uploads import sheet
from tests.web import csrf_token, login, post_form

COORDINATOR = "samordnare@falkoping.demo.se"
HEADER = "Enhet;Typ;Överordnad;Ansvarig;E-post"


def bomb(uncompressed: int = 80_000_000) -> bytes:
    """A small zip whose worksheet unpacks to tens of megabytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * uncompressed + b">")
    return buffer.getvalue()


def test_a_decompression_bomb_is_refused_from_the_declared_sizes():
    data = bomb()
    assert len(data) < 100_000
    rows, problems = sheet.read_table(data, "enheter.xlsx")
    assert rows == [] and len(problems) == 1
    assert "packas upp till för mycket data" in problems[0].message


def test_a_workbook_stretched_by_empty_rows_is_stopped_while_reading():
    book = openpyxl.Workbook()
    book.active.append(["Enhet", "Typ"])
    book.active.cell(row=500_000, column=1, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    rows, problems = sheet.read_table(buffer.getvalue(), "enheter.xlsx")
    assert rows == [] and f"fler än {sheet.MAX_LINES} rader" in problems[0].message


def test_a_csv_of_blank_rows_is_refused_and_blank_runs_are_one_problem():
    data = (HEADER + "\r\n" + ";;;;\r\n" * 90_000).encode()
    assert len(data) > 500_000
    rows, problems = sheet.read_table(data, "enheter.csv")
    assert rows == [] and f"fler än {sheet.MAX_LINES} rader" in problems[0].message
    few = (HEADER + "\r\n" + ";;;;\r\n" * 300 + "Kulturnämnden;nämnd;;;\r\n").encode()
    rows, problems = sheet.read_table(few, "enheter.csv")
    assert [row.unit for row in rows] == ["Kulturnämnden"]
    assert [(p.line, p.message) for p in problems] == [(2, "Tomma rader 2–301.")]


def test_too_many_rows_long_cells_and_large_files_are_refused():
    many = (HEADER + "\r\n" + "".join(f"Enhet {n};nämnd;;;\r\n" for n in range(sheet.MAX_ROWS + 1))).encode()
    assert f"fler än {sheet.MAX_ROWS} rader med enheter" in sheet.read_table(many, "a.csv")[1][0].message
    long_cell = (HEADER + "\r\n" + "x" * (sheet.MAX_CELL_CHARS + 1) + ";nämnd;;;\r\n").encode()
    assert f"mer än {sheet.MAX_CELL_CHARS} tecken" in sheet.read_table(long_cell, "a.csv")[1][0].message
    huge = b"x" * (sheet.MAX_FILE_BYTES + 1)
    assert "Filen är för stor" in sheet.read_table(huge, "a.csv")[1][0].message


def test_the_import_page_says_the_file_is_too_large_with_the_limit(client):
    login(client, COORDINATOR)
    page = client.get("/samordna/import")
    refused = client.post("/samordna/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(page.text), "file": (io.BytesIO(b"x" * 600_000), "enheter.csv")})
    assert refused.status_code == 413
    assert "Filen är för stor. Den får vara högst 512 kB" in refused.text
    assert "Korta ner" not in refused.text


def test_an_answer_form_too_large_says_to_shorten_the_answers(client, app_db):
    login(client, "chef.socialnamnden@falkoping.demo.se")
    row = next(app_db.query("""select rounds.id as r, units.id as u from rounds join policies on policies.id = rounds.policy_id
        join units on units.organisation_id = policies.organisation_id
        where units.name = 'Socialnämnden' and rounds.year = 2026"""))
    url = f"/svar/{row['r']}/{row['u']}/avsnitt/mal"
    refused = client.post(url, data={"x": "y" * 600_000})
    assert refused.status_code == 413 and "Korta ner de längsta svaren" in refused.text


def test_a_large_import_is_previewed_a_page_at_a_time(client):
    login(client, COORDINATOR)
    lines = [HEADER] + [f"Ny enhet {n:03};nämnd;;;" for n in range(250)]
    page = client.get("/samordna/import")
    first = client.post("/samordna/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(page.text), "file": (io.BytesIO("\r\n".join(lines).encode()), "enheter.csv")})
    assert first.status_code == 200
    assert "Ny enhet 099" in first.text and "Ny enhet 100" not in first.text and "Sida 1 av 3" in first.text
    token = first.text.split('name="token" value="')[1].split('"')[0]
    third = client.post("/samordna/import/forhandsgranska", data={
        "csrf_token": csrf_token(first.text), "token": token, "sida": "3"})
    assert "Ny enhet 249" in third.text and "Ny enhet 199" not in third.text and "Sida 3 av 3" in third.text
    assert "Nya enheter: 250" in third.text
    forged = client.post("/samordna/import/forhandsgranska", data={
        "csrf_token": csrf_token(first.text), "token": token[:-2] + "xx", "sida": "2"})
    assert forged.status_code == 400


@pytest.mark.parametrize("url", [
    "/samordna/omgang/99999999999999999999",
    "/samordna/omgang/9223372036854775808/bedom-om",
    "/samordna/enheter/99999999999999999999",
    "/samordna/personer/18446744073709551616",
    "/svar/99999999999999999999/1/",
])
def test_ids_beyond_sqlite_integers_are_not_found(client, url):
    login(client, COORDINATOR)
    assert client.get(url).status_code == 404


def test_a_huge_id_in_a_form_is_not_found(client, app_db):
    login(client, COORDINATOR)
    round_id = next(app_db.query("select id from rounds"))["id"]
    refused = post_form(client, f"/samordna/omgang/{round_id}/inbjudan", {"unit_id": str(2 ** 70)},
                        page_url=f"/samordna/omgang/{round_id}")
    assert refused.status_code == 404


def test_deep_or_huge_content_is_a_problem_naming_the_file(content_copy, runner):
    deep = content_copy / "reports" / "djup.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    big = content_copy / "reports" / "stor.json"
    big.write_text(json.dumps({"title": "x" * (content.MAX_FILE_BYTES + 10)}))
    fairly_deep = content_copy / "reports" / "ganska-djup.json"
    fairly_deep.write_text("[" * (content.MAX_DEPTH + 1) + "]" * (content.MAX_DEPTH + 1))
    result = runner.invoke(cli, ["--content", str(content_copy), "lint"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "reports/djup.json: /: JSON-strukturen är för djup" in result.output
    assert "reports/ganska-djup.json: /: JSON-strukturen är för djup" in result.output
    assert "reports/stor.json: /: filen är för stor" in result.output
    with pytest.raises(content.ContentError):
        lint.load(content_copy)
    result = runner.invoke(cli, ["--content", str(content_copy), "--db", str(content_copy / "s.db"), "load"])
    assert result.exit_code == 1 and "Traceback" not in result.output and "djup.json" in result.output
