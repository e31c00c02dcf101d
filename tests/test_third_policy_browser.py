"""The third policy (tests/thirdpolicy/) in headless Chromium, with JavaScript: every section
renders for every unit of its demo (every kind, the tagged unit, the named unit), showing
exactly the questions that are asked; an exclusive choice unticks the others, an `else`
follow-up shows when its condition fails, a select holds a long choice list, rows are added
and saved, a follow-up in another section shows once its condition holds.
"""
from __future__ import annotations

import re
import shutil

import pytest

from survey.content import questionnaire as q
from survey.store import db as store_db
from survey.store import responses
from survey.web.forms import PREFIX
from tests.browser import serving
from tests.thirdpolicy import (  # noqa: F401 (folder and demo are fixtures)
    NEW_YEAR,
    demo,
    folder,
    plain,
    questionnaire_of,
    round_of,
    units_of,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo, tmp_path_factory):
    """The real app on waitress, on a copy of the third policy's demo database, at a free loopback port."""
    path = tmp_path_factory.mktemp("third-browser") / "survey.db"
    shutil.copyfile(demo[0], path)
    with serving(path) as address:
        yield address, path


def _browser_page(browser, server, email: str):
    context = browser.new_context(base_url=server[0], locale="sv-SE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/logga-in")
    page.fill("#email", email)
    page.fill("#password", "demo2026")
    page.locator("main").get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/(samordna/)?$"))
    return context, page, errors


def test_every_section_renders_for_every_unit_in_a_browser(browser, server, demo):
    db = store_db.connect(server[1])
    try:
        units, questionnaire, round_id = units_of(db), questionnaire_of(db), round_of(db, NEW_YEAR)["id"]
    finally:
        db.close()
    for unit in units:
        context, page, errors = _browser_page(browser, server, demo[1][unit["name"]])
        view = q.for_unit(questionnaire, unit)
        for name, section in q.sections(view):
            page.goto(f"/svar/{round_id}/{unit['id']}/avsnitt/{name}")
            assert page.locator("h1, h2").filter(has_text=section["title"]).count(), (unit["name"], name)
            for question in section["properties"]:  # nothing answered yet: an `else` follow-up is asked
                shown = page.locator(f"#wrap-{PREFIX}{question}").is_visible()
                assert shown == q.is_asked(view, name, question, {}), (unit["name"], name, question)
        assert not errors, (unit["name"], errors)
        context.close()


def test_the_new_controls_work_with_javascript(browser, server, demo):
    """Exclusive choices untick the others, `else` shows its follow-up, rows are added and saved."""
    db = store_db.connect(server[1])
    try:
        unit, round_id = plain(units_of(db), "bolag"), round_of(db, NEW_YEAR)["id"]
    finally:
        db.close()
    context, page, errors = _browser_page(browser, server, demo[1][unit["name"]])
    base = f"/svar/{round_id}/{unit['id']}/avsnitt"
    page.goto(f"{base}/plan")
    box = lambda value: page.locator(f'input[name="{PREFIX}kanaler"][value="{value}"]')  # noqa: E731
    box("webb").check()
    box("moten").check()
    box("ingen").check()
    assert not box("webb").is_checked() and not box("moten").is_checked()
    box("webb").check()
    assert not box("ingen").is_checked()
    wrap = lambda question: page.locator(f"#wrap-{PREFIX}{question}")  # noqa: E731
    page.locator(f'input[name="{PREFIX}finns"][value="nej"]').check()
    wrap("orsak").wait_for(state="visible")
    assert not wrap("datum").is_visible()
    page.locator(f'input[name="{PREFIX}finns"][value="ja"]').check()
    wrap("datum").wait_for(state="visible")
    assert not wrap("orsak").is_visible()
    page.fill(f"#{PREFIX}datum", "2026-02-10")
    page.locator('button[name="x-action"][value="save"]').first.click()
    page.wait_for_load_state()
    assert "Sparat" in page.locator(".flash").inner_text()

    page.goto(f"{base}/publicering")
    options = page.locator(f'select[name="{PREFIX}kanal"] option')
    assert options.count() == 10
    page.select_option(f'select[name="{PREFIX}kanal"]', "webbplats")

    page.goto(f"{base}/dialog")
    page.fill(f'[name="{PREFIX}aktiviteter-0-namn"]', "Medborgardialog om parken")
    page.fill(f'[name="{PREFIX}aktiviteter-0-datum"]', "2026-04-12")
    page.locator('button[name="x-action"][value="add:aktiviteter"]').click()
    page.wait_for_load_state()
    assert page.locator(f'[name="{PREFIX}aktiviteter-0-namn"]').input_value() == "Medborgardialog om parken"
    page.fill(f'[name="{PREFIX}aktiviteter-1-namn"]', "Ungdomsrådet")
    page.fill(f'[name="{PREFIX}aktiviteter-1-datum"]', "2026-09-03")
    page.select_option(f'[name="{PREFIX}aktiviteter-1-malgrupp"]', "unga") \
        if page.locator(f'select[name="{PREFIX}aktiviteter-1-malgrupp"]').count() \
        else page.locator(f'input[name="{PREFIX}aktiviteter-1-malgrupp"][value="unga"]').check()
    page.locator('button[name="x-action"][value="save"]').first.click()
    page.wait_for_load_state()
    assert "Sparat" in page.locator(".flash").inner_text()

    page.goto(f"{base}/uppfoljning")  # the plan exists, so its follow-up in another section is asked
    wrap("plan_uppfoljd").wait_for(state="visible")
    assert not errors, errors
    context.close()
    db = store_db.connect(server[1])
    try:
        stored = responses.get_response(db, round_id, unit["id"])["answers"]
    finally:
        db.close()
    assert stored["plan"]["kanaler"] == ["webb"] and stored["plan"]["datum"] == "2026-02-10"
    assert [row["namn"] for row in stored["dialog"]["aktiviteter"]] == ["Medborgardialog om parken", "Ungdomsrådet"]
    assert stored["dialog"]["aktiviteter"][1]["malgrupp"] == "unga"
