"""The annual-report section: the same summary and matrix in HTML (byte for byte), DOCX and PDF; CLI and web."""
import io
import shutil
from pathlib import Path

import docx
import pypdf
import pytest

from survey.cli import cli
from survey.reports import annual, annual_render
from tests import annual_data as data
from tests.helpers import ROOT
from tests.web import FALKOPING, coordinator, login

FIXTURE = Path(__file__).parent / "fixtures" / "annual-2026.sv.html"
SENTENCES = [
    "3 av 5 enheter har lämnat in sin självskattning för 2026.",
    "Har inte lämnat in: Kulturnämnden (utkast), Fritidsnämnden (ej påbörjad).",
    "Måluppfyllelsen är 60,0 % (6 av 10 möjliga poäng, 3 enheter). År 2025 var den 50,0 % (2 enheter): "
    "en förändring med +10,0 procentenheter.",
    "Mål M1 (Alla är delaktiga): 1 av 3 enheter uppfyller målet, 1 delvis (0 av 2 år 2025).",
    "Mål M2 (Ingen diskriminering): 1 av 3 enheter uppfyller målet, 2 delvis (1 av 2 år 2025).",
    "KS1 Samordning: 0 av 1 kommunstyrelse uppfyller kravet.",
]
MATRIX = [["Enhet", "M1 Alla är delaktiga", "M2 Ingen diskriminering"],
          ["Kommunstyrelsen", "◐ Delvis", "◐ Delvis"],
          ["Socialnämnden", "● Uppfyllt", "● Uppfyllt"],
          ["Byggnämnden", "○ Ej uppfyllt", "◐ Delvis"]]


def document(lang="sv", **changes):
    inputs = {"frame": data.frame(), "policy": data.POLICY, "revision": data.REVISION, "units": data.UNITS,
              "year": 2026, "actions": data.ACTIONS, "organisation": "Testkommun"} | changes
    return annual.build(**inputs, lang=lang)


def test_html_equals_the_hand_computed_fixture():
    assert annual_render.html(document()) == FIXTURE.read_text(encoding="utf-8")
    assert annual_render.render(document(), "html") == annual_render.render(document(), "html")


def test_html_escapes_every_text():
    page = annual_render.html(document(organisation="<script>alert(1)</script>"))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Rekrytering &amp; &lt;kompetens&gt;" in page


def test_docx_holds_the_summary_sentences_and_the_matrix():
    word = docx.Document(io.BytesIO(annual_render.render(document(), "docx")))
    paragraphs = [p.text for p in word.paragraphs]
    for sentence in SENTENCES:
        assert sentence in paragraphs
    matrix = next(t for t in word.tables if t.rows[0].cells[0].text == "Enhet" and len(t.columns) == 3)
    assert [[c.text for c in row.cells] for row in matrix.rows] == MATRIX
    assert "Enheter och mål 2026" in paragraphs  # its caption
    assert word.core_properties.language == "sv-SE"
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 2"] == [
        "Sammanfattning", "Måluppfyllelse per enhet och mål", "Kraven", "Åtgärder", "Policyns revidering"]


def test_pdf_is_tagged_and_holds_the_same_text():
    reader = pypdf.PdfReader(io.BytesIO(annual_render.render(document(), "pdf")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for sentence in SENTENCES:
        assert sentence in text
    for row in MATRIX:
        assert " ".join(row) in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "sv-SE"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_english_version():
    page = annual_render.html(document("en"))
    assert '<html lang="en-GB">' in page
    assert "<p>3 of 5 units have submitted their self-assessment for 2026.</p>" in page
    assert "<td>● Met</td>" in page and "KS1 Samordning: 0 of 1 executive board meets the requirement." in page
    assert "<p>2 actions are recorded: 1 in progress, 1 planned.</p>" in page
    with pytest.raises(ValueError):
        document("de")


def test_a_policy_nobody_has_seen_without_goals_results_or_actions():
    empty = data.frame().iloc[0:0]
    units = [{"unit": "Nämnd A", "kind": "utskott", "status": "not_started"}]
    doc = document(frame=empty, policy={"id": "okand"}, revision={"status": "unknown"}, units=units, actions=[])
    page = annual_render.html(doc)
    for expected in ("0 av 1 enheter har lämnat in", "Har inte lämnat in: Nämnd A (ej påbörjad).",
                     "Policyn anger inga mål.", "Inga åtgärder är registrerade.",
                     "Det går inte att bedöma när policyn ska revideras"):
        assert expected in page
    assert docx.Document(io.BytesIO(annual_render.render(doc, "docx"))).paragraphs


def test_goal_levels_from_points():
    levels = annual.goal_levels(data.frame().query("year == 2026"), ["M1", "M2"])
    assert levels == {("Kommunstyrelsen", "M1"): "partly_met", ("Kommunstyrelsen", "M2"): "partly_met",
                      ("Socialnämnden", "M1"): "met", ("Socialnämnden", "M2"): "met",
                      ("Byggnämnden", "M1"): "not_met", ("Byggnämnden", "M2"): "partly_met"}


@pytest.fixture
def demo_copy(demo_template, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


def test_cli_writes_each_format(runner, demo_copy, tmp_path):
    for fmt in ("docx", "html"):
        out = tmp_path / f"a.{fmt}"
        result = runner.invoke(cli, ["--db", str(demo_copy), "--content", str(ROOT), "annual-report", "--policy",
                                     FALKOPING, "--year", "2026", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "Uppföljning 2026: Integrationspolicy" in page and "Falköpings kommun" in page
    assert "uppfyller kravet" in page and "<caption>Enheter och mål 2026</caption>" in page
    assert docx.Document(str(tmp_path / "a.docx")).tables
    missing = runner.invoke(cli, ["--db", str(demo_copy), "--content", str(ROOT), "annual-report", "--policy",
                                  FALKOPING, "--year", "1999", "--format", "html"])
    assert missing.exit_code == 1 and "Fel: Det finns ingen omgång 1999" in missing.output


def test_web_download_for_the_coordinator_only(client):
    coordinator(client)
    index = client.get(f"/rapporter/?policy={FALKOPING}")
    assert "/rapporter/arsredovisning.docx?policy=" in index.text
    response = client.get(f"/rapporter/arsredovisning.docx?policy={FALKOPING}&year=2026")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert docx.Document(io.BytesIO(response.data)).tables
    page = client.get(f"/rapporter/arsredovisning.html?policy={FALKOPING}&year=2026")
    assert page.status_code == 200 and "Enheter och mål 2026" in page.data.decode()
    assert client.get(f"/rapporter/arsredovisning.exe?policy={FALKOPING}").status_code == 404
    client.get("/logga-ut")
    login(client, "samordnare@olofstrom.demo.se")
    assert client.get(f"/rapporter/arsredovisning.docx?policy={FALKOPING}&year=2026").status_code == 404
    client.get("/logga-ut")
    login(client, "chef.socialnamnden@falkoping.demo.se")
    assert client.get(f"/rapporter/arsredovisning.pdf?policy={FALKOPING}&year=2026").status_code == 404
