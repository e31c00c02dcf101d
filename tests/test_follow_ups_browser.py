"""Follow-ups with `else` in a real browser: the page script shows and hides them as the answer changes,
and the pages pass axe-core.

Uses the policy of tests/test_follow_ups.py, served by waitress on loopback, and Debian's
Chromium through Playwright (skipped without it, except in CI).
"""
from __future__ import annotations

import pytest

from survey.content import lint
from survey.store import db as store_db
from survey.store import rounds
from tests.browser import Audit, login, serving
from tests.followups_policy import NAME, write
from tests.web import MANAGER, unit_with_manager

pytestmark = pytest.mark.browser


@pytest.fixture
def served(tmp_path):
    """The app on the follow-up policy, with a manager and an open round; its address and the round's pages."""
    path = tmp_path / "follow.db"
    policy, unit_id, _user = unit_with_manager(path, lint.load(write(tmp_path / "content")), NAME)
    db = store_db.connect(path)
    round_id = rounds.open_round(db, policy["id"], 2026)
    db.close()
    with serving(path) as address:
        yield address, f"/svar/{round_id}/{unit_id}"


def test_an_else_follow_up_toggles_live_and_a_cross_section_one_follows_the_saved_answer(browser, served):  # noqa: F811
    address, url = served
    context = browser.new_context(base_url=address, locale="sv-SE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        login(page, *MANAGER)
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
