"""The annual-report section: a summary that leads, one chart with its table, results counted one way;
the same in HTML (byte for byte), DOCX and PDF; CLI and web. The print layout is in test_annual_print.py."""
import io
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import docx
import pypdf
import pytest

from survey.cli import cli
from survey.reports import annual, annual_render
from survey.scoring.policycheck import revision_status
from tests import annual_data as data
from tests.helpers import ROOT
from tests.web import FALKOPING, coordinator, login

FIXTURE = Path(__file__).parent / "fixtures" / "annual-2026.sv.html"
SUMMARY = [
    "3 av 5 enheter har lämnat in sin självskattning för 2026; Kulturnämnden och Fritidsnämnden har inte lämnat in.",
    "Av de 5 krav som gäller de 3 enheterna är 40 % (2 av 5 krav) uppfyllda och 40 % (2 av 5 krav) delvis "
    "uppfyllda; underlaget är litet (3 enheter), så tolka andelarna med försiktighet; år 2025 var 33 % (1 av 3 krav; "
    "litet underlag) uppfyllda hos de 2 enheter som svarade.",
    "Störst förbättring sedan 2025 har N1 Mål på kort och lång sikt, som uppfylls av 50 % (1 av 2 enheter; litet "
    "underlag) mot 0 % (0 av 1 enhet; litet underlag); störst försämring sedan 2025 har N2 Rekrytering & <kompetens>, "
    "som uppfylls av 50 % (1 av 2 enheter; litet underlag) mot 100 % (1 av 1 enhet; litet underlag).",
    "Färre än hälften av enheterna uppfyller kravet KS1 Samordning (0 av 1 enhet, 1 delvis).",
    "Ingen av de 2 åtgärderna är försenad.",
]
COUNTS = ["Uppfyllt", "Delvis", "Ej uppfyllt", "Bedömda enheter", "Uppfyllt 2025"]
GOALS = [["Mål", *COUNTS], ["M1 Alla är delaktiga", "1", "1", "1", "3", "0 av 2"],
         ["M2 Ingen diskriminering", "1", "2", "0", "3", "1 av 2"]]
REQUIREMENTS = [["Krav", *COUNTS], ["N1 Mål på kort och lång sikt", "1", "0", "1", "2", "0 av 1"],
                ["N2 Rekrytering & <kompetens>", "1", "1", "0", "2", "1 av 1"],
                ["KS1 Samordning", "0", "1", "0", "1", "0 av 1"]]
MATRIX = [["Enhet", "M1", "M2"], ["Kommunstyrelsen", "◐ Delvis", "◐ Delvis"],
          ["Socialnämnden", "● Uppfyllt", "● Uppfyllt"], ["Byggnämnden", "○ Ej uppfyllt", "◐ Delvis"]]
HEADINGS = ["Sammanfattning", "Måluppfyllelse per mål", "Måluppfyllelse per enhet och mål", "Kraven", "Åtgärder",
            "Policyns revidering", "Om underlaget"]
PERCENT = re.compile(r"(\d+)\s?%")
BASE = re.compile(r" \((\d+) (?:av|of) (\d+) ")


def document(lang="sv", **changes):
    inputs = {"frame": data.frame(), "policy": data.POLICY, "revision": data.REVISION, "units": data.UNITS,
              "year": 2026, "actions": data.ACTIONS, "organisation": "Testkommun", "today": data.TODAY} | changes
    return annual.build(**inputs, lang=lang)


def plain(text: str) -> str:
    return text.replace("\xa0", " ")


def tables(doc) -> dict[str, list[list[str]]]:
    found = {}
    for section in doc.sections:
        for block in section.blocks:
            table = block.table if isinstance(block, annual.Chart) else block
            if isinstance(table, annual.Table):
                found[section.heading] = [table.head, *table.rows]
    return found


def test_html_equals_the_hand_computed_fixture():
    assert annual_render.html(document()) == FIXTURE.read_text(encoding="utf-8")
    assert annual_render.render(document(), "html") == annual_render.render(document(), "html")


def test_the_summary_leads_with_the_answer_in_three_to_five_sentences():
    doc = document()
    assert [s.heading for s in doc.sections] == HEADINGS
    assert [plain(s) for s in doc.sections[0].blocks] == SUMMARY
    later = document(today=date(2027, 1, 15), revision=revision_status(
        {"id": "p", "adopted_date": "2015-09-07", "revision": {"rule": "mandate_period"}}, date(2027, 1, 15)))
    assert later.sections[0].blocks[-1] == ("1 av 2 åtgärder har passerat sitt slutdatum utan att vara genomförd; "
                                            "policyn behöver revideras (sedan 2018-10-15).")
    assert ["Kommunstyrelsen", "KS1", "pågår, försenad"] == [tables(later)["Åtgärder"][1][i] for i in (0, 1, 5)]


def every_percentage_has_its_base(sentences: list[str]) -> int:
    """Each percentage is followed by "(k av n …)" with k/n rounding to it; returns how many there are."""
    seen = 0
    for sentence in sentences:
        for found in PERCENT.finditer(sentence):
            base = BASE.match(sentence, found.end())
            assert base, f"no base after {found.group(0)!r} in {sentence!r}"
            k, n = int(base.group(1)), int(base.group(2))
            assert round(100 * k / n) == int(found.group(1)), sentence
            seen += 1
    return seen


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_percentage_in_the_summary_is_followed_by_its_base(lang):
    for doc in (document(lang), annual.build(**data.large(), lang=lang)):
        sentences = doc.sections[0].blocks
        assert 3 <= len(sentences) <= 5
        assert every_percentage_has_its_base(sentences) >= 4


def test_a_share_resting_on_one_of_seven_units_says_so():
    names = ["Socialnämnden"] + [f"Nämnd {n}" for n in range(1, 7)]
    units = [{"unit": name, "kind": "nämnd", "status": "submitted" if name == "Socialnämnden" else "draft"}
             for name in names]
    frame = data.frame().query("unit == 'Socialnämnden' and year == 2026")
    lead = document(frame=frame, units=units, actions=[]).sections[0].blocks
    assert lead[0] == "1 av 7 enheter har lämnat in sin självskattning för 2026; 6 enheter har inte lämnat in (se Om " \
                      "underlaget)."
    assert plain(lead[1]) == ("Av de 2 krav som gäller enheten är 100 % (2 av 2 krav) uppfyllda och 0 % (0 av 2 krav) "
                              "delvis uppfyllda; underlaget är litet (1 enhet), så tolka andelarna med försiktighet.")
    assert every_percentage_has_its_base(lead) == 2


def test_partly_is_counted_the_same_way_for_goals_and_requirements():
    found = tables(document())
    assert found["Måluppfyllelse per mål"] == GOALS
    assert found["Kraven"] == REQUIREMENTS
    assert found["Måluppfyllelse per enhet och mål"] == MATRIX


def test_the_chart_has_alternative_text_and_its_data_table():
    chart = next(b for b in document().sections[1].blocks if isinstance(b, annual.Chart))
    assert chart.alt.startswith("Liggande staplar, en per mål")
    assert "Störst andel uppfyller M1 (1 av 3 enheter) och M2 (1 av 3 enheter)" not in chart.alt  # equal shares
    assert "Andelen är densamma för alla mål." in chart.alt
    assert [chart.table.head, *chart.table.rows] == GOALS
    page = annual_render.html(document())
    assert f'alt="{chart.alt}"' in page and "<figcaption>Andel enheter per mål och nivå 2026</figcaption>" in page


def test_html_escapes_every_text_and_puts_tables_in_focusable_regions():
    page = annual_render.html(document(organisation="<script>alert(1)</script>"))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Rekrytering &amp; &lt;kompetens&gt;" in page
    assert page.count('<div class="table-scroll" role="region" tabindex="0" aria-labelledby=') == page.count("<table")


def docx_xml(data_: bytes, part: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data_)) as archive:
        return archive.read(part).decode("utf-8")


@pytest.mark.parametrize("lang, locale", [("sv", "sv-SE"), ("en", "en-GB")])
def test_docx_is_a4_in_its_language_with_headings_and_repeating_header_rows(lang, locale):
    made = annual_render.render(document(lang), "docx")
    body, styles = docx_xml(made, "word/document.xml"), docx_xml(made, "word/styles.xml")
    sizes = re.findall(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', body)  # in twips
    assert sizes[0] == ("11906", "16838") and set(sizes) == {("11906", "16838"), ("16838", "11906")}  # A4 both ways
    defaults = re.search(r"<w:docDefaults>.*</w:docDefaults>", styles, re.S).group(0)
    assert f'<w:lang w:val="{locale}"' in defaults
    assert f'<w:themeFontLang w:val="{locale}"' in docx_xml(made, "word/settings.xml")
    word = docx.Document(io.BytesIO(made))
    assert word.core_properties.language == locale
    assert len([p for p in word.paragraphs if p.style.name == "Heading 2"]) == len(HEADINGS)
    assert all(t.rows[0]._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
               is not None for t in word.tables)
    assert re.search(r'<wp:docPr [^>]*descr="[^"]{60,}"', body), "the chart's picture has no alternative text"


def test_docx_holds_the_summary_and_the_tables():
    word = docx.Document(io.BytesIO(annual_render.render(document(), "docx")))
    paragraphs = [plain(p.text) for p in word.paragraphs]
    for sentence in SUMMARY:
        assert sentence in paragraphs
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 2"] == HEADINGS
    grids = [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]
    assert GOALS in grids and REQUIREMENTS in grids and MATRIX in grids
    assert "Enheter och mål 2026" in paragraphs  # the matrix's caption


def test_a_landscape_section_in_the_docx_for_the_actions():
    made = annual_render.render(annual.build(**data.large()), "docx")
    sizes = re.findall(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"(?: w:orient="(\w+)")?', docx_xml(made, "word/document.xml"))
    assert ("16838", "11906", "landscape") in sizes and ("11906", "16838", "") in sizes


def test_pdf_is_tagged_and_holds_the_same_text():
    reader = pypdf.PdfReader(io.BytesIO(annual_render.render(document(), "pdf")))
    text = plain(" ".join(" ".join(page.extract_text() for page in reader.pages).split()))
    for sentence in SUMMARY[:1] + SUMMARY[-1:]:
        assert sentence in text
    for row in MATRIX:
        assert " ".join(row) in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "sv-SE"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_english_version():
    page = plain(annual_render.html(document("en")))
    assert '<html lang="en-GB">' in page
    assert "<p>3 of 5 units have submitted their self-assessment for 2026; Kulturnämnden and Fritidsnämnden have " \
           "not submitted.</p>" in page
    assert "Of the 5 requirements that apply to the 3 units, 40% (2 of 5 requirements) are met" in page
    assert "<td>● Met</td>" in page and "<p>2 actions are recorded: 1 in progress, 1 planned.</p>" in page
    assert "Fewer than half of the units meet requirement KS1 Samordning (0 of 1 unit, 1 partly)." in page
    assert "Up to date: the next revision is to be decided by 2027-05-01. Adopted by kommunfullmäktige on " \
           "2024-05-01 § 41. To be revised within 3 years of the last decision." in page
    with pytest.raises(ValueError):
        document("de")


def test_plurals_follow_the_count():
    one = [data.ACTIONS[0]]
    assert "1 åtgärd är registrerad: 1 planerad." in annual_render.html(document(actions=one))
    two = [data.ACTIONS[0], data.ACTIONS[0] | {"unit": "Socialnämnden"}]
    assert "2 åtgärder är registrerade: 2 planerade." in annual_render.html(document(actions=two))
    assert "2 actions are recorded: 2 planned." in annual_render.html(document("en", actions=two))


def test_a_policy_nobody_has_seen_without_goals_results_or_actions():
    empty = data.frame().iloc[0:0]
    units = [{"unit": "Nämnd A", "kind": "utskott", "status": "not_started"}]
    revision = revision_status({"id": "okand"}, data.TODAY)
    doc = document(frame=empty, policy={"id": "okand"}, revision=revision, units=units, actions=[])
    page = annual_render.html(doc)
    for expected in ("Enheten har inte lämnat in sin självskattning för 2026.",
                     "Det finns ännu inga bedömda svar för 2026.", "Inga åtgärder är registrerade.",
                     "Policyn anger inga mål.",
                     "Kan inte bedömas: policyn anger varken när den antogs eller när den ska revideras."):
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
    assert ">Enheter och mål 2026</caption>" in page
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
