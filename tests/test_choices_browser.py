"""The page script unticks the other choices when an exclusive one is ticked, and the exclusive one
when another is ticked; the page with a select, an email field and exclusive choices passes axe-core,
also with its errors shown (headless Chromium against the real app; skipped without the browser)."""
from __future__ import annotations

import pytest

from tests import choices_policy as cp
from tests.browser import Audit, login, serving

pytestmark = pytest.mark.browser


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "choices.db"
    loaded = cp.loaded(tmp_path / "content", path, "Tekniska nämnden")
    loaded["db"].close()
    with serving(path) as address:
        yield address, loaded


def test_an_exclusive_choice_unticks_the_others_and_is_unticked_by_them(browser, served):  # noqa: F811
    base, loaded = served
    context = browser.new_context(base_url=base, locale="sv-SE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    login(page, loaded["manager"])
    page.goto(loaded["url"])
    boxes = {value: page.locator(f'input[name="q_stod"][value="{value}"]')
             for value in ("mallar", "utbildning", "ingen")}
    boxes["mallar"].check()
    boxes["utbildning"].check()
    boxes["ingen"].check()
    assert [boxes[v].is_checked() for v in ("mallar", "utbildning", "ingen")] == [False, False, True]
    boxes["mallar"].check()
    assert [boxes[v].is_checked() for v in ("mallar", "utbildning", "ingen")] == [True, False, False]
    page.select_option("#q_huvudkanal", "webb")
    assert page.locator("#q_huvudkanal").input_value() == "webb"
    audit = Audit()
    audit.check(page, "avsnitt med val, e-post och uteslutande val")
    page.fill("#q_kontakt", "info@kommun")
    page.locator('button[name="x-action"][value="save"]').click()
    page.wait_for_load_state()
    assert page.locator("#q_kontakt-error").inner_text().endswith("Ange en e-postadress, till exempel namn@kommun.se.")
    assert page.locator("#q_kontakt").input_value() == "info@kommun"
    audit.check(page, "samma avsnitt med fel")
    audit.assert_clean()
    context.close()
