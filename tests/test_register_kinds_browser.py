"""The unit kinds page and a unit's tags in a real browser: by keyboard, at 320 px, axe-clean.
(tests/test_register_kinds.py posts the same forms without JavaScript.)"""
from __future__ import annotations

import pytest

from tests.browser import NARROW, Audit, fits, login

pytestmark = pytest.mark.browser


def test_kinds_and_tags_by_keyboard_at_320_px(new_page):
    page = new_page(viewport=NARROW)
    login(page, "samordnare@falkoping.demo.se")
    audit = Audit()
    page.goto("/samordna/enheter")
    page.get_by_role("link", name="Hantera enhetstyper").click()
    page.get_by_label("Ny enhetstyp").fill("två ord")
    page.get_by_label("Ny enhetstyp").press("Enter")
    assert "går inte att använda" in page.locator("#kind-error").inner_text()
    fits(page)
    audit.check(page, "enhetstyper, fel vid tillägg")
    page.get_by_label("Ny enhetstyp").fill("stab")
    page.get_by_label("Ny enhetstyp").press("Enter")
    assert page.get_by_role("row", name="stab").is_visible()
    fits(page)
    audit.check(page, "enhetstyper")

    page.goto("/samordna/enheter")
    page.get_by_label("Namn", exact=True).fill("Kommundirektörens stab")
    page.get_by_label("Typ").select_option("stab")
    page.get_by_label("Taggar (frivilliga)").fill("informatörer, Chefer")
    page.locator("main").get_by_role("button", name="Lägg till").click()
    assert page.get_by_role("row", name="Kommundirektörens stab").get_by_text("chefer, informatörer").is_visible()
    fits(page)
    audit.check(page, "enheter med taggar")
    page.get_by_role("link", name="Kommundirektörens stab").click()
    page.get_by_label("Taggar (frivilliga)").fill("chefer, två ord")
    page.locator("main").get_by_role("button", name="Spara").click()
    assert "Taggen 'två ord' går inte att använda" in page.locator("#tags-error").inner_text()
    fits(page)
    audit.check(page, "enhet, fel i taggar")

    page.goto("/samordna/enhetstyper/")
    assert page.get_by_role("button", name="Ta bort stab").count() == 0  # in use: no button
    page.get_by_label("Ny enhetstyp").fill("revision")
    page.get_by_label("Ny enhetstyp").press("Enter")
    page.get_by_role("button", name="Ta bort revision").click()
    assert page.get_by_role("row", name="revision").count() == 0
    fits(page)
    audit.check(page, "enhetstyper efter borttagning")
    audit.assert_clean()
