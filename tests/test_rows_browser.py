"""A structured list in a real browser at 320 CSS px: rows added and refused, the review page's table, axe clean."""
from __future__ import annotations

import pytest

from survey.content import lint
from survey.store import db as store_db
from survey.store import rounds
from tests.browser import NARROW, OVERFLOW, Audit, login, serving
from tests.rows_policy import NAME, write_content
from tests.web import MANAGER, unit_with_manager

pytestmark = pytest.mark.browser
@pytest.fixture(scope="module")
def rows_server(tmp_path_factory):
    """The real app on waitress over a database holding only the rows policy, with a nämnd and its manager."""
    root = tmp_path_factory.mktemp("rows-browser")
    path = root / "survey.db"
    policy, unit_id, _user = unit_with_manager(path, lint.load(write_content(root / "content")), NAME)
    db = store_db.connect(path)
    round_id = rounds.open_round(db, policy["id"], 2026)
    db.close()
    with serving(path, EVIDENCE_DIR=str(root / "evidence")) as address:
        yield address, f"/svar/{round_id}/{unit_id}"


def _narrow(page, what: str, wide: list[str]) -> None:
    measured = page.evaluate(OVERFLOW)
    if measured["scroll"] > measured["width"]:
        wide.append(f"{what}: {measured['scroll']} px; {measured['wide']}")


def test_rows_are_added_refused_and_reviewed_at_320_px(browser, rows_server):  # noqa: F811
    base, url = rows_server
    context = browser.new_context(base_url=base, locale="sv-SE", viewport=NARROW)
    context.set_default_timeout(10_000)
    page = context.new_page()
    login(page, *MANAGER)
    audit, wide = Audit(), []

    page.goto(url + "/avsnitt/arbete")
    audit.check(page, "tom rad")
    _narrow(page, "tom rad", wide)
    page.get_by_label("Aktivitet", exact=True).fill("Öppet hus")
    page.fill("#q_aktiviteter-0-datum", "2026-03-01")
    page.get_by_label("Unga").check()
    page.get_by_role("button", name="Spara och lägg till en rad").click()
    page.wait_for_selector("#q_aktiviteter-1-namn")
    assert page.input_value("#q_aktiviteter-0-namn") == "Öppet hus"

    page.fill("#q_aktiviteter-1-namn", "Språkcafé")
    page.fill("#q_aktiviteter-1-datum", "2026-04-12")
    page.fill("#q_aktiviteter-1-antal", "tolv")
    page.get_by_role("button", name="Spara utkast").click()
    summary = page.locator("#problems").inner_text()
    assert "Rad 2: Antal deltagare: Ange ett heltal, till exempel 12." in summary
    assert page.input_value("#q_aktiviteter-1-antal") == "tolv"
    audit.check(page, "fel i rad 2")
    _narrow(page, "fel i rad 2", wide)
    assert page.locator("#problems a").first.get_attribute("href") == "#q_aktiviteter-1-antal"

    page.fill("#q_aktiviteter-1-antal", "12")
    page.get_by_role("button", name="Spara utkast").click()
    page.get_by_role("button", name="Ta bort raden Aktivitet 1").click()
    page.wait_for_load_state()
    assert page.input_value("#q_aktiviteter-0-namn") == "Språkcafé"

    page.goto(url + "/lamna-in")
    assert page.locator("table.rows-table td", has_text="Språkcafé").count() == 1
    audit.check(page, "granska")
    _narrow(page, "granska", wide)
    context.close()
    assert not wide, "\n".join(wide)
    audit.assert_clean()
