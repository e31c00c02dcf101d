"""Report kinds are data: a new definition of any kind is one JSON file that works everywhere."""
import json
import shutil

import pytest

from survey.content import lint
from survey.reports import build as reports
from survey.reports import export
from survey.store import content as store_content
from survey.store import db as store_db
from survey.web import create_app
from tests.helpers import ROOT
from tests.web import login

FALKOPING = "falkoping-integrationspolicy"
COORDINATOR = "samordnare@falkoping.demo.se"
DEFINITIONS = {
    "pivot": {"index": ["requirement"], "columns": ["unit_kind"], "value": "points", "aggregation": "mean",
              "chart": "table"},
    "unit_matrix": {"index": ["unit"], "columns": ["requirement"], "value": "level", "aggregation": "first",
                    "chart": "heatmap"},
    "requirement_summary": {"index": ["requirement"], "columns": ["level"], "value": "level",
                            "aggregation": "count", "chart": "table"},
    "trend": {"index": ["unit_kind"], "columns": ["year"], "value": "compliance", "aggregation": "compliance",
              "chart": "line"},
    "unit_profile": {"index": ["year"], "value": "compliance", "aggregation": "compliance", "chart": "bar"},
}


def test_every_kind_has_a_test_definition():
    assert set(DEFINITIONS) == set(reports.KINDS)


@pytest.fixture
def client(demo_template, content_copy, tmp_path):
    for kind, definition in DEFINITIONS.items():
        body = {"title": f"Testrapport {kind}", "description": "Bara i testets innehåll.", "kind": kind} | definition
        (content_copy / "reports" / f"test-{kind}.json").write_text(json.dumps(body, ensure_ascii=False))
    path = tmp_path / "app.db"
    shutil.copyfile(demo_template, path)
    db = store_db.connect(path)
    store_content.load_content(db, lint.load(content_copy))  # as `survey load` does
    db.close()
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "t", "TESTING": True})
    client = app.test_client()
    login(client, COORDINATOR)
    return client


@pytest.mark.parametrize("kind", sorted(DEFINITIONS))
def test_a_new_definition_of_each_kind_is_on_the_page_and_in_every_export(client, kind):
    assert f"Testrapport {kind}" in client.get(f"/rapporter/?policy={FALKOPING}").text
    query = f"?policy={FALKOPING}" + ("&unit=Socialnämnden" if kind == "unit_profile" else "")
    page = client.get(f"/rapporter/test-{kind}{query}")
    assert page.status_code == 200 and f"Testrapport {kind}" in page.text
    assert "<table" in page.text, "the report's table is on the page"
    for fmt in export.FORMATS:
        download = client.get(f"/rapporter/test-{kind}/export.{fmt}{query}")
        assert download.status_code == 200, fmt
        assert len(download.data) > 60, fmt


def test_nothing_in_the_program_names_a_report_file():
    names = [path.stem for path in (ROOT / "reports").glob("*.json")]
    for source in (ROOT / "survey").rglob("*"):
        if source.suffix in (".py", ".html", ".js"):
            text = source.read_text(encoding="utf-8")
            assert not [name for name in names if name in text], source
