"""Follow-ups with `else` in a real browser: the page script shows and hides them as the answer changes,
and the pages pass axe-core.

Uses the policy of tests/test_follow_ups.py, served by waitress on loopback, and Debian's
Chromium through Playwright (skipped without it, except in CI).
"""
from __future__ import annotations

import threading

import pytest

from survey.content import lint
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import register, rounds
from survey.store.migrations import migrate
from tests.test_browser import Audit, browser  # noqa: F401  (the shared Chromium fixture)
from tests.test_follow_ups import NAME, write

pytestmark = pytest.mark.browser
PASSWORD = "hemligt-lösen"


@pytest.fixture
def served(tmp_path):
    """The app on the follow-up policy, with a manager and an open round; its address and the round's pages."""
    from waitress.server import create_server

    from survey.web import create_app

    path = tmp_path / "follow.db"
    db = store_db.connect(path)
    migrate(db)
    store_content.load_content(db, lint.load(write(tmp_path / "content")))
    policy = store_content.policy_by_name(db, NAME)
    unit_id = register.add_unit(db, policy["organisation_id"], "Kulturnämnden", "nämnd")
    user_id = register.add_person(db, policy["organisation_id"], email="chef@example.se", name="Chef",
                                  role="manager", password=PASSWORD)
    register.add_manager(db, policy["organisation_id"], user_id, unit_id)
    round_id = rounds.open_round(db, policy["id"], 2026)
    db.close()
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "browser-tests"})
    wsgi = create_server(app, host="127.0.0.1", port=0, threads=2, ident="survey-test")
    thread = threading.Thread(target=wsgi.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{wsgi.effective_port}", f"/svar/{round_id}/{unit_id}"
    wsgi.close()
    thread.join(timeout=5)


def test_an_else_follow_up_toggles_live_and_a_cross_section_one_follows_the_saved_answer(browser, served):  # noqa: F811
    address, url = served
    context = browser.new_context(base_url=address, locale="sv-SE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/logga-in")
        page.fill("#email", "chef@example.se")
        page.fill("#password", PASSWORD)
        page.locator("main").get_by_role("button", name="Logga in").click()
        page.wait_for_url(address + "/")
        audit = Audit()
        page.goto(url + "/avsnitt/plan")
        audit.check(page, "avsnittet med else")
        reason, link = page.locator("#wrap-q_varfor_inte"), page.locator("#wrap-q_lank")
        assert reason.is_visible() and not link.is_visible()  # unanswered: the `if` fails, so `else` is asked
        page.locator('input[name="q_finns"][value="ja"]').check()
        link.wait_for(state="visible")
        assert not reason.is_visible()
        page.locator('input[name="q_finns"][value="nej"]').check()
        reason.wait_for(state="visible")
        assert not link.is_visible()
        page.fill("#q_varfor_inte", "Ingen har fått uppdraget.")
        page.get_by_role("button", name="Spara och fortsätt").last.click()
        page.wait_for_url(address + url + "/avsnitt/uppfoljning")
        assert page.locator("#wrap-q_datum").count() == 0
        note = page.locator("#wrap-q_hinder .when")
        assert note.is_visible() and "du inte svarat Ja på ”Finns en tillgänglighetsplan?”" in note.inner_text()
        audit.check(page, "avsnittet med en följdfråga på ett annat avsnitt")
        audit.assert_clean()
    finally:
        context.close()
