"""The annual report's HTML section in a real browser at 320 CSS px: no sideways scrolling (each wide
table scrolls in its own focusable region, WCAG 1.4.10) and axe-core at zero, for a policy with 10
goals and 30 units and for the shipped demo policy as the coordinator downloads it."""
from __future__ import annotations

import pytest

from survey.reports import annual, annual_render
from tests import annual_data as data
from tests.browser import NARROW, OVERFLOW, Audit
from tests.web import FALKOPING, coordinator

pytestmark = pytest.mark.browser

REGIONS = """() => [...document.querySelectorAll(".table-scroll")].map(region => ({
  focusable: region.tabIndex === 0, named: Boolean(region.getAttribute("aria-labelledby")),
  scrolls: region.scrollWidth > region.clientWidth}))"""


def test_the_html_section_reflows_at_320_px_and_passes_axe(browser, client):
    coordinator(client)
    shipped = client.get(f"/rapporter/arsredovisning.html?policy={FALKOPING}&year=2026")
    assert shipped.status_code == 200
    pages = {"10 mål, 30 enheter": annual_render.html(annual.build(**data.large())),
             FALKOPING: shipped.data.decode("utf-8")}
    context = browser.new_context(viewport=NARROW, locale="sv-SE")
    try:
        page = context.new_page()
        audit, wide = Audit(), []
        for name, html in pages.items():
            page.set_content(html)
            measured = page.evaluate(OVERFLOW)
            if measured["scroll"] > measured["width"]:
                wide.append(f"{name}: {measured['scroll']} px; {measured['wide']}")
            regions = page.evaluate(REGIONS)
            assert regions and all(r["focusable"] and r["named"] for r in regions), name
            assert any(r["scrolls"] for r in regions), name  # the wide tables do scroll, in their regions
            image = page.locator("figure img")
            assert image.evaluate("img => img.naturalWidth > 0 && img.getBoundingClientRect().right <= 320")
            audit.check(page, name)
        assert not wide, "wider than 320 px:\n" + "\n".join(wide)
        audit.assert_clean()
    finally:
        context.close()
