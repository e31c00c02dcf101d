"""Reflow (WCAG 2.1 AA, 1.4.10) and the manager's friction points, in a real browser.

Signed in as each role, every page the role can reach by following links is opened at
320 × 640 CSS px: no page may be wider than the viewport (a data table may scroll inside
its own focusable `.table-scroll` region), and axe-core finds no WCAG 2.1 A/AA violation.
"""
from __future__ import annotations

import re
from collections import deque
from urllib.parse import urlsplit

import pytest

from tests.test_browser import Audit, browser, login, new_page, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
ROLES = {"manager": "chef.socialnamnden@falkoping.demo.se", "coordinator": "samordnare@falkoping.demo.se",
         "admin": "admin@demo.se"}
NOT_PAGES = re.compile(r"/(export|tabell)\.[\w-]+$|/inbjudan/|/logga-ut|/sprak")
MAX_PAGES = 70

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const scroller = el.parentElement && el.parentElement.closest(".table-scroll");
    if (scroller && scroller.getBoundingClientRect().right <= width + 1) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.right)}px`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 4)};
}"""


def _kind(url: str) -> str:
    """Pages that differ only in ids or filter values are one kind of page."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def _crawl(page, start: str):
    """Every kind of page reachable by links from `start`, breadth first."""
    queue, seen = deque([start]), {_kind(start)}
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = page.goto(url)
        if response is None or response.status >= 400 or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        yield url
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if parts.netloc != urlsplit(page.url).netloc or NOT_PAGES.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if _kind(target) not in seen:
                seen.add(_kind(target))
                queue.append(target)


@pytest.mark.parametrize("role", ROLES)
def test_every_reachable_page_reflows_at_320_px_and_passes_axe(new_page, role):
    page = new_page(viewport=NARROW)
    login(page, ROLES[role])
    audit, wide, visited = Audit(), [], []
    for url in _crawl(page, "/"):
        visited.append(url)
        measured = page.evaluate(OVERFLOW)
        if measured["scroll"] > measured["width"]:
            wide.append(f"{url}: {measured['scroll']} px; {measured['wide']}")
        audit.check(page, url)
    assert len(visited) >= (3 if role == "manager" else 10), visited
    assert not wide, f"{len(wide)} av {len(visited)} sidor är bredare än 320 px:\n" + "\n".join(wide)
    audit.assert_clean()
