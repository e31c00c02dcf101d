"""A structured list in a real browser at 320 CSS px: rows added and refused, the review page's table, axe clean."""
from __future__ import annotations

import threading

import pytest

from survey.content import lint
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import register, rounds
from survey.store.migrations import migrate
from tests.test_browser import Audit, browser  # noqa: F401 (fixture)
from tests.test_browser_reflow import NARROW, OVERFLOW
from tests.test_rows import NAME, write_content

pytestmark = pytest.mark.browser
EMAIL, PASSWORD = "chef@example.se", "hemligt-lösen"


@pytest.fixture(scope="module")
def rows_server(tmp_path_factory):
    """The real app on waitress over a database holding only the rows policy, with a nämnd and its manager."""
    from waitress.server import create_server

    from survey.web import create_app

    root = tmp_path_factory.mktemp("rows-browser")
    db = store_db.connect(root / "survey.db")
    migrate(db)
    store_content.load_content(db, lint.load(write_content(root / "content")))
    policy = store_content.policy_by_name(db, NAME)
    unit_id = register.add_unit(db, policy["organisation_id"], "Kulturnämnden", "nämnd")
    user_id = register.add_person(db, policy["organisation_id"], email=EMAIL, name="Chef", role="manager",
                                  password=PASSWORD)
    register.add_manager(db, policy["organisation_id"], user_id, unit_id)
    round_id = rounds.open_round(db, policy["id"], 2026)
    db.close()
    app = create_app({"DATABASE": str(root / "survey.db"), "SECRET_KEY": "rows-browser",
                      "EVIDENCE_DIR": str(root / "evidence")})
    wsgi = create_server(app, host="127.0.0.1", port=0, threads=2, ident="survey-test")
    thread = threading.Thread(target=wsgi.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{wsgi.effective_port}", f"/svar/{round_id}/{unit_id}"
    wsgi.close()
    thread.join(timeout=5)


def _narrow(page, what: str, wide: list[str]) -> None:
    measured = page.evaluate(OVERFLOW)
    if measured["scroll"] > measured["width"]:
        wide.append(f"{what}: {measured['scroll']} px; {measured['wide']}")


def test_rows_are_added_refused_and_reviewed_at_320_px(browser, rows_server):  # noqa: F811
    base, url = rows_server
    context = browser.new_context(base_url=base, locale="sv-SE", viewport=NARROW)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/logga-in")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.locator("main").get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/")
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
