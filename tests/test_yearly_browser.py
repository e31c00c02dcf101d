"""A yearly follow-up of two policies in a real browser, 320 CSS px wide: the manager answers the shared
questions once (seeing which policies each counts for), each policy's own questions, submits the whole,
and sees the results per policy; every page passes axe-core (WCAG 2.2 AA) and reflows without sideways scroll."""
from __future__ import annotations

import re

import pytest

from survey.content import questionnaire as q
from survey.store import db as store_db
from survey.store import register, yearly
from tests import yearly_content as yc
from tests.browser import NARROW, WCAG_TAGS, Audit, fill_section, fits, flash, serving
from tests.helpers import PDF

pytestmark = pytest.mark.browser
COVERED = (yc.FALKOPING, yc.NAME)


@pytest.fixture
def served(content_copy, tmp_path):
    built = yc.site(content_copy, tmp_path / "browser.db", evidence=("meeting-places",))
    db = store_db.connect(built["path"])
    unit_id = built["units"]["Kulturnämnden"]
    followup_id = yearly.open_followup(db, built["org"], 2027, [built["policies"][p] for p in COVERED],
                                       unit_ids=[unit_id], deadline="2027-11-30")
    taking_part = yearly.unit_rounds(db, followup_id, unit_id)
    unit = register.with_tags(db, [register.unit(db, unit_id)])[0]
    db.close()
    with serving(built["path"], EVIDENCE_DIR=str(tmp_path / "evidence")) as address:
        yield address, built, followup_id, unit, taking_part


def _login(page, email: str, password: str) -> None:
    page.goto("/logga-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main").get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/$"))


def test_a_manager_answers_a_two_policy_follow_up_and_sees_results_per_policy(browser, served):
    address, built, followup_id, unit, taking_part = served
    context = browser.new_context(base_url=address, locale="sv-SE", viewport=NARROW)
    context.set_default_timeout(10_000)
    page = context.new_page()
    audit = Audit(WCAG_TAGS + ["wcag22aa"])

    def checked(what: str) -> None:
        audit.check(page, what)
        fits(page)

    try:
        _login(page, *yc.MANAGER)
        page.get_by_role("link", name=re.compile("Uppföljning 2027: Kulturnämnden")).click()
        overview = f"/uppfoljning/{followup_id}/{unit['id']}/"
        page.wait_for_url(address + overview)
        checked("uppföljningens översikt")
        page.get_by_role("link", name="Svara på de gemensamma frågorna").click()
        checked("gemensamma frågor")
        titles = [r["policy_title"] for r in taking_part]
        notes = page.locator(".counts-for")
        assert notes.count() == 4
        for note in notes.all():
            assert all(title in note.inner_text() for title in titles), note.inner_text()
        for key, value in yc.GIVEN.items():
            shown = {True: "ja", False: "nej"}.get(value, value)
            page.locator(f'input[name="q_{key}"][value="{shown}"]').check()
        page.set_input_files("#e-file-meeting-places", files=[{"name": "Mötesplatser.pdf", "mimeType": "application/pdf",
                                                               "buffer": PDF}])
        page.fill("#e-link-meeting-places", "https://example.se/motesplatser")
        page.get_by_role("button", name="Spara och gå till översikten").click()
        page.wait_for_url(address + overview)
        assert "Sparat" in flash(page) and "Underlaget är sparat" in flash(page)
        page.get_by_role("link", name="Svara på de gemensamma frågorna").click()
        listed = page.locator(".evidence-list li")
        assert listed.count() == 2 and "Mötesplatser.pdf" in listed.first.inner_text()
        checked("gemensamma frågor med underlag")
        for round_ in taking_part:
            view = q.for_unit(built["content"].questionnaires[round_["policy"]], unit)
            for name, section in q.sections(view):
                shown = {n: s for n, s in section["properties"].items() if (name, n) not in yc.SHARED[round_["policy"]]}
                page.goto(f"/svar/{round_['id']}/{unit['id']}/avsnitt/{name}")
                if not shown:  # every question of the page is a shared one
                    assert "Gemensamma frågor" in page.locator("main").inner_text()
                    continue
                for question in set(section["properties"]) - set(shown):
                    assert page.locator(f"#wrap-q_{question}").count() == 0
                fill_section(page, name, section | {"properties": shown})
                page.locator('button[name="x-action"][value="save"]').click()
                page.wait_for_load_state()
                assert "Sparat" in flash(page), (name, page.locator("main").inner_text()[:400])
            checked(f"ett avsnitt av {round_['policy']}")
        page.goto(overview)
        page.get_by_role("button", name="Lämna in hela uppföljningen").click()
        page.wait_for_url(address + overview)
        assert "2 policyer är inlämnade" in flash(page), page.locator("main").inner_text()[:600]
        checked("översikten efter inlämning")
        for round_ in taking_part:
            page.goto(overview)
            page.get_by_role("link", name=f"Resultat för {round_['policy_title']}").click()
            page.wait_for_url(re.compile(r"/resultat$"))
            shown = page.locator("main").inner_text()
            assert round_["policy_title"] in shown and "Måluppfyllelse" in shown
            assert "Mötesplatser.pdf" in shown and "https://example.se/motesplatser" in shown
            checked(f"resultatet för {round_['policy']}")
        audit.assert_clean()
    finally:
        context.close()


def test_the_coordinators_follow_up_pages_pass_axe_and_reflow(browser, served):
    address, built, followup_id, unit, _taking_part = served
    context = browser.new_context(base_url=address, locale="sv-SE", viewport=NARROW)
    context.set_default_timeout(10_000)
    page = context.new_page()
    audit = Audit(WCAG_TAGS + ["wcag22aa"])
    try:
        page.goto("/logga-in")
        page.fill("#email", yc.COORDINATOR[0])
        page.fill("#password", yc.COORDINATOR[1])
        page.locator("main").get_by_role("button", name="Logga in").click()
        page.wait_for_url(re.compile(r"/samordna/$"))
        for url in ("/samordna/uppfoljningar/", f"/samordna/uppfoljningar/{followup_id}",
                    f"/samordna/uppfoljningar/{followup_id}/enhet/{unit['id']}/profil"):
            page.goto(url)
            assert page.locator("h1").count() == 1, url
            audit.check(page, url)
            fits(page)
        audit.assert_clean()
    finally:
        context.close()
