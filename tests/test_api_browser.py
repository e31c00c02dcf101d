"""API tokens in a real browser, at 320 px and axe-clean: from the reports page to a new token, the token read
by a dashboard's request, and revoked. (tests/test_api_tokens.py posts the same forms without JavaScript.)"""
from __future__ import annotations

import pytest

from tests.browser import NARROW, Audit, fits, flash, login

pytestmark = pytest.mark.browser


def test_a_coordinator_connects_a_dashboard_and_revokes_its_token(new_page):
    page = new_page(viewport=NARROW)
    login(page, "samordnare@falkoping.demo.se")
    audit = Audit()
    page.goto("/rapporter/")
    page.get_by_role("link", name="API-nycklar").click()
    page.get_by_role("button", name="Skapa nyckel").click()
    assert "Ge nyckeln ett namn" in page.locator("#name-error").inner_text()
    fits(page)
    audit.check(page, "API-nycklar, fel")
    page.get_by_label("Namn").fill("Power BI uppföljning")
    page.get_by_label("Giltig i").select_option("30")
    page.get_by_label("Namn").press("Enter")
    secret = page.get_by_label("API-nyckel", exact=True).input_value()
    assert secret.startswith("pu_")
    fits(page)
    audit.check(page, "API-nyckel skapad")

    dashboard = page.context.request  # a dashboard's request: the token alone, the browser's cookie aside
    answered = dashboard.get("/api/v1/results?limit=2", headers={"Authorization": f"Bearer {secret}"})
    assert answered.status == 200 and len(answered.json()["items"]) == 2
    page.goto("/samordna/api-nycklar/")
    assert page.get_by_label("API-nyckel", exact=True).count() == 0  # shown once
    page.get_by_role("button", name="Återkalla Power BI uppföljning").click()
    assert "återkallad" in flash(page)
    assert dashboard.get("/api/v1/results", headers={"Authorization": f"Bearer {secret}"}).status == 401
    fits(page)
    audit.check(page, "API-nyckel återkallad")
    audit.assert_clean()
