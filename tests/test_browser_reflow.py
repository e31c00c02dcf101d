"""Reflow (WCAG 2.1 AA, 1.4.10) and the manager's friction points, in a real browser.

Signed in as each role, every page the role can reach by following links is opened at
320 × 640 CSS px: no page may be wider than the viewport (a data table may scroll inside
its own focusable `.table-scroll` region), and axe-core finds no WCAG 2.1 A/AA violation.
"""
from __future__ import annotations

import re

import pytest

from tests.browser import NARROW, OVERFLOW, Audit, crawl, login, open_questionnaire

pytestmark = pytest.mark.browser

ROLES = {"manager": "chef.socialnamnden@falkoping.demo.se", "coordinator": "samordnare@falkoping.demo.se",
         "admin": "admin@demo.se"}
MAX_PAGES = 70


@pytest.mark.parametrize("role", ROLES)
def test_every_reachable_page_reflows_at_320_px_and_passes_axe(new_page, role):
    page = new_page(viewport=NARROW)
    login(page, ROLES[role])
    audit, wide, visited = Audit(), [], []
    for url in crawl(page, "/", MAX_PAGES):
        visited.append(url)
        measured = page.evaluate(OVERFLOW)
        if measured["scroll"] > measured["width"]:
            wide.append(f"{url}: {measured['scroll']} px; {measured['wide']}")
        audit.check(page, url)
    assert len(visited) >= (3 if role == "manager" else 10), visited
    assert not wide, f"{len(wide)} av {len(visited)} sidor är bredare än 320 px:\n" + "\n".join(wide)
    audit.assert_clean()


# --- the manager's friction points (issue 11), as a person meets them ------------------------

MANAGER = "chef.kompetensnamnden@falkoping.demo.se"


def _overview(page, email: str) -> str:
    login(page, email)
    url, _heading = open_questionnaire(page)
    return url


def test_progress_counts_required_questions_and_continue_goes_to_the_first_incomplete_page(new_page):
    page = new_page()
    overview = _overview(page, ROLES["manager"])
    box = page.locator(".progress").first.inner_text()
    required = int(re.search(r"Obligatoriska frågor: \d+ av (\d+)", box).group(1))
    page.get_by_role("link", name=re.compile("Fortsätt fylla i|Börja fylla i|Börja med tomt formulär")).first.click()
    page.wait_for_url(re.compile(r"/avsnitt/"))
    first = page.url
    radios = page.locator(".question:not([hidden]) input[type=radio]")
    if radios.count():
        radios.first.check()  # may bring up follow-ups: the total stays
    page.locator('.actions button[value="save"]').click()
    page.wait_for_load_state()
    again = int(re.search(r"Obligatoriska frågor: \d+ av (\d+)", page.locator(".progress").first.inner_text()).group(1))
    assert again == required
    page.goto(overview)
    page.get_by_role("link", name="Fortsätt fylla i").click()
    page.wait_for_url(re.compile(r"/avsnitt/"))
    assert page.url == first  # the first page with something missing


def test_enter_in_a_field_saves_and_continues(new_page):
    page = new_page()
    overview = _overview(page, ROLES["manager"])
    page.goto(overview + "avsnitt/medarbetare")
    page.wait_for_load_state()
    field = page.locator("input[inputmode=numeric]").first
    field.fill("12")
    with page.expect_navigation():
        field.press("Enter")
    assert "/avsnitt/medarbetare" not in page.url and "Sparat kl." in page.locator(".flash").inner_text()


def test_leaving_a_changed_page_asks_first(new_page):
    page = new_page()
    overview = _overview(page, ROLES["manager"])
    page.goto(overview + "avsnitt/medarbetare")
    leaving = """() => { const e = new Event("beforeunload", {cancelable: true});
                         window.dispatchEvent(e); return e.defaultPrevented; }"""
    assert page.evaluate(leaving) is False  # nothing changed: leave freely
    page.locator("input[inputmode=numeric]").first.fill("7")
    assert page.evaluate(leaving) is True  # the browser asks before the typing is thrown away


def test_submitting_shows_what_is_missing_and_a_preview_first(new_page):
    page = new_page()
    overview = _overview(page, ROLES["manager"])
    page.goto(overview)
    link = page.get_by_role("link", name="Granska och lämna in")
    if not link.count():  # not started yet: save one page first
        page.goto(overview + "avsnitt/medarbetare")
        page.locator('.actions button[value="save"]').click()
        page.goto(overview)
    page.get_by_role("link", name="Granska och lämna in").click()
    main = page.locator("main").inner_text()
    assert "Obligatoriska frågor som saknar svar" in main and "Förhandsvisning av resultatet" in main
    audit = Audit()
    audit.check(page, "granska och lämna in")
    audit.assert_clean()


def test_results_in_words_and_a_reopened_response_shows_its_reason_to_the_manager(new_page):
    from survey.store.register import slugify
    page = new_page()
    login(page, ROLES["coordinator"])
    page.goto("/samordna/")
    page.locator("main table a").first.click()
    row = page.locator("main table tbody tr", has_text="Inlämnad").first
    unit = row.locator("th").inner_text().strip()
    row.locator("th a").click()
    overview = page.url
    page.get_by_role("link", name="Visa resultatet").click()
    results = page.locator("main").inner_text()
    assert "alla 2 kriterier" not in results and not re.search(r"svar: [a-z]+_[a-z_]+", results)
    page.goto(overview)
    page.fill("#reason", "Siffran om språkpraktik behöver rättas")
    page.get_by_role("button", name="Öppna igen").click()
    page.wait_for_load_state()
    manager = new_page()
    login(manager, f"chef.{slugify(unit)}@falkoping.demo.se")
    manager.goto(overview)
    banner = manager.locator(".banner")
    assert "Svaret är öppnat igen" in banner.inner_text() and "Siffran om språkpraktik" in banner.inner_text()
    audit = Audit()
    audit.check(manager, "öppnat igen, med skäl")
    audit.assert_clean()
